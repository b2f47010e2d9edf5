#pragma once

// The context a form is filled in: the same on the tablet and on the server, built from
// records both hold, so both decide relevance the same way (docs/forms.md, context variables).

#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "forms/compiledform.h"

#include <span>

namespace doorstep::forms {

// `referralSource` is the source of the referral that opened the case; `sameVisit` holds the
// other forms already submitted at this visit (the consent form, the signposting checklist).
FormContext visitContext(const v1::Resident *resident, v1::ReferralSource referralSource,
                         std::span<const v1::FormSubmission> sameVisit);

} // namespace doorstep::forms
