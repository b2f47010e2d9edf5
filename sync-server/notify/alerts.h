#pragma once

// The messages a lone-working alert sends, queued in the notification outbox:
//   alert             the moment the server takes the officer's alert: an email and a text to
//                     the case's coordinator and to every coordinator on the service (all of
//                     them are on duty for an officer's safety), each once per alert.
//   alert_escalation  when nobody has acknowledged it within the council's time (5 minutes by
//                     default): an email and a text to each of the council's escalation
//                     contacts, once per alert.
// Texts carry no resident's name or address: the case number, the time and the officer's
// phone, so a coordinator can act from the text alone.

#include "environment/idsource.h"
#include "error/result.h"
#include "store/storesession.h"

#include <cstdint>

namespace doorstep::server {

class AlertMessages
{
public:
    static constexpr std::int64_t kDefaultEscalationMs = 5LL * 60 * 1000;

    static Status queueRaised(StoreSession &session, IdSource &ids, const v1::Visit &visit,
                              std::int64_t nowMs);
    static Status queueEscalation(StoreSession &session, IdSource &ids, const v1::Visit &visit,
                                  std::int64_t nowMs);
    // How long an alert may go unacknowledged before it escalates.
    static std::int64_t escalationAfterMs(const v1::Council &council);
};

} // namespace doorstep::server
