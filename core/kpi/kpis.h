#pragma once

// The service's key performance indicators for a period, worked out the same way wherever the
// records are: the coordinator's desk (its encrypted store) and the server's
// `export kpis` (its database) feed the same records to a KpiTally and get the same figures,
// and the same CSV file.

#include "doorstep/v1/casework.pb.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace doorstep::kpi {

// A resident with this many contacts inside kRepeatWindowMs is a repeat contact: the case
// page says so, and the KPIs count them.
constexpr int kRepeatContacts = 3;
constexpr std::int64_t kRepeatWindowMs = 30LL * 24 * 3600 * 1000;

// Whether the event is a contact with the resident: a contact logged (not a call nobody
// answered, nor the video-call link sent ahead of a call), a referral, a follow-up call, or a
// visit attended (completed or no access).
bool isContact(const v1::CaseEvent &e);

struct RepeatContact
{
    std::string residentId;
    std::string caseId; // the case of their latest contact in the busiest window
    int contacts = 0;
    std::int64_t firstMs = 0;
    std::int64_t lastMs = 0;
};

struct Figures
{
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    // Referrals received in the period, by source (ReferralSource values).
    int referralsReceived = 0;
    std::map<int, int> referralsBySource;
    // Of those, the ones whose case had a visit attended (checked in, completed or no access)
    // ending after the referral came in, and the days from the referral to the first such
    // visit's window.
    int firstVisitReferrals = 0;
    double meanDaysToFirstVisit = 0;
    double medianDaysToFirstVisit = 0;
    // Visits whose window started in the period.
    int visitsCompleted = 0;
    int visitsNoAccess = 0;
    // Outcomes recorded in the period, by signposting area (as the outcome names it).
    int outcomes = 0;
    std::map<std::string, int> outcomesByArea;
    int partnerReferrals = 0;
    std::map<int, int> partnerReferralsByPartner; // Partner values
    // Follow-up calls: every try, and per visit called its calls' best result (reached, then
    // declined the survey, then unreachable in their channel, else no answer).
    int followUpCalls = 0;
    int followUpResidents = 0;
    int callsReached = 0;
    int callsDeclined = 0;
    int callsUnreachable = 0;
    int callsNoAnswer = 0;
    double responseRate = 0;     // callsReached of followUpResidents, 0..1
    double meanSatisfaction = 0; // of the scored
    std::array<int, 5> satisfactionCounts{};
    // Residents with kRepeatContacts or more contacts inside kRepeatWindowMs, the last of
    // them in the period; most contacts first.
    std::vector<RepeatContact> repeatContacts;
};

// Feed it records in any order, any superset of what the period needs; it keeps what counts.
// Case events need reach back kRepeatWindowMs before the period (eventsFromMs), and visits of
// every case with a referral in the period, whenever they were.
class KpiTally
{
public:
    KpiTally(std::int64_t fromMs, std::int64_t toMs);

    std::int64_t eventsFromMs() const { return m_fromMs - kRepeatWindowMs; }

    void addReferral(const v1::Referral &r);
    void addVisit(const v1::Visit &v);
    void addCaseEvent(const v1::CaseEvent &e);
    // The cases whose residents the repeat contacts need, then their residents.
    std::vector<std::string> casesWithContacts() const;
    void setResidentOf(const std::string &caseId, const std::string &residentId);

    Figures figures() const;

private:
    std::int64_t m_fromMs;
    std::int64_t m_toMs;
    Figures m_f;
    std::vector<std::pair<std::string, std::int64_t>> m_referrals; // case id, received at
    std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> m_attended;
    std::map<std::string, std::pair<int, int>> m_callResults; // rank, score
    std::map<std::string, std::vector<std::int64_t>> m_contactsByCase;
    std::map<std::string, std::string> m_residentOf;
};

// The figures as CSV (RFC 4180, CRLF): one row per measure, with the period's first and last
// council days, the measure, its breakdown (a stable code, empty for the total) and the value.
// No names or other personal data: the file is for reports.
std::string csv(const Figures &f, std::int64_t firstDay, std::int64_t lastDay);

} // namespace doorstep::kpi
