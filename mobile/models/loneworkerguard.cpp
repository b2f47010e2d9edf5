#include "models/loneworkerguard.h"

#include "models/appcontroller.h"
#include "positioning/positionprovider.h"
#include "store/storehost.h"
#include "sync/loneworkeralert.h"
#include "sync/syncclient.h"

namespace doorstep::mobile {

LoneWorkerGuard::LoneWorkerGuard(AppController &app) : QObject(&app), m_app(app)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &LoneWorkerGuard::tick);
}

void LoneWorkerGuard::refresh()
{
    // Only an officer's tablet has visits of its own: a desk's sync (every 15 s) asks nothing.
    StoreHost *store = m_app.store();
    if (!store || m_app.role() == AppController::Coordinator ||
        m_app.role() == AppController::WardMember) {
        return;
    }
    store->then(store->visitInProgress(), this, [this](const QVariant &v) {
        const QVariantMap visit = v.toMap();
        const QString id = visit.value("visitId").toString();
        const QDateTime deadline = visit.value("loneWorkerDeadline").toDateTime();
        const int status = visit.value("status").toInt();
        if (id == m_visitId && deadline == m_deadline && status == m_status) {
            return;
        }
        m_visitId = id;
        m_caseId = visit.value("caseId").toString();
        m_caseNumber = visit.value("caseNumber").toString();
        m_status = status;
        m_deadline = deadline;
        if (id != m_alertVisitId && m_alert.isEmpty()) {
            m_alertVisitId.clear();
            m_alertEventId.clear();
            m_alertStatus.clear();
        }
        if (active()) {
            m_timer.start();
            // The lock screen's Alert needs the server and this device's credentials.
            m_app.sync()->loadCredentials();
        } else {
            m_timer.stop();
        }
        emit changed();
        emit tick();
    });
}

void LoneWorkerGuard::unlocked()
{
    if (!m_alert.isEmpty()) {
        // Kept in the outbox as well: it survives the app being closed before signal comes.
        // The server takes the same mutation id once.
        m_app.recordChanges({m_alert}, nullptr);
    }
    refresh();
}

QString LoneWorkerGuard::timerText() const
{
    if (!active() || !m_deadline.isValid()) {
        return {};
    }
    const QString at = m_app.councilClock().format(m_deadline, QStringLiteral("HH:mm"));
    const qint64 left = m_deadline.toMSecsSinceEpoch() - m_app.nowMs();
    if (left <= 0) {
        return tr("Overdue since %1").arg(at);
    }
    const qint64 minutes = (left + 59999) / 60000;
    return minutes == 1 ? tr("Check in by %1, 1 minute left").arg(at)
                        : tr("Check in by %1, %2 minutes left").arg(at).arg(minutes);
}

bool LoneWorkerGuard::overdue() const
{
    return active() && m_deadline.isValid() && m_deadline.toMSecsSinceEpoch() <= m_app.nowMs();
}

void LoneWorkerGuard::setAlertStatus(const QString &status)
{
    m_alertStatus = status;
    emit changed();
}

void LoneWorkerGuard::raiseAlert()
{
    // One alert per visit from here: a second press while it is on its way sends nothing.
    if (!active() || m_alertVisitId == m_visitId) {
        return;
    }
    const qint64 now = m_app.nowMs();
    const v1::Mutation m = loneWorkerAlert(
        {m_caseId.toStdString(), m_visitId.toStdString(), m_app.userId().toStdString(),
         m_app.deviceId().toStdString(), v1::VisitStatus(m_status)},
        now, m_app.positions()->current(now));
    m_alertVisitId = m_visitId;
    m_alertEventId = QString::fromStdString(m.append_case_event().id());
    m_alert = QByteArray::fromStdString(m.SerializeAsString());
    SyncClient *sync = m_app.sync();
    disconnect(sync, nullptr, this, nullptr);
    connect(sync, &SyncClient::urgentDelivered, this, [this] {
        m_alert.clear();
        setAlertStatus(
            tr("Alert received by the office at %1. Unlock to see who is answering it.")
                .arg(m_app.councilClock().format(m_app.nowMs(), QStringLiteral("HH:mm"))));
    });
    connect(sync, &SyncClient::urgentWaiting, this, [this](const QString &why) {
        setAlertStatus(tr("Alert not sent yet (%1). It goes the moment there is signal.").arg(why));
    });
    connect(sync, &SyncClient::urgentRefused, this, [this](const QString &why) {
        m_alert.clear();
        setAlertStatus(tr("The server refused the alert (%1). Phone the office.").arg(why));
    });
    setAlertStatus(tr("Sending your alert…"));
    sync->pushUrgent(m_alert);
}

} // namespace doorstep::mobile
