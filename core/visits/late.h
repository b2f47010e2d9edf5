#pragma once

#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"

#include <cstdint>

namespace doorstep::visits {

// How long after a visit's window opens it may still start before it is late, unless the
// council sets its own (Council.late_grace_minutes, `doorstep-server council set`).
inline constexpr std::int64_t kLateGraceMs = 30LL * 60 * 1000;

// The council's grace (Council.late_grace_minutes; 0 means the default).
inline std::int64_t graceOf(const v1::Council &council)
{
    return council.late_grace_minutes() > 0 ? std::int64_t(council.late_grace_minutes()) * 60000
                                            : kLateGraceMs;
}

// A visit is late when nobody has set out for it (still scheduled) by its window's start plus
// the grace. One rule for Today and the board.
inline bool isLate(v1::VisitStatus status, std::int64_t windowStartMs, std::int64_t nowMs,
                   std::int64_t graceMs = kLateGraceMs)
{
    return status == v1::VISIT_STATUS_SCHEDULED && nowMs > windowStartMs + graceMs;
}

// When it became late.
inline std::int64_t lateSince(std::int64_t windowStartMs, std::int64_t graceMs = kLateGraceMs)
{
    return windowStartMs + graceMs;
}

inline std::int64_t msOf(const google::protobuf::Timestamp &t)
{
    return t.seconds() * 1000 + t.nanos() / 1000000;
}

// When a visit became overdue, or 0 if it is not. One rule for the board and for the server's
// alerts to coordinators:
// - the officer's device recorded it overdue (its lone-working timer ran out there);
// - the officer set out or checked in, and the lone-working timer has run out;
// - the officer checked in with no timer, and the window has closed;
// - nobody checked in by the window's close: the visit was late, and now the officer has not
//   been seen for the whole window (on the way without a timer, or never set out).
inline std::int64_t overdueSince(const v1::Visit &v, std::int64_t nowMs)
{
    const std::int64_t deadline = v.has_lone_worker_deadline() ? msOf(v.lone_worker_deadline()) : 0;
    const std::int64_t windowEnd = msOf(v.window().end());
    switch (v.status()) {
    case v1::VISIT_STATUS_OVERDUE:
        return deadline > 0 ? deadline : windowEnd;
    case v1::VISIT_STATUS_EN_ROUTE:
    case v1::VISIT_STATUS_IN_PROGRESS:
        if (deadline > 0) {
            return deadline < nowMs ? deadline : 0;
        }
        return windowEnd > 0 && windowEnd < nowMs ? windowEnd : 0;
    case v1::VISIT_STATUS_SCHEDULED:
        return windowEnd > 0 && windowEnd < nowMs ? windowEnd : 0;
    default:
        return 0;
    }
}

} // namespace doorstep::visits
