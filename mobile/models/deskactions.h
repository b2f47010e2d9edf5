#pragma once

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <utility>

#include "doorstep/v1/sync.pb.h"

namespace doorstep::mobile {

class AppController;

// What coordinators and ward members do, each recorded on the device first (one local change,
// synced when there is signal) and read back by the DeskModels: triage a referral into a new
// or existing case, book or reassign a visit, acknowledge an overdue visit, record a
// follow-up call, make a referral. Also the KPIs for a period. Every action answers with
// done(ok, message); a refused one says why in plain English and changes nothing.
class DeskActions : public QObject
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(doorstep::mobile::AppController *app READ app WRITE setApp NOTIFY appChanged)
    // The KPI period, [from, to) as dates (UTC days); the last 28 days when not set.
    Q_PROPERTY(QDate kpiFrom READ kpiFrom WRITE setKpiFrom NOTIFY kpisChanged)
    Q_PROPERTY(QDate kpiTo READ kpiTo WRITE setKpiTo NOTIFY kpisChanged)
    Q_PROPERTY(QVariantMap kpis READ kpis NOTIFY kpisChanged)
    // Which period is shown: "7" or "28" (days), "quarter" (the last financial quarter),
    // "year" (the last 12 months) or "period" (two dates typed).
    Q_PROPERTY(QString kpiPreset READ kpiPreset NOTIFY kpisChanged)
    // A name for the KPI file of the period shown: "doorstep-kpis-2026-07-01-to-2026-09-30.csv".
    Q_PROPERTY(QString kpiFileName READ kpiFileName NOTIFY kpisChanged)
    // Whether the KPIs are on screen. They are worked out again after each sync only while
    // they are; otherwise once, when they next come on screen.
    Q_PROPERTY(bool kpisShown READ kpisShown WRITE setKpisShown NOTIFY kpisShownChanged)
    // Officers the coordinator can book, [{id, name}], by name.
    Q_PROPERTY(QVariantList officers READ officers NOTIFY officersChanged)
    // Who a safeguarding concern can be given to: officers and coordinators, [{id, name}].
    // Read with the officers (officersChanged).
    Q_PROPERTY(QVariantList staff READ staff NOTIFY officersChanged)
    // The council's wards, [{id, name}], by name: for filtering the inbox. Read with the
    // officers (officersChanged).
    Q_PROPERTY(QVariantList wards READ wards NOTIFY officersChanged)

public:
    explicit DeskActions(QObject *parent = nullptr);

    AppController *app() const { return m_app; }
    void setApp(AppController *app);
    QDate kpiFrom() const { return m_kpiFrom; }
    void setKpiFrom(const QDate &d);
    QDate kpiTo() const { return m_kpiTo; }
    void setKpiTo(const QDate &d);
    QVariantMap kpis() const { return m_kpis; }
    bool kpisShown() const { return m_kpisShown; }
    void setKpisShown(bool shown);
    Q_INVOKABLE void reloadKpis();
    // A period typed by a person, "2026-09-01" to "2026-11-30", both days included. Returns
    // why it cannot be used, in plain English, or an empty string once the KPIs follow it.
    Q_INVOKABLE QString choosePeriod(const QString &from, const QString &to);
    // The `days` council days up to and including today.
    Q_INVOKABLE void choosePastDays(int days);
    // The last whole financial quarter before today's (April to June, July to September,
    // October to December, January to March).
    Q_INVOKABLE void chooseLastQuarter();
    // The 12 months up to and including today.
    Q_INVOKABLE void chooseLastYear();
    // The financial quarter before the one `today` is in: its first and last days. A council's
    // financial year runs from 1 April to 31 March (Local Government Act 1888, s. 73; the
    // government's quarterly outturn statistics count quarter 1 as April to June).
    static std::pair<QDate, QDate> previousFinancialQuarter(const QDate &today);
    QString kpiPreset() const { return m_kpiPreset; }
    QString kpiFileName() const;
    // Where KPI files go unless a person says otherwise: their Documents folder.
    Q_INVOKABLE QString kpiFolder() const;
    // Saves the KPIs of the period shown as CSV, the same file the server's `export kpis`
    // writes for those days, to `path` (a file path or file: URL; a bare name goes in
    // kpiFolder). done(ok, message) says where it went, or why it did not.
    Q_INVOKABLE void exportKpis(const QString &path);
    // The council's next `count` working days from today: {label ("Mon 7 Dec"), day (QDate)}.
    Q_INVOKABLE QVariantList bookingDays(int count) const;
    // The instant the council's clocks read `minuteOfDay` on `day`.
    Q_INVOKABLE QDateTime councilTime(const QDate &day, int minuteOfDay) const;

