// The KPIs for a period, as figures for the desk and as CSV.

#include "store/deskreader.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "kpi/kpis.h"
#include "store/deskquery.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "store/wording.h"

#include <algorithm>
#include <map>
#include <vector>

namespace doorstep::mobile {

namespace {

QVariantList countsByLabel(const std::map<QString, int> &counts)
{
    std::vector<std::pair<QString, int>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    QVariantList out;
    for (const auto &[label, count] : sorted) {
        out.append(QVariantMap{{"label", label}, {"count", count}});
    }
    return out;
}

} // namespace

Result<kpi::Figures> DeskReader::kpiFigures(std::int64_t fromMs, std::int64_t toMs)
{
    // The rows the tally needs, no more: it decides what counts.
    kpi::KpiTally tally(fromMs, toMs);
    auto s = eachRow(
        m_db, "SELECT body FROM referrals WHERE received_at >= ? AND received_at < ?",
        [&](db::Statement &q) { q.bind(1, fromMs).bind(2, toMs); },
        [&](db::Statement &q) -> Status {
            v1::Referral f;
            if (!f.ParseFromString(q.blob(0))) {
                return unreadable("referral");
            }
            tally.addReferral(f);
            return {};
        });
    if (!s) {
        return s.error();
    }
    // Attended visits in the period, and those of cases referred in it (their first visit
    // may come later).
    s = eachRow(
        m_db,
        "SELECT body FROM visits WHERE status IN (3, 4, 5, 6) AND ("
        " (window_start >= ?1 AND window_start < ?2) OR case_id IN"
        " (SELECT case_id FROM referrals WHERE received_at >= ?1 AND received_at < ?2))",
        [&](db::Statement &q) { q.bind(1, fromMs).bind(2, toMs); },
        [&](db::Statement &q) -> Status {
            v1::Visit v;
            if (!v.ParseFromString(q.blob(0))) {
                return unreadable("visit");
            }
            tally.addVisit(v);
            return {};
        });
    if (!s) {
        return s.error();
    }
    s = eachRow(
        m_db,
        "SELECT body FROM case_events WHERE occurred_at >= ? AND occurred_at < ?"
        " AND kind IN (1, 3, 4, 5, 6, 10)",
        [&](db::Statement &q) { q.bind(1, tally.eventsFromMs()).bind(2, toMs); },
        [&](db::Statement &q) -> Status {
            v1::CaseEvent e;
            if (!e.ParseFromString(q.blob(0))) {
                return unreadable("case event");
            }
            tally.addCaseEvent(e);
            return {};
        });
    if (!s) {
        return s.error();
    }
    for (const std::string &caseId : tally.casesWithContacts()) {
        s = eachRow(
            m_db, "SELECT resident_id FROM cases WHERE id = ?",
            [&](db::Statement &q) { q.bind(1, caseId); },
            [&](db::Statement &q) -> Status {
                tally.setResidentOf(caseId, q.text(0));
                return {};
            });
        if (!s) {
            return s.error();
        }
    }
    return tally.figures();
}

Result<QByteArray> DeskReader::kpiCsv(const calendar::CouncilCalendar &days, std::int64_t firstDay,
                                      std::int64_t lastDay)
{
    auto f = kpiFigures(days.startOfDay(firstDay), days.startOfDay(lastDay + 1));
    if (!f) {
        return f.error();
    }
    return QByteArray::fromStdString(kpi::csv(*f, firstDay, lastDay));
}

Result<QVariantMap> DeskReader::kpis(std::int64_t fromMs, std::int64_t toMs)
{
    auto f = kpiFigures(fromMs, toMs);
    if (!f) {
        return f.error();
    }
    QVariantMap k;
    std::map<QString, int> bySource;
    for (const auto &[source, n] : f->referralsBySource) {
        bySource[wording::referralSourceLabel(v1::ReferralSource(source))] += n;
    }
    k["referralsReceived"] = f->referralsReceived;
    k["referralsBySource"] = countsByLabel(bySource);
    k["firstVisitReferrals"] = f->firstVisitReferrals;
    k["meanDaysToFirstVisit"] = f->meanDaysToFirstVisit;
    k["medianDaysToFirstVisit"] = f->medianDaysToFirstVisit;
    k["visitsCompleted"] = f->visitsCompleted;
    k["visitsNoAccess"] = f->visitsNoAccess;
    std::map<QString, int> areas;
    for (const auto &[area, n] : f->outcomesByArea) {
        QString label = qs(area).replace(QLatin1Char('_'), QLatin1Char(' '));
        label[0] = label[0].toUpper();
        areas[label] += n;
    }
    k["outcomes"] = f->outcomes;
    k["outcomesByArea"] = countsByLabel(areas);
    std::map<QString, int> partners;
    for (const auto &[partner, n] : f->partnerReferralsByPartner) {
        partners[wording::partner(v1::Partner(partner))] += n;
    }
    k["partnerReferrals"] = f->partnerReferrals;
    k["partnerReferralsByPartner"] = countsByLabel(partners);
    k["followUpCalls"] = f->followUpCalls;
    k["followUpResidents"] = f->followUpResidents;
    k["callsReached"] = f->callsReached;
    k["callsDeclined"] = f->callsDeclined;
    k["callsUnreachable"] = f->callsUnreachable;
    k["callsNoAnswer"] = f->callsNoAnswer;
    k["responseRate"] = f->responseRate;
    k["meanSatisfaction"] = f->meanSatisfaction;
    QVariantList scores;
    for (int n : f->satisfactionCounts) {
        scores.append(n);
    }
    k["satisfactionCounts"] = scores;

    // Repeat contacts, with the names and case numbers this device holds.
    QVariantList repeats;
    for (const kpi::RepeatContact &r : f->repeatContacts) {
        v1::Resident resident;
        QString number;
        auto s = eachRow(
            m_db,
            "SELECT c.case_number, r.body FROM cases c"
            " LEFT JOIN residents r ON r.id = c.resident_id WHERE c.id = ?",
            [&](db::Statement &q) { q.bind(1, r.caseId); },
            [&](db::Statement &q) -> Status {
                number = qs(q.text(0));
                if (!q.isNull(1) && !resident.ParseFromString(q.blob(1))) {
                    return unreadable("resident");
                }
                return {};
            });
        if (!s) {
            return s.error();
        }
        repeats.append(QVariantMap{{"residentId", qs(r.residentId)},
                                   {"residentName", wording::residentName(resident)},
                                   {"caseNumber", number},
                                   {"contacts", r.contacts},
                                   {"firstContact", msToDateTime(r.firstMs)},
                                   {"lastContact", msToDateTime(r.lastMs)}});
    }
    k["repeatContacts"] = repeats;
    return k;
}

} // namespace doorstep::mobile
