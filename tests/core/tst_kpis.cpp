// The KPI tally both the desk and the server's `export kpis` use: what counts in a period,
// and the CSV file it writes.

#include "calendar/civildate.h"
#include "kpi/kpis.h"

#include <QtTest>

using namespace doorstep;

namespace {

constexpr std::int64_t kDay = calendar::kMsPerDay;
// Thursday 1 October 2026, 00:00 UTC; the period is its first week.
const std::int64_t kFirstDay = calendar::daysFromCivil(2026, 10, 1);
const std::int64_t kFrom = kFirstDay * kDay;
const std::int64_t kTo = kFrom + 7 * kDay;

google::protobuf::Timestamp at(std::int64_t ms)
{
    google::protobuf::Timestamp t;
    t.set_seconds(ms / 1000);
    return t;
}

v1::Referral referral(const std::string &caseId, std::int64_t receivedMs, v1::ReferralSource source)
{
    v1::Referral r;
    r.set_id("ref-" + caseId + std::to_string(receivedMs));
    r.set_case_id(caseId);
    r.set_source(source);
    *r.mutable_received_at() = at(receivedMs);
    return r;
}

v1::Visit visit(const std::string &caseId, std::int64_t startMs, v1::VisitStatus status)
{
    v1::Visit v;
    v.set_id("visit-" + caseId + std::to_string(startMs));
    v.set_case_id(caseId);
    v.set_status(status);
    *v.mutable_window()->mutable_start() = at(startMs);
    *v.mutable_window()->mutable_end() = at(startMs + 3600'000);
    return v;
}

v1::CaseEvent caseEvent(const std::string &id, const std::string &caseId, v1::CaseEventKind kind,
                        std::int64_t atMs)
{
    v1::CaseEvent e;
    e.set_id(id);
    e.set_case_id(caseId);
    e.set_kind(kind);
    *e.mutable_occurred_at() = at(atMs);
    return e;
}

v1::CaseEvent call(const std::string &id, const std::string &visitId, v1::FollowUpResult result,
                   int score, std::int64_t atMs)
{
    v1::CaseEvent e = caseEvent(id, "case-a", v1::CASE_EVENT_KIND_FOLLOW_UP_CALL, atMs);
    e.mutable_follow_up_call()->set_visit_id(visitId);
    e.mutable_follow_up_call()->set_result(result);
    e.mutable_follow_up_call()->set_satisfaction_score(score);
    return e;
}

} // namespace

class TestKpis : public QObject
{
    Q_OBJECT

private slots:
    // Trying to reach someone is not a contact until it does: a call nobody answered, or the
    // video-call link sent ahead of the call. An answered call, a message left and a text are.
    void contactAttemptsCountOnlyWhenTheyReachTheResident()
    {
        auto contact = [](v1::ContactOutcome outcome, bool link) {
            v1::CaseEvent e;
            e.set_kind(v1::CASE_EVENT_KIND_CONTACT);
            e.mutable_contact()->set_kind(link ? v1::CONTACT_KIND_VIDEO_CALL
                                               : v1::CONTACT_KIND_PHONE);
            e.mutable_contact()->set_outcome(outcome);
            e.mutable_contact()->set_send_video_link(link);
            return e;
        };
        QVERIFY(kpi::isContact(contact(v1::CONTACT_OUTCOME_UNSPECIFIED, false))); // logged by hand
        QVERIFY(kpi::isContact(contact(v1::CONTACT_OUTCOME_ANSWERED, false)));
        QVERIFY(kpi::isContact(contact(v1::CONTACT_OUTCOME_LEFT_MESSAGE, false)));
        QVERIFY(kpi::isContact(contact(v1::CONTACT_OUTCOME_SENT, false)));
        QVERIFY(!kpi::isContact(contact(v1::CONTACT_OUTCOME_NO_ANSWER, false)));
        QVERIFY(!kpi::isContact(contact(v1::CONTACT_OUTCOME_SENT, true)));
    }

