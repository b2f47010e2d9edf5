#pragma once

#include "calendar/councilcalendar.h"
#include "db/database.h"
#include "doorstep/v1/identity.pb.h"
#include "kpi/kpis.h"
#include "visits/late.h"

#include <QByteArray>
#include <QVariantList>
#include <QVariantMap>

#include <cstdint>
#include <functional>
#include <vector>

namespace doorstep::mobile {

class DeskReader;

// What a desk query knows besides the store: the time, the council's referral target and its
// calendar (days in its zone, working days without bank holidays).
struct DeskContext
{
    std::int64_t nowMs = 0;
    int referralTargetWorkingDays = 5;
    calendar::CouncilCalendar days;
    // When a visit nobody has started becomes late (visits/late.h).
    std::int64_t lateGraceMs = visits::kLateGraceMs;
    // Tries at a follow-up call nobody answers (Council.follow_up_call_attempts).
    int followUpAttempts = 3;
};
// A question for the DeskReader, asked on the store's worker thread.
using DeskQuery = std::function<Result<QVariant>(DeskReader &, const DeskContext &)>;

template <typename T> Result<QVariant> asVariant(const Result<T> &r)
{
    if (!r) {
        return r.error();
    }
    return QVariant::fromValue(*r);
}

// What the coordinator's desk and the ward member's "My referrals" show, read from the
// encrypted store as QVariant maps for QML: the referral inbox, the live board, the follow-up
// calls that are due, safeguarding escalations and the KPIs for a period. Everything is
// worked out from the records the device holds, so it works offline and a coordinator's
// screens agree with what their tablet last synced. Runs on the store's worker thread.
//
// Days are the council's (its time zone) and working days are Monday to Friday without the
// council's bank holidays, from the council record the server sent.
class DeskReader
{
public:
    // `days` is the council's calendar: its day boundaries and working days.
    DeskReader(db::Database &db, const calendar::CouncilCalendar &days) : m_db(db), m_days(days) {}

    // `n` working days after `ms`, at the same time of day (n = 0 is `ms` itself).
    std::int64_t addWorkingDays(std::int64_t ms, int n) const;

    // Referrals still waiting for a visit to be booked: those waiting for triage first, oldest
    // first (so the overdue ones lead), then the triaged ones, most urgent first, then oldest.
    // Each map: referralId, version, residentId, residentName, address,
    // source, sourceText, referrer, concern, urgency, urgencyText, status, statusText,
    // receivedAt, dueBy, overdue (received, not yet triaged, past the service's target),
    // caseId, caseNumber (the linked case, if any), duplicateCaseId and duplicateCaseNumber
    // (the resident already has this open case and the referral is not linked to it),
    // consentToShareOutcome.
    Result<QVariantList> referralInbox(std::int64_t nowMs, int targetWorkingDays);

    // Visits whose window overlaps [fromMs, toMs), plus any visit out in the field and overdue
    // now whatever its window, each with a board column: scheduled, late, en_route,
    // in_progress, overdue, alert, completed, no_access or cancelled. When a visit is overdue
    // is one rule, visits::overdueSince (visits/late.h); a scheduled visit not started by its
    // window's start plus the grace is "late", with lateSince. Each map: visitId, version,
    // caseId, caseNumber, residentId, residentName, address, officerId, officerName, windowStart,
    // windowEnd, purpose, status, statusText, column, overdueSince, lastSeenAt,
    // lastLatitude, lastLongitude, hasLastPosition, acknowledged, acknowledgedBy,
    // acknowledgedAt, acknowledgement. A coordinator who confirms the officer is safe closes
    // the overdue: the card goes back to its ordinary column with overdueClosed, closedBy and
    // closedAt.
    Result<QVariantList> board(std::int64_t fromMs, std::int64_t toMs, std::int64_t nowMs,
                               std::int64_t lateGraceMs = visits::kLateGraceMs);

