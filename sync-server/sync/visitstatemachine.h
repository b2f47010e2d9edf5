#pragma once

#include "doorstep/v1/casework.pb.h"

namespace doorstep::server {

// The visit status machine (docs/data-model.md), enforced on every push:
//   SCHEDULED   -> EN_ROUTE | IN_PROGRESS | NO_ACCESS | CANCELLED
//   EN_ROUTE    -> IN_PROGRESS | NO_ACCESS | CANCELLED
//   IN_PROGRESS -> COMPLETED | OVERDUE
//   OVERDUE     -> COMPLETED | IN_PROGRESS ("I'm safe")
//   COMPLETED, NO_ACCESS and CANCELLED are final.
class VisitStateMachine
{
public:
    static bool allowed(v1::VisitStatus from, v1::VisitStatus to);
    static bool isFinal(v1::VisitStatus status);
};

} // namespace doorstep::server
