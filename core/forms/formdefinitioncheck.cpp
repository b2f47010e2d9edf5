#include "forms/formdefinitioncheck.h"

#include "forms/expression.h"

#include "doorstep/v1/casework.pb.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace doorstep {
namespace {

using IdSet = std::set<std::string, std::less<>>;

// The skip-logic language's reserved words, functions and context variables (docs/forms.md).
// Kept with the checker so it can tell a misspelt question id from a name the evaluator knows.
constexpr std::string_view kKeywords[] = {"and", "or", "not", "in", "true", "false"};
constexpr std::string_view kFunctions[] = {"answered", "contains", "count", "count_state"};
constexpr std::string_view kContextVariables[] = {
    "referral_source",
    "resident.hearing_loss",
    "consent.share_outcome_with_ward_member",
};

template <std::size_t N> bool oneOf(const std::string_view (&list)[N], std::string_view s)
{
    return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

Error invalid(std::string message)
{
    return makeError(v1::ERROR_CODE_VALIDATION_FAILED, std::move(message));
}

std::string quoted(std::string_view s)
{
    return "'" + std::string(s) + "'";
}

std::string formatNumber(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
}

bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isNameChar(char c)
{
    return isLower(c) || isDigit(c) || c == '_' || c == '.' || (c >= 'A' && c <= 'Z');
}

// Ids end up in expressions, database keys and KPI exports, so they stay boring.
bool isLowerSnakeCase(std::string_view s)
{
    if (s.empty() || !isLower(s.front()) || s.back() == '_')
        return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return isLower(c) || isDigit(c) || c == '_'; });
}

bool isKnownPartner(std::string_view name)
{
    if (!isLowerSnakeCase(name))
        return false;
    std::string enumName = "PARTNER_";
    for (char c : name)
        enumName += isLower(c) ? char(c - 'a' + 'A') : c;
    v1::Partner partner = v1::PARTNER_UNSPECIFIED;
    return v1::Partner_Parse(enumName, &partner) && partner != v1::PARTNER_UNSPECIFIED;
}

