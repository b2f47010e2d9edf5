// The standard forms and checklists: they load, they hold what the service needs, and the
// structural checker rejects broken definitions with a message a content author can act on.

#include "content/standardcontent.h"
#include "doorstep/v1/casework.pb.h"
#include "forms/formdefinitioncheck.h"

#include <QtTest>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <string>

using namespace doorstep;

namespace {

// The smallest definition the checker accepts; each broken case is this with one thing wrong.
const char kMinimalForm[] = R"(
id: "minimal"
version: 1
kind: FORM_KIND_FORM
title: "Minimal"
sections {
  id: "only"
  title: "Only section"
  questions { id: "first" type: QUESTION_TYPE_YES_NO label: "First?" }
  questions { id: "second" type: QUESTION_TYPE_TEXT label: "Second" relevant_if: 'first == "yes"' }
}
)";

const std::vector<v1::FormDefinition> &standardForms()
{
    static const std::vector<v1::FormDefinition> forms = [] {
        auto loaded = loadStandardContent();
        return loaded.ok() ? loaded.value() : std::vector<v1::FormDefinition>{};
    }();
    return forms;
}

const v1::FormDefinition *findForm(const std::string &id)
{
    for (const v1::FormDefinition &form : standardForms())
        if (form.id() == id)
            return &form;
    return nullptr;
}

const v1::Question *findQuestion(const v1::FormDefinition &form, const std::string &id)
{
    for (const v1::Section &section : form.sections())
        for (const v1::Question &q : section.questions())
            if (q.id() == id)
                return &q;
    return nullptr;
}

std::vector<const v1::Question *> allQuestions(const v1::FormDefinition &form)
{
    std::vector<const v1::Question *> out;
    for (const v1::Section &section : form.sections())
        for (const v1::Question &q : section.questions())
            out.push_back(&q);
    return out;
}

} // namespace

class TestStandardContent : public QObject
{
    Q_OBJECT

private slots:
    void loadsWithoutErrors();
    void expectedFormsExist_data();
    void expectedFormsExist();
    void everyFormIsVersionOneInItsOwnFile();
    void everyQuestionTypeIsUsed();
    void checklistItemsHaveAreaAndKnownPartner();
    void checklistCoversEveryArea_data();
    void checklistCoversEveryArea();
    void safeguardingConcernsEscalateWithFollowUp();
    void skipLogicChains_data();
    void skipLogicChains();
    void phonePatternsMatchUkNumbers_data();
    void phonePatternsMatchUkNumbers();
    void acceptsMinimalForm();
    void rejectsBrokenDefinitions_data();
    void rejectsBrokenDefinitions();
    void syntaxErrorGivesFileAndLine();
    void duplicateFormIdAcrossFilesIsRejected();
    void checkFailureNamesTheFile();
};

void TestStandardContent::loadsWithoutErrors()
{
    const auto loaded = loadStandardContent();
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
    QCOMPARE(loaded->size(), standardContentFiles().size());
}

void TestStandardContent::expectedFormsExist_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("kind");
    QTest::newRow("visit assessment") << "visit_assessment" << int(v1::FORM_KIND_FORM);
    QTest::newRow("signposting checklist")
        << "signposting_checklist" << int(v1::FORM_KIND_CHECKLIST);
    QTest::newRow("consent") << "consent" << int(v1::FORM_KIND_FORM);
    QTest::newRow("outcome") << "outcome" << int(v1::FORM_KIND_FORM);
    QTest::newRow("follow-up call") << "follow_up_call" << int(v1::FORM_KIND_FORM);
}

void TestStandardContent::expectedFormsExist()
{
    QFETCH(QString, id);
    QFETCH(int, kind);
    const v1::FormDefinition *form = findForm(id.toStdString());
    QVERIFY2(form, qPrintable(id + " is missing"));
    QCOMPARE(int(form->kind()), kind);
    QVERIFY(!form->title().empty());
}

