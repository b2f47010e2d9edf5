// The bridge from a visit's form session to the question pages: one question at a time, answers
// in the UI's terms, check answers and the checklist.

#include "models/visitflow.h"

#include "forms/expression.h"
#include "forms/visitresults.h"
#include "models/appcontroller.h"
#include "store/qtext.h"
#include "store/wording.h"

#include <QJSValue>

namespace doorstep::mobile {

namespace {

QString typeName(v1::QuestionType type)
{
    switch (type) {
    case v1::QUESTION_TYPE_TEXT:
        return QStringLiteral("text");
    case v1::QUESTION_TYPE_LONG_TEXT:
        return QStringLiteral("long_text");
    case v1::QUESTION_TYPE_NUMBER:
        return QStringLiteral("number");
    case v1::QUESTION_TYPE_DATE:
        return QStringLiteral("date");
    case v1::QUESTION_TYPE_SINGLE_CHOICE:
        return QStringLiteral("single_choice");
    case v1::QUESTION_TYPE_MULTIPLE_CHOICE:
        return QStringLiteral("multiple_choice");
    case v1::QUESTION_TYPE_YES_NO:
        return QStringLiteral("yes_no");
    case v1::QUESTION_TYPE_CHECKLIST_ITEM:
        return QStringLiteral("checklist_item");
    case v1::QUESTION_TYPE_SIGNATURE:
        return QStringLiteral("signature");
    case v1::QUESTION_TYPE_PHOTO_REFERENCE:
        return QStringLiteral("photo");
    case v1::QUESTION_TYPE_CONSENT:
        return QStringLiteral("consent");
    default:
        return QStringLiteral("unknown");
    }
}

// The answer as the screen shows it: see VisitFlow::answer for the shapes.
QVariant uiValue(const v1::Answer *a)
{
    if (!a) {
        return {};
    }
    switch (a->value_case()) {
    case v1::Answer::kText:
        return qs(a->text());
    case v1::Answer::kNumber:
        return QString::number(a->number());
    case v1::Answer::kDate:
        return qs(a->date());
    case v1::Answer::kChoice:
        return qs(a->choice());
    case v1::Answer::kChoices: {
        QStringList out;
        for (const auto &v : a->choices().values()) {
            out << qs(v);
        }
        return out;
    }
    case v1::Answer::kYesNo:
        return a->yes_no() ? QStringLiteral("yes") : QStringLiteral("no");
    case v1::Answer::kConsentGiven:
        return a->consent_given() ? QStringLiteral("yes") : QStringLiteral("no");
    case v1::Answer::kChecklistState: {
        const int s = a->checklist_state();
        const auto names = forms::checklistStateNames();
        return s > 0 && s <= int(names.size()) ? QString::fromUtf8(names[s - 1]) : QString();
    }
    case v1::Answer::kBlobRef:
        return qs(a->blob_ref());
    case v1::Answer::VALUE_NOT_SET:
        break;
    }
    return {};
}

bool truthy(const QVariant &v)
{
    if (v.typeId() == QMetaType::Bool) {
        return v.toBool();
    }
    const QString s = v.toString().toLower();
    return s == QLatin1String("yes") || s == QLatin1String("true");
}

} // namespace

void VisitFlow::answer(const QVariant &given, const QString &questionId)
{
    // A JavaScript array can arrive still wrapped as a QJSValue.
    const QVariant value =
        given.typeId() == qMetaTypeId<QJSValue>() ? given.value<QJSValue>().toVariant() : given;
    if (!m_session) {
        return;
    }
    const v1::Question *q = questionId.isEmpty()
                                ? m_session->current()
                                : m_session->form().question(questionId.toStdString());
    if (!q) {
        return;
    }
    v1::Answer a;
    a.set_question_id(q->id());
    const QString text = value.toString();
    // QML hands a JavaScript array over as a QVariantList, C++ callers a QStringList.
    const bool isList =
        value.typeId() == QMetaType::QStringList || value.typeId() == QMetaType::QVariantList;
    const bool empty = !value.isValid() ||
                       (isList ? value.toStringList().isEmpty()
                               : value.typeId() != QMetaType::Bool && text.trimmed().isEmpty());
    if (!empty) {
        switch (q->type()) {
        case v1::QUESTION_TYPE_TEXT:
        case v1::QUESTION_TYPE_LONG_TEXT:
            a.set_text(text.toStdString());
            break;
        case v1::QUESTION_TYPE_NUMBER: {
            bool ok = false;
            const double n = text.trimmed().toDouble(&ok);
            if (!ok) {
                m_problems = {tr("Enter a number, like 3")};
                emit changed();
                return;
            }
            a.set_number(n);
            break;
        }
        case v1::QUESTION_TYPE_DATE:
            a.set_date(text.trimmed().toStdString());
            break;
        case v1::QUESTION_TYPE_SINGLE_CHOICE:
            a.set_choice(text.toStdString());
            break;
        case v1::QUESTION_TYPE_MULTIPLE_CHOICE:
            for (const QString &c : value.toStringList()) {
                a.mutable_choices()->add_values(c.toStdString());
            }
            break;
        case v1::QUESTION_TYPE_YES_NO:
            a.set_yes_no(truthy(value));
            break;
        case v1::QUESTION_TYPE_CONSENT:
            a.set_consent_given(truthy(value));
            break;
        case v1::QUESTION_TYPE_CHECKLIST_ITEM:
            for (std::size_t s = 0; s < forms::checklistStateNames().size(); ++s) {
                if (text.toStdString() == forms::checklistStateNames()[s]) {
                    a.set_checklist_state(static_cast<v1::ChecklistItemState>(s + 1));
                }
            }
            break;
        case v1::QUESTION_TYPE_SIGNATURE:
        case v1::QUESTION_TYPE_PHOTO_REFERENCE:
            a.set_blob_ref(text.toStdString());
            break;
        default:
            break;
        }
    }
    m_problems.clear();
    for (const auto &v : m_session->answer(a)) {
        m_problems << qs(v.message);
    }
    if (isChecklist()) {
        m_problems.clear(); // shown when the checklist is finished, not while ticking
    }
    save();
    emit changed();
}

void VisitFlow::answerSignature(const QString &strokes)
{
    if (!m_session || !m_app || strokes.isEmpty()) {
        return;
    }
    const QString ref = QStringLiteral("signature:") + QString::fromStdString(newId());
    m_app->store()->saveDraft(
        QVariantMap{{"id", ref}, {"visitId", m_visitId}, {"body", strokes.toUtf8()}});
    answer(ref);
}

void VisitFlow::next()
{
    if (!m_session) {
        return;
    }
    m_problems.clear();
    for (const auto &v : m_session->next()) {
        m_problems << qs(v.message);
    }
    save();
    emit changed();
}

void VisitFlow::back()
{
    if (m_session && m_session->back()) {
        m_problems.clear();
        save();
        emit changed();
    }
}

void VisitFlow::goTo(const QString &questionId)
{
    if (m_session && m_session->goTo(questionId.toStdString())) {
        m_problems.clear();
        save();
        emit changed();
    }
}

void VisitFlow::finishForm()
{
    if (!m_session) {
        return;
    }
    auto submission = m_session->finish(newId(), m_userId.toStdString(), m_app->nowMs());
    if (!submission) {
        m_problems = QString::fromStdString(submission.error().message).split('\n');
        emit changed();
        return;
    }
    *m_draft.add_finished() = *submission;
    startStep(static_cast<Step>(m_step + 1));
}

QString VisitFlow::formTitle() const
{
    return m_session ? qs(m_session->form().definition().title()) : QString();
}

bool VisitFlow::isChecklist() const
{
    return m_session && m_session->form().definition().kind() == v1::FORM_KIND_CHECKLIST;
}

bool VisitFlow::atCheckAnswers() const
{
    return m_session && m_session->atCheckAnswers();
}

QVariantMap VisitFlow::question() const
{
    const v1::Question *q = m_session ? m_session->current() : nullptr;
    if (!q) {
        return {};
    }
    QVariantList choices;
    for (const auto &c : q->choices()) {
        choices.append(QVariantMap{{"value", qs(c.value())}, {"label", qs(c.label())}});
    }
    return {{"id", qs(q->id())},
            {"type", typeName(q->type())},
            {"label", qs(q->label())},
            {"hint", qs(q->hint())},
            {"required", q->validation().required()},
            {"choices", choices},
            {"answer", uiValue(m_session->answerTo(q->id()))}};
}

QVariantList VisitFlow::checkAnswers() const
{
    QVariantList out;
    if (!m_session || !m_session->atCheckAnswers()) {
        return out;
    }
    for (const auto &row : m_session->checkAnswers()) {
        QStringList problems;
        for (const auto &p : row.problems) {
            problems << qs(p);
        }
        out.append(QVariantMap{{"questionId", qs(row.questionId)},
                               {"label", qs(row.label)},
                               {"answer", qs(row.answer)},
                               {"problems", problems}});
    }
    return out;
}

QVariantList VisitFlow::checklistItems() const
{
    QVariantList out;
    if (!isChecklist()) {
        return out;
    }
    const auto &def = m_session->form().definition();
    for (const auto &section : def.sections()) {
        for (const auto &q : section.questions()) {
            if (!m_session->relevant(q.id())) {
                continue;
            }
            // "Referred" says to whom: the partner the referral goes to, when there is one.
            const v1::Partner partner = forms::partnerOf(q.partner());
            out.append(QVariantMap{{"id", qs(q.id())},
                                   {"label", qs(q.label())},
                                   {"hint", qs(q.hint())},
                                   {"section", qs(section.title())},
                                   {"partner", partner == v1::PARTNER_UNSPECIFIED
                                                   ? QString()
                                                   : wording::partner(partner)},
                                   {"state", uiValue(m_session->answerTo(q.id()))}});
        }
    }
    return out;
}

} // namespace doorstep::mobile
