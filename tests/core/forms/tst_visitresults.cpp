// A whole visit through the standard content: the visit assessment, the signposting
// checklist, consent and the outcome, each filled one question per page with FormSession,
// then turned into the events that are the only record of the visit on the resident's case.

#include "content/standardcontent.h"
#include "forms/formsession.h"
#include "forms/visitcontext.h"
#include "forms/visitresults.h"

#include <QtTest>

#include <functional>

using namespace doorstep;
using namespace doorstep::forms;

namespace {

// Answers every page the way an officer would, with `overrides` for the answers that matter
// to the test and a plain valid answer elsewhere. Returns the finished submission.
v1::FormSubmission fill(const FormRegistry &registry, const char *formId,
                        const FormContext &context,
                        const std::map<std::string, std::function<void(v1::Answer &)>> &overrides)
{
    FormSession s(registry.latest(formId), context, "case-1", "visit-1");
    for (int guard = 0; !s.atCheckAnswers() && guard < 500; ++guard) {
        const v1::Question &q = *s.current();
        v1::Answer a;
        a.set_question_id(q.id());
        if (auto o = overrides.find(q.id()); o != overrides.end()) {
            o->second(a);
        } else {
            switch (q.type()) {
            case v1::QUESTION_TYPE_TEXT:
            case v1::QUESTION_TYPE_LONG_TEXT:
                a.set_text("Noted at the visit");
                break;
            case v1::QUESTION_TYPE_NUMBER:
                a.set_number(q.validation().has_min() ? q.validation().min() : 1);
                break;
            case v1::QUESTION_TYPE_DATE:
                a.set_date("2026-12-01");
                break;
            case v1::QUESTION_TYPE_SINGLE_CHOICE:
                a.set_choice(q.choices(0).value());
                break;
            case v1::QUESTION_TYPE_MULTIPLE_CHOICE:
                a.mutable_choices()->add_values(q.choices(0).value());
                break;
            case v1::QUESTION_TYPE_YES_NO:
                a.set_yes_no(false);
                break;
            case v1::QUESTION_TYPE_CHECKLIST_ITEM:
                a.set_checklist_state(v1::CHECKLIST_ITEM_STATE_NOT_RELEVANT);
                break;
            case v1::QUESTION_TYPE_SIGNATURE:
            case v1::QUESTION_TYPE_PHOTO_REFERENCE:
                a.set_blob_ref("blob-" + q.id());
                break;
            case v1::QUESTION_TYPE_CONSENT:
                a.set_consent_given(true);
                break;
            default:
                break;
            }
        }
        s.answer(a);
        const auto problems = s.next();
        if (!problems.empty()) {
            qFatal("%s: %s", problems[0].questionId.c_str(), problems[0].message.c_str());
        }
    }
    auto done = s.finish(std::string("sub-") + formId, "off-a", 1795400000000);
    if (!done.ok()) {
        qFatal("%s", done.error().message.c_str());
    }
    return *done;
}

void yes(v1::Answer &a)
{
    a.set_yes_no(true);
}

std::function<void(v1::Answer &)> text(std::string t)
{
    return [t](v1::Answer &a) { a.set_text(t); };
}

std::function<void(v1::Answer &)> state(v1::ChecklistItemState s)
{
    return [s](v1::Answer &a) { a.set_checklist_state(s); };
}

std::function<void(v1::Answer &)> picks(std::vector<std::string> values)
{
    return [values](v1::Answer &a) {
        for (const auto &v : values) {
            a.mutable_choices()->add_values(v);
        }
    };
}

} // namespace

class TestVisitResults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fullVisitProducesOutcomeAndEvents();
    void noConsentNoSummaryForTheWardMember();
    void outcomeIsRequired();

private:
    FormRegistry m_registry;
    v1::Resident m_resident;
};

void TestVisitResults::initTestCase()
{
    auto forms = loadStandardContent();
    QVERIFY(forms.ok());
    for (const auto &f : *forms) {
        QVERIFY(m_registry.add(f).ok());
    }
    m_resident.set_id("res-1");
    m_resident.mutable_contact_needs()->set_hearing_loss(true);
}