void TestStandardContent::everyFormIsVersionOneInItsOwnFile()
{
    // Published (id, version) pairs are immutable: a change is a new version, and none has
    // been published yet, so every file is version 1 and named after its form.
    QCOMPARE(standardForms().size(), std::size_t(5));
    const auto files = standardContentFiles();
    for (std::size_t i = 0; i < files.size(); ++i) {
        const v1::FormDefinition &form = standardForms().at(i);
        QCOMPARE(form.version(), 1);
        QCOMPARE(std::string(files[i].name), form.id() + ".textproto");
    }
    for (const v1::FormDefinition &form : standardForms())
        QVERIFY2(form.version() != 2, form.id().c_str());
}

void TestStandardContent::everyQuestionTypeIsUsed()
{
    std::set<int> used;
    for (const v1::FormDefinition &form : standardForms())
        for (const v1::Question *q : allQuestions(form))
            used.insert(q->type());
    const auto *types = v1::QuestionType_descriptor();
    for (int i = 0; i < types->value_count(); ++i) {
        const int number = types->value(i)->number();
        if (number == v1::QUESTION_TYPE_UNSPECIFIED)
            continue;
        QVERIFY2(used.contains(number), types->value(i)->name().c_str());
    }
}

void TestStandardContent::checklistItemsHaveAreaAndKnownPartner()
{
    const v1::FormDefinition *checklist = findForm("signposting_checklist");
    QVERIFY(checklist);
    const auto items = allQuestions(*checklist);
    QVERIFY(items.size() >= 20);
    for (const v1::Question *item : items) {
        QCOMPARE(int(item->type()), int(v1::QUESTION_TYPE_CHECKLIST_ITEM));
        QVERIFY2(!item->area().empty(), item->id().c_str());
        QVERIFY2(!item->hint().empty(), item->id().c_str());
        // The ward member is a councillor, not a partner organisation: the Partner enum has no
        // value for one, so that item is the only one with nowhere to send a partner referral.
        if (item->id() == "ward_member_contact") {
            QVERIFY(item->partner().empty());
            continue;
        }
        std::string enumName = "PARTNER_" + item->partner();
        std::transform(enumName.begin(), enumName.end(), enumName.begin(), ::toupper);
        v1::Partner partner = v1::PARTNER_UNSPECIFIED;
        QVERIFY2(v1::Partner_Parse(enumName, &partner), item->id().c_str());
        QVERIFY2(partner != v1::PARTNER_UNSPECIFIED, item->id().c_str());
    }
}

void TestStandardContent::checklistCoversEveryArea_data()
{
    QTest::addColumn<QString>("area");
    QTest::addColumn<QString>("partner");
    QTest::newRow("council tax") << "council_tax"
                                 << "council_tax_support";
    QTest::newRow("benefits and money") << "benefits_and_money"
                                        << "citizens_advice";
    QTest::newRow("housing") << "housing"
                             << "housing_options";
    QTest::newRow("waste") << "waste"
                           << "assisted_waste_collection";
    QTest::newRow("health and wellbeing") << "health_and_wellbeing"
                                          << "befriending";
    QTest::newRow("fire safe and well") << "health_and_wellbeing"
                                        << "fire_and_rescue_safe_and_well";
    QTest::newRow("community") << "health_and_wellbeing"
                               << "community_voluntary_service";
    QTest::newRow("hearing loss") << "hearing_loss"
                                  << "hearing_loss_support";
    QTest::newRow("digital inclusion") << "digital_inclusion"
                                       << "digital_inclusion";
    QTest::newRow("ward member") << "ward_member"
                                 << "";
}

void TestStandardContent::checklistCoversEveryArea()
{
    QFETCH(QString, area);
    QFETCH(QString, partner);
    const v1::FormDefinition *checklist = findForm("signposting_checklist");
    QVERIFY(checklist);
    int items = 0;
    for (const v1::Question *item : allQuestions(*checklist))
        if (item->area() == area.toStdString() && item->partner() == partner.toStdString())
            ++items;
    QVERIFY2(items > 0, qPrintable("no item in area " + area + " referring to " + partner));
}

