// The forms engine over whole definitions: load-time checks, every question type's
// validation, nested and chained skip logic, one question per page with "check your answers",
// drafts that survive a new version, summaries, and the server's submission check.

#include "content/standardcontent.h"
#include "forms/compiledform.h"
#include "forms/formsession.h"

#include <google/protobuf/text_format.h>

#include <QtTest>

using namespace doorstep;
using namespace doorstep::forms;

namespace {

v1::FormDefinition parse(const char *text)
{
    v1::FormDefinition def;
    if (!google::protobuf::TextFormat::ParseFromString(text, &def)) {
        qFatal("test definition does not parse");
    }
    return def;
}

// A small home-check form exercising every question type and chained skip logic:
// lives_alone -> household_size; has_pets -> pet_kinds -> dog_count (chained), and
// consent -> signature.
const char *kHomeCheck = R"pb(
  id: "home_check" version: 1 kind: FORM_KIND_FORM title: "Home check"
  sections {
    id: "about" title: "About the resident"
    questions { id: "full_name" type: QUESTION_TYPE_TEXT label: "Full name"
                validation { required: true max: 40 message: "Keep the name under 40 characters" } }
    questions { id: "postcode" type: QUESTION_TYPE_TEXT label: "Postcode"
                validation { pattern: "[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}"
                             message: "Enter a postcode like EM1 1AA" } }
    questions { id: "story" type: QUESTION_TYPE_LONG_TEXT label: "Their story" }
    questions { id: "age" type: QUESTION_TYPE_NUMBER label: "Age"
                validation { required: true min: 16 max: 120 } }
    questions { id: "date_of_birth" type: QUESTION_TYPE_DATE label: "Date of birth" }
    questions { id: "lives_alone" type: QUESTION_TYPE_YES_NO label: "Lives alone?"
                validation { required: true } }
    questions { id: "household_size" type: QUESTION_TYPE_NUMBER label: "How many live there?"
                relevant_if: 'lives_alone == "no"' validation { required: true min: 2 } }
    questions { id: "channel" type: QUESTION_TYPE_SINGLE_CHOICE label: "Best way to reach them"
                choices { value: "phone" label: "Phone" }
                choices { value: "text" label: "Text message" }
                choices { value: "video_call" label: "Video call" }
                validation { required: true } }
  }
  sections {
    id: "home" title: "The home"
    questions { id: "has_pets" type: QUESTION_TYPE_YES_NO label: "Any pets?" }
    questions { id: "pet_kinds" type: QUESTION_TYPE_MULTIPLE_CHOICE label: "Which pets?"
                relevant_if: 'has_pets == "yes"'
                choices { value: "dog" label: "Dog" } choices { value: "cat" label: "Cat" }
                choices { value: "other" label: "Other" }
                validation { required: true min: 1 max: 2 message: "Choose one or two" } }
    questions { id: "dog_count" type: QUESTION_TYPE_NUMBER label: "How many dogs?"
                relevant_if: 'contains(pet_kinds, "dog")' validation { required: true min: 1 } }
    questions { id: "photo" type: QUESTION_TYPE_PHOTO_REFERENCE label: "Photo of the hazard" }
  }
  sections {
    id: "agreement" title: "Agreement"
    questions { id: "consent" type: QUESTION_TYPE_CONSENT label: "Consent to share"
                validation { required: true } }
    questions { id: "signature" type: QUESTION_TYPE_SIGNATURE label: "Signature"
                relevant_if: 'consent == "yes"' validation { required: true } }
  }
  summaries { id: "pets" label: "Kinds of pet" expression: "count(pet_kinds)" }
)pb";

v1::Answer answer(const char *id)
{
    v1::Answer a;
    a.set_question_id(id);
    return a;
}

v1::Answer text(const char *id, const std::string &t)
{
    auto a = answer(id);
    a.set_text(t);
    return a;
}

v1::Answer num(const char *id, double n)
{
    auto a = answer(id);
    a.set_number(n);
    return a;
}

v1::Answer yesNo(const char *id, bool b)
{
    auto a = answer(id);
    a.set_yes_no(b);
    return a;
}

v1::Answer choice(const char *id, const char *c)
{
    auto a = answer(id);
    a.set_choice(c);
    return a;
}

v1::Answer choices(const char *id, std::initializer_list<const char *> cs)
{
    auto a = answer(id);
    for (const char *c : cs) {
        a.mutable_choices()->add_values(c);
    }
    return a;
}