// A cheap scan of a skip-logic expression, not a parser: it tokenises, checks brackets balance
// and that every name is a keyword, function, context variable or an allowed question id. The
// full parser comes with the evaluator; this catches typos and forward references at load time.
// Returns what is wrong, or nothing.
std::optional<std::string> expressionProblem(std::string_view expr, std::string_view self,
                                             const IdSet &allowed, const IdSet &allIds)
{
    int parens = 0;
    int brackets = 0;
    bool anyToken = false;
    bool expectState = false; // just read `count_state(`
    std::size_t i = 0;
    while (i < expr.size()) {
        const char c = expr[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        anyToken = true;
        if (c == '"') {
            std::string value;
            std::size_t j = i + 1;
            for (; j < expr.size() && expr[j] != '"'; ++j) {
                if (expr[j] == '\\' && j + 1 < expr.size())
                    ++j;
                value += expr[j];
            }
            if (j >= expr.size())
                return "has a string with no closing \"";
            const auto states = forms::checklistStateNames();
            if (expectState && std::find(states.begin(), states.end(), value) == states.end())
                return "uses count_state(" + quoted(value) +
                       "): the states are \"discussed\", \"referred\", \"declined\" and "
                       "\"not_relevant\"";
            expectState = false;
            i = j + 1;
            continue;
        }
        if (expectState)
            return "uses count_state() without a state in quotes, like count_state(\"referred\")";
        if (isDigit(c) || (c == '-' && i + 1 < expr.size() && isDigit(expr[i + 1]))) {
            ++i;
            while (i < expr.size() && (isDigit(expr[i]) || expr[i] == '.'))
                ++i;
            continue;
        }
        if (isNameChar(c) && c != '.') {
            std::size_t j = i;
            while (j < expr.size() && isNameChar(expr[j]))
                ++j;
            const std::string_view name = expr.substr(i, j - i);
            std::size_t k = j;
            while (k < expr.size() && expr[k] == ' ')
                ++k;
            const bool isCall = k < expr.size() && expr[k] == '(';
            i = j;
            if (oneOf(kFunctions, name)) {
                if (!isCall)
                    return "uses " + std::string(name) + " without brackets, like " +
                           std::string(name) + "(...)";
                if (name == "count_state") {
                    expectState = true;
                    ++parens;
                    i = k + 1;
                }
                continue;
            }
            if (isCall)
                return "calls " + quoted(name) +
                       ", which is not a function: use answered, contains, count or count_state";
            if (oneOf(kKeywords, name) || oneOf(kContextVariables, name) || allowed.contains(name))
                continue;
            if (name == self)
                return "refers to the question itself";
            if (allIds.contains(name))
                return "refers to " + quoted(name) +
                       ", which comes later in the form: skip logic can only refer to earlier "
                       "questions";
            return "refers to " + quoted(name) +
                   ", which is not a question in this form or a context variable "
                   "(see docs/forms.md)";
        }
        const std::string_view two = expr.substr(i, 2);
        if (two == "==" || two == "!=" || two == "<=" || two == ">=") {
            i += 2;
            continue;
        }
        switch (c) {
        case '<':
        case '>':
        case ',':
            break;
        case '(':
            ++parens;
            break;
        case ')':
            if (--parens < 0)
                return "has a ')' with no matching '('";
            break;
        case '[':
            ++brackets;
            break;
        case ']':
            if (--brackets < 0)
                return "has a ']' with no matching '['";
            break;
        case '=':
            return "uses '=': write '==' to compare";
        case '!':
            return "uses '!': write 'not'";
        case '&':
            return "uses '&': write 'and'";
        case '|':
            return "uses '|': write 'or'";
        default:
            return "has a character the skip-logic language does not use: " +
                   quoted(std::string_view(&expr[i], 1));
        }
        ++i;
    }
    if (!anyToken)
        return "is blank";
    if (expectState)
        return "ends inside count_state(";
    if (parens > 0)
        return "has a '(' with no matching ')'";
    if (brackets > 0)
        return "has a '[' with no matching ']'";
    return std::nullopt;
}

bool isChoiceType(v1::QuestionType type)
{
    return type == v1::QUESTION_TYPE_SINGLE_CHOICE || type == v1::QUESTION_TYPE_MULTIPLE_CHOICE;
}

bool isTextType(v1::QuestionType type)
{
    return type == v1::QUESTION_TYPE_TEXT || type == v1::QUESTION_TYPE_LONG_TEXT;
}

Status checkValidation(const std::string &where, const v1::Question &q)
{
    const v1::Validation &v = q.validation();
    const bool hasBounds = v.has_min() || v.has_max();
    if (hasBounds && q.type() != v1::QUESTION_TYPE_NUMBER && !isTextType(q.type()) &&
        q.type() != v1::QUESTION_TYPE_MULTIPLE_CHOICE)
        return invalid(where + " has a minimum or maximum, but only number, text and multiple "
                               "choice questions can have them");
    if ((v.has_min() && !std::isfinite(v.min())) || (v.has_max() && !std::isfinite(v.max())))
        return invalid(where + " has a minimum or maximum that is not a number");
    if (v.has_min() && v.has_max() && v.min() > v.max())
        return invalid(where + " has a minimum (" + formatNumber(v.min()) +
                       ") greater than its maximum (" + formatNumber(v.max()) + ")");
    // For text and multiple choice the bounds are a length and a count.
    if (q.type() != v1::QUESTION_TYPE_NUMBER &&
        ((v.has_min() && v.min() < 0) || (v.has_max() && v.max() < 0)))
        return invalid(where + " has a negative length or count");
    if (q.type() == v1::QUESTION_TYPE_MULTIPLE_CHOICE && v.has_min() && v.min() > q.choices_size())
        return invalid(where + " needs at least " + formatNumber(v.min()) +
                       " choices picked but has only " + std::to_string(q.choices_size()));
    if (!v.pattern().empty()) {
        if (!isTextType(q.type()))
            return invalid(where + " has a pattern, but only text questions can have one");
        try {
            std::regex re(v.pattern(), std::regex::ECMAScript);
        } catch (const std::regex_error &) {
            return invalid(where +
                           " has a pattern that is not a valid regular expression: " + v.pattern());
        }
        // A pattern failure is meaningless to an officer without words saying what to type.
        if (v.message().empty())
            return invalid(where + " has a pattern but no message to show when it does not match");
    }
    return {};
}

Status checkQuestion(v1::FormKind kind, const std::string &where, const v1::Question &q)
{
    if (q.label().empty())
        return invalid(where + " has no label");
    if (!v1::QuestionType_IsValid(q.type()) || q.type() == v1::QUESTION_TYPE_UNSPECIFIED)
        return invalid(where + " has an unknown question type (" + std::to_string(q.type()) + ")");
    if (isChoiceType(q.type()) && q.choices().empty())
        return invalid(where + " is a choice question with no choices");
    if (!isChoiceType(q.type()) && !q.choices().empty())
        return invalid(where + " has choices, but only single and multiple choice questions can "
                               "have them");
    IdSet values;
    for (const v1::Choice &choice : q.choices()) {
        if (!isLowerSnakeCase(choice.value()))
            return invalid(where + " has a choice value " + quoted(choice.value()) +
                           " that is not lower_snake_case");
        if (!values.insert(choice.value()).second)
            return invalid(where + " has the choice value " + quoted(choice.value()) + " twice");
        if (choice.label().empty())
            return invalid(where + " has a choice " + quoted(choice.value()) + " with no label");
    }
    const bool isItem = q.type() == v1::QUESTION_TYPE_CHECKLIST_ITEM;
    if (isItem && kind != v1::FORM_KIND_CHECKLIST)
        return invalid(where + " is a checklist item, but checklist items belong only in "
                               "checklists (FORM_KIND_CHECKLIST)");
    if (!isItem && kind == v1::FORM_KIND_CHECKLIST)
        return invalid(where + " is not a checklist item, but every question in a checklist "
                               "must be one");
    if (isItem && q.area().empty())
        return invalid(where + " is a checklist item with no area");
    if (!q.area().empty() && !isItem)
        return invalid(where + " has an area, but only checklist items have one");
    if (!q.area().empty() && !isLowerSnakeCase(q.area()))
        return invalid(where + " has the area " + quoted(q.area()) +
                       ", which is not lower_snake_case");
    if (!q.partner().empty() && !isItem)
        return invalid(where + " has a partner, but only checklist items have one");
    if (!q.partner().empty() && !isKnownPartner(q.partner()))
        return invalid(where + " names the partner " + quoted(q.partner()) +
                       ", which is not a Partner in casework.proto (lower snake case, no "
                       "PARTNER_ prefix)");
    // A yes is unambiguous; what "ticking" a text or choice question would mean is not.
    if (q.escalates_to_safeguarding() && q.type() != v1::QUESTION_TYPE_YES_NO)
        return invalid(where + " escalates to safeguarding, but only yes/no questions can");
    return checkValidation(where, q);
}

} // namespace

