#pragma once

#include "time/clock.h"

namespace doorstep::mobile {

class SystemClock final : public Clock
{
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

} // namespace doorstep::mobile