QStringList messages(const std::vector<Violation> &vs)
{
    QStringList out;
    for (const auto &v : vs) {
        out << QString::fromStdString(v.questionId + ": " + v.message);
    }
    return out;
}

} // namespace

class TestFormEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyQuestionTypeValidates();
    void chainedAndNestedSkipLogic();
    void brokenDefinitionsFailAtLoad_data();
    void brokenDefinitionsFailAtLoad();
    void onePagePerQuestionWithCheckAnswers();
    void draftsSurviveANewVersion();
    void summaries();
    void serverRejectsTamperedSubmissions();
    void standardContentCompiles();

private:
    static FormContext agreed() { return {}; }

    std::shared_ptr<const CompiledForm> m_form;
};

void TestFormEngine::initTestCase()
{
    auto compiled = CompiledForm::compile(parse(kHomeCheck));
    QVERIFY2(compiled.ok(), compiled.ok() ? "" : compiled.error().message.c_str());
    m_form = *compiled;
}

void TestFormEngine::everyQuestionTypeValidates()
{
    const CompiledForm &f = *m_form;
    const auto check = [&](const v1::Answer &a) {
        return messages(f.checkAnswer(*f.question(a.question_id()), &a));
    };
    QCOMPARE(messages(f.checkAnswer(*f.question("full_name"), nullptr)),
             QStringList{"full_name: Enter an answer."});
    QCOMPARE(check(text("full_name", "   ")), QStringList{"full_name: Enter an answer."});
    QCOMPARE(check(text("full_name", std::string(41, 'a'))),
             QStringList{"full_name: Keep the name under 40 characters"});
    // Length counts characters, not bytes: 40 accented letters fit.
    std::string accents;
    for (int i = 0; i < 40; ++i) {
        accents += "\xc3\xa9";
    }
    QVERIFY(check(text("full_name", accents)).isEmpty());
    QVERIFY(check(text("postcode", "EM1 1AA")).isEmpty());
    QCOMPARE(check(text("postcode", "not a postcode")),
             QStringList{"postcode: Enter a postcode like EM1 1AA"});
    QCOMPARE(check(text("story", std::string(10001, 'x'))).size(), 1);
    QCOMPARE(check(num("age", 15)), QStringList{"age: Enter a number from 16 to 120."});
    QVERIFY(check(num("age", 82)).isEmpty());
    QCOMPARE(check(num("age", std::nan(""))), QStringList{"age: Enter a number."});
    auto dob = answer("date_of_birth");
    dob.set_date("1944-02-29");
    QVERIFY(check(dob).isEmpty());
    dob.set_date("1943-02-29");
    QCOMPARE(check(dob), QStringList{"date_of_birth: Enter a real date, like 2026-03-27."});
    QVERIFY(check(yesNo("lives_alone", false)).isEmpty());
    QCOMPARE(check(choice("channel", "carrier_pigeon")),
             QStringList{"channel: Choose one of the options."});
    QVERIFY(check(choices("pet_kinds", {"dog", "cat"})).isEmpty());
    QCOMPARE(check(choices("pet_kinds", {"dog", "cat", "other"})),
             QStringList{"pet_kinds: Choose one or two"});
    QCOMPARE(check(choices("pet_kinds", {"dog", "dog"})),
             QStringList{"pet_kinds: Choose only from the options, each once."});
    QCOMPARE(check(choices("pet_kinds", {})),
             QStringList{"pet_kinds: Choose at least one of the options."});
    auto photo = answer("photo");
    photo.set_blob_ref("blob-1");
    QVERIFY(check(photo).isEmpty());
    auto consent = answer("consent");
    consent.set_consent_given(false);
    QVERIFY(check(consent).isEmpty());
    auto sig = answer("signature");
    sig.set_blob_ref("");
    QCOMPARE(check(sig), QStringList{"signature: The signature is missing."});
    // The wrong kind of answer for the question.
    QCOMPARE(check(text("age", "eighty")),
             QStringList{"age: The answer is not the right kind for this question."});
}