void TestStandardContent::safeguardingConcernsEscalateWithFollowUp()
{
    const v1::FormDefinition *form = findForm("visit_assessment");
    QVERIFY(form);
    std::set<std::string> escalating;
    for (const v1::Question *q : allQuestions(*form)) {
        if (!q->escalates_to_safeguarding())
            continue;
        escalating.insert(q->id());
        QCOMPARE(int(q->type()), int(v1::QUESTION_TYPE_YES_NO));
        // Every concern has a details question asked only when the answer is yes.
        const std::string condition = q->id() + " == \"yes\"";
        const bool hasDetails = std::any_of(
            form->sections().begin(), form->sections().end(), [&](const v1::Section &s) {
                return std::any_of(
                    s.questions().begin(), s.questions().end(), [&](const v1::Question &d) {
                        return d.relevant_if() == condition &&
                               d.type() == v1::QUESTION_TYPE_LONG_TEXT && d.validation().required();
                    });
            });
        QVERIFY2(hasDetails, q->id().c_str());
    }
    for (const char *concern :
         {"concern_self_neglect", "concern_financial_abuse", "concern_domestic_abuse",
          "concern_falls", "concern_cold_or_unsafe_home", "concern_carer_strain",
          "concern_risk_of_harm"})
        QVERIFY2(escalating.contains(concern), concern);
    // Nothing outside the assessment raises a safeguarding escalation by itself.
    for (const v1::FormDefinition &other : standardForms())
        if (other.id() != "visit_assessment")
            for (const v1::Question *q : allQuestions(other))
                QVERIFY2(!q->escalates_to_safeguarding(), q->id().c_str());
}

void TestStandardContent::skipLogicChains_data()
{
    QTest::addColumn<QString>("form");
    QTest::addColumn<QString>("question");
    QTest::addColumn<QString>("relevantIf");
    QTest::newRow("preferred channel") << "visit_assessment"
                                       << "preferred_channel"
                                       << R"(hearing_loss == "yes")";
    QTest::newRow("interpreter language") << "visit_assessment"
                                          << "interpreter_language"
                                          << R"(interpreter_needed == "yes")";
    QTest::newRow("help online") << "visit_assessment"
                                 << "wants_help_online"
                                 << R"(uses_internet == "no")";
    QTest::newRow("kind of help") << "visit_assessment"
                                  << "online_help_kind"
                                  << R"(uses_internet == "no" and wants_help_online == "yes")";
    QTest::newRow("ward member consent") << "consent"
                                         << "share_outcome_with_ward_member"
                                         << R"(referral_source == "ward_member")";
    QTest::newRow("follow-up channel") << "consent"
                                       << "follow_up_channel"
                                       << R"(follow_up_call_consent == "yes")";
    QTest::newRow("follow-up date")
        << "outcome"
        << "follow_up_by"
        << R"(follow_up_needed == "yes" and answered(follow_up_details))";
    QTest::newRow("satisfaction score") << "follow_up_call"
                                        << "satisfaction_score"
                                        << R"(reached == "yes")";
}

void TestStandardContent::skipLogicChains()
{
    QFETCH(QString, form);
    QFETCH(QString, question);
    QFETCH(QString, relevantIf);
    const v1::FormDefinition *definition = findForm(form.toStdString());
    QVERIFY(definition);
    const v1::Question *q = findQuestion(*definition, question.toStdString());
    QVERIFY(q);
    QCOMPARE(QString::fromStdString(q->relevant_if()), relevantIf);
}