    // Conflicts the server kept and no coordinator has resolved yet, one per resident field
    // (the server records each on every case of the resident), newest first. Each map:
    // eventId, caseId, caseNumber, residentId, residentName, field (its name on the wire),
    // fieldLabel, serverValue and deviceValue (as shown), serverText and deviceText (as the
    // server wrote them, to send back as the resolution), typable (a text field, so a third
    // value can be typed), deviceUser (whose change did not apply), receivedAt,
    // residentUpdatedAt (when the kept value's version was saved).
    Result<QVariantList> conflicts();

    // Visits of the case still booked or under way (not completed, no access or cancelled).
    Result<int> unfinishedVisits(const std::string &caseId);

    // The council's wards, by name: {id, name}.
    Result<QVariantList> wards();

    // Officers and coordinators on the device, by name: {id, name, coordinator}.
    Result<QVariantList> staff();
    // The officers among them, by name: {id, name}.
    Result<QVariantList> officers();
    static QVariantList officersOf(const QVariantList &staff);

    // Visits per officer per council day for `days` days from the day of `fromMs`. Each map:
    // officerId, officerName, days (a QVariantList of counts of visits not cancelled), total.
    Result<QVariantList> workload(std::int64_t fromMs, int days);

    // Follow-up satisfaction calls: one per completed visit where the resident consented on
    // the consent form, due one to two working days after the check-out, for visits of the
    // last 30 days. A call with no answer is due again the next working day, until
    // `maxAttempts` tries; any other result ends it. Only calls due by now. Each map: visitId,
    // caseId, caseNumber, residentName, phone, channel, bestTime, checkedOutAt, dueFrom, dueBy,
    // late, attempt (the try this will be, from 1), maxAttempts.
    Result<QVariantList> followUpCalls(std::int64_t nowMs, int maxAttempts = 3);

    // Safeguarding concerns raised since `sinceMs`, newest first: eventId, caseId,
    // caseNumber, residentName, raisedBy, raisedAt, details.
    Result<QVariantList> safeguarding(std::int64_t sinceMs);

    // The KPIs for [fromMs, toMs), as the server's `export kpis` works them out from its own
    // records (kpi::KpiTally).
    Result<kpi::Figures> kpiFigures(std::int64_t fromMs, std::int64_t toMs);
    // The KPIs for the council days firstDay to lastDay (both included) as the CSV file the
    // server's `export kpis` writes for them.
    Result<QByteArray> kpiCsv(const calendar::CouncilCalendar &days, std::int64_t firstDay,
                              std::int64_t lastDay);
    // The same for the screen, labelled: referralsReceived, referralsBySource (list of
    //   {label, count}, most first), firstVisitReferrals, meanDaysToFirstVisit,
    //   medianDaysToFirstVisit, visitsCompleted, visitsNoAccess, outcomes, outcomesByArea,
    //   partnerReferrals, partnerReferralsByPartner, followUpCalls, followUpResidents,
    //   callsReached, callsDeclined, callsUnreachable, callsNoAnswer, responseRate (0..1),
    //   meanSatisfaction, satisfactionCounts (counts of 1..5), and repeatContacts:
    //   residentId, residentName, caseNumber, contacts, firstContact, lastContact; most
    //   contacts first.
    Result<QVariantMap> kpis(std::int64_t fromMs, std::int64_t toMs);

    // The referrals on this device (a ward member's device holds only their own), newest
    // first: referralId, residentName, concern, receivedAt, status, statusText, dueBy,
    // overdue, consentToShareOutcome, outcomeSummary and outcomeAt (only when the server sent
    // a shared outcome), closed.
    Result<QVariantList> myReferrals(std::int64_t nowMs, int targetWorkingDays);

private:
    // The users a statement selects (one column, the body).
    Result<std::vector<v1::User>> users(const char *sql);
    // Display names by user id.
    Result<QVariantMap> userNames();
    db::Database &m_db;
    const calendar::CouncilCalendar &m_days;
};

} // namespace doorstep::mobile
