#include "kpi/kpis.h"

#include "calendar/civildate.h"
#include "csv/csvcell.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace doorstep::kpi {

namespace {

std::int64_t ms(const google::protobuf::Timestamp &t)
{
    return t.seconds() * 1000 + t.nanos() / 1'000'000;
}

// A follow-up call's result, ranked: the best of a visit's calls is the one that counts.
int rankOf(v1::FollowUpResult result)
{
    switch (result) {
    case v1::FOLLOW_UP_RESULT_REACHED:
        return 4;
    case v1::FOLLOW_UP_RESULT_DECLINED_SURVEY:
        return 3;
    case v1::FOLLOW_UP_RESULT_UNREACHABLE:
        return 2;
    default:
        return 1; // no answer, or a result this build does not know
    }
}

// "REFERRAL_SOURCE_WARD_MEMBER" -> "ward_member"; a value this build does not know stays
// countable as "unknown_7".
std::string code(const std::string &name, std::string_view prefix, int value)
{
    if (name.empty() || name.compare(0, prefix.size(), prefix) != 0) {
        return "unknown_" + std::to_string(value);
    }
    std::string out = name.substr(prefix.size());
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// Fixed decimals whatever the process's locale.
std::string decimal(double v, int places)
{
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, places);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

} // namespace

bool isContact(const v1::CaseEvent &e)
{
    switch (e.kind()) {
    case v1::CASE_EVENT_KIND_CONTACT:
        // Trying to reach the resident is not a contact until it reaches them: a call nobody
        // answered, or the video-call link sent ahead of the call.
        return e.contact().outcome() != v1::CONTACT_OUTCOME_NO_ANSWER &&
               !e.contact().send_video_link();
    case v1::CASE_EVENT_KIND_REFERRAL:
    case v1::CASE_EVENT_KIND_FOLLOW_UP_CALL:
        return true;
    case v1::CASE_EVENT_KIND_VISIT:
        return e.visit().to_status() == v1::VISIT_STATUS_COMPLETED ||
               e.visit().to_status() == v1::VISIT_STATUS_NO_ACCESS;
    default:
        return false;
    }
}

KpiTally::KpiTally(std::int64_t fromMs, std::int64_t toMs) : m_fromMs(fromMs), m_toMs(toMs)
{
    m_f.fromMs = fromMs;
    m_f.toMs = toMs;
}

void KpiTally::addReferral(const v1::Referral &r)
{
    const std::int64_t received = ms(r.received_at());
    if (received < m_fromMs || received >= m_toMs) {
        return;
    }
    ++m_f.referralsReceived;
    ++m_f.referralsBySource[r.source()];
    m_referrals.emplace_back(r.case_id(), received);
}

void KpiTally::addVisit(const v1::Visit &v)
{
    const std::int64_t start = ms(v.window().start());
    switch (v.status()) {
    case v1::VISIT_STATUS_COMPLETED:
    case v1::VISIT_STATUS_NO_ACCESS:
        if (start >= m_fromMs && start < m_toMs) {
            ++(v.status() == v1::VISIT_STATUS_COMPLETED ? m_f.visitsCompleted : m_f.visitsNoAccess);
        }
        [[fallthrough]];
    case v1::VISIT_STATUS_IN_PROGRESS:
    case v1::VISIT_STATUS_OVERDUE:
        m_attended[v.case_id()].emplace_back(start, ms(v.window().end()));
        break;
    default:
        break;
    }
}

void KpiTally::addCaseEvent(const v1::CaseEvent &e)
{
    const std::int64_t at = ms(e.occurred_at());
    if (at >= m_toMs || at < eventsFromMs()) {
        return;
    }
    if (isContact(e)) {
        m_contactsByCase[e.case_id()].push_back(at);
    }
    if (at < m_fromMs) {
        return;
    }
    switch (e.detail_case()) {
    case v1::CaseEvent::kOutcome:
        ++m_f.outcomes;
        for (const std::string &area : e.outcome().signposting_areas()) {
            if (!area.empty()) {
                ++m_f.outcomesByArea[area];
            }
        }
        break;
    case v1::CaseEvent::kPartnerReferral:
        ++m_f.partnerReferrals;
        ++m_f.partnerReferralsByPartner[e.partner_referral().partner()];
        break;
    case v1::CaseEvent::kFollowUpCall: {
        const v1::FollowUpCall &call = e.follow_up_call();
        const int score = call.satisfaction_score();
        v1::FollowUpResult result = call.result();
        if (result == v1::FOLLOW_UP_RESULT_UNSPECIFIED) {
            // Recorded before calls carried a result.
            result = call.reached() ? v1::FOLLOW_UP_RESULT_REACHED : v1::FOLLOW_UP_RESULT_NO_ANSWER;
        }
        ++m_f.followUpCalls;
        if (result == v1::FOLLOW_UP_RESULT_REACHED && (score < 1 || score > 5)) {
            return; // a try, but no result to count
        }
        // A call naming no visit (recorded before calls named one) stands alone.
        const std::string key = call.visit_id().empty() ? "event:" + e.id() : call.visit_id();
        auto &best = m_callResults[key];
        const int rank = rankOf(result);
        if (rank > best.first) {
            best = {rank, result == v1::FOLLOW_UP_RESULT_REACHED ? score : 0};
        }
        break;
    }
    default:
        break;
    }
}

std::vector<std::string> KpiTally::casesWithContacts() const
{
    std::vector<std::string> out;
    out.reserve(m_contactsByCase.size());
    for (const auto &[caseId, times] : m_contactsByCase) {
        out.push_back(caseId);
    }
    return out;
}

void KpiTally::setResidentOf(const std::string &caseId, const std::string &residentId)
{
    m_residentOf[caseId] = residentId;
}

Figures KpiTally::figures() const
{
    Figures f = m_f;

    // Days from each referral to its case's first visit attended after it came in.
    std::vector<double> days;
    for (const auto &[caseId, received] : m_referrals) {
        auto visits = m_attended.find(caseId);
        if (visits == m_attended.end()) {
            continue;
        }
        std::optional<std::int64_t> first;
        for (const auto &[start, end] : visits->second) {
            if (end >= received && (!first || start < *first)) {
                first = start;
            }
        }
        if (first) {
            days.push_back(double(std::max<std::int64_t>(0, *first - received)) /
                           double(calendar::kMsPerDay));
        }
    }
    f.firstVisitReferrals = int(days.size());
    if (!days.empty()) {
        double sum = 0;
        for (double d : days) {
            sum += d;
        }
        std::sort(days.begin(), days.end());
        const std::size_t n = days.size();
        f.meanDaysToFirstVisit = sum / double(n);
        f.medianDaysToFirstVisit = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2;
    }

    int byRank[5] = {0, 0, 0, 0, 0};
    int scoreSum = 0;
    for (const auto &[visit, best] : m_callResults) {
        ++byRank[best.first];
        if (best.second > 0) {
            scoreSum += best.second;
            ++f.satisfactionCounts[std::size_t(best.second - 1)];
        }
    }
    f.followUpResidents = int(m_callResults.size());
    f.callsReached = byRank[4];
    f.callsDeclined = byRank[3];
    f.callsUnreachable = byRank[2];
    f.callsNoAnswer = byRank[1];
    f.responseRate = f.followUpResidents ? double(f.callsReached) / f.followUpResidents : 0.0;
    f.meanSatisfaction = f.callsReached ? double(scoreSum) / f.callsReached : 0.0;

    // Repeat contacts, per resident across their cases: the busiest window that ends inside
    // the period.
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> byResident;
    for (const auto &[caseId, times] : m_contactsByCase) {
        auto resident = m_residentOf.find(caseId);
        auto &all =
            byResident[resident == m_residentOf.end() ? "case:" + caseId : resident->second];
        for (std::int64_t t : times) {
            all.emplace_back(t, caseId);
        }
    }
    for (auto &[residentId, contacts] : byResident) {
        std::sort(contacts.begin(), contacts.end());
        RepeatContact best;
        std::size_t start = 0;
        for (std::size_t end = 0; end < contacts.size(); ++end) {
            while (contacts[end].first - contacts[start].first > kRepeatWindowMs) {
                ++start;
            }
            const int n = int(end - start + 1);
            if (contacts[end].first >= m_fromMs && n > best.contacts) {
                best = {residentId, contacts[end].second, n, contacts[start].first,
                        contacts[end].first};
            }
        }
        if (best.contacts >= kRepeatContacts) {
            f.repeatContacts.push_back(std::move(best));
        }
    }
    std::stable_sort(
        f.repeatContacts.begin(), f.repeatContacts.end(),
        [](const RepeatContact &a, const RepeatContact &b) { return a.contacts > b.contacts; });
    return f;
}

std::string csv(const Figures &f, std::int64_t firstDay, std::int64_t lastDay)
{
    const std::string from = calendar::isoDate(firstDay);
    const std::string to = calendar::isoDate(lastDay);
    std::string out = "period_from,period_to,measure,breakdown,value\r\n";
    auto row = [&](std::string_view measure, const std::string &breakdown,
                   const std::string &value) {
        out += from + ',' + to + ',' + std::string(measure) + ',' + csv::cell(breakdown) + ',' +
               value + "\r\n";
    };
    auto count = [&](std::string_view measure, int n) { row(measure, {}, std::to_string(n)); };

    count("referrals_received", f.referralsReceived);
    for (const auto &[source, n] : f.referralsBySource) {
        row("referrals_received",
            code(v1::ReferralSource_Name(v1::ReferralSource(source)), "REFERRAL_SOURCE_", source),
            std::to_string(n));
    }
    count("referrals_with_first_visit", f.firstVisitReferrals);
    row("mean_days_to_first_visit", {}, decimal(f.meanDaysToFirstVisit, 2));
    row("median_days_to_first_visit", {}, decimal(f.medianDaysToFirstVisit, 2));
    count("visits_completed", f.visitsCompleted);
    count("visits_no_access", f.visitsNoAccess);
    count("outcomes", f.outcomes);
    for (const auto &[area, n] : f.outcomesByArea) {
        row("outcomes", area, std::to_string(n));
    }
    count("partner_referrals", f.partnerReferrals);
    for (const auto &[partner, n] : f.partnerReferralsByPartner) {
        row("partner_referrals", code(v1::Partner_Name(v1::Partner(partner)), "PARTNER_", partner),
            std::to_string(n));
    }
    count("follow_up_calls", f.followUpCalls);
    count("follow_up_visits_called", f.followUpResidents);
    count("follow_up_reached", f.callsReached);
    count("follow_up_declined_survey", f.callsDeclined);
    count("follow_up_unreachable", f.callsUnreachable);
    count("follow_up_no_answer", f.callsNoAnswer);
    row("follow_up_response_rate", {}, decimal(f.responseRate, 4));
    row("satisfaction_mean", {}, decimal(f.meanSatisfaction, 2));
    for (std::size_t score = 0; score < f.satisfactionCounts.size(); ++score) {
        row("satisfaction_scores", std::to_string(score + 1),
            std::to_string(f.satisfactionCounts[score]));
    }
    count("repeat_contact_residents", int(f.repeatContacts.size()));
    return out;
}

} // namespace doorstep::kpi
