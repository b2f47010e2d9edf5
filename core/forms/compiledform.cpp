#include "forms/compiledform.h"

#include "forms/formdefinitioncheck.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

namespace doorstep::forms {

namespace {

// Hard limits on any answer, whatever the definition says: a device cannot store a novel.
constexpr std::size_t maxTextChars = 10000;
constexpr std::size_t maxPatternInput = 1000;
constexpr std::size_t maxNoteChars = 2000;
constexpr int maxChoices = 100;

Error invalid(std::string message)
{
    return {v1::ERROR_CODE_VALIDATION_FAILED, std::move(message)};
}

std::size_t utf8Length(std::string_view s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

bool realDate(const std::string &s)
{
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        s[4] != '-' || s[7] != '-') {
        return false;
    }
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1850 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
           d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

const char *stateName(v1::ChecklistItemState s)
{
    switch (s) {
    case v1::CHECKLIST_ITEM_STATE_DISCUSSED:
        return "discussed";
    case v1::CHECKLIST_ITEM_STATE_REFERRED:
        return "referred";
    case v1::CHECKLIST_ITEM_STATE_DECLINED:
        return "declined";
    case v1::CHECKLIST_ITEM_STATE_NOT_RELEVANT:
        return "not_relevant";
    default:
        return "";
    }
}

// Which oneof case a question type is answered with.
v1::Answer::ValueCase expectedCase(v1::QuestionType t)
{
    switch (t) {
    case v1::QUESTION_TYPE_TEXT:
    case v1::QUESTION_TYPE_LONG_TEXT:
        return v1::Answer::kText;
    case v1::QUESTION_TYPE_NUMBER:
        return v1::Answer::kNumber;
    case v1::QUESTION_TYPE_DATE:
        return v1::Answer::kDate;
    case v1::QUESTION_TYPE_SINGLE_CHOICE:
        return v1::Answer::kChoice;
    case v1::QUESTION_TYPE_MULTIPLE_CHOICE:
        return v1::Answer::kChoices;
    case v1::QUESTION_TYPE_YES_NO:
        return v1::Answer::kYesNo;
    case v1::QUESTION_TYPE_CHECKLIST_ITEM:
        return v1::Answer::kChecklistState;
    case v1::QUESTION_TYPE_SIGNATURE:
    case v1::QUESTION_TYPE_PHOTO_REFERENCE:
        return v1::Answer::kBlobRef;
    case v1::QUESTION_TYPE_CONSENT:
        return v1::Answer::kConsentGiven;
    default:
        return v1::Answer::VALUE_NOT_SET;
    }
}

const char kChooseChecklistState[] = "Choose discussed, referred, declined or not relevant.";

// What to do about a required question left unanswered: the form's own words for it, or
// words for its type. Each says how to put it right, as GOV.UK's error messages do
// (design-system.service.gov.uk/components/error-message: "explain what went wrong and how
// to fix it").
std::string missingAnswer(const v1::Question &q)
{
    if (!q.validation().required_message().empty()) {
        return q.validation().required_message();
    }
    switch (q.type()) {
    case v1::QUESTION_TYPE_CONSENT:
        return "Choose whether the resident agrees.";
    case v1::QUESTION_TYPE_YES_NO:
        return "Choose yes or no.";
    case v1::QUESTION_TYPE_SINGLE_CHOICE:
        return "Choose one of the options.";
    case v1::QUESTION_TYPE_MULTIPLE_CHOICE:
        return "Choose at least one of the options.";
    case v1::QUESTION_TYPE_NUMBER:
        return "Enter a number.";
    case v1::QUESTION_TYPE_DATE:
        return "Enter a date, like 2026-03-27.";
    case v1::QUESTION_TYPE_CHECKLIST_ITEM:
        return kChooseChecklistState;
    case v1::QUESTION_TYPE_SIGNATURE:
        return "Ask the resident to sign in the box.";
    case v1::QUESTION_TYPE_PHOTO_REFERENCE:
        return "Enter the photo reference from the council camera app.";
    default:
        return "Enter an answer.";
    }
}

} // namespace

Value answerValue(const v1::Question &q, const v1::Answer &a)
{
    if (a.value_case() != expectedCase(q.type())) {
        return {};
    }
    switch (a.value_case()) {
    case v1::Answer::kText:
        return Value::string(a.text());
    case v1::Answer::kNumber:
        return Value::number(a.number());
    case v1::Answer::kDate:
        return Value::string(a.date());
    case v1::Answer::kChoice:
        return Value::string(a.choice());
    case v1::Answer::kChoices:
        return Value::list({a.choices().values().begin(), a.choices().values().end()});
    case v1::Answer::kYesNo:
        return Value::string(a.yes_no() ? "yes" : "no");
    case v1::Answer::kChecklistState:
        return a.checklist_state() == v1::CHECKLIST_ITEM_STATE_UNSPECIFIED
                   ? Value()
                   : Value::string(stateName(a.checklist_state()));
    case v1::Answer::kBlobRef:
        return a.blob_ref().empty() ? Value() : Value::string(a.blob_ref());
    case v1::Answer::kConsentGiven:
        return Value::string(a.consent_given() ? "yes" : "no");
    case v1::Answer::VALUE_NOT_SET:
        break;
    }
    return {};
}

// Names resolve to answers of questions asked so far, then to context variables.
class CompiledForm::Env final : public Environment
{
public:
    Env(const CompiledForm &form, const Answers &answers, const FormContext &context,
        const std::map<std::string, bool, std::less<>> &relevant)
        : m_form(form), m_answers(answers), m_context(context), m_relevant(relevant)
    {}

