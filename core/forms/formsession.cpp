#include "forms/formsession.h"

#include <algorithm>

namespace doorstep::forms {

namespace {

std::string displayAnswer(const v1::Question &q, const v1::Answer &a)
{
    const auto label = [&](const std::string &value) {
        for (const v1::Choice &c : q.choices()) {
            if (c.value() == value) {
                return c.label();
            }
        }
        return value;
    };
    switch (a.value_case()) {
    case v1::Answer::kText:
        return a.text();
    case v1::Answer::kNumber:
        return Value::number(a.number()).display();
    case v1::Answer::kDate:
        return a.date();
    case v1::Answer::kChoice:
        return label(a.choice());
    case v1::Answer::kChoices: {
        std::string out;
        for (const std::string &c : a.choices().values()) {
            out += (out.empty() ? "" : ", ") + label(c);
        }
        return out;
    }
    case v1::Answer::kYesNo:
        return a.yes_no() ? "Yes" : "No";
    case v1::Answer::kChecklistState:
        switch (a.checklist_state()) {
        case v1::CHECKLIST_ITEM_STATE_DISCUSSED:
            return "Discussed";
        case v1::CHECKLIST_ITEM_STATE_REFERRED:
            return "Referred";
        case v1::CHECKLIST_ITEM_STATE_DECLINED:
            return "Declined";
        case v1::CHECKLIST_ITEM_STATE_NOT_RELEVANT:
            return "Not relevant";
        default:
            return {};
        }
    case v1::Answer::kBlobRef:
        return q.type() == v1::QUESTION_TYPE_SIGNATURE ? "Signed" : "Photo taken";
    case v1::Answer::kConsentGiven:
        return a.consent_given() ? "Consent given" : "Consent refused";
    case v1::Answer::VALUE_NOT_SET:
        break;
    }
    return {};
}

// Where a question is in the whole form, whatever applies.
std::ptrdiff_t position(const CompiledForm &form, const v1::Question *q)
{
    const auto &all = form.questions();
    return std::find(all.begin(), all.end(), q) - all.begin();
}

} // namespace

FormSession::FormSession(std::shared_ptr<const CompiledForm> form, FormContext context,
                         std::string caseId, std::string visitId)
    : m_form(std::move(form)), m_context(std::move(context)), m_caseId(std::move(caseId)),
      m_visitId(std::move(visitId))
{
    const auto pages = applicable();
    m_current = pages.empty() ? std::string() : pages.front()->id();
}

Result<FormSession> FormSession::restore(const FormRegistry &registry, const v1::FormDraft &draft,
                                         FormContext context)
{
    const v1::FormSubmission &s = draft.submission();
    auto form = registry.find(s.form_id(), s.form_version());
    if (!form) {
        return Error{v1::ERROR_CODE_NOT_FOUND,
                     "This draft was started on form \"" + s.form_id() + "\" version " +
                         std::to_string(s.form_version()) +
                         ", which is not on this device: sync, then open it again"};
    }
    FormSession session(form, std::move(context), s.case_id(), s.visit_id());
    for (const v1::Answer &a : s.answers()) {
        if (form->question(a.question_id())) {
            session.m_answers[a.question_id()] = a;
        }
    }
    if (draft.at_check_answers()) {
        session.m_current.clear();
    } else if (form->question(draft.current_question_id()) &&
               session.relevant(draft.current_question_id())) {
        session.m_current = draft.current_question_id();
    } else {
        const auto pages = session.applicable();
        session.m_current = pages.empty() ? std::string() : pages.front()->id();
    }
    return session;
}

v1::FormDraft FormSession::draft() const
{
    v1::FormDraft d;
    v1::FormSubmission &s = *d.mutable_submission();
    s.set_form_id(m_form->id());
    s.set_form_version(m_form->version());
    s.set_case_id(m_caseId);
    s.set_visit_id(m_visitId);
    // In form order, so a draft's bytes depend only on its content.
    for (const v1::Question *q : m_form->questions()) {
        if (auto a = m_answers.find(q->id()); a != m_answers.end()) {
            *s.add_answers() = a->second;
        }
    }
    d.set_current_question_id(m_current);
    d.set_at_check_answers(m_current.empty());
    return d;
}

std::vector<const v1::Question *> FormSession::applicable() const
{
    const auto relevant = m_form->relevance(m_answers, m_context);
    std::vector<const v1::Question *> out;
    for (const v1::Question *q : m_form->questions()) {
        if (relevant.at(q->id())) {
            out.push_back(q);
        }
    }
    return out;
}

bool FormSession::relevant(std::string_view questionId) const
{
    const auto relevant = m_form->relevance(m_answers, m_context);
    auto it = relevant.find(questionId);
    return it != relevant.end() && it->second;
}

const v1::Question *FormSession::current() const
{
    return m_current.empty() ? nullptr : m_form->question(m_current);
}

int FormSession::page() const
{
    const auto pages = applicable();
    if (m_current.empty()) {
        return static_cast<int>(pages.size()) + 1;
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (pages[i]->id() == m_current) {
            return static_cast<int>(i) + 1;
        }
    }
    return 1;
}

int FormSession::pageCount() const
{
    return static_cast<int>(applicable().size());
}

std::vector<Violation> FormSession::answer(const v1::Answer &answer)
{
    const v1::Question *q = m_form->question(answer.question_id());
    if (!q) {
        return {{answer.question_id(), "There is no such question in this form."}};
    }
    if (answer.value_case() == v1::Answer::VALUE_NOT_SET) {
        m_answers.erase(answer.question_id());
    } else {
        m_answers[answer.question_id()] = answer;
    }
    return m_form->checkAnswer(*q, answerTo(answer.question_id()));
}

const v1::Answer *FormSession::answerTo(std::string_view questionId) const
{
    auto it = m_answers.find(questionId);
    return it == m_answers.end() ? nullptr : &it->second;
}

std::vector<Violation> FormSession::currentProblems() const
{
    const v1::Question *q = current();
    return q ? m_form->checkAnswer(*q, answerTo(q->id())) : std::vector<Violation>();
}

std::vector<Violation> FormSession::next()
{
    if (m_current.empty()) {
        return {};
    }
    if (auto problems = currentProblems(); !problems.empty()) {
        return problems;
    }
    // The answer just given may change which questions follow.
    const auto here = position(*m_form, current());
    m_current.clear();
    for (const v1::Question *q : applicable()) {
        if (position(*m_form, q) > here) {
            m_current = q->id();
            break;
        }
    }
    return {};
}

bool FormSession::back()
{
    const auto pages = applicable();
    if (pages.empty()) {
        return false;
    }
    if (m_current.empty()) {
        m_current = pages.back()->id();
        return true;
    }
    const auto here = position(*m_form, current());
    const v1::Question *previous = nullptr;
    for (const v1::Question *q : pages) {
        if (position(*m_form, q) < here) {
            previous = q;
        }
    }
    if (!previous) {
        return false;
    }
    m_current = previous->id();
    return true;
}

bool FormSession::goTo(std::string_view questionId)
{
    if (!m_form->question(questionId) || !relevant(questionId)) {
        return false;
    }
    m_current = std::string(questionId);
    return true;
}

std::vector<CheckAnswersRow> FormSession::checkAnswers() const
{
    std::vector<CheckAnswersRow> rows;
    for (const v1::Question *q : applicable()) {
        CheckAnswersRow row;
        row.questionId = q->id();
        row.label = q->label();
        const v1::Answer *a = answerTo(q->id());
        row.answer = a ? displayAnswer(*q, *a) : std::string("Not answered");
        for (auto &v : m_form->checkAnswer(*q, a)) {
            row.problems.push_back(std::move(v.message));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<v1::FormSubmission> FormSession::finish(const std::string &submissionId,
                                               const std::string &userId, std::int64_t nowMs) const
{
    v1::FormSubmission s = draft().submission();
    s.clear_answers();
    Answers kept;
    for (const v1::Question *q : applicable()) {
        if (const v1::Answer *a = answerTo(q->id())) {
            *s.add_answers() = *a;
            kept[q->id()] = *a;
        }
    }
    const auto problems = m_form->validate(kept, m_context);
    if (!problems.empty()) {
        std::string message = "Some answers need attention: ";
        for (std::size_t i = 0; i < problems.size(); ++i) {
            message += (i ? "; " : "") + problems[i].questionId + ": " + problems[i].message;
        }
        return Error{v1::ERROR_CODE_VALIDATION_FAILED, message};
    }
    s.set_id(submissionId);
    s.set_submitted_by_user_id(userId);
    s.mutable_submitted_at()->set_seconds(nowMs / 1000);
    s.mutable_submitted_at()->set_nanos(static_cast<int>(nowMs % 1000) * 1000000);
    return s;
}

} // namespace doorstep::forms
