#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// The officer's visit under way, kept in memory so that it outlives a lock: the lock screen
// shows its lone-working deadline and time left, and its Alert works without the PIN, as a
// phone's emergency call does. What it holds is ids and a deadline, never the resident or
// the case: the lock screen shows nothing of them. The alert goes straight to the server
// (SyncClient::pushUrgent), since the outbox is inside the locked store; it is also queued
// in the outbox at the next unlock if the server has not taken it by then.
//
// The visit under way is read from the store whenever the records change (check-in,
// check-out, a sync), so it is the one that is still in progress after a restart too.
class LoneWorkerGuard : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS

    Q_PROPERTY(bool active READ active NOTIFY changed)
    Q_PROPERTY(QString visitId READ visitId NOTIFY changed)
    Q_PROPERTY(QString caseNumber READ caseNumber NOTIFY changed)
    // "Check in by 14:30, 12 minutes left" or "Overdue since 14:30"; empty with no timer.
    Q_PROPERTY(QString timerText READ timerText NOTIFY tick)
    Q_PROPERTY(bool overdue READ overdue NOTIFY tick)
    // Where the alert raised from the lock screen has got to; empty when none was.
    Q_PROPERTY(QString alertStatus READ alertStatus NOTIFY changed)

public:
    explicit LoneWorkerGuard(AppController &app);

    bool active() const { return !m_visitId.isEmpty(); }
    QString visitId() const { return m_visitId; }
    QString caseNumber() const { return m_caseNumber; }
    QString timerText() const;
    bool overdue() const;
    QString alertStatus() const { return m_alertStatus; }
    // The event id of the alert raised from the lock screen for this visit, if one was.
    QString alertEventFor(const QString &visitId) const
    {
        return visitId == m_alertVisitId ? m_alertEventId : QString();
    }

    // From the lock screen: sends the alert for the visit under way at once.
    Q_INVOKABLE void raiseAlert();

    // Reads the visit under way from the (open) store.
    void refresh();
    // The store opened: an alert the server has not taken yet goes into the outbox too.
    void unlocked();

signals:
    void changed();
    void tick();

private:
    void setAlertStatus(const QString &status);

    AppController &m_app;
    QString m_visitId;
    QString m_caseId;
    QString m_caseNumber;
    int m_status = 0;
    QDateTime m_deadline;
    QTimer m_timer;

    QString m_alertVisitId;
    QString m_alertEventId;
    QByteArray m_alert; // the mutation, until the server takes it
    QString m_alertStatus;
};

} // namespace doorstep::mobile