Status checkFormDefinition(const v1::FormDefinition &form)
{
    if (form.id().empty())
        return invalid("A form has an empty id");
    const std::string where = "Form " + quoted(form.id());
    if (!isLowerSnakeCase(form.id()))
        return invalid(where + ": the id must be lower_snake_case, like visit_assessment");
    if (form.title().empty())
        return invalid(where + " has no title");
    if (form.version() < 1)
        return invalid(where + " has version " + std::to_string(form.version()) +
                       ": versions start at 1");
    if (form.kind() != v1::FORM_KIND_FORM && form.kind() != v1::FORM_KIND_CHECKLIST)
        return invalid(where + " has an unknown kind (" + std::to_string(form.kind()) +
                       "): use FORM_KIND_FORM or FORM_KIND_CHECKLIST");
    if (form.sections().empty())
        return invalid(where + " has no sections");

    IdSet allIds; // every question id, so a forward reference reads as "later", not "unknown"
    for (const v1::Section &section : form.sections())
        for (const v1::Question &q : section.questions())
            allIds.insert(q.id());

    IdSet sectionIds;
    IdSet earlier; // question ids defined so far, in form order
    for (const v1::Section &section : form.sections()) {
        if (section.id().empty())
            return invalid(where + " has a section with an empty id");
        const std::string inSection = where + ", section " + quoted(section.id());
        if (!isLowerSnakeCase(section.id()))
            return invalid(inSection + ": the id must be lower_snake_case");
        if (!sectionIds.insert(section.id()).second)
            return invalid(where + " has two sections with the id " + quoted(section.id()));
        if (section.title().empty())
            return invalid(inSection + " has no title");
        if (section.questions().empty())
            return invalid(inSection + " has no questions");
        if (!section.relevant_if().empty()) {
            if (auto problem = expressionProblem(section.relevant_if(), {}, earlier, allIds))
                return invalid(inSection + ": its skip logic " + quoted(section.relevant_if()) +
                               " " + *problem);
        }
        for (const v1::Question &q : section.questions()) {
            if (q.id().empty())
                return invalid(inSection + " has a question with an empty id");
            const std::string question = where + ": question " + quoted(q.id());
            if (!isLowerSnakeCase(q.id()))
                return invalid(question + ": the id must be lower_snake_case, like hearing_loss");
            if (earlier.contains(q.id()))
                return invalid(where + " has two questions with the id " + quoted(q.id()));
            if (auto status = checkQuestion(form.kind(), question, q); !status)
                return status;
            if (!q.relevant_if().empty()) {
                if (auto problem = expressionProblem(q.relevant_if(), q.id(), earlier, allIds))
                    return invalid(question + ": its skip logic " + quoted(q.relevant_if()) + " " +
                                   *problem);
            }
            earlier.insert(q.id());
        }
    }

    IdSet summaryIds;
    for (const v1::ComputedSummary &summary : form.summaries()) {
        const std::string inSummary = where + ": summary " + quoted(summary.id());
        if (!isLowerSnakeCase(summary.id()))
            return invalid(inSummary + ": the id must be lower_snake_case");
        // Summaries and answers are looked up by id side by side, so they share one namespace.
        if (allIds.contains(summary.id()) || !summaryIds.insert(summary.id()).second)
            return invalid(inSummary + ": the id is already used in this form");
        if (summary.label().empty())
            return invalid(inSummary + " has no label");
        if (summary.expression().empty())
            return invalid(inSummary + " has no expression");
        // Summaries are computed once every answer is in, so any question may be used.
        if (auto problem = expressionProblem(summary.expression(), {}, allIds, allIds))
            return invalid(inSummary + ": its expression " + quoted(summary.expression()) + " " +
                           *problem);
    }
    return {};
}

std::span<const std::string_view> formContextVariables()
{
    return kContextVariables;
}

} // namespace doorstep