    void referralsAndFirstVisits()
    {
        kpi::KpiTally t(kFrom, kTo);
        t.addReferral(referral("case-a", kFrom + kDay, v1::REFERRAL_SOURCE_WARD_MEMBER));
        t.addReferral(referral("case-b", kFrom + 2 * kDay, v1::REFERRAL_SOURCE_SELF));
        t.addReferral(referral("case-c", kFrom - 1, v1::REFERRAL_SOURCE_SELF)); // before
        t.addReferral(referral("case-d", kTo, v1::REFERRAL_SOURCE_SELF));       // after
        // case-a: a visit before the referral does not answer it; the one 3 days on does,
        // even though it falls after the period.
        t.addVisit(visit("case-a", kFrom - 10 * kDay, v1::VISIT_STATUS_COMPLETED));
        t.addVisit(visit("case-a", kFrom + 4 * kDay, v1::VISIT_STATUS_NO_ACCESS));
        t.addVisit(visit("case-a", kFrom + 9 * kDay, v1::VISIT_STATUS_COMPLETED));
        // case-b: only a booked visit, not attended.
        t.addVisit(visit("case-b", kFrom + 3 * kDay, v1::VISIT_STATUS_SCHEDULED));
        const kpi::Figures f = t.figures();
        QCOMPARE(f.referralsReceived, 2);
        QCOMPARE(f.referralsBySource.at(v1::REFERRAL_SOURCE_WARD_MEMBER), 1);
        QCOMPARE(f.referralsBySource.at(v1::REFERRAL_SOURCE_SELF), 1);
        QCOMPARE(f.firstVisitReferrals, 1);
        QCOMPARE(f.meanDaysToFirstVisit, 3.0);
        QCOMPARE(f.medianDaysToFirstVisit, 3.0);
        // Visits whose window started in the period.
        QCOMPARE(f.visitsCompleted, 0);
        QCOMPARE(f.visitsNoAccess, 1);
    }

    void followUpCallsCountTheBestResultPerVisit()
    {
        kpi::KpiTally t(kFrom, kTo);
        // Visit 1: no answer twice, then reached with a 4.
        t.addCaseEvent(call("c1", "v1", v1::FOLLOW_UP_RESULT_NO_ANSWER, 0, kFrom + kDay));
        t.addCaseEvent(call("c2", "v1", v1::FOLLOW_UP_RESULT_NO_ANSWER, 0, kFrom + 2 * kDay));
        t.addCaseEvent(call("c3", "v1", v1::FOLLOW_UP_RESULT_REACHED, 4, kFrom + 3 * kDay));
        // Visit 2 declined the survey; visit 3 could not be reached; visit 4 never answered.
        t.addCaseEvent(call("c4", "v2", v1::FOLLOW_UP_RESULT_DECLINED_SURVEY, 0, kFrom + kDay));
        t.addCaseEvent(call("c5", "v3", v1::FOLLOW_UP_RESULT_UNREACHABLE, 0, kFrom + kDay));
        t.addCaseEvent(call("c6", "v4", v1::FOLLOW_UP_RESULT_NO_ANSWER, 0, kFrom + kDay));
        // Visit 5 reached with a 2; a call outside the period does not count.
        t.addCaseEvent(call("c7", "v5", v1::FOLLOW_UP_RESULT_REACHED, 2, kFrom + kDay));
        t.addCaseEvent(call("c8", "v6", v1::FOLLOW_UP_RESULT_REACHED, 5, kTo + 1));
        const kpi::Figures f = t.figures();
        QCOMPARE(f.followUpCalls, 7);
        QCOMPARE(f.followUpResidents, 5);
        QCOMPARE(f.callsReached, 2);
        QCOMPARE(f.callsDeclined, 1);
        QCOMPARE(f.callsUnreachable, 1);
        QCOMPARE(f.callsNoAnswer, 1);
        QCOMPARE(f.responseRate, 0.4);
        QCOMPARE(f.meanSatisfaction, 3.0);
        QCOMPARE(f.satisfactionCounts, (std::array<int, 5>{0, 1, 0, 1, 0}));
    }

    void repeatContactsAcrossOneResidentsCases()
    {
        kpi::KpiTally t(kFrom, kTo);
        // Two contacts on one case before the period, a third on the resident's other case
        // inside it: three in 30 days.
        t.addCaseEvent(caseEvent("e1", "case-a", v1::CASE_EVENT_KIND_CONTACT, kFrom - 20 * kDay));
        t.addCaseEvent(caseEvent("e2", "case-a", v1::CASE_EVENT_KIND_REFERRAL, kFrom - 5 * kDay));
        t.addCaseEvent(caseEvent("e3", "case-b", v1::CASE_EVENT_KIND_CONTACT, kFrom + kDay));
        // Another resident: three contacts, but the window ends before the period.
        t.addCaseEvent(caseEvent("e4", "case-c", v1::CASE_EVENT_KIND_CONTACT, kFrom - 9 * kDay));
        t.addCaseEvent(caseEvent("e5", "case-c", v1::CASE_EVENT_KIND_CONTACT, kFrom - 8 * kDay));
        t.addCaseEvent(caseEvent("e6", "case-c", v1::CASE_EVENT_KIND_CONTACT, kFrom - 7 * kDay));
        // A note is not a contact.
        t.addCaseEvent(caseEvent("e7", "case-c", v1::CASE_EVENT_KIND_NOTE, kFrom + kDay));
        const auto cases = t.casesWithContacts();
        QCOMPARE(cases, (std::vector<std::string>{"case-a", "case-b", "case-c"}));
        t.setResidentOf("case-a", "res-1");
        t.setResidentOf("case-b", "res-1");
        t.setResidentOf("case-c", "res-2");
        const kpi::Figures f = t.figures();
        QCOMPARE(f.repeatContacts.size(), std::size_t(1));
        QCOMPARE(f.repeatContacts[0].residentId, std::string("res-1"));
        QCOMPARE(f.repeatContacts[0].caseId, std::string("case-b"));
        QCOMPARE(f.repeatContacts[0].contacts, 3);
        QCOMPARE(f.repeatContacts[0].firstMs, kFrom - 20 * kDay);
    }

