#pragma once

#include "environment/clock.h"

namespace doorstep::server {

class SystemClock final : public Clock
{
public:
    std::int64_t nowMs() const override;
};

} // namespace doorstep::server