    // urgency: v1::Urgency (1 routine, 2 soon, 3 urgent). Opens a new case when linkCaseId is
    // empty, else links the referral to that case.
    Q_INVOKABLE void triage(const QString &referralId, qint64 version, int urgency,
                            const QString &linkCaseId);
    // Declines a referral (for example, outside the service's remit), always with a reason;
    // the referrer is told the reason only with `shareWithReferrer`.
    Q_INVOKABLE void decline(const QString &referralId, qint64 version, const QString &reason,
                             bool shareWithReferrer);
    // Closes a case by hand, with a reason (no visit may be booked or under way).
    Q_INVOKABLE void closeCase(const QString &caseId, const QString &reason);
    // A safeguarding concern (the SAFEGUARDING event `concernId`): give it to a member of
    // staff, record what was done, or close it saying what finished it.
    Q_INVOKABLE void assignConcern(const QString &caseId, const QString &concernId,
                                   const QString &userId);
    Q_INVOKABLE void recordConcernAction(const QString &caseId, const QString &concernId,
                                         const QString &text);
    Q_INVOKABLE void closeConcern(const QString &caseId, const QString &concernId,
                                  const QString &text);
    // A new visit (visitId empty; version 0) or a change to one: officer and time window.
    Q_INVOKABLE void bookVisit(const QString &visitId, qint64 version, const QString &caseId,
                               const QString &officerId, const QDateTime &start, int minutes,
                               const QString &purpose);
    Q_INVOKABLE void acknowledgeOverdue(const QString &visitId, const QString &caseId,
                                        const QString &action);
    // A lone-working alert, or an overdue visit once acknowledged: Acknowledged (in hand),
    // OfficerSafe (closes it) or Escalated (to whom, in `text`). The officer's tablet shows who
    // answered an alert and when.
    enum AlertAnswer { Acknowledged = 1, OfficerSafe = 2, Escalated = 3 };
    Q_ENUM(AlertAnswer)
    Q_INVOKABLE void answerAlert(const QString &visitId, const QString &caseId, int answer,
                                 const QString &text);
    // Logs a contact with the resident, or a note, to the case (its case number): `kind` a
    // v1::ContactKind (phone, text, video call, letter, email, in person), or 0 for a note;
    // `inbound` when the resident (or someone for them) made the contact.
    Q_INVOKABLE void logContact(const QString &caseId, int kind, bool inbound, const QString &text);
    // What came of a call, text or video call the officer made from the case or the visit
    // (contactoptions.h): `kind` a v1::ContactKind, `outcome` a v1::ContactOutcome.
    Q_INVOKABLE void logContactAttempt(const QString &caseId, int kind, int outcome);
    // Asks the server to send the resident the council's video-call link for the case, by
    // text or email through GOV.UK Notify, logged on the case as a video call; sent at once
    // when online, else at the next sync.
    Q_INVOKABLE void sendVideoLink(const QString &caseId, const QString &sentTo);
    // Resolves a conflict the server kept on a resident's field (DeskReader::conflicts):
    // `resolution` is one of the two values as the server wrote them (serverText or
    // deviceText); resolveConflictTyped takes a third value typed for a text field. The
    // server applies it and closes the conflict on every device.
    // `seen` is the kept value the coordinator was shown (serverText): if the field has
    // changed since, the server refuses the resolution.
    Q_INVOKABLE void resolveConflict(const QString &caseId, const QString &residentId,
                                     const QString &field, const QString &seen,
                                     const QString &resolution);
    Q_INVOKABLE void resolveConflictTyped(const QString &caseId, const QString &residentId,
                                          const QString &field, const QString &seen,
                                          const QString &value);
    // What came of a follow-up call: CallResult. `score` 1-5 only with Reached.
    enum CallResult { Reached = 1, NoAnswer = 2, DeclinedSurvey = 3, Unreachable = 4 };
    Q_ENUM(CallResult)
    Q_INVOKABLE void recordFollowUpCall(const QString &visitId, const QString &caseId, int result,
                                        int score, const QString &comments);
    // A ward member's referral form, as typed: givenName, familyName, dobDay, dobMonth,
    // dobYear, addressLine, postcode, phone, concern, immediateRisk ("yes", "no" or ""),
    // hearingLoss, interpreterNeeded, interpreterLanguage, preferredChannel (a
    // v1::ContactChannel, 0 for none), consentedToReferral, consentToShareOutcome.
    // The errors in it, in the form's order, as the GOV.UK error summary lists them:
    // [{field, message}]; empty when it may be sent.
    Q_INVOKABLE QVariantList referralErrors(const QVariantMap &form) const;
    // Saves the referral when referralErrors finds nothing; else done(false, the first error).
    Q_INVOKABLE void makeReferral(const QVariantMap &form);
    QVariantList officers() const { return m_officers; }
    QVariantList staff() const { return m_staff; }
    QVariantList wards() const { return m_wards; }

signals:
    void appChanged();
    void kpisChanged();
    void kpisShownChanged();
    void officersChanged();
    void done(bool ok, const QString &message);

private:
    void record(const v1::Mutation &m, const QString &doneMessage);
    // A reason to decline or close: refused (done(false, why)) when empty, with `missing`, or
    // longer than the server takes.
    bool reasonRefused(const QString &reason, const QString &missing);
    // One step on a safeguarding concern (v1::SafeguardingStep).
    void concernStep(const QString &caseId, const QString &concernId, int step,
                     const QString &assignee, const QString &text, const QString &doneMessage);
    // A mutation appending a new case event of `kind` (a v1::CaseEventKind) to the case, now,
    // by this user.
    v1::Mutation caseEvent(const QString &caseId, int kind) const;
    void loadOfficers();
    std::string newId() const;
    qint64 nowMs() const;

    QPointer<AppController> m_app;
    QDate m_kpiFrom;
    QDate m_kpiTo;
    QVariantMap m_kpis;
    QString m_kpiPreset = QStringLiteral("28");
    bool m_kpisShown = true;
    bool m_kpisStale = false;
    QVariantList m_officers;
    QVariantList m_staff;
    QVariantList m_wards;
};

} // namespace doorstep::mobile
