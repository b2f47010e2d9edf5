#pragma once

#include "doorstep/v1/casework.pb.h"
#include "error/result.h"
#include "store/storesession.h"

namespace doorstep::server {

// The server's check of a pushed form submission, with the same engine and rules the app
// used (core/forms): the form version it names must be on the server, and its answers must
// be valid for this case and visit, in the context the server derives from its own records
// (the case's referral source, the resident's contact needs, the visit's other forms).
// A failure is ERROR_CODE_VALIDATION_FAILED naming the questions, never stored.
Status checkFormSubmission(StoreSession &session, const v1::FormSubmission &submission,
                           const v1::Case &kase);

} // namespace doorstep::server
