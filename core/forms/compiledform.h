#pragma once

// A form definition checked and compiled once, when it is loaded: every expression parsed,
// every name resolved. Evaluating relevance, validation and summaries then cannot meet a
// syntax error, so a broken definition is reported against the form at load time and never
// in a resident's home.

#include "doorstep/v1/forms.pb.h"
#include "error/result.h"
#include "forms/expression.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::forms {

// One problem with one answer, in plain English for the officer.
struct Violation
{
    std::string questionId;
    std::string message;
    bool operator==(const Violation &) const = default;
};

// What the app (or server) knows besides the answers: context variables (docs/forms.md) and,
// for forms other than the checklist, how many of this visit's checklist items are in each
// state.
struct FormContext
{
    std::map<std::string, Value, std::less<>> variables;
    std::map<std::string, int, std::less<>> checklistStates;
};

using Answers = std::map<std::string, v1::Answer, std::less<>>;

// The value an answer has in expressions ("yes"/"no", the choice value, a list, ...).
Value answerValue(const v1::Question &question, const v1::Answer &answer);

class CompiledForm
{
public:
    // Checks the definition (checkFormDefinition's structural rules) and parses every
    // expression. Errors name the form, version and the question, section or summary.
    static Result<std::shared_ptr<const CompiledForm>> compile(v1::FormDefinition definition);

    const v1::FormDefinition &definition() const { return m_def; }
    const std::string &id() const { return m_def.id(); }
    int version() const { return m_def.version(); }
    // Every question, in form order.
    const std::vector<const v1::Question *> &questions() const { return m_questions; }
    const v1::Question *question(std::string_view id) const;
    int sectionOf(std::string_view questionId) const;

    // Which questions are asked, given the answers so far. A question is asked only when its
    // section's relevant_if and its own are true; a skipped question has no value, so a
    // question that depends on it is skipped in turn (chained skip logic).
    std::map<std::string, bool, std::less<>> relevance(const Answers &answers,
                                                       const FormContext &context) const;
    // Validation of one answer against its question, whatever the relevance.
    std::vector<Violation> checkAnswer(const v1::Question &question,
                                       const v1::Answer *answer) const;
    // Every problem with a complete set of answers: required questions unanswered, answers
    // out of range or of the wrong kind, answers to questions that are not in the form or
    // were not asked.
    std::vector<Violation> validate(const Answers &answers, const FormContext &context) const;
    // The computed summaries, by id, over the relevant answers.
    std::vector<std::pair<std::string, Value>> summaries(const Answers &answers,
                                                         const FormContext &context) const;

    // Holds pointers into its own definition: shared, never copied.
    CompiledForm(const CompiledForm &) = delete;
    CompiledForm &operator=(const CompiledForm &) = delete;

private:
    CompiledForm() = default;
    class Env;

    v1::FormDefinition m_def;
    std::vector<const v1::Question *> m_questions;
    std::vector<int> m_questionSection;
    std::map<std::string, int, std::less<>> m_index;
    std::vector<Expression> m_questionRelevance;
    std::vector<Expression> m_sectionRelevance;
    std::vector<Expression> m_summaries;
};

// Definitions by (id, version). A submission or draft is always read against the version it
// was started with, so publishing a new version never breaks one in progress.
class FormRegistry
{
public:
    // Compiles and adds a definition. The same (id, version) twice must be identical: a
    // published version is immutable.
    Status add(const v1::FormDefinition &definition);
    std::shared_ptr<const CompiledForm> find(std::string_view id, int version) const;
    // The newest version of a form, for starting new work.
    std::shared_ptr<const CompiledForm> latest(std::string_view id) const;
    std::size_t size() const { return m_forms.size(); }

private:
    std::map<std::pair<std::string, int>, std::shared_ptr<const CompiledForm>> m_forms;
};

// The server's check of a submitted form: the version it names must exist, and its answers
// must pass the same rules the app applied. On failure the error lists the violations.
Status validateSubmission(const FormRegistry &registry, const v1::FormSubmission &submission,
                          const FormContext &context);

} // namespace doorstep::forms
