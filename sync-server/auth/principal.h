#pragma once

#include "doorstep/v1/identity.pb.h"

#include <string>

namespace doorstep::server {

// Who is making an authenticated request: the device and the user it was enrolled for.
struct Principal
{
    v1::User user;
    v1::Device device;
};

// Whatever is known of who made a request that was refused: ids only, possibly empty.
struct Requester
{
    std::string userId;
    std::string deviceId;
};

} // namespace doorstep::server
