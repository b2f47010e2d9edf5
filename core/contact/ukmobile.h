#pragma once

// Whether a phone number can take a text: GOV.UK Notify's rule for a UK mobile number, as its
// REST API applies it (alphagov/notifications-utils, notifications_utils/recipients.py,
// validate_uk_phone_number; the wording is the API's own, listed in alphagov/notifications-
// tech-docs, source/documentation/error_tables/_send_a_text_message.md):
//   - spaces, brackets, hyphens and a plus sign are ignored; anything else but digits is
//     "Must not contain letters or symbols";
//   - leading zeros go, then a 44 country code and the zeros after it;
//   - what is left must start with 7 ("Not a UK mobile number") and be 10 digits ("Too many
//     digits", "Not enough digits").
// So 07700 900123, +44 7700 900123, 0044 7700 900123 and 447700900123 are the same mobile;
// 01632 960123 is a landline and gets no texts.

#include "error/result.h"

#include <string>

namespace doorstep::contact {

// "+447700900123", or an error in Notify's words.
Result<std::string> ukMobile(const std::string &phone);

} // namespace doorstep::contact
