// MutationApplier, continued: lone-working alerts. An officer's LONE_WORKER_ALERT event puts
// the visit into ALERT and queues the coordinators' email and texts in the same transaction;
// a coordinator's acknowledgement records who and when, and "officer safe" closes it.

#include "environment/timestamps.h"
#include "notify/alerts.h"
#include "sync/mutationapplier.h"
#include "sync/visitstatemachine.h"

namespace doorstep::server {

Status MutationApplier::raiseAlert(const v1::CaseEvent &event)
{
    auto rec = m_session.getRecord(v1::RECORD_TYPE_VISIT, event.visit().visit_id());
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value() || (*rec)->visit().case_id() != event.case_id()) {
        return {}; // checked before: an alert names a visit of its case
    }
    v1::Visit visit = (*rec)->visit();
    const bool open = visit.has_alert() && !visit.alert().has_closed_at();
    v1::VisitAlert alert;
    alert.set_event_id(event.id());
    *alert.mutable_raised_at() = event.occurred_at();
    *alert.mutable_position() = event.visit().position();
    *alert.mutable_received_at() = fromMs(m_now);
    // A second alert while one is open keeps the visit's own progress from the first.
    alert.set_status_before(open ? visit.alert().status_before() : visit.status());
    *visit.mutable_alert() = alert;
    if (!VisitStateMachine::isFinal(visit.status())) {
        visit.set_status(v1::VISIT_STATUS_ALERT);
    }
    visit.set_version(visit.version() + 1);
    v1::Record out;
    *out.mutable_visit() = visit;
    if (auto put = m_session.putRecord(out, m_now); !put) {
        return put.error();
    }
    return AlertMessages::queueRaised(m_session, m_ids, visit, m_now);
}

Status MutationApplier::answerAlert(const v1::CaseEvent &event)
{
    const v1::OverdueAcknowledgement &ack = event.overdue_acknowledgement();
    auto rec = m_session.getRecord(v1::RECORD_TYPE_VISIT, ack.visit_id());
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value() || !(*rec)->visit().has_alert() ||
        (*rec)->visit().alert().has_closed_at()) {
        return {}; // an overdue visit's acknowledgement: the event is the whole record
    }
    v1::Visit visit = (*rec)->visit();
    v1::VisitAlert &alert = *visit.mutable_alert();
    if (!alert.has_acknowledged_at()) {
        *alert.mutable_acknowledged_at() = event.occurred_at();
        alert.set_acknowledged_by_user_id(m_principal.user.id());
    }
    const v1::AlertResolution resolution = ack.resolution() == v1::ALERT_RESOLUTION_UNSPECIFIED
                                               ? v1::ALERT_RESOLUTION_ACKNOWLEDGED
                                               : ack.resolution();
    alert.set_resolution(resolution);
    if (resolution == v1::ALERT_RESOLUTION_ESCALATED) {
        alert.set_escalated_to(ack.escalated_to());
    }
    if (resolution == v1::ALERT_RESOLUTION_OFFICER_SAFE) {
        *alert.mutable_closed_at() = event.occurred_at();
        alert.set_closed_by_user_id(m_principal.user.id());
        if (visit.status() == v1::VISIT_STATUS_ALERT) {
            visit.set_status(alert.status_before());
        }
    }
    visit.set_version(visit.version() + 1);
    v1::Record out;
    *out.mutable_visit() = visit;
    if (auto put = m_session.putRecord(out, m_now); !put) {
        return put.error();
    }
    return {};
}

} // namespace doorstep::server
