#pragma once

#include "store/lockreason.h"
#include "time/clock.h"

#include <chrono>
#include <optional>

namespace doorstep::mobile {

struct LockPolicyConfig
{
    std::chrono::milliseconds idleTimeout = std::chrono::minutes(5);
    // Days without a successful server contact before the store locks until the next sync.
    std::chrono::hours maxOffline = std::chrono::hours(24 * 7);
};

// Decides when an open store must lock. It holds no timer: the owner asks evaluate() on its
// own schedule, and time comes from the injected clock so tests can move it.
class LockPolicy
{
public:
    LockPolicy(LockPolicyConfig config, const Clock &clock);

    // The officer did something: restarts the idle countdown. The time is taken where the
    // touch happened, since the worker may only hear of it later.
    void recordActivity();
    void recordActivity(Clock::TimePoint when);
    // Loaded from the store at unlock, and updated after each successful server contact.
    void setLastServerContact(Clock::TimePoint when);
    std::optional<Clock::TimePoint> lastServerContact() const { return m_lastContact; }

    // OfflineTooLong wins over Idle: the PIN alone cannot lift it.
    LockReason evaluate() const;
    const LockPolicyConfig &config() const { return m_config; }

private:
    LockPolicyConfig m_config;
    const Clock &m_clock;
    Clock::TimePoint m_lastActivity;
    std::optional<Clock::TimePoint> m_lastContact;
};

} // namespace doorstep::mobile
