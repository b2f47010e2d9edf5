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

} // namespace doorstep::visits
