#include "notify/planner.h"

#include "calendar/councilcalendar.h"
#include "contact/ukmobile.h"
#include "contact/videolink.h"
#include "environment/timestamps.h"
#include "notify/alerts.h"
#include "notify/sender.h"
#include "visits/late.h"

#include <algorithm>

namespace doorstep::server {

namespace {

// What a visit's notification is about: the visit at that timer or start time. The store's
// visitsToRemind() builds the same string in SQL.
std::string visitSubject(const std::string &visitId, std::int64_t atMs)
{
    return visitId + "@" + std::to_string(atMs);
}

std::string position(const v1::GeoPosition &p)
{
    char out[64];
    std::snprintf(out, sizeof out, "%.5f, %.5f", p.latitude(), p.longitude());
    return out;
}

} // namespace

Result<NotificationPlanner::Planned> NotificationPlanner::planDue()
{
    const std::int64_t now = m_clock.nowMs();
    Planned planned;
    Status s = m_store.write([&](StoreSession &session) -> Status {
        auto users = session.listUsers();
        auto council = session.council();
        if (!users || !council) {
            return !users ? Status(users.error()) : Status(council.error());
        }
        auto days = calendar::CouncilCalendar::of(council->value_or(v1::Council()));
        if (!days) {
            return days.error();
        }
        auto timeOf = [&](const google::protobuf::Timestamp &t) {
            return days->formatTime(toMs(t));
        };
        const std::string service = council->has_value() && !(*council)->service_name().empty()
                                        ? (*council)->service_name()
                                        : std::string("Home Visiting Service");
        auto userById = [&](const std::string &id) -> const v1::User * {
            auto it = std::find_if(users->begin(), users->end(),
                                   [&](const v1::User &u) { return u.id() == id; });
            return it == users->end() ? nullptr : &*it;
        };

        // Overdue visits (visits::overdueSince), to the coordinators.
        auto out = session.visitsOut(now - kOverdueLookbackMs, now);
        if (!out) {
            return out.error();
        }
        for (const v1::Visit &v : *out) {
            const std::int64_t since = visits::overdueSince(v, now);
            if (since <= 0 || since < now - kOverdueLookbackMs) {
                continue;
            }
            auto c = session.getRecord(v1::RECORD_TYPE_CASE, v.case_id());
            if (!c) {
                return c.error();
            }
            const v1::Case kase = c->has_value() ? (*c)->case_() : v1::Case();
            std::vector<const v1::User *> to;
            for (const v1::User &u : *users) {
                if (u.role() == v1::ROLE_COORDINATOR && !u.disabled() && !u.email().empty()) {
                    to.push_back(&u);
                }
            }
            if (auto owner = std::find_if(
                    to.begin(), to.end(),
                    [&](const v1::User *u) { return u->id() == kase.coordinator_user_id(); });
                owner != to.end()) {
                to = {*owner};
            }
            // Where the officer was last seen: the latest position the visit's events carry.
            std::string seen = "No position was recorded.";
            auto events = session.caseEventsOf(v.case_id());
            if (!events) {
                return events.error();
            }
            std::int64_t seenAt = 0;
            for (const v1::CaseEvent &e : *events) {
                if (e.has_visit() && e.visit().visit_id() == v.id() &&
                    e.visit().position().has_fix() && toMs(e.occurred_at()) >= seenAt) {
                    seenAt = toMs(e.occurred_at());
                    seen = "Last known position " + position(e.visit().position()) + " at " +
                           timeOf(e.occurred_at()) + ".";
                }
            }
            const v1::User *officer = userById(v.officer_user_id());
            const std::string who = officer ? officer->display_name() : v.officer_user_id();
            const std::string phone =
                officer && !officer->phone().empty() ? " on " + officer->phone() : std::string();
            // Why it is overdue: nobody checked in, an officer inside past the window with no
            // timer, or a timer that ran out.
            const bool timer = v.has_lone_worker_deadline();
            const bool neverStarted = v.status() == v1::VISIT_STATUS_SCHEDULED ||
                                      (v.status() == v1::VISIT_STATUS_EN_ROUTE && !timer);
            const std::string at = timeOf(fromMs(since)) + " on " + days->formatDate(since);
            const std::string what =
                neverStarted ? who + " has not checked in to a visit on case " +
                                   kase.case_number() + " booked until " + at + "."
                : !timer ? who + " has not checked out of a visit on case " + kase.case_number() +
                               " booked until " + at + ", and set no lone-working timer."
                         : who + " has not checked out of a visit on case " + kase.case_number() +
                               ", and the lone-working timer ran out at " + at + ".";
            ++planned.overdueAlerts;
            for (const v1::User *u : to) {
                Notification n;
                n.id = m_ids.newId("ntf");
                n.kind = "overdue_alert";
                n.aboutId = visitSubject(v.id(), since);
                n.recipientUserId = u->id();
                n.address = u->email();
                n.createdAtMs = now;
                n.subject = "Overdue visit: " + who + ", case " + kase.case_number();
                n.body = "Dear " + u->display_name() + ",\n\n" + what + " " + seen + "\n\nCall " +
                         who + phone +
                         " now, and follow the lone-working procedure if you cannot reach them. "
                         "Acknowledge the alert on the board in Doorstep so colleagues know it "
                         "is in hand.\n";
                if (auto q = session.enqueueNotification(n); !q) {
                    return q;
                }
            }
        }

        // Lone-working alerts nobody acknowledged in the council's time: the escalation
        // contacts are told, once per alert, and the visit records when.
        auto alerts = session.visitsInAlert();
        if (!alerts) {
            return alerts.error();
        }
        const std::int64_t escalateAfter =
            AlertMessages::escalationAfterMs(council->value_or(v1::Council()));
        for (v1::Visit v : *alerts) {
            const v1::VisitAlert &a = v.alert();
            if (a.has_acknowledged_at() || a.has_escalated_at() || a.has_closed_at() ||
                toMs(a.received_at()) + escalateAfter > now) {
                continue;
            }
            if (auto q = AlertMessages::queueEscalation(session, m_ids, v, now); !q) {
                return q;
            }
            *v.mutable_alert()->mutable_escalated_at() = fromMs(now);
            v.set_version(v.version() + 1);
            v1::Record r;
            *r.mutable_visit() = v;
            if (auto put = session.putRecord(r, now); !put) {
                return put.error();
            }
            ++planned.alertEscalations;
        }

        // Reminders (texts, or emails for those who prefer them) for tomorrow's visits.
        auto soon = session.visitsToRemind(now, now + kReminderAheadMs);
        if (!soon) {
            return soon.error();
        }
        for (const v1::Visit &v : *soon) {
            auto c = session.getRecord(v1::RECORD_TYPE_CASE, v.case_id());
            if (!c) {
                return c.error();
            }
            if (!c->has_value()) {
                continue;
            }
            auto r = session.getRecord(v1::RECORD_TYPE_RESIDENT, (*c)->case_().resident_id());
            if (!r) {
                return r.error();
            }
            if (!r->has_value()) {
                continue;
            }
            // In the channel the resident asked for: email when they prefer it and gave an
            // address, else a text to a UK mobile; never to someone who asked for letters.
            const v1::Resident &resident = (*r)->resident();
            const v1::ContactChannel channel = resident.contact_needs().preferred_channel();
            std::string address;
            if (channel == v1::CONTACT_CHANNEL_EMAIL &&
                resident.email().find('@') != std::string::npos) {
                address = resident.email();
            } else if (channel != v1::CONTACT_CHANNEL_LETTER &&
                       contact::ukMobile(resident.phone())) {
                address = resident.phone();
            } else {
                continue;
            }
            ++planned.reminders;
            // Offered the council's video link when they asked for video calls.
            const std::string video = channel == v1::CONTACT_CHANNEL_VIDEO_CALL
                                          ? contact::videoCallLink(council->value_or(v1::Council()),
                                                                   (*c)->case_().case_number())
                                          : std::string();
            const std::string date = days->formatWeekdayDate(toMs(v.window().start()));
            const std::string start = timeOf(v.window().start());
            const std::string end = timeOf(v.window().end());
            Notification n;
            n.id = m_ids.newId("ntf");
            n.kind = "visit_reminder";
            n.aboutId = visitSubject(v.id(), toMs(v.window().start()));
            n.recipientUserId = resident.id();
            n.address = address;
            n.createdAtMs = now;
            n.subject = "Visit reminder";
            n.body = service + ": a reminder that we will visit you on " + date + " between " +
                     start + " and " + end +
                     ". Our officer will show you their council ID card. If this time no longer "
                     "suits you, please call the council." +
                     (video.empty() ? std::string()
                                    : " To talk to us by video call instead, use " + video + ".");
            n.personalisation = templateFields({{"service", service},
                                                {"date", date},
                                                {"start_time", start},
                                                {"end_time", end},
                                                {"video_call", video.empty() ? "no" : "yes"},
                                                {"video_link", video}});
            if (auto q = session.enqueueNotification(n); !q) {
                return q;
            }
        }
        return {};
    });
    if (!s) {
        return s.error();
    }
    return planned;
}

} // namespace doorstep::server
