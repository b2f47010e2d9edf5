#pragma once

#include "doorstep/v1/casework.pb.h"

namespace doorstep {

// The detail each kind of case event carries (the CaseEvent.detail oneof). A lone-working
// alert carries the visit it was raised on; a kind this build does not know, none. The server
// refuses an event whose detail is of another kind, and the demo's integrity check holds its
// snapshot to the same rule.
inline v1::CaseEvent::DetailCase detailOfKind(v1::CaseEventKind kind)
{
    using D = v1::CaseEvent;
    switch (kind) {
    case v1::CASE_EVENT_KIND_CONTACT:
        return D::kContact;
    case v1::CASE_EVENT_KIND_NOTE:
        return D::kNote;
    case v1::CASE_EVENT_KIND_VISIT:
    case v1::CASE_EVENT_KIND_LONE_WORKER_ALERT:
        return D::kVisit;
    case v1::CASE_EVENT_KIND_OUTCOME:
        return D::kOutcome;
    case v1::CASE_EVENT_KIND_REFERRAL:
        return D::kReferral;
    case v1::CASE_EVENT_KIND_PARTNER_REFERRAL:
        return D::kPartnerReferral;
    case v1::CASE_EVENT_KIND_FORM_SUBMISSION:
        return D::kFormSubmission;
    case v1::CASE_EVENT_KIND_SAFEGUARDING:
        return D::kSafeguarding;
    case v1::CASE_EVENT_KIND_FOLLOW_UP_CALL:
        return D::kFollowUpCall;
    case v1::CASE_EVENT_KIND_CONFLICT:
        return D::kConflict;
    case v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED:
        return D::kOverdueAcknowledgement;
    case v1::CASE_EVENT_KIND_CASE_CLOSED:
        return D::kCaseClosure;
    case v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION:
        return D::kSafeguardingAction;
    default:
        return D::DETAIL_NOT_SET;
    }
}

} // namespace doorstep
