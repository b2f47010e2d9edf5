#include "sync/backoff.h"

#include <algorithm>

namespace doorstep::mobile {

std::chrono::milliseconds Backoff::bound() const
{
    // base * 2^failures, without overflowing: past 30 doublings anything is over the cap.
    const int shift = std::min(m_failures, 30);
    const auto grown = m_base.count() * (std::int64_t{1} << shift);
    return std::chrono::milliseconds(std::min<std::int64_t>(grown, m_cap.count()));
}

std::chrono::milliseconds Backoff::next()
{
    const auto limit = bound();
    ++m_failures;
    std::uniform_int_distribution<std::int64_t> pick(0, limit.count());
    return std::chrono::milliseconds(pick(m_rng));
}

} // namespace doorstep::mobile