void TestStandardContent::phonePatternsMatchUkNumbers_data()
{
    QTest::addColumn<QString>("question");
    QTest::addColumn<QString>("answer");
    QTest::addColumn<bool>("matches");
    QTest::newRow("mobile with space") << "new_contact_number"
                                       << "07700 900123" << true;
    QTest::newRow("mobile no spaces") << "new_contact_number"
                                      << "07700900123" << true;
    QTest::newRow("international") << "new_contact_number"
                                   << "+44 7700 900123" << true;
    QTest::newRow("london landline") << "new_contact_number"
                                     << "020 7946 0123" << true;
    QTest::newRow("too short") << "new_contact_number"
                               << "12345" << false;
    QTest::newRow("letters") << "new_contact_number"
                             << "call me" << false;
    QTest::newRow("text to mobile") << "mobile_number"
                                    << "07700 900123" << true;
    QTest::newRow("text to landline") << "mobile_number"
                                      << "020 7946 0123" << false;
}

void TestStandardContent::phonePatternsMatchUkNumbers()
{
    QFETCH(QString, question);
    QFETCH(QString, answer);
    QFETCH(bool, matches);
    const v1::FormDefinition *form = findForm("visit_assessment");
    QVERIFY(form);
    const v1::Question *q = findQuestion(*form, question.toStdString());
    QVERIFY(q);
    const std::regex pattern(q->validation().pattern(), std::regex::ECMAScript);
    QCOMPARE(std::regex_match(answer.toStdString(), pattern), matches);
    QVERIFY(QString::fromStdString(q->validation().message()).contains("07700 900123"));
}

void TestStandardContent::acceptsMinimalForm()
{
    const auto parsed = parseFormDefinition("minimal.textproto", kMinimalForm);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    const Status status = checkFormDefinition(*parsed);
    QVERIFY2(status.ok(), status.ok() ? "" : status.error().message.c_str());
}

void TestStandardContent::rejectsBrokenDefinitions_data()
{
    // Each row replaces one piece of the minimal form and names the words the error must use.
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("message");

    QTest::newRow("duplicate question id") << R"(id: "second")"
                                           << R"(id: "first")"
                                           << "two questions with the id 'first'";
    QTest::newRow("choice question with no choices")
        << "QUESTION_TYPE_TEXT"
        << "QUESTION_TYPE_SINGLE_CHOICE"
        << "question 'second' is a choice question with no choices";
    QTest::newRow("checklist item in a form") << "QUESTION_TYPE_TEXT"
                                              << R"(QUESTION_TYPE_CHECKLIST_ITEM area: "housing")"
                                              << "checklist items belong only in checklists";
    QTest::newRow("min greater than max") << R"(label: "Second")"
                                          << R"(label: "Second" validation { min: 10 max: 2 })"
                                          << "minimum (10) greater than its maximum (2)";
    QTest::newRow("relevance refers to a later question")
        << R"(label: "First?")"
        << R"(label: "First?" relevant_if: 'second == "x"')"
        << "refers to 'second', which comes later in the form";
    QTest::newRow("relevance refers to an unknown question")
        << R"('first == "yes"')"
        << R"('frist == "yes"')"
        << "refers to 'frist', which is not a question in this form";
    QTest::newRow("relevance refers to itself") << R"('first == "yes"')"
                                                << R"('second == "yes"')"
                                                << "refers to the question itself";
    QTest::newRow("unknown question type") << "type: QUESTION_TYPE_TEXT"
                                           << "type: 99"
                                           << "unknown question type (99)";
    QTest::newRow("empty form id") << R"(id: "minimal")"
                                   << R"(id: "")"
                                   << "empty id";
    QTest::newRow("empty question id") << R"(id: "first")"
                                       << R"(id: "")"
                                       << "section 'only' has a question with an empty id";
    QTest::newRow("version 0") << "version: 1"
                               << "version: 0"
                               << "version 0: versions start at 1";
    QTest::newRow("unknown kind") << "kind: FORM_KIND_FORM"
                                  << "kind: FORM_KIND_UNSPECIFIED"
                                  << "unknown kind";
    QTest::newRow("question id not snake case") << R"(id: "second")"
                                                << R"(id: "Second-Question")"
                                                << "must be lower_snake_case";
    QTest::newRow("choices on a text question")
        << R"(label: "Second")"
        << R"(label: "Second" choices { value: "a" label: "A" })"
        << "only single and multiple choice questions";
    QTest::newRow("unknown function") << R"('first == "yes"')"
                                      << R"('answerd(first)')"
                                      << "calls 'answerd'";
    QTest::newRow("single equals") << R"('first == "yes"')"
                                   << R"('first = "yes"')"
                                   << "write '==' to compare";
    QTest::newRow("unbalanced brackets") << R"('first == "yes"')"
                                         << R"('(first == "yes"')"
                                         << "no matching ')'";
    QTest::newRow("unknown checklist state") << R"('first == "yes"')"
                                             << R"('count_state("done") > 0')"
                                             << "the states are";
    QTest::newRow("invalid pattern")
        << R"(label: "Second")"
        << R"(label: "Second" validation { pattern: "(" message: "x" })"
        << "not a valid regular expression";
    QTest::newRow("pattern without message")
        << R"(label: "Second")"
        << R"(label: "Second" validation { pattern: "[0-9]+" })"
        << "no message";
    QTest::newRow("safeguarding on text") << R"(label: "Second")"
                                          << R"(label: "Second" escalates_to_safeguarding: true)"
                                          << "only yes/no questions";
    QTest::newRow("partner on a form question") << R"(label: "Second")"
                                                << R"(label: "Second" partner: "age_uk")"
                                                << "only checklist items have one";
}

void TestStandardContent::rejectsBrokenDefinitions()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, message);
    QString text = QString::fromUtf8(kMinimalForm);
    QVERIFY2(text.contains(from), qPrintable(from));
    text.replace(text.indexOf(from), from.size(), to);

    const auto parsed = parseFormDefinition("broken.textproto", text.toStdString());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    const Status status = checkFormDefinition(*parsed);
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code, v1::ERROR_CODE_VALIDATION_FAILED);
    const QString actual = QString::fromStdString(status.error().message);
    QVERIFY2(actual.contains(message), qPrintable(actual));
}