void TestFormEngine::chainedAndNestedSkipLogic()
{
    Answers a;
    a["lives_alone"] = yesNo("lives_alone", true);
    auto r = m_form->relevance(a, agreed());
    QVERIFY(!r.at("household_size"));
    a["lives_alone"] = yesNo("lives_alone", false);
    QVERIFY(m_form->relevance(a, agreed()).at("household_size"));

    // Chained: dog_count depends on pet_kinds, which depends on has_pets.
    a["has_pets"] = yesNo("has_pets", true);
    a["pet_kinds"] = choices("pet_kinds", {"dog"});
    QVERIFY(m_form->relevance(a, agreed()).at("dog_count"));
    a["has_pets"] = yesNo("has_pets", false);
    r = m_form->relevance(a, agreed());
    QVERIFY(!r.at("pet_kinds"));
    // pet_kinds still holds "dog", but it was not asked, so it has no value.
    QVERIFY(!r.at("dog_count"));

    // Nested: a section that is not asked skips everything in it.
    auto def = parse(kHomeCheck);
    def.mutable_sections(1)->set_relevant_if(R"(lives_alone == "no")");
    auto nested = CompiledForm::compile(def);
    QVERIFY(nested.ok());
    a["has_pets"] = yesNo("has_pets", true);
    a["lives_alone"] = yesNo("lives_alone", true);
    r = (*nested)->relevance(a, {});
    QVERIFY(!r.at("has_pets") && !r.at("pet_kinds") && !r.at("dog_count") && !r.at("photo"));
    a["lives_alone"] = yesNo("lives_alone", false);
    r = (*nested)->relevance(a, {});
    QVERIFY(r.at("has_pets") && r.at("pet_kinds") && r.at("dog_count"));
}

