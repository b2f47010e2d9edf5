#pragma once

#include "auth/principal.h"
#include "doorstep/v1/sync.pb.h"
#include "environment/clock.h"
#include "error/result.h"
#include "store/store.h"

#include <atomic>
#include <limits>

namespace doorstep::server {

// POST /v1/pull: one page of the change log after the device's cursor, filtered by its scope.
//
// Eviction: the store remembers which records each device has been sent (device_records).
// Anything that can move a record out of a scope (a visit reassigned, a case closed, a
// referral linked) appends fresh change-log entries for every record of the case, so each
// device meets them again: in scope they are sent again, out of scope and held by the device
// they become an Eviction. The log keeps only each record's newest entry in a pull, so a
// device never receives a stale body. An eviction is forgotten only when the device pulls from
// a cursor past it, which is how it acknowledges the page: a page whose answer was lost is
// answered with its evictions again.
class PullService
{
public:
    static constexpr int defaultPageSize = 500;
    static constexpr int maxPageSize = 2000;

    PullService(Store &store, const Clock &clock) : m_store(store), m_clock(clock) {}

    Result<v1::PullResponse> pull(const Principal &principal, const v1::PullRequest &request);

    // How often a pull sweeps the closed cases and declined referrals whose retention has
    // ended (sweepClosedCases): retention is counted in days, and every pull sweeping
    // cost three statements a pull for nothing. A sweep that found a full batch runs again
    // on the next pull.
    static constexpr std::int64_t sweepEveryMs = 60 * 1000;

private:
    Store &m_store;
    const Clock &m_clock;
    // When this process last swept (the clock's time); a clock that moved back sweeps again.
    static constexpr std::int64_t kNeverSwept = std::numeric_limits<std::int64_t>::min();
    std::atomic<std::int64_t> m_sweptAtMs{kNeverSwept};
};

} // namespace doorstep::server
