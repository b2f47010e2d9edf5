// Lone working during a visit: the timer to the check-out deadline, "I'm safe", and the alert
// raised when the officer does not check out in time.

#include "models/visitflow.h"

#include "doorstep/v1/sync.pb.h"
#include "models/appcontroller.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "sync/loneworkeralert.h"

namespace doorstep::mobile {

void VisitFlow::refreshVisit()
{
    if (!m_app || !m_app->store() || m_visitId.isEmpty() || !m_ready) {
        return;
    }
    m_app->store()->then(m_app->store()->flowContext(m_visitId), this, [this](const QVariant &v) {
        const QVariantMap c = v.toMap();
        const QByteArray visit = c.value("visit").toByteArray();
        v1::Visit latest;
        if (c.isEmpty() || !latest.ParseFromArray(visit.constData(), int(visit.size()))) {
            return;
        }
        // Only the alert comes from the server's copy: the visit's progress on this tablet
        // may be ahead of it.
        *m_visit.mutable_alert() = latest.alert();
        m_names = c.value("userNames").toMap();
        emit changed();
    });
}

QString VisitFlow::otherVisitId() const
{
    const LoneWorkerGuard *guard = m_app ? m_app->loneWorker() : nullptr;
    return guard && guard->active() && guard->visitId() != m_visitId ? guard->visitId() : QString();
}

QString VisitFlow::otherCaseNumber() const
{
    return otherVisitId().isEmpty() ? QString() : m_app->loneWorker()->caseNumber();
}

VisitFlow::AlertState VisitFlow::alertState() const
{
    const v1::VisitAlert &a = m_visit.alert();
    const bool serverHasIt =
        !a.event_id().empty() && (m_alertEventId.empty() || a.event_id() == m_alertEventId);
    if (!serverHasIt) {
        return m_alertEventId.empty() ? NoAlert : Queued;
    }
    if (a.has_closed_at()) {
        return Closed;
    }
    return a.has_acknowledged_at() ? Acknowledged : Received;
}

QString VisitFlow::alertStatus() const
{
    const v1::VisitAlert &a = m_visit.alert();
    const CouncilClock *clock = m_app ? &m_app->councilClock() : nullptr;
    const auto at = [&](const google::protobuf::Timestamp &t) {
        return clock ? clock->format(unixMs(t), QStringLiteral("HH:mm")) : QString();
    };
    const auto name = [&](const std::string &id) {
        const QString n = m_names.value(qs(id)).toString();
        return n.isEmpty() ? tr("a coordinator") : n;
    };
    switch (alertState()) {
    case NoAlert:
        return {};
    case Queued:
        return tr("Alert not sent yet: no signal. It goes first as soon as there is.");
    case Received:
        return tr("Alert received by the office at %1. Waiting for a coordinator.")
            .arg(at(a.received_at()));
    case Acknowledged:
        if (a.resolution() == v1::ALERT_RESOLUTION_ESCALATED) {
            return tr("%1 acknowledged your alert at %2 and escalated it to %3.")
                .arg(name(a.acknowledged_by_user_id()), at(a.acknowledged_at()),
                     qs(a.escalated_to()));
        }
        return tr("%1 acknowledged your alert at %2.")
            .arg(name(a.acknowledged_by_user_id()), at(a.acknowledged_at()));
    case Closed:
        return tr("%1 closed your alert at %2: officer safe.")
            .arg(name(a.closed_by_user_id()), at(a.closed_at()));
    }
    return {};
}

void VisitFlow::imSafe(int minutes)
{
    if (!m_draft.has_lone_worker_deadline() || m_step == Done) {
        return;
    }
    *m_draft.mutable_lone_worker_deadline() =
        timestampOf(m_app->nowMs() + qint64(minutes) * 60 * 1000);
    m_draft.set_overdue_recorded(false);
    save();
    record({transition(v1::VISIT_STATUS_IN_PROGRESS, true)}, [this] {
        m_visit.set_status(v1::VISIT_STATUS_IN_PROGRESS);
        emit changed();
        emit tick();
    });
}

void VisitFlow::raiseAlert()
{
    // One alert at a time: a second press while it is open sends nothing more.
    const AlertState state = alertState();
    if (!m_app || m_caseId.isEmpty() || (state != NoAlert && state != Closed)) {
        return;
    }
    const v1::Mutation m =
        loneWorkerAlert({m_caseId.toStdString(), m_visitId.toStdString(), m_userId.toStdString(),
                         m_deviceId.toStdString(), m_visit.status()},
                        m_app->nowMs(), m_app->positions()->current(m_app->nowMs()));
    m_alertEventId = m.append_case_event().id();
    record({QByteArray::fromStdString(m.SerializeAsString())}, [this] {
        emit changed();
        // At once, not at the next periodic sync: the outbox sends the alert first.
        m_app->syncNow();
    });
}

QDateTime VisitFlow::deadline() const
{
    return m_draft.has_lone_worker_deadline()
               ? QDateTime::fromMSecsSinceEpoch(unixMs(m_draft.lone_worker_deadline()))
               : QDateTime();
}

int VisitFlow::secondsLeft() const
{
    if (!m_draft.has_lone_worker_deadline() || !m_app) {
        return 0;
    }
    return int((unixMs(m_draft.lone_worker_deadline()) - m_app->nowMs()) / 1000);
}

bool VisitFlow::overdue() const
{
    return m_draft.has_lone_worker_deadline() && m_step != Done && secondsLeft() <= 0;
}

void VisitFlow::onTick()
{
    emit tick();
    if (overdue() && !m_draft.overdue_recorded()) {
        // Recorded once, and synced as soon as there is signal, so coordinators see it.
        m_draft.set_overdue_recorded(true);
        save();
        record({transition(v1::VISIT_STATUS_OVERDUE, false)},
               [this] { m_visit.set_status(v1::VISIT_STATUS_OVERDUE); });
    }
}

} // namespace doorstep::mobile
