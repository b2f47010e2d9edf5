#pragma once

// Filling in one form, one question per page, as the officer does it in a resident's home:
// next and back move over the questions that apply given the answers so far, the last page
// is "check your answers", and finishing produces a FormSubmission against the exact version
// the session started with. The whole state saves to a FormDraft after every answer.

#include "forms/compiledform.h"

#include <optional>

namespace doorstep::forms {

struct CheckAnswersRow
{
    std::string questionId;
    std::string label;
    // The answer as the officer reads it: "Yes", the choice's label, "Referred", ...
    std::string answer;
    std::vector<std::string> problems;
};

class FormSession
{
public:
    FormSession(std::shared_ptr<const CompiledForm> form, FormContext context,
                std::string caseId = {}, std::string visitId = {});

    // Resumes a saved draft against the version it was started with, found in `registry`.
    static Result<FormSession> restore(const FormRegistry &registry, const v1::FormDraft &draft,
                                       FormContext context);
    v1::FormDraft draft() const;

    const CompiledForm &form() const { return *m_form; }
    // The question on the current page, or nullptr on "check your answers".
    const v1::Question *current() const;
    bool atCheckAnswers() const { return m_current.empty(); }
    // Page number (1-based) among the questions that apply now, and how many apply.
    int page() const;
    int pageCount() const;

    // Records an answer (question_id names the question), or clears it with VALUE_NOT_SET.
    // Returns the problems with it; it is kept either way, so nothing typed is lost.
    std::vector<Violation> answer(const v1::Answer &answer);
    const v1::Answer *answerTo(std::string_view questionId) const;
    // Problems with the current page's answer, including what to do about a missing one.
    std::vector<Violation> currentProblems() const;

    // Moves to the next question that applies, or to "check your answers". Refused (returns
    // the problems) while the current page's answer is not valid.
    std::vector<Violation> next();
    // Moves to the previous question that applies. False on the first page.
    bool back();
    // From "check your answers": change one answer, then next() walks on from there.
    bool goTo(std::string_view questionId);

    bool relevant(std::string_view questionId) const;
    std::vector<CheckAnswersRow> checkAnswers() const;
    // The submission: only answers to questions that apply, with the form's id and version.
    // Fails with every problem listed when the answers are not complete and valid.
    Result<v1::FormSubmission> finish(const std::string &submissionId, const std::string &userId,
                                      std::int64_t nowMs) const;

private:
    std::vector<const v1::Question *> applicable() const;

    std::shared_ptr<const CompiledForm> m_form;
    FormContext m_context;
    std::string m_caseId;
    std::string m_visitId;
    Answers m_answers;
    std::string m_current; // question id; empty on "check your answers"
};

} // namespace doorstep::forms
