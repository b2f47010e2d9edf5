#pragma once

#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/forms.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "forms/compiledform.h"
#include "forms/formsession.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace doorstep::mobile {

class AppController;

// Why a visit ended without taking place, for NO_ACCESS and CANCELLED.
struct VisitEnding
{
    std::string reason;
    bool cardLeft = false;
    bool rebook = false;
};

// A whole home visit, step by step: check in (with the position or "no fix"), which starts
// the lone-working timer; consent; the signposting checklist; the visit assessment, one
// question per page with "check your answers"; the outcome and onward referrals; the
// safeguarding escalations the answers raise; check out.
//
// Every answer and step is saved at once to a draft inside the encrypted store, so the visit
// can be paused and survives the app being killed. Check-in, "I'm safe", the alert and an
// overdue timer are queued for sync the moment they happen; check-out queues the forms, the
// outcome, partner referrals and escalations together in one transaction.
class VisitFlow : public QObject
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(doorstep::mobile::AppController *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(QString visitId READ visitId WRITE setVisitId NOTIFY visitIdChanged)
    Q_PROPERTY(bool ready READ ready NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
    Q_PROPERTY(Step step READ step NOTIFY changed)
    Q_PROPERTY(QString stepTitle READ stepTitle NOTIFY changed)
    Q_PROPERTY(QString residentName READ residentName NOTIFY changed)
    // What the officer must know on every step, in words: the resident's contact needs
    // (hearing loss, interpreter, preferred channel...), vulnerabilities and address risks,
    // and the case number.
    Q_PROPERTY(QStringList needs READ needs NOTIFY changed)
    Q_PROPERTY(QStringList vulnerabilities READ vulnerabilities NOTIFY changed)
    Q_PROPERTY(QStringList risks READ risks NOTIFY changed)
    Q_PROPERTY(QString caseNumber READ caseNumber NOTIFY changed)
    Q_PROPERTY(QString caseId READ caseId NOTIFY changed)
    Q_PROPERTY(int plannedMinutes READ plannedMinutes WRITE setPlannedMinutes NOTIFY changed)

    // The form on screen.
    Q_PROPERTY(QString formTitle READ formTitle NOTIFY changed)
    Q_PROPERTY(bool isChecklist READ isChecklist NOTIFY changed)
    Q_PROPERTY(bool atCheckAnswers READ atCheckAnswers NOTIFY changed)
    Q_PROPERTY(QVariantMap question READ question NOTIFY changed)
    Q_PROPERTY(QStringList problems READ problems NOTIFY changed)
    Q_PROPERTY(int page READ page NOTIFY changed)
    Q_PROPERTY(int pageCount READ pageCount NOTIFY changed)
    Q_PROPERTY(QVariantList checkAnswers READ checkAnswers NOTIFY changed)
    Q_PROPERTY(QVariantList checklistItems READ checklistItems NOTIFY changed)

    // Safeguarding and lone working.
    Q_PROPERTY(QStringList escalations READ escalations NOTIFY changed)
    Q_PROPERTY(
        QString safeguardingNote READ safeguardingNote WRITE setSafeguardingNote NOTIFY changed)
    Q_PROPERTY(QDateTime deadline READ deadline NOTIFY changed)
    Q_PROPERTY(int secondsLeft READ secondsLeft NOTIFY tick)
    Q_PROPERTY(bool overdue READ overdue NOTIFY tick)
    Q_PROPERTY(QString checkInPosition READ checkInPosition NOTIFY changed)
    // Where the officer's alert has got to, in words, and as a state.
    Q_PROPERTY(AlertState alertState READ alertState NOTIFY changed)
    Q_PROPERTY(QString alertStatus READ alertStatus NOTIFY changed)
    // One visit is in progress at a time: the visit already under way (its id and case
    // number) when it is another one. Check-in waits until the officer checks out of it.
    Q_PROPERTY(QString otherVisitId READ otherVisitId NOTIFY changed)
    // The visit's status on this tablet (v1::VisitStatus's number).
    Q_PROPERTY(int visitStatus READ visitStatus NOTIFY changed)
    Q_PROPERTY(QString otherCaseNumber READ otherCaseNumber NOTIFY changed)

public:
    enum Ending { NoAccess = 6, Cancelled = 7 }; // v1::VisitStatus's numbers
    Q_ENUM(Ending)
    enum Step { CheckIn, Consent, Checklist, Assessment, Outcome, Safeguarding, CheckOut, Done };
    Q_ENUM(Step)
    // NoAlert; Queued: on this tablet, waiting for signal; Received: the server has it;
    // Acknowledged: a named coordinator has it in hand; Closed: "officer safe".
    enum AlertState { NoAlert, Queued, Received, Acknowledged, Closed };
    Q_ENUM(AlertState)

    explicit VisitFlow(QObject *parent = nullptr);

    AppController *app() const { return m_app; }
    void setApp(AppController *app);
    QString visitId() const { return m_visitId; }
    void setVisitId(const QString &id);

    bool ready() const { return m_ready; }
    QString error() const { return m_error; }
    Step step() const { return m_step; }
    QString stepTitle() const;
    QString residentName() const;
    QStringList needs() const;
    QStringList vulnerabilities() const;
    QStringList risks() const;
    QString caseNumber() const { return m_caseNumber; }
    QString caseId() const { return m_caseId; }
    int plannedMinutes() const { return m_plannedMinutes; }
    void setPlannedMinutes(int minutes);

    QString formTitle() const;
    bool isChecklist() const;
    bool atCheckAnswers() const;
    QVariantMap question() const;
    QStringList problems() const { return m_problems; }
    int page() const { return m_session ? m_session->page() : 0; }
    int pageCount() const { return m_session ? m_session->pageCount() : 0; }
    QVariantList checkAnswers() const;
    QVariantList checklistItems() const;

    QStringList escalations() const;
    QString safeguardingNote() const { return QString::fromStdString(m_draft.safeguarding_note()); }
    void setSafeguardingNote(const QString &note);
    QDateTime deadline() const;
    int secondsLeft() const;
    bool overdue() const;
    QString checkInPosition() const { return m_checkInPosition; }
    AlertState alertState() const;
    QString alertStatus() const;
    QString otherVisitId() const;
    int visitStatus() const { return int(m_visit.status()); }
    QString otherCaseNumber() const;

    Q_INVOKABLE void checkIn();
    // Before check-in: the officer has set out ("On my way").
    Q_INVOKABLE void onMyWay();
    // Before check-in: the visit did not take place. `ending` is NoAccess or Cancelled; the
    // reason is required; a card left goes only with NoAccess; `rebook` asks the office to
    // book it again. Logged on the case.
    Q_INVOKABLE void endVisit(int ending, const QString &reason, bool cardLeft, bool rebook);
    // The answer to the question on screen (or to `questionId` on a checklist): a string for
    // text, number, date, single choice and checklist states ("discussed", "referred",
    // "declined", "not_relevant"); a bool for yes/no and consent; a list for multiple choice.
    Q_INVOKABLE void answer(const QVariant &value, const QString &questionId = {});
    // A signature drawn on screen: the strokes are kept inside the encrypted store and the
    // answer refers to them.
    Q_INVOKABLE void answerSignature(const QString &strokes);
    Q_INVOKABLE void next();
    Q_INVOKABLE void back();
    Q_INVOKABLE void goTo(const QString &questionId);
    // Finishes the form on screen (from "check your answers", or the checklist page).
    Q_INVOKABLE void finishForm();
    // From the safeguarding step to check-out.
    Q_INVOKABLE void confirmSafeguarding();
    Q_INVOKABLE void imSafe(int minutes = 30);
    Q_INVOKABLE void raiseAlert();
    Q_INVOKABLE void checkOut();

signals:
    void appChanged();
    void visitIdChanged();
    void changed();
    void tick();
    // Check-out recorded: the visit's results are queued for sync.
    void finished();

private:
    void load();
    // Takes the server's latest copy of the visit after a sync: the alert's progress.
    void refreshVisit();
    void startStep(Step step);
    void startForm(const char *formId);
    void save();
    void onTick();
    forms::FormContext context() const;
    std::string newId() const;
    QByteArray transition(v1::VisitStatus to, bool withDeadline,
                          const VisitEnding &ended = VisitEnding()) const;
    void setError(const QString &message);
    void record(const QList<QByteArray> &mutations, std::function<void()> then);

    QPointer<AppController> m_app;
    QString m_visitId;
    bool m_ready = false;
    QString m_error;
    Step m_step = CheckIn;
    int m_plannedMinutes = 60;

    v1::Visit m_visit;
    std::optional<v1::Resident> m_resident;
    QString m_caseId;
    QString m_caseNumber;
    v1::ReferralSource m_source = v1::REFERRAL_SOURCE_UNSPECIFIED;
    QString m_userId;
    QString m_deviceId;
    forms::FormRegistry m_registry;
    v1::VisitFlowDraft m_draft;
    std::optional<forms::FormSession> m_session;
    QStringList m_problems;
    QString m_checkInPosition;
    // The alert raised on this tablet (its event id) until the server's copy of the visit
    // carries it; names of those who may answer it.
    std::string m_alertEventId;
    QVariantMap m_names;
    QTimer m_timer;
};

} // namespace doorstep::mobile
