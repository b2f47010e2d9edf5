#pragma once

// What a completed visit leaves on the resident's case. The events made here are the only
// record of the visit's outcome: the forms themselves, each safeguarding concern ticked (for
// the safeguarding lead), each onward referral to a partner, and the outcome with the
// signposting areas covered (for KPIs) and, only with consent, the summary the referring ward
// member may read.

#include "doorstep/v1/casework.pb.h"
#include "forms/compiledform.h"

#include <vector>

namespace doorstep::forms {

struct CompletedVisit
{
    std::string caseId;
    std::string visitId;
    std::string userId;
    std::string deviceId;
    std::int64_t nowMs = 0;
    // The visit's finished forms: the outcome form at least; the visit assessment, the
    // signposting checklist and the consent form when they were filled.
    std::vector<v1::FormSubmission> submissions;
};

// The Partner a checklist item's `partner` names ("citizens_advice" is
// PARTNER_CITIZENS_ADVICE); PARTNER_UNSPECIFIED for an empty or unknown name.
v1::Partner partnerOf(const std::string &name);

// Validates every submission against its own version (in `context`) and returns the events,
// in the order they belong on the timeline. Event ids derive from the visit id, so building
// the results twice gives the same events and the server applies them once.
Result<std::vector<v1::CaseEvent>>
visitResults(const FormRegistry &registry, const CompletedVisit &visit, const FormContext &context);

} // namespace doorstep::forms
