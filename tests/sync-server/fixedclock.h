#pragma once

// A server clock the test sets by hand.

#include "environment/clock.h"

namespace doorstep::server::test {

class FixedClock final : public Clock
{
public:
    std::int64_t nowMs() const override { return now; }
    std::int64_t now = 1795392000000; // 23 November 2026, 00:00 UTC
};

} // namespace doorstep::server::test