    Value value(std::string_view name) const override
    {
        if (const v1::Question *q = m_form.question(name)) {
            auto r = m_relevant.find(name);
            auto a = m_answers.find(name);
            if (r == m_relevant.end() || !r->second || a == m_answers.end()) {
                return {};
            }
            return answerValue(*q, a->second);
        }
        auto v = m_context.variables.find(name);
        return v == m_context.variables.end() ? Value() : v->second;
    }

    int countState(std::string_view state) const override
    {
        if (m_form.definition().kind() != v1::FORM_KIND_CHECKLIST) {
            auto n = m_context.checklistStates.find(state);
            return n == m_context.checklistStates.end() ? 0 : n->second;
        }
        int n = 0;
        for (const v1::Question *q : m_form.questions()) {
            const Value v = value(q->id());
            n += v.kind() == Value::Kind::String && v.asString() == state ? 1 : 0;
        }
        return n;
    }

private:
    const CompiledForm &m_form;
    const Answers &m_answers;
    const FormContext &m_context;
    const std::map<std::string, bool, std::less<>> &m_relevant;
};

Result<std::shared_ptr<const CompiledForm>> CompiledForm::compile(v1::FormDefinition definition)
{
    if (auto s = checkFormDefinition(definition); !s) {
        return s.error();
    }
    std::shared_ptr<CompiledForm> f(new CompiledForm());
    f->m_def = std::move(definition);
    const std::string where =
        "Form \"" + f->m_def.id() + "\" version " + std::to_string(f->m_def.version());
    std::set<std::string, std::less<>> context;
    for (std::string_view v : formContextVariables()) {
        context.emplace(v);
    }
    for (int s = 0; s < f->m_def.sections_size(); ++s) {
        for (const v1::Question &q : f->m_def.sections(s).questions()) {
            f->m_index[q.id()] = static_cast<int>(f->m_questions.size());
            f->m_questions.push_back(&q);
            f->m_questionSection.push_back(s);
        }
    }
    // A name in skip logic must be a context variable or a question asked before.
    const auto check = [&](const std::string &text, const std::string &what,
                           int questionsBefore) -> Result<Expression> {
        auto e = Expression::parse(text);
        if (!e) {
            return invalid(where + ", " + what + ": the expression " + text + " does not parse, " +
                           e.error().message);
        }
        for (const std::string &name : e->names()) {
            auto at = f->m_index.find(name);
            if (context.contains(name)) {
                continue;
            }
            if (at == f->m_index.end()) {
                return invalid(where + ", " + what + ": \"" + name +
                               "\" is not a question in this form or a context variable");
            }
            if (at->second >= questionsBefore) {
                return invalid(where + ", " + what + ": \"" + name +
                               "\" is not asked before this point, so it cannot decide it");
            }
        }
        return e;
    };
    int firstOfSection = 0;
    for (int s = 0; s < f->m_def.sections_size(); ++s) {
        const v1::Section &section = f->m_def.sections(s);
        auto se = check(section.relevant_if(), "section \"" + section.id() + "\"", firstOfSection);
        if (!se) {
            return se.error();
        }
        f->m_sectionRelevance.push_back(std::move(*se));
        for (const v1::Question &q : section.questions()) {
            const int index = f->m_index[q.id()];
            auto qe = check(q.relevant_if(), "question \"" + q.id() + "\"", index);
            if (!qe) {
                return qe.error();
            }
            f->m_questionRelevance.push_back(std::move(*qe));
        }
        firstOfSection += section.questions_size();
    }
    const int all = static_cast<int>(f->m_questions.size());
    for (const v1::ComputedSummary &summary : f->m_def.summaries()) {
        auto e = check(summary.expression(), "summary \"" + summary.id() + "\"", all);
        if (!e) {
            return e.error();
        }
        if (e->empty()) {
            return invalid(where + ", summary \"" + summary.id() + "\" has no expression");
        }
        f->m_summaries.push_back(std::move(*e));
    }
    return std::shared_ptr<const CompiledForm>(std::move(f));
}

const v1::Question *CompiledForm::question(std::string_view id) const
{
    auto it = m_index.find(id);
    return it == m_index.end() ? nullptr : m_questions[static_cast<std::size_t>(it->second)];
}

int CompiledForm::sectionOf(std::string_view questionId) const
{
    auto it = m_index.find(questionId);
    return it == m_index.end() ? -1 : m_questionSection[static_cast<std::size_t>(it->second)];
}

std::map<std::string, bool, std::less<>> CompiledForm::relevance(const Answers &answers,
                                                                 const FormContext &context) const
{
    std::map<std::string, bool, std::less<>> relevant;
    Env env(*this, answers, context, relevant);
    int section = -1;
    bool sectionAsked = true;
    for (std::size_t i = 0; i < m_questions.size(); ++i) {
        if (m_questionSection[i] != section) {
            section = m_questionSection[i];
            sectionAsked = m_sectionRelevance[static_cast<std::size_t>(section)].relevant(env);
        }
        relevant[m_questions[i]->id()] = sectionAsked && m_questionRelevance[i].relevant(env);
    }
    return relevant;
}

std::vector<Violation> CompiledForm::checkAnswer(const v1::Question &q, const v1::Answer *a) const
{
    std::vector<Violation> out;
    const v1::Validation &v = q.validation();
    const auto fail = [&](std::string fallback) {
        out.push_back({q.id(), v.message().empty() ? std::move(fallback) : v.message()});
    };
    if (!a || a->value_case() == v1::Answer::VALUE_NOT_SET ||
        (a->value_case() == v1::Answer::kChecklistState &&
         a->checklist_state() == v1::CHECKLIST_ITEM_STATE_UNSPECIFIED)) {
        if (v.required()) {
            out.push_back({q.id(), missingAnswer(q)});
        }
        return out;
    }
    if (a->value_case() != expectedCase(q.type())) {
        out.push_back({q.id(), "The answer is not the right kind for this question."});
        return out;
    }
    if (utf8Length(a->note()) > maxNoteChars) {
        out.push_back(
            {q.id(), "The note is longer than " + std::to_string(maxNoteChars) + " characters."});
    }
    switch (q.type()) {
    case v1::QUESTION_TYPE_TEXT:
    case v1::QUESTION_TYPE_LONG_TEXT: {
        const std::size_t n = utf8Length(a->text());
        if (n > maxTextChars) {
            out.push_back({q.id(), "The answer is longer than " + std::to_string(maxTextChars) +
                                       " characters."});
            break;
        }
        if (v.required() && a->text().find_first_not_of(" \t\r\n") == std::string::npos) {
            out.push_back({q.id(), missingAnswer(q)});
            break;
        }
        if (v.has_min() && static_cast<double>(n) < v.min()) {
            fail("Enter at least " + number(v.min()) + " characters.");
        } else if (v.has_max() && static_cast<double>(n) > v.max()) {
            fail("Enter no more than " + number(v.max()) + " characters.");
        }
        if (!v.pattern().empty() && !a->text().empty()) {
            bool matched = false;
            if (a->text().size() <= maxPatternInput) {
                try {
                    matched = std::regex_match(a->text(), std::regex(v.pattern()));
                } catch (const std::regex_error &) {
                    matched = false;
                }
            }
            if (!matched) {
                fail("The answer is not in the expected format.");
            }
        }
        break;
    }
    case v1::QUESTION_TYPE_NUMBER:
        if (!std::isfinite(a->number())) {
            out.push_back({q.id(), "Enter a number."});
        } else if ((v.has_min() && a->number() < v.min()) ||
                   (v.has_max() && a->number() > v.max())) {
            fail(v.has_min() && v.has_max()
                     ? "Enter a number from " + number(v.min()) + " to " + number(v.max()) + "."
                 : v.has_min() ? "Enter a number of at least " + number(v.min()) + "."
                               : "Enter a number no more than " + number(v.max()) + ".");
        }
        break;
    case v1::QUESTION_TYPE_DATE:
        if (!realDate(a->date())) {
            out.push_back({q.id(), "Enter a real date, like 2026-03-27."});
        }
        break;
    case v1::QUESTION_TYPE_SINGLE_CHOICE: {
        const bool known =
            std::any_of(q.choices().begin(), q.choices().end(),
                        [&](const v1::Choice &c) { return c.value() == a->choice(); });
        if (!known) {
            out.push_back({q.id(), "Choose one of the options."});
        }
        break;
    }
    case v1::QUESTION_TYPE_MULTIPLE_CHOICE: {
        const auto &picked = a->choices().values();
        std::set<std::string, std::less<>> seen;
        bool bad = picked.size() > maxChoices;
        for (const std::string &p : picked) {
            const bool known = std::any_of(q.choices().begin(), q.choices().end(),
                                           [&](const v1::Choice &c) { return c.value() == p; });
            bad = bad || !known || !seen.insert(p).second;
        }
        if (bad) {
            out.push_back({q.id(), "Choose only from the options, each once."});
        } else if (v.required() && picked.empty()) {
            out.push_back({q.id(), missingAnswer(q)});
        } else if (v.has_min() && picked.size() < v.min()) {
            fail("Choose at least " + number(v.min()) + ".");
        } else if (v.has_max() && picked.size() > v.max()) {
            fail("Choose no more than " + number(v.max()) + ".");
        }
        break;
    }
    case v1::QUESTION_TYPE_CHECKLIST_ITEM:
        if (!v1::ChecklistItemState_IsValid(a->checklist_state())) {
            out.push_back({q.id(), kChooseChecklistState});
        }
        break;
    case v1::QUESTION_TYPE_SIGNATURE:
    case v1::QUESTION_TYPE_PHOTO_REFERENCE:
        if (a->blob_ref().empty() || a->blob_ref().size() > 200) {
            out.push_back({q.id(), q.type() == v1::QUESTION_TYPE_SIGNATURE
                                       ? "The signature is missing."
                                       : "The photo is missing."});
        }
        break;
    case v1::QUESTION_TYPE_YES_NO:
    case v1::QUESTION_TYPE_CONSENT:
    default:
        break;
    }
    return out;
}

std::vector<Violation> CompiledForm::validate(const Answers &answers,
                                              const FormContext &context) const
{
    std::vector<Violation> out;
    const auto relevant = relevance(answers, context);
    for (const auto &[id, answer] : answers) {
        if (!question(id)) {
            out.push_back({id, "There is no such question in this version of the form."});
        } else if (!relevant.at(id) && answer.value_case() != v1::Answer::VALUE_NOT_SET) {
            out.push_back({id, "This question was answered but does not apply to this "
                               "resident, given the earlier answers."});
        }
    }
    for (const v1::Question *q : m_questions) {
        if (!relevant.at(q->id())) {
            continue;
        }
        auto a = answers.find(q->id());
        for (auto &v : checkAnswer(*q, a == answers.end() ? nullptr : &a->second)) {
            out.push_back(std::move(v));
        }
    }
    return out;
}

std::vector<std::pair<std::string, Value>> CompiledForm::summaries(const Answers &answers,
                                                                   const FormContext &context) const
{
    const auto relevant = relevance(answers, context);
    Env env(*this, answers, context, relevant);
    std::vector<std::pair<std::string, Value>> out;
    for (int i = 0; i < m_def.summaries_size(); ++i) {
        auto v = m_summaries[static_cast<std::size_t>(i)].evaluate(env);
        out.emplace_back(m_def.summaries(i).id(), v ? *v : Value());
    }
    return out;
}

// --- registry ----------------------------------------------------------------------------

Status FormRegistry::add(const v1::FormDefinition &definition)
{
    const auto key = std::make_pair(definition.id(), definition.version());
    if (auto it = m_forms.find(key); it != m_forms.end()) {
        std::string a, b;
        google::protobuf::io::StringOutputStream sa(&a), sb(&b);
        {
            google::protobuf::io::CodedOutputStream ca(&sa), cb(&sb);
            ca.SetSerializationDeterministic(true);
            cb.SetSerializationDeterministic(true);
            it->second->definition().SerializeToCodedStream(&ca);
            definition.SerializeToCodedStream(&cb);
        }
        if (a != b) {
            return invalid("Form \"" + definition.id() + "\" version " +
                           std::to_string(definition.version()) +
                           " is already published with different content: publish the change "
                           "as a new version");
        }
        return {};
    }
    auto compiled = CompiledForm::compile(definition);
    if (!compiled) {
        return compiled.error();
    }
    m_forms.emplace(key, std::move(*compiled));
    return {};
}

std::shared_ptr<const CompiledForm> FormRegistry::find(std::string_view id, int version) const
{
    auto it = m_forms.find(std::make_pair(std::string(id), version));
    return it == m_forms.end() ? nullptr : it->second;
}

std::shared_ptr<const CompiledForm> FormRegistry::latest(std::string_view id) const
{
    std::shared_ptr<const CompiledForm> out;
    for (const auto &[key, form] : m_forms) {
        if (key.first == id) {
            out = form; // the map is ordered by version within an id
        }
    }
    return out;
}

Status validateSubmission(const FormRegistry &registry, const v1::FormSubmission &submission,
                          const FormContext &context)
{
    auto form = registry.find(submission.form_id(), submission.form_version());
    if (!form) {
        return invalid("The submission names form \"" + submission.form_id().substr(0, 100) +
                       "\" version " + std::to_string(submission.form_version()) +
                       ", which this server does not have");
    }
    Answers answers;
    std::vector<Violation> problems;
    for (const v1::Answer &a : submission.answers()) {
        if (!answers.emplace(a.question_id(), a).second) {
            problems.push_back({a.question_id(), "This question is answered twice."});
        }
    }
    for (auto &v : form->validate(answers, context)) {
        problems.push_back(std::move(v));
    }
    if (problems.empty()) {
        return {};
    }
    std::string message = "The " + form->definition().title() + " form has " +
                          std::to_string(problems.size()) +
                          (problems.size() == 1 ? " problem: " : " problems: ");
    for (std::size_t i = 0; i < problems.size() && i < 5; ++i) {
        message +=
            (i ? "; " : "") + problems[i].questionId.substr(0, 100) + ": " + problems[i].message;
    }
    return invalid(message);
}

} // namespace doorstep::forms