    void csvIsOneRowPerMeasureWithStableCodes()
    {
        kpi::KpiTally t(kFrom, kTo);
        t.addReferral(referral("case-a", kFrom + kDay, v1::REFERRAL_SOURCE_WARD_MEMBER));
        t.addReferral(referral("case-b", kFrom + kDay, v1::ReferralSource(42))); // a newer build's
        v1::CaseEvent outcome =
            caseEvent("o1", "case-a", v1::CASE_EVENT_KIND_OUTCOME, kFrom + kDay);
        outcome.mutable_outcome()->add_signposting_areas("digital_inclusion");
        outcome.mutable_outcome()->add_signposting_areas("=cmd|' /C calc'!A0");
        outcome.mutable_outcome()->add_signposting_areas("\t=1+1");
        t.addCaseEvent(outcome);
        v1::CaseEvent partner =
            caseEvent("p1", "case-a", v1::CASE_EVENT_KIND_PARTNER_REFERRAL, kFrom + kDay);
        partner.mutable_partner_referral()->set_partner(v1::PARTNER_CITIZENS_ADVICE);
        t.addCaseEvent(partner);
        t.addCaseEvent(call("c1", "v1", v1::FOLLOW_UP_RESULT_REACHED, 5, kFrom + kDay));
        t.addCaseEvent(call("c2", "v2", v1::FOLLOW_UP_RESULT_NO_ANSWER, 0, kFrom + kDay));
        t.addCaseEvent(call("c3", "v3", v1::FOLLOW_UP_RESULT_NO_ANSWER, 0, kFrom + kDay));
        const std::string csv = kpi::csv(t.figures(), kFirstDay, kFirstDay + 6);
        const std::string p = "2026-10-01,2026-10-07,";
        const std::string expected =
            "period_from,period_to,measure,breakdown,value\r\n" + p + "referrals_received,,2\r\n" +
            p + "referrals_received,ward_member,1\r\n" + p + "referrals_received,unknown_42,1\r\n" +
            p + "referrals_with_first_visit,,0\r\n" + p + "mean_days_to_first_visit,,0.00\r\n" + p +
            "median_days_to_first_visit,,0.00\r\n" + p + "visits_completed,,0\r\n" + p +
            "visits_no_access,,0\r\n" + p + "outcomes,,1\r\n" + p + "outcomes,'\t=1+1,1\r\n" + p +
            "outcomes,'=cmd|' /C calc'!A0,1\r\n" + p + "outcomes,digital_inclusion,1\r\n" + p +
            "partner_referrals,,1\r\n" + p + "partner_referrals,citizens_advice,1\r\n" + p +
            "follow_up_calls,,3\r\n" + p + "follow_up_visits_called,,3\r\n" + p +
            "follow_up_reached,,1\r\n" + p + "follow_up_declined_survey,,0\r\n" + p +
            "follow_up_unreachable,,0\r\n" + p + "follow_up_no_answer,,2\r\n" + p +
            "follow_up_response_rate,,0.3333\r\n" + p + "satisfaction_mean,,5.00\r\n" + p +
            "satisfaction_scores,1,0\r\n" + p + "satisfaction_scores,2,0\r\n" + p +
            "satisfaction_scores,3,0\r\n" + p + "satisfaction_scores,4,0\r\n" + p +
            "satisfaction_scores,5,1\r\n" +
            // The three calls were all to case-a's resident.
            p + "repeat_contact_residents,,1\r\n";
        // Row by row, so a failure names the row.
        QCOMPARE(QString::fromStdString(csv).split("\r\n"),
                 QString::fromStdString(expected).split("\r\n"));
    }
};

QTEST_APPLESS_MAIN(TestKpis)
#include "tst_kpis.moc"
