#include "sync/loneworkeralert.h"

#include "store/prototime.h"

#include <QUuid>

namespace doorstep::mobile {

namespace {

std::string newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

} // namespace

v1::Mutation loneWorkerAlert(const AlertSource &from, std::int64_t nowMs,
                             const v1::GeoPosition &where)
{
    v1::Mutation m;
    m.set_mutation_id(newId());
    v1::CaseEvent *e = m.mutable_append_case_event();
    e->set_id(newId());
    e->set_case_id(from.caseId);
    e->set_kind(v1::CASE_EVENT_KIND_LONE_WORKER_ALERT);
    e->set_actor_user_id(from.userId);
    e->set_device_id(from.deviceId);
    *e->mutable_occurred_at() = timestampOf(nowMs);
    e->mutable_visit()->set_visit_id(from.visitId);
    e->mutable_visit()->set_from_status(from.status);
    e->mutable_visit()->set_to_status(from.status);
    *e->mutable_visit()->mutable_position() = where;
    return m;
}

} // namespace doorstep::mobile
