#pragma once

// Works out the notifications that come from the passing of time rather than from a change a
// device pushed, and queues them in the outbox (each at most once; see Notification):
//   overdue_alert   a visit became overdue (visits::overdueSince in visits/late.h): its
//                   lone-working timer ran out while the officer was en route or inside, the
//                   officer marked it overdue, or nobody checked in by the window's close: to
//                   the case's coordinator, or to every coordinator when the case has none, by
//                   email. Only for visits overdue in the last 12 hours, so old history never
//                   alerts anyone.
//   visit_reminder  a scheduled visit starts within the next 24 hours: a text to the
//                   resident's mobile, unless they asked for letters only. It names no one
//                   and says nothing about why: a text can be read by anyone holding the
//                   phone.
//   alert_escalation a lone-working alert no coordinator acknowledged within the council's time
//                   (5 minutes by default): the council's escalation contacts (notify/alerts.h).
// A visit moved to a new time, or given a new timer, is a new subject and notifies again.

#include "environment/clock.h"
#include "environment/idsource.h"
#include "error/result.h"
#include "store/store.h"

namespace doorstep::server {

class NotificationPlanner
{
public:
    static constexpr std::int64_t kReminderAheadMs = 24LL * 3600 * 1000;
    static constexpr std::int64_t kOverdueLookbackMs = 12LL * 3600 * 1000;

    NotificationPlanner(Store &store, const Clock &clock, IdSource &ids)
        : m_store(store), m_clock(clock), m_ids(ids)
    {}

    struct Planned
    {
        int overdueAlerts = 0;    // visits found overdue (each queued once, ever)
        int reminders = 0;        // visits found to remind (each queued once, ever)
        int alertEscalations = 0; // unacknowledged alerts escalated now
    };
    // One pass, in one write transaction.
    Result<Planned> planDue();

private:
    Store &m_store;
    const Clock &m_clock;
    IdSource &m_ids;
};

} // namespace doorstep::server