void TestStandardContent::syntaxErrorGivesFileAndLine()
{
    const char text[] = "id: \"broken\"\n"
                        "version: 1\n"
                        "sections {\n"
                        "  title: \"No closing quote\n"
                        "}\n";
    const auto parsed = parseFormDefinition("broken.textproto", text);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, v1::ERROR_CODE_VALIDATION_FAILED);
    const QString message = QString::fromStdString(parsed.error().message);
    QVERIFY2(message.startsWith("broken.textproto: line 4, column "), qPrintable(message));

    const auto unknownField = parseFormDefinition("typo.textproto", "id: \"x\"\nverison: 1\n");
    QVERIFY(!unknownField.ok());
    const QString typo = QString::fromStdString(unknownField.error().message);
    QVERIFY2(typo.startsWith("typo.textproto: line 2, column "), qPrintable(typo));
    QVERIFY2(typo.contains("verison"), qPrintable(typo));
}

void TestStandardContent::duplicateFormIdAcrossFilesIsRejected()
{
    const EmbeddedFile files[] = {{"a.textproto", kMinimalForm}, {"b.textproto", kMinimalForm}};
    const auto loaded = loadFormDefinitions(files);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, v1::ERROR_CODE_VALIDATION_FAILED);
    QCOMPARE(QString::fromStdString(loaded.error().message),
             QStringLiteral("b.textproto: defines the form 'minimal', which a.textproto already "
                            "defines"));
}

void TestStandardContent::checkFailureNamesTheFile()
{
    const std::string text = std::string(kMinimalForm) + "summaries { id: \"first\" }\n";
    const EmbeddedFile files[] = {{"clash.textproto", text}};
    const auto loaded = loadFormDefinitions(files);
    QVERIFY(!loaded.ok());
    const QString message = QString::fromStdString(loaded.error().message);
    QVERIFY2(message.startsWith("clash.textproto: Form 'minimal': summary 'first'"),
             qPrintable(message));
}

QTEST_GUILESS_MAIN(TestStandardContent)
#include "tst_standardcontent.moc"
