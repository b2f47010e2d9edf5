#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace doorstep::mobile {

// Retry delays for a sync that failed on the network: exponential, capped, with full jitter
// (a random delay between zero and the exponential bound), so a fleet of tablets coming back
// into signal together does not hit the server in step. Seeded, so tests are exact.
class Backoff
{
public:
    Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap,
            std::uint32_t seed = std::random_device{}())
        : m_base(base), m_cap(cap), m_rng(seed)
    {}

    // The delay before the next attempt; each call counts as one more failure.
    std::chrono::milliseconds next();
    // The bound the next delay is drawn under.
    std::chrono::milliseconds bound() const;
    void reset() { m_failures = 0; }

private:
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_cap;
    std::mt19937 m_rng;
    int m_failures = 0;
};

} // namespace doorstep::mobile
