#include "notify/alerts.h"

#include "calendar/councilcalendar.h"
#include "contact/ukmobile.h"
#include "environment/timestamps.h"
#include "notify/planner.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace doorstep::server {

namespace {

std::string position(const v1::GeoPosition &p)
{
    if (!p.has_fix()) {
        return "No position was recorded with the alert.";
    }
    char out[96];
    std::snprintf(out, sizeof out, "Position with the alert: %.5f, %.5f.", p.latitude(),
                  p.longitude());
    return out;
}

struct AlertContext
{
    v1::Council council;
    calendar::CouncilCalendar days;
    std::string caseNumber;
    std::string coordinatorId;
    std::vector<v1::User> users;
    const v1::User *officer = nullptr;
};

Result<AlertContext> contextOf(StoreSession &session, const v1::Visit &visit)
{
    AlertContext c;
    auto council = session.council();
    auto users = session.listUsers();
    auto kase = session.getRecord(v1::RECORD_TYPE_CASE, visit.case_id());
    if (!council || !users || !kase) {
        return !council ? council.error() : !users ? users.error() : kase.error();
    }
    c.council = council->value_or(v1::Council());
    auto days = calendar::CouncilCalendar::of(c.council);
    if (!days) {
        return days.error();
    }
    c.days = std::move(*days);
    if (kase->has_value()) {
        c.caseNumber = (*kase)->case_().case_number();
        c.coordinatorId = (*kase)->case_().coordinator_user_id();
    }
    c.users = std::move(*users);
    for (const v1::User &u : c.users) {
        if (u.id() == visit.officer_user_id()) {
            c.officer = &u;
        }
    }
    return c;
}

Status queue(StoreSession &session, IdSource &ids, const std::string &kind,
             const std::string &about, const std::string &recipient, const std::string &address,
             const std::string &subject, const std::string &body, std::int64_t nowMs)
{
    if (address.empty()) {
        return {};
    }
    Notification n;
    n.id = ids.newId("ntf");
    n.kind = kind;
    n.aboutId = about;
    n.recipientUserId = recipient;
    n.address = address;
    n.subject = subject;
    n.body = body;
    n.createdAtMs = nowMs;
    return session.enqueueNotification(n);
}

std::string aboutOf(const v1::Visit &visit)
{
    return visit.id() + "@" + visit.alert().event_id();
}

} // namespace

std::int64_t AlertMessages::escalationAfterMs(const v1::Council &council)
{
    return council.alert_escalation_minutes() > 0
               ? std::int64_t{council.alert_escalation_minutes()} * 60 * 1000
               : kDefaultEscalationMs;
}

Status AlertMessages::queueRaised(StoreSession &session, IdSource &ids, const v1::Visit &visit,
                                  std::int64_t nowMs)
{
    auto c = contextOf(session, visit);
    if (!c) {
        return c.error();
    }
    const std::string who = c->officer ? c->officer->display_name() : visit.officer_user_id();
    const std::string phone = c->officer ? c->officer->phone() : std::string();
    const std::string at = c->days.formatTime(toMs(visit.alert().raised_at()));
    const std::string steps = c->council.escalation_steps().empty()
                                  ? std::string()
                                  : "\n\nThe council's procedure: " + c->council.escalation_steps();
    // The case's coordinator first, then every other coordinator: an officer's safety is
    // everyone's on duty.
    std::vector<const v1::User *> to;
    for (const v1::User &u : c->users) {
        if (u.role() == v1::ROLE_COORDINATOR && !u.disabled()) {
            to.insert(u.id() == c->coordinatorId ? to.begin() : to.end(), &u);
        }
    }
    for (const v1::User *u : to) {
        const std::string subject = "ALERT: " + who + " needs help now, case " + c->caseNumber;
        const std::string body =
            "Dear " + u->display_name() + ",\n\n" + who + " pressed the lone-working alert at " +
            at + " during a visit on case " + c->caseNumber + ". " +
            position(visit.alert().position()) + "\n\nCall " + who +
            (phone.empty() ? std::string() : " on " + phone) +
            " now. Acknowledge the alert on the board in Doorstep so the officer and your "
            "colleagues know it is in hand; if nobody does, the council's escalation contacts "
            "are told." +
            steps + "\n";
        if (auto q = queue(session, ids, "alert", aboutOf(visit), u->id(), u->email(), subject,
                           body, nowMs);
            !q) {
            return q;
        }
        if (doorstep::contact::ukMobile(u->phone())) {
            const std::string text = "Doorstep lone-working ALERT at " + at + ", case " +
                                     c->caseNumber + ". Call the officer" +
                                     (phone.empty() ? std::string() : " on " + phone) +
                                     " now and acknowledge it on the board.";
            if (auto q = queue(session, ids, "alert", aboutOf(visit), u->id(), u->phone(),
                               "Lone-working alert", text, nowMs);
                !q) {
                return q;
            }
        }
    }
    return {};
}

Status AlertMessages::queueEscalation(StoreSession &session, IdSource &ids, const v1::Visit &visit,
                                      std::int64_t nowMs)
{
    auto c = contextOf(session, visit);
    if (!c) {
        return c.error();
    }
    const std::string who = c->officer ? c->officer->display_name() : visit.officer_user_id();
    const std::string phone = c->officer ? c->officer->phone() : std::string();
    const std::string at = c->days.formatTime(toMs(visit.alert().raised_at()));
    const std::string minutes = std::to_string(escalationAfterMs(c->council) / 60000);
    int index = 0;
    for (const v1::EscalationContact &contact : c->council.escalation_contacts()) {
        const std::string recipient = "escalation-" + std::to_string(++index);
        const std::string body =
            "Dear " + contact.name() + ",\n\nA lone-working alert raised by " + who + " at " + at +
            " on case " + c->caseNumber + " has not been acknowledged by a coordinator within " +
            minutes + " minutes. " + position(visit.alert().position()) + "\n\nCall " + who +
            (phone.empty() ? std::string() : " on " + phone) +
            " now and follow the council's procedure" +
            (c->council.escalation_steps().empty() ? std::string(".")
                                                   : ": " + c->council.escalation_steps()) +
            "\n";
        if (auto q = queue(
                session, ids, "alert_escalation", aboutOf(visit), recipient, contact.email(),
                "ESCALATED: unacknowledged lone-working alert, case " + c->caseNumber, body, nowMs);
            !q) {
            return q;
        }
        if (doorstep::contact::ukMobile(contact.phone())) {
            const std::string text = "Doorstep: a lone-working alert from " + at + ", case " +
                                     c->caseNumber + ", is unacknowledged after " + minutes +
                                     " min. Call the officer" +
                                     (phone.empty() ? std::string() : " on " + phone) + " now.";
            if (auto q = queue(session, ids, "alert_escalation", aboutOf(visit), recipient,
                               contact.phone(), "Lone-working alert escalated", text, nowMs);
                !q) {
                return q;
            }
        }
    }
    return {};
}

} // namespace doorstep::server
