#pragma once

#include <chrono>
#include <cstdint>

namespace doorstep::mobile {

// Wall-clock time, injected so lock timing and timestamps can be driven by tests.
class Clock
{
public:
    using TimePoint = std::chrono::system_clock::time_point;
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

inline std::int64_t toUnixMs(Clock::TimePoint t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline Clock::TimePoint fromUnixMs(std::int64_t ms)
{
    return Clock::TimePoint(std::chrono::milliseconds(ms));
}

} // namespace doorstep::mobile
