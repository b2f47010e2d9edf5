#include "store/localchanges.h"

#include "store/outbox.h"
#include "store/prototime.h"
#include "store/recordstore.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>

namespace doorstep::mobile {

namespace {

v1::Record wrap(const v1::Resident &r)
{
    v1::Record rec;
    *rec.mutable_resident() = r;
    return rec;
}

Error notHere(const std::string &what, const std::string &id)
{
    return makeError(v1::ERROR_CODE_NOT_FOUND,
                     "The " + what + " " + id + " is not on this device, so it cannot be changed");
}

} // namespace

Status LocalChanges::record(const v1::Mutation &mutation)
{
    return recordAll({mutation});
}

Status LocalChanges::recordAll(const std::vector<v1::Mutation> &mutations)
{
    auto tx = db::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    for (const auto &m : mutations) {
        if (auto s = recordOne(m); !s) {
            return s;
        }
    }
    return tx->commit();
}

Status LocalChanges::recordOne(const v1::Mutation &mutation)
{
    v1::Mutation stamped = mutation;
    if (!stamped.has_created_at()) {
        const std::int64_t now = toUnixMs(m_clock.now());
        *stamped.mutable_created_at() = timestampOf(now);
    }
    const std::int64_t createdAtMs =
        stamped.created_at().seconds() * 1000 + stamped.created_at().nanos() / 1'000'000;
    // The outbox row first: a repeated mutation_id fails here before touching any record.
    if (auto s = Outbox(m_db).enqueue(stamped, createdAtMs); !s) {
        return s;
    }
    return applyLocally(stamped);
}

Status LocalChanges::applyLocally(const v1::Mutation &m)
{
    RecordStore records(m_db);
    v1::Record rec;
    switch (m.op_case()) {
    case v1::Mutation::kAppendCaseEvent:
        if (m.append_case_event().id().empty() || m.append_case_event().case_id().empty()) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "A case event needs an id and case");
        }
        *rec.mutable_case_event() = m.append_case_event();
        if (auto s = records.upsert(rec);
            !s || m.append_case_event().kind() != v1::CASE_EVENT_KIND_CASE_CLOSED) {
            return s;
        }
        return closeCase(m.append_case_event());
    case v1::Mutation::kTransitionVisit:
        return transitionVisit(m.transition_visit());
    case v1::Mutation::kUpdateResident:
        return updateResident(m.update_resident());
    case v1::Mutation::kAssignVisit:
        *rec.mutable_visit() = m.assign_visit().visit();
        return records.upsert(rec);
    case v1::Mutation::kCreateReferral:
        if (m.create_referral().has_new_resident()) {
            if (auto s = records.upsert(wrap(m.create_referral().new_resident())); !s) {
                return s;
            }
        }
        *rec.mutable_referral() = m.create_referral().referral();
        return records.upsert(rec);
    case v1::Mutation::kTriageReferral:
        return triageReferral(m.triage_referral());
    case v1::Mutation::OP_NOT_SET:
        break;
    }
    return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "The change has no operation");
}

Status LocalChanges::transitionVisit(const v1::TransitionVisit &t)
{
    RecordStore records(m_db);
    auto visit = records.visit(t.visit_id());
    if (!visit) {
        return visit.error();
    }
    if (!visit->has_value()) {
        return notHere("visit", t.visit_id());
    }
    v1::Visit &v = **visit;
    v.set_status(t.to_status());
    if (t.to_status() == v1::VISIT_STATUS_IN_PROGRESS && !v.has_checked_in_at()) {
        *v.mutable_checked_in_at() = t.at();
        *v.mutable_check_in_position() = t.position();
    } else if (t.to_status() == v1::VISIT_STATUS_COMPLETED ||
               t.to_status() == v1::VISIT_STATUS_NO_ACCESS ||
               t.to_status() == v1::VISIT_STATUS_CANCELLED) {
        // Final, as the server records it: when and where it ended, and why if it did not
        // take place.
        *v.mutable_checked_out_at() = t.at();
        *v.mutable_check_out_position() = t.position();
        v.set_end_reason(t.reason());
        v.set_card_left(t.card_left());
        v.set_rebook_needed(t.rebook_needed());
    }
    if (t.has_lone_worker_deadline()) {
        *v.mutable_lone_worker_deadline() = t.lone_worker_deadline();
    }
    v1::Record rec;
    *rec.mutable_visit() = v;
    return records.upsert(rec);
}

Status LocalChanges::updateResident(const v1::UpdateResident &u)
{
    RecordStore records(m_db);
    auto resident = records.resident(u.resident_id());
    if (!resident) {
        return resident.error();
    }
    if (!resident->has_value()) {
        return notHere("resident", u.resident_id());
    }
    // Copy only the named fields: clear them on the stored record, then merge a copy of the
    // new values stripped down to those fields.
    v1::Resident &target = **resident;
    v1::Resident values = u.values();
    const auto *descriptor = v1::Resident::descriptor();
    const auto *reflection = v1::Resident::GetReflection();
    std::vector<const google::protobuf::FieldDescriptor *> named;
    for (const std::string &name : u.fields()) {
        const auto *field = descriptor->FindFieldByName(name);
        if (!field || name == "id" || name == "version") {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                             "A resident has no field called " + name + " to change");
        }
        named.push_back(field);
    }
    for (int i = 0; i < descriptor->field_count(); ++i) {
        const auto *field = descriptor->field(i);
        if (std::find(named.begin(), named.end(), field) == named.end()) {
            reflection->ClearField(&values, field);
        } else {
            reflection->ClearField(&target, field);
        }
    }
    target.MergeFrom(values);
    return records.upsert(wrap(target));
}

Status LocalChanges::triageReferral(const v1::TriageReferral &t)
{
    RecordStore records(m_db);
    auto referral = records.referral(t.referral_id());
    if (!referral) {
        return referral.error();
    }
    if (!referral->has_value()) {
        return notHere("referral", t.referral_id());
    }
    v1::Referral &r = **referral;
    if (t.urgency() != v1::URGENCY_UNSPECIFIED) {
        r.set_urgency(t.urgency());
    }
    r.set_status(t.status());
    if (t.status() == v1::REFERRAL_STATUS_DECLINED) {
        r.set_decline_reason(t.reason());
        r.set_decline_reason_shared(t.reason_shared());
    }
    if (!t.case_id().empty()) {
        r.set_case_id(t.case_id());
    }
    v1::Record rec;
    *rec.mutable_referral() = r;
    return records.upsert(rec);
}

Status LocalChanges::closeCase(const v1::CaseEvent &closure)
{
    // As the server will: the case closes with the reason, until the next sync says so too.
    RecordStore records(m_db);
    auto c = records.caseById(closure.case_id());
    if (!c) {
        return c.error();
    }
    if (!c->has_value()) {
        return notHere("case", closure.case_id());
    }
    v1::Record rec;
    v1::Case &closed = *rec.mutable_case_() = **c;
    closed.set_status(v1::CASE_STATUS_CLOSED);
    *closed.mutable_closed_at() = closure.occurred_at();
    closed.set_close_reason(closure.case_closure().reason());
    closed.set_closed_by_user_id(closure.actor_user_id());
    return records.upsert(rec);
}

} // namespace doorstep::mobile
