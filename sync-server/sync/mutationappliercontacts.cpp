// MutationApplier, continued: contacts the service makes. An officer's or coordinator's
// outbound video call may ask for the council's video-call link to be sent to the resident:
// the notification (kind video_link) is queued in the same transaction as the contact, so
// the link goes out once, at the first sync that carries it.

#include "contact/ukmobile.h"
#include "contact/videolink.h"
#include "notify/sender.h"
#include "sync/mutationapplier.h"
#include "sync/mutationresults.h"

namespace doorstep::server {

using mutation::reject;

Result<std::optional<v1::MutationResult>> MutationApplier::sendVideoLink(const v1::CaseEvent &event,
                                                                         const v1::Case &kase)
{
    using Refusal = std::optional<v1::MutationResult>;
    const v1::Contact &contact = event.contact();
    if (contact.kind() != v1::CONTACT_KIND_VIDEO_CALL || contact.inbound()) {
        return Refusal(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                              "Only an outbound video call sends the video-call link"));
    }
    auto council = m_session.council();
    if (!council) {
        return council.error();
    }
    const v1::Council place = council->value_or(v1::Council());
    const std::string link = contact::videoCallLink(place, kase.case_number());
    if (link.empty()) {
        return Refusal(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                              "The council has no video-call link; an administrator sets one "
                              "with 'council set --video-call-link'"));
    }
    auto r = m_session.getRecord(v1::RECORD_TYPE_RESIDENT, kase.resident_id());
    if (!r) {
        return r.error();
    }
    const v1::Resident resident = r->has_value() ? (*r)->resident() : v1::Resident();
    // Their channel: email when they prefer it, else a text to a UK mobile, else email.
    const bool hasEmail = resident.email().find('@') != std::string::npos;
    const bool prefersEmail =
        resident.contact_needs().preferred_channel() == v1::CONTACT_CHANNEL_EMAIL;
    std::string address;
    if (hasEmail && prefersEmail) {
        address = resident.email();
    } else if (contact::ukMobile(resident.phone())) {
        address = resident.phone();
    } else if (hasEmail) {
        address = resident.email();
    } else {
        return Refusal(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                              "The resident has no mobile number or email address to send the "
                              "video-call link to"));
    }
    const std::string service =
        place.service_name().empty() ? std::string("Home Visiting Service") : place.service_name();
    Notification n;
    n.id = m_ids.newId("ntf");
    n.kind = "video_link";
    n.aboutId = event.id();
    n.recipientUserId = resident.id();
    n.address = address;
    n.createdAtMs = m_now;
    // Like a reminder: no names, no reason; the link is the case's meeting room.
    n.subject = service + ": your video call";
    n.body = service + ": to join your video call with us, open " + link;
    n.personalisation = templateFields({{"service", service}, {"video_link", link}});
    if (Status s = m_session.enqueueNotification(n); !s) {
        return s.error();
    }
    return Refusal();
}

} // namespace doorstep::server
