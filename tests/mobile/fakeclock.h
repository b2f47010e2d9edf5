#pragma once

#include "time/clock.h"

#include <atomic>

namespace doorstep::mobile::test {

// A clock the test moves by hand. Atomic because the store worker reads it from its thread.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(std::int64_t startMs = 1'790'000'000'000) : m_ms(startMs) {}
    TimePoint now() const override { return fromUnixMs(m_ms.load()); }
    void advance(std::chrono::milliseconds by) { m_ms += by.count(); }

private:
    std::atomic<std::int64_t> m_ms;
};

} // namespace doorstep::mobile::test
