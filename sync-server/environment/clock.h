#pragma once

#include <cstdint>

namespace doorstep::server {

// Where the server gets the time from. Injected so that tests can move time (token expiry)
// without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch.
    virtual std::int64_t nowMs() const = 0;
};

} // namespace doorstep::server
