#pragma once

#include "doorstep/v1/identity.pb.h"

namespace doorstep::server {

// Who is making an authenticated request: the device and the user it was enrolled for.
struct Principal
{
    v1::User user;
    v1::Device device;
};

} // namespace doorstep::server