void TestFormEngine::brokenDefinitionsFailAtLoad_data()
{
    QTest::addColumn<QString>("relevantIf");
    QTest::addColumn<QString>("message");
    // Caught by the parser: the grammar, with where and what.
    QTest::newRow("missing operator") << R"e(lives_alone == "no" "yes")e"
                                      << R"e(does not parse, at 21: unexpected "yes")e";
    QTest::newRow("dangling") << R"e(lives_alone ==)e"
                              << "does not parse, at 15: expected";
    QTest::newRow("in needs a list") << R"e(lives_alone in "no")e"
                                     << R"e(does not parse, at 16: expected "[" after "in")e";
    // Caught by the structural checker first, with the same effect: no form.
    QTest::newRow("single =") << R"e(lives_alone = "no")e"
                              << "write '==' to compare";
    QTest::newRow("unknown name") << R"e(lives_alon == "no")e"
                                  << "'lives_alon'";
    QTest::newRow("later question") << R"e(channel == "text")e"
                                    << "comes later in the form";
    QTest::newRow("itself") << "household_size > 2"
                            << "refers to the question itself";
}

void TestFormEngine::brokenDefinitionsFailAtLoad()
{
    QFETCH(QString, relevantIf);
    QFETCH(QString, message);
    auto def = parse(kHomeCheck);
    def.mutable_sections(0)->mutable_questions(6)->set_relevant_if(relevantIf.toStdString());
    auto compiled = CompiledForm::compile(def);
    QVERIFY(!compiled.ok());
    const QString got = QString::fromStdString(compiled.error().message);
    QVERIFY2(got.contains("home_check") && got.contains("household_size"), qPrintable(got));
    QVERIFY2(got.contains(message), qPrintable(got));
    // The registry refuses it too, so it is never offered to an officer.
    FormRegistry registry;
    QVERIFY(!registry.add(def).ok());
    QCOMPARE(registry.size(), std::size_t(0));
}

void TestFormEngine::onePagePerQuestionWithCheckAnswers()
{
    FormSession s(m_form, agreed(), "case-1", "visit-1");
    QCOMPARE(s.current()->id(), std::string("full_name"));
    QCOMPARE(s.page(), 1);
    // Cannot move on without a required answer.
    QCOMPARE(messages(s.next()), QStringList{"full_name: Enter an answer."});
    QCOMPARE(s.current()->id(), std::string("full_name"));
    QVERIFY(s.answer(text("full_name", "Margaret Okafor")).empty());
    QVERIFY(s.next().empty());
    QCOMPARE(s.current()->id(), std::string("postcode"));
    QVERIFY(s.next().empty()); // optional
    QVERIFY(s.next().empty()); // story
    s.answer(num("age", 84));
    QVERIFY(s.next().empty());
    QVERIFY(s.next().empty()); // date of birth
    s.answer(yesNo("lives_alone", true));
    QVERIFY(s.next().empty());
    // household_size does not apply to someone living alone.
    QCOMPARE(s.current()->id(), std::string("channel"));
    QVERIFY(s.back());
    QCOMPARE(s.current()->id(), std::string("lives_alone"));
    s.answer(yesNo("lives_alone", false));
    QVERIFY(s.next().empty());
    QCOMPARE(s.current()->id(), std::string("household_size"));
    s.answer(num("household_size", 2));
    QVERIFY(s.next().empty());
    s.answer(choice("channel", "video_call"));
    QVERIFY(s.next().empty());
    s.answer(yesNo("has_pets", false));
    QVERIFY(s.next().empty());
    QCOMPARE(s.current()->id(), std::string("photo")); // pet questions skipped
    QVERIFY(s.next().empty());
    auto consent = answer("consent");
    consent.set_consent_given(false);
    s.answer(consent);
    QVERIFY(s.next().empty());
    // No signature without consent: straight to "check your answers".
    QVERIFY(s.atCheckAnswers());
    const auto rows = s.checkAnswers();
    QStringList shown;
    for (const auto &r : rows) {
        shown << QString::fromStdString(r.questionId + "=" + r.answer);
        QVERIFY(r.problems.empty());
    }
    QVERIFY(shown.contains("channel=Video call"));
    QVERIFY(shown.contains("lives_alone=No"));
    QVERIFY(shown.contains("consent=Consent refused"));
    QVERIFY(shown.contains("postcode=Not answered"));
    QVERIFY(!shown.join(',').contains("pet_kinds"));

    // Change an answer from "check your answers".
    QVERIFY(s.goTo("has_pets"));
    s.answer(yesNo("has_pets", true));
    s.answer(choices("pet_kinds", {"cat"})); // answered early, kept
    QVERIFY(s.next().empty());
    QCOMPARE(s.current()->id(), std::string("pet_kinds"));

    auto submission = s.finish("sub-1", "off-a", 1795400000000);
    QVERIFY(submission.ok());
    QCOMPARE(submission->form_id(), std::string("home_check"));
    QCOMPARE(submission->form_version(), 1);
    QCOMPARE(submission->case_id(), std::string("case-1"));
    // Answers to questions that no longer apply are not submitted.
    s.answer(yesNo("has_pets", false));
    auto again = s.finish("sub-2", "off-a", 1795400000000);
    QVERIFY(again.ok());
    for (const auto &a : again->answers()) {
        QVERIFY(a.question_id() != "pet_kinds");
    }
    // An incomplete form cannot be finished.
    FormSession empty(m_form, agreed());
    auto refused = empty.finish("sub-3", "off-a", 0);
    QVERIFY(!refused.ok());
    QVERIFY(QString::fromStdString(refused.error().message).contains("full_name"));
}

void TestFormEngine::draftsSurviveANewVersion()
{
    FormRegistry registry;
    auto v1def = parse(kHomeCheck);
    QVERIFY(registry.add(v1def).ok());
    FormSession s(registry.latest("home_check"), agreed(), "case-1", "visit-1");
    s.answer(text("full_name", "Margaret Okafor"));
    QVERIFY(s.next().empty());
    const std::string bytes = s.draft().SerializeAsString();

    // Version 2 is published while the draft is in progress: a new required question first,
    // and "channel" gains a choice.
    auto v2def = v1def;
    v2def.set_version(2);
    v1::Question *extra = v2def.mutable_sections(0)->mutable_questions()->Add();
    extra->set_id("preferred_name");
    extra->set_type(v1::QUESTION_TYPE_TEXT);
    extra->set_label("Preferred name");
    extra->mutable_validation()->set_required(true);
    QVERIFY(registry.add(v2def).ok());
    QCOMPARE(registry.latest("home_check")->version(), 2);
    // A published version is immutable.
    auto changed = v1def;
    changed.set_title("Something else");
    QVERIFY(!registry.add(changed).ok());

    v1::FormDraft draft;
    QVERIFY(draft.ParseFromString(bytes));
    auto resumed = FormSession::restore(registry, draft, agreed());
    QVERIFY(resumed.ok());
    QCOMPARE(resumed->form().version(), 1);
    QCOMPARE(resumed->current()->id(), std::string("postcode"));
    QCOMPARE(resumed->answerTo("full_name")->text(), std::string("Margaret Okafor"));
    // Finished against version 1 and validated against version 1: no preferred_name needed.
    resumed->answer(num("age", 84));
    resumed->answer(yesNo("lives_alone", true));
    resumed->answer(choice("channel", "phone"));
    auto consent = answer("consent");
    consent.set_consent_given(false);
    resumed->answer(consent);
    auto sub = resumed->finish("sub-1", "off-a", 0);
    QVERIFY2(sub.ok(), sub.ok() ? "" : sub.error().message.c_str());
    QCOMPARE(sub->form_version(), 1);
    QVERIFY(validateSubmission(registry, *sub, agreed()).ok());
    // The same answers against version 2 would miss the new required question.
    auto as2 = *sub;
    as2.set_form_version(2);
    QVERIFY(!validateSubmission(registry, as2, agreed()).ok());
    // A draft of a version the device does not have says what to do.
    draft.mutable_submission()->set_form_version(9);
    auto missing = FormSession::restore(registry, draft, agreed());
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.error().message).contains("sync"));
}

