#pragma once

#include "doorstep/v1/sync.pb.h"

#include <cstdint>
#include <string>

namespace doorstep::mobile {

// The visit an alert is about, and who raises it.
struct AlertSource
{
    std::string caseId;
    std::string visitId;
    std::string userId;
    std::string deviceId;
    v1::VisitStatus status = v1::VISIT_STATUS_IN_PROGRESS;
};

// The officer's lone-working alert as the server takes it: a LONE_WORKER_ALERT event on the
// case, carrying the visit and where the officer is (an alert's whole point). The one way an
// alert is written, from the visit screen and from the lock screen.
v1::Mutation loneWorkerAlert(const AlertSource &from, std::int64_t nowMs,
                             const v1::GeoPosition &where);

} // namespace doorstep::mobile
