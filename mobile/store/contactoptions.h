#pragma once

// How an officer can reach a resident from the case or the visit: a call (tel:), a text from
// the tablet (sms:, to a UK mobile only) and a video call (the council's link for the case),
// the resident's preferred channel first. Each option is a map for QML:
//   kind       "call", "text" or "video"
//   label      "Call 07700 900123", "Text 07700 900123", "Video call"
//   url        tel:+447700900123 (RFC 3966), sms:+447700900123 (RFC 5724), or the link
//   contactKind the ContactKind its attempt is logged as
//   preferred  the channel the resident asked for
//   sendLinkTo for video: where the server sends the link ("by text to ***123", "by email"),
//              empty when there is nowhere to send it
// Nothing for a resident with no number and a council with no video link.

#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"

#include <QVariantList>

#include <string>

namespace doorstep::mobile {

QVariantList contactOptions(const v1::Resident &resident, const v1::Council &council,
                            const std::string &caseNumber);

} // namespace doorstep::mobile
