#include "store/lockpolicy.h"

#include <algorithm>

namespace doorstep::mobile {

LockPolicy::LockPolicy(LockPolicyConfig config, const Clock &clock)
    : m_config(config), m_clock(clock), m_lastActivity(clock.now())
{}

void LockPolicy::recordActivity()
{
    recordActivity(m_clock.now());
}

void LockPolicy::recordActivity(Clock::TimePoint when)
{
    m_lastActivity = std::max(m_lastActivity, when);
}

void LockPolicy::setLastServerContact(Clock::TimePoint when)
{
    m_lastContact = when;
}

LockReason LockPolicy::evaluate() const
{
    const auto now = m_clock.now();
    if (m_lastContact && now - *m_lastContact >= m_config.maxOffline) {
        return LockReason::OfflineTooLong;
    }
    if (now - m_lastActivity >= m_config.idleTimeout) {
        return LockReason::Idle;
    }
    return LockReason::None;
}

} // namespace doorstep::mobile