void TestFormEngine::summaries()
{
    Answers a;
    a["has_pets"] = yesNo("has_pets", true);
    a["pet_kinds"] = choices("pet_kinds", {"dog", "cat"});
    auto s = m_form->summaries(a, agreed());
    QCOMPARE(s.size(), std::size_t(1));
    QCOMPARE(s[0].first, std::string("pets"));
    QCOMPARE(s[0].second.asNumber(), 2.0);
    // Summaries read only questions that were asked.
    a["has_pets"] = yesNo("has_pets", false);
    QCOMPARE(m_form->summaries(a, agreed())[0].second.asNumber(), 0.0);
}

void TestFormEngine::serverRejectsTamperedSubmissions()
{
    FormRegistry registry;
    auto def = parse(kHomeCheck);
    QVERIFY(registry.add(def).ok());
    v1::FormSubmission good;
    good.set_form_id("home_check");
    good.set_form_version(1);
    *good.add_answers() = text("full_name", "Margaret Okafor");
    *good.add_answers() = num("age", 84);
    *good.add_answers() = yesNo("lives_alone", true);
    *good.add_answers() = choice("channel", "text");
    auto consent = answer("consent");
    consent.set_consent_given(true);
    *good.add_answers() = consent;
    auto sig = answer("signature");
    sig.set_blob_ref("blob-sig-1");
    *good.add_answers() = sig;
    QVERIFY(validateSubmission(registry, good, agreed()).ok());

    const auto fails = [&](const v1::FormSubmission &s, const char *needle) {
        auto r = validateSubmission(registry, s, agreed());
        if (r.ok()) {
            return false;
        }
        const bool has = QString::fromStdString(r.error().message).contains(needle);
        if (!has) {
            qWarning("%s", r.error().message.c_str());
        }
        return has && r.error().code == v1::ERROR_CODE_VALIDATION_FAILED;
    };
    auto missingRequired = good;
    missingRequired.mutable_answers()->DeleteSubrange(1, 1);
    QVERIFY(fails(missingRequired, "age: Enter a number."));
    auto outOfRange = good;
    outOfRange.mutable_answers(1)->set_number(300);
    QVERIFY(fails(outOfRange, "age: Enter a number from 16 to 120."));
    auto notAsked = good;
    *notAsked.add_answers() = num("household_size", 4); // lives alone: never asked
    QVERIFY(fails(notAsked, "household_size: This question was answered but does not apply"));
    auto unknown = good;
    *unknown.add_answers() = text("favourite_colour", "blue");
    QVERIFY(fails(unknown, "favourite_colour: There is no such question"));
    auto twice = good;
    *twice.add_answers() = num("age", 85);
    QVERIFY(fails(twice, "age: This question is answered twice."));
    auto noSignature = good;
    noSignature.mutable_answers()->RemoveLast();
    QVERIFY(fails(noSignature, "signature: Ask the resident to sign in the box."));
    auto unknownVersion = good;
    unknownVersion.set_form_version(7);
    QVERIFY(fails(unknownVersion, "which this server does not have"));
}

void TestFormEngine::standardContentCompiles()
{
    auto forms = loadStandardContent();
    QVERIFY(forms.ok());
    FormRegistry registry;
    for (const auto &f : *forms) {
        auto s = registry.add(f);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    }
    QCOMPARE(registry.size(), forms->size());
    for (const char *id :
         {"visit_assessment", "signposting_checklist", "consent", "outcome", "follow_up_call"}) {
        QVERIFY2(registry.latest(id), id);
    }
    // The checklist's summaries count its own items.
    auto checklist = registry.latest("signposting_checklist");
    Answers a;
    for (const char *id : {"council_tax_support", "benefit_check", "pension_credit"}) {
        auto x = answer(id);
        x.set_checklist_state(std::string(id) == "benefit_check"
                                  ? v1::CHECKLIST_ITEM_STATE_REFERRED
                                  : v1::CHECKLIST_ITEM_STATE_DISCUSSED);
        a[id] = x;
    }
    const auto s = checklist->summaries(a, {});
    QCOMPARE(s.at(0).first, std::string("items_discussed"));
    QCOMPARE(s.at(0).second.asNumber(), 2.0);
    QCOMPARE(s.at(1).second.asNumber(), 1.0);
}

QTEST_GUILESS_MAIN(TestFormEngine)
#include "tst_formengine.moc"