void TestVisitResults::fullVisitProducesOutcomeAndEvents()
{
    CompletedVisit visit{"case-1", "visit-1", "off-a", "dev-1", 1795400000000, {}};
    FormContext context = visitContext(&m_resident, v1::REFERRAL_SOURCE_WARD_MEMBER, {});
    visit.submissions.push_back(
        fill(m_registry, "visit_assessment", context,
             {{"concern_falls", yes}, {"falls_details", text("Two falls this month")}}));
    visit.submissions.push_back(
        fill(m_registry, "signposting_checklist", context,
             {{"benefit_check", state(v1::CHECKLIST_ITEM_STATE_REFERRED)},
              {"council_tax_support", state(v1::CHECKLIST_ITEM_STATE_DISCUSSED)}}));
    visit.submissions.push_back(fill(m_registry, "consent", context, {}));
    // The outcome form sees the consent given at this visit and the checklist's counts.
    context = visitContext(&m_resident, v1::REFERRAL_SOURCE_WARD_MEMBER, visit.submissions);
    QCOMPARE(context.checklistStates["referred"], 1);
    visit.submissions.push_back(
        fill(m_registry, "outcome", context,
             {{"visit_summary", text("Benefit check arranged; falls reported")},
              {"actions_taken", picks({"made_referrals", "raised_safeguarding"})},
              {"partner_referrals", picks({"citizens_advice", "food_bank"})},
              {"shareable_summary", text("We visited and arranged help with money.")}}));

    auto events = visitResults(m_registry, visit, context);
    QVERIFY2(events.ok(), events.ok() ? "" : events.error().message.c_str());
    std::map<std::string, v1::CaseEvent> byId;
    for (const auto &e : *events) {
        QCOMPARE(e.case_id(), std::string("case-1"));
        QCOMPARE(e.actor_user_id(), std::string("off-a"));
        byId[e.id()] = e;
    }
    // The four forms, one safeguarding escalation, two partner referrals, one outcome.
    QCOMPARE(events->size(), std::size_t(8));
    QVERIFY(byId.contains("visit-1-form-visit_assessment"));
    QVERIFY(byId.contains("visit-1-form-outcome"));

    const auto &sg = byId.at("visit-1-safeguarding-concern_falls");
    QCOMPARE(sg.kind(), v1::CASE_EVENT_KIND_SAFEGUARDING);
    QCOMPARE(sg.safeguarding().details(), std::string("Two falls this month"));
    QCOMPARE(sg.safeguarding().visit_id(), std::string("visit-1"));

    // Citizens Advice from the checklist and the outcome form: one referral, both reasons.
    const auto &ca = byId.at("visit-1-referral-citizens_advice").partner_referral();
    QCOMPARE(ca.partner(), v1::PARTNER_CITIZENS_ADVICE);
    QVERIFY(ca.resident_consented_to_share());
    QVERIFY(QString::fromStdString(ca.reason()).contains("; "));
    QCOMPARE(byId.at("visit-1-referral-food_bank").partner_referral().partner(),
             v1::PARTNER_FOOD_BANK);

    const auto &o = byId.at("visit-1-outcome");
    QCOMPARE(o.kind(), v1::CASE_EVENT_KIND_OUTCOME);
    QCOMPARE(events->back().id(), std::string("visit-1-outcome"));
    QCOMPARE(o.outcome().summary(), std::string("Benefit check arranged; falls reported"));
    QCOMPARE(o.outcome().actions_taken_size(), 2);
    QVERIFY(!o.outcome().follow_up_needed());
    QCOMPARE(o.outcome().shareable_summary(),
             std::string("We visited and arranged help with money."));
    const std::vector<std::string> areas(o.outcome().signposting_areas().begin(),
                                         o.outcome().signposting_areas().end());
    QCOMPARE(areas, (std::vector<std::string>{"council_tax", "benefits_and_money"}));

    // Built twice, the same events: the server applies them once.
    auto again = visitResults(m_registry, visit, context);
    QCOMPARE(again->size(), events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
        QCOMPARE(again->at(i).SerializeAsString(), events->at(i).SerializeAsString());
    }
}

void TestVisitResults::noConsentNoSummaryForTheWardMember()
{
    CompletedVisit visit{"case-1", "visit-1", "off-a", "dev-1", 1795400000000, {}};
    FormContext context = visitContext(&m_resident, v1::REFERRAL_SOURCE_WARD_MEMBER, {});
    const auto refuse = [](v1::Answer &a) { a.set_consent_given(false); };
    visit.submissions.push_back(
        fill(m_registry, "consent", context,
             {{"share_outcome_with_ward_member", refuse}, {"share_with_partners", refuse}}));
    context = visitContext(&m_resident, v1::REFERRAL_SOURCE_WARD_MEMBER, visit.submissions);
    visit.submissions.push_back(fill(
        m_registry, "outcome", context,
        {{"actions_taken", picks({"made_referrals"})}, {"partner_referrals", picks({"age_uk"})}}));
    auto events = visitResults(m_registry, visit, context);
    QVERIFY(events.ok());
    QVERIFY(events->back().outcome().shareable_summary().empty());
    // The referral is recorded, marked as not to be shared.
    bool found = false;
    for (const auto &e : *events) {
        if (e.has_partner_referral()) {
            found = true;
            QVERIFY(!e.partner_referral().resident_consented_to_share());
        }
    }
    QVERIFY(found);
    // A summary slipped in anyway (a tampered device) fails validation.
    v1::Answer *sneaky = visit.submissions.back().add_answers();
    sneaky->set_question_id("shareable_summary");
    sneaky->set_text("Private details");
    auto refused = visitResults(m_registry, visit, context);
    QVERIFY(!refused.ok());
    QVERIFY(QString::fromStdString(refused.error().message).contains("shareable_summary"));
}

void TestVisitResults::outcomeIsRequired()
{
    CompletedVisit visit{"case-1", "visit-1", "off-a", "dev-1", 0, {}};
    auto events = visitResults(m_registry, visit, {});
    QVERIFY(!events.ok());
    QVERIFY(QString::fromStdString(events.error().message).contains("outcome form"));
}

QTEST_GUILESS_MAIN(TestVisitResults)
#include "tst_visitresults.moc"
