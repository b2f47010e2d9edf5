#pragma once

// The one rule for a case's video-call link, used by the officer's "Video call" action and by
// the server's texts and emails to the resident: the council's template (Council.
// video_call_link) with {case} replaced by the case number in lower case, letters and digits
// only ("HV-2026-000123" -> "hv2026000123"). Empty when the council offers no video calls.

#include "doorstep/v1/identity.pb.h"

#include <string>

namespace doorstep::contact {

std::string videoCallLink(const v1::Council &council, const std::string &caseNumber);

} // namespace doorstep::contact
