#include "sync/visitstatemachine.h"

namespace doorstep::server {

bool VisitStateMachine::allowed(v1::VisitStatus from, v1::VisitStatus to)
{
    using S = v1::VisitStatus;
    switch (from) {
    case S::VISIT_STATUS_SCHEDULED:
        return to == S::VISIT_STATUS_EN_ROUTE || to == S::VISIT_STATUS_IN_PROGRESS ||
               to == S::VISIT_STATUS_NO_ACCESS || to == S::VISIT_STATUS_CANCELLED;
    case S::VISIT_STATUS_EN_ROUTE:
        return to == S::VISIT_STATUS_IN_PROGRESS || to == S::VISIT_STATUS_NO_ACCESS ||
               to == S::VISIT_STATUS_CANCELLED;
    case S::VISIT_STATUS_IN_PROGRESS:
        return to == S::VISIT_STATUS_COMPLETED || to == S::VISIT_STATUS_OVERDUE;
    case S::VISIT_STATUS_OVERDUE:
        return to == S::VISIT_STATUS_COMPLETED || to == S::VISIT_STATUS_IN_PROGRESS;
    default:
        return false;
    }
}

bool VisitStateMachine::isFinal(v1::VisitStatus status)
{
    return status == v1::VISIT_STATUS_COMPLETED || status == v1::VISIT_STATUS_NO_ACCESS ||
           status == v1::VISIT_STATUS_CANCELLED;
}

} // namespace doorstep::server
