#include "sync/mutationapplier.h"

#include "sync/mutationresults.h"

#include "environment/timestamps.h"
#include "records/eventdetail.h"
#include "sync/formcheck.h"
#include "sync/residentmerge.h"
#include "sync/visitstatemachine.h"

namespace doorstep::server {

using namespace mutation;

namespace {

// The longest reason an officer gives for a visit that did not take place.
constexpr std::size_t kMaxEndReason = 500;
// The longest contact summary or note (the app says the same).
constexpr std::size_t kMaxContactBytes = 2000;

} // namespace

MutationApplier::MutationApplier(StoreSession &session, const Principal &principal,
                                 const Scope &scope, IdSource &ids, std::int64_t nowMs)
    : m_session(session), m_principal(principal), m_scope(scope), m_ids(ids), m_now(nowMs)
{}

Result<v1::MutationResult> MutationApplier::apply(const v1::Mutation &m)
{
    switch (m.op_case()) {
    case v1::Mutation::kAppendCaseEvent:
        return appendCaseEvent(m.append_case_event());
    case v1::Mutation::kUpdateResident:
        return updateResident(m.update_resident());
    case v1::Mutation::kTransitionVisit:
        return transitionVisit(m.transition_visit());
    case v1::Mutation::kAssignVisit:
        return assignVisit(m.assign_visit());
    case v1::Mutation::kCreateReferral:
        return createReferral(m.create_referral());
    case v1::Mutation::kTriageReferral:
        return triageReferral(m.triage_referral());
    case v1::Mutation::OP_NOT_SET:
        break;
    }
    return reject(v1::ERROR_CODE_INVALID_ARGUMENT, "The mutation has no operation");
}

Result<std::int64_t> MutationApplier::addServerEvent(v1::CaseEvent event)
{
    event.set_id(m_ids.newId("evt"));
    // When the device said when it happened (an offline check-in synced hours later), the
    // timeline shows that time; never a time in the future.
    if (!event.has_occurred_at() || toMs(event.occurred_at()) > m_now) {
        *event.mutable_occurred_at() = fromMs(m_now);
    }
    event.set_actor_user_id(m_principal.user.id());
    event.set_device_id(m_principal.device.id());
    v1::Record rec;
    *rec.mutable_case_event() = std::move(event);
    return m_session.putRecord(rec, m_now);
}

Result<v1::MutationResult> MutationApplier::appendCaseEvent(v1::CaseEvent event)
{
    if (m_scope.role() == v1::ROLE_WARD_MEMBER || m_scope.role() == v1::ROLE_ADMIN) {
        return reject(v1::ERROR_CODE_FORBIDDEN, "Only officers and coordinators add case events");
    }
    if (!validId(event.id()) || event.kind() == v1::CASE_EVENT_KIND_UNSPECIFIED) {
        return reject(v1::ERROR_CODE_INVALID_ARGUMENT, "A case event needs an id and a kind");
    }
    if (!m_scope.seesCase(event.case_id())) {
        return outOfScope("case");
    }
    // What an event says is its kind: a detail of another kind would pass one kind's checks
    // and be read as the other (a "note" that closes a case on the timeline).
    if (event.detail_case() != v1::CaseEvent::DETAIL_NOT_SET &&
        event.detail_case() != detailOfKind(event.kind())) {
        return reject(v1::ERROR_CODE_INVALID_ARGUMENT,
                      "A case event's detail does not match its kind");
    }
    // Contacts and notes: a contact says how it was made, and each is bounded.
    if ((event.kind() == v1::CASE_EVENT_KIND_CONTACT &&
         (!event.has_contact() || !v1::ContactKind_IsValid(event.contact().kind()) ||
          event.contact().kind() == v1::CONTACT_KIND_UNSPECIFIED ||
          event.contact().summary().size() > kMaxContactBytes)) ||
        (event.kind() == v1::CASE_EVENT_KIND_NOTE &&
         event.note().text().size() > kMaxContactBytes)) {
        return reject(v1::ERROR_CODE_VALIDATION_FAILED,
                      "A contact says how it was made, and a contact or note is at most 2000 "
                      "bytes");
    }
    // A device never makes a conflict; a coordinator resolves one.
    v1::Resident chosen;
    if (event.kind() == v1::CASE_EVENT_KIND_CONFLICT) {
        auto refusedResolution = checkConflictResolution(event, chosen);
        if (!refusedResolution) {
            return refusedResolution.error();
        }
        if (refusedResolution->has_value()) {
            return **refusedResolution;
        }
    }
    auto refused = checkCoordinatorEvent(event);
    if (!refused) {
        return refused.error();
    }
    if (refused->has_value()) {
        return **refused;
    }
    auto c = m_session.getRecord(v1::RECORD_TYPE_CASE, event.case_id());
    if (!c) {
        return c.error();
    }
    if (!c->has_value()) {
        return outOfScope("case");
    }
    auto existing = m_session.getRecord(v1::RECORD_TYPE_CASE_EVENT, event.id());
    if (!existing) {
        return existing.error();
    }
    if (existing->has_value()) {
        return reject(v1::ERROR_CODE_INVALID_ARGUMENT,
                      "A case event with this id already exists; events are never replaced");
    }
    if (event.has_form_submission()) {
        // A device can never store an invalid form on the server.
        if (auto checked = checkFormSubmission(m_session, event.form_submission(), (*c)->case_());
            !checked) {
            if (checked.error().code != v1::ERROR_CODE_VALIDATION_FAILED) {
                return checked.error();
            }
            return reject(v1::ERROR_CODE_VALIDATION_FAILED, checked.error().message);
        }
        event.mutable_form_submission()->set_case_id(event.case_id());
        event.mutable_form_submission()->set_submitted_by_user_id(m_principal.user.id());
    }
    // Who and which device come from the credential, never from the body.
    event.set_actor_user_id(m_principal.user.id());
    event.set_device_id(m_principal.device.id());
    // A resolution closes what came before it by the server's clock, whatever the desk's.
    if (!event.has_occurred_at() || event.kind() == v1::CASE_EVENT_KIND_CONFLICT) {
        *event.mutable_occurred_at() = fromMs(m_now);
    }
    if (event.kind() == v1::CASE_EVENT_KIND_LONE_WORKER_ALERT) {
        if (!event.has_visit() || event.visit().visit_id().empty()) {
            return reject(v1::ERROR_CODE_VALIDATION_FAILED,
                          "A lone-working alert names the visit it was raised on");
        }
        auto visit = m_session.getRecord(v1::RECORD_TYPE_VISIT, event.visit().visit_id());
        if (!visit) {
            return visit.error();
        }
        if (!visit->has_value() || (*visit)->visit().case_id() != event.case_id()) {
            return reject(v1::ERROR_CODE_VALIDATION_FAILED,
                          "A lone-working alert names a visit of the same case");
        }
    }
    if (event.kind() == v1::CASE_EVENT_KIND_OUTCOME && event.has_outcome() &&
        !event.outcome().follow_up_needed() && (*c)->case_().status() != v1::CASE_STATUS_CLOSED) {
        if (auto closed = closeCase((*c)->case_(), "Outcome recorded"); !closed) {
            return closed.error();
        }
        if (auto n = notifyReferrersOfCase(event.case_id(), &event); !n) {
            return n.error();
        }
    }
    if (event.kind() == v1::CASE_EVENT_KIND_CASE_CLOSED) {
        if (auto closed = closeCase((*c)->case_(), event.case_closure().reason()); !closed) {
            return closed.error();
        }
        if (auto n = notifyReferrersOfCase(event.case_id(), nullptr); !n) {
            return n.error();
        }
    }
    if (event.has_contact() && event.contact().send_video_link()) {
        auto refusedLink = sendVideoLink(event, (*c)->case_());
        if (!refusedLink) {
            return refusedLink.error();
        }
        if (refusedLink->has_value()) {
            return **refusedLink;
        }
    }
    if (event.kind() == v1::CASE_EVENT_KIND_LONE_WORKER_ALERT) {
        if (auto raised = raiseAlert(event); !raised) {
            return raised.error();
        }
    } else if (event.kind() == v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED) {
        if (auto answered = answerAlert(event); !answered) {
            return answered.error();
        }
    } else if (event.kind() == v1::CASE_EVENT_KIND_CONFLICT) {
        if (auto resolved = resolveConflict(event, chosen); !resolved) {
            return resolved.error();
        }
    }
    v1::Record rec;
    *rec.mutable_case_event() = std::move(event);
    auto seq = m_session.putRecord(rec, m_now);
    if (!seq) {
        return seq.error();
    }
    return status(v1::MUTATION_STATUS_APPLIED, *seq);
}

Result<v1::MutationResult> MutationApplier::updateResident(const v1::UpdateResident &op)
{
    if (m_scope.role() != v1::ROLE_OFFICER && m_scope.role() != v1::ROLE_COORDINATOR) {
        return reject(v1::ERROR_CODE_FORBIDDEN, "Only officers and coordinators edit residents");
    }
    if (!m_scope.seesResident(op.resident_id())) {
        return outOfScope("resident");
    }
    auto rec = m_session.getRecord(v1::RECORD_TYPE_RESIDENT, op.resident_id());
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value()) {
        return outOfScope("resident");
    }
    const v1::Resident current = (*rec)->resident();
    if (op.fields_size() == 0 || op.fields_size() > 32) {
        return reject(v1::ERROR_CODE_INVALID_ARGUMENT, "Name 1 to 32 fields to change");
    }
    auto base = m_session.residentAtVersion(op.resident_id(), op.base_version());
    if (!base) {
        return base.error();
    }
    if (!base->has_value()) {
        return reject(v1::ERROR_CODE_INVALID_ARGUMENT,
                      "base_version is not a version of this resident the server knows");
    }
    std::vector<std::string> fields(op.fields().begin(), op.fields().end());
    auto merged = ResidentMerge::merge(**base, current, op.values(), fields);
    if (!merged) {
        return reject(merged.error().code, merged.error().message);
    }
    std::int64_t seq = 0;
    v1::Record out;
    *out.mutable_resident() = current;
    if (merged->appliedFields > 0) {
        v1::Resident &next = merged->merged;
        next.set_version(current.version() + 1);
        *next.mutable_updated_at() = fromMs(m_now);
        next.set_updated_by_user_id(m_principal.user.id());
        *out.mutable_resident() = next;
        auto put = m_session.putRecord(out, m_now);
        if (!put) {
            return put.error();
        }
        seq = *put;
    }
    if (merged->conflicts.empty()) {
        return status(v1::MUTATION_STATUS_APPLIED, seq);
    }
    // A real conflict is kept on every case of the resident, for a coordinator to resolve.
    auto cases = m_session.caseIdsOfResident(op.resident_id());
    if (!cases) {
        return cases.error();
    }
    for (const auto &conflictField : merged->conflicts) {
        for (const std::string &caseId : *cases) {
            v1::CaseEvent e;
            e.set_case_id(caseId);
            e.set_kind(v1::CASE_EVENT_KIND_CONFLICT);
            v1::Conflict &c = *e.mutable_conflict();
            c.set_record_type("resident");
            c.set_record_id(op.resident_id());
            c.set_field(conflictField.field);
            c.set_server_value(conflictField.serverValue);
            c.set_device_value(conflictField.deviceValue);
            c.set_device_id(m_principal.device.id());
            if (auto p =
                    setServerValueProvenance(current, op.base_version(), conflictField.field, c);
                !p) {
                return p.error();
            }
            auto put = addServerEvent(std::move(e));
            if (!put) {
                return put.error();
            }
            seq = *put;
        }
    }
    v1::MutationResult r = conflict(out);
    r.set_seq(seq);
    return r;
}

Result<v1::MutationResult> MutationApplier::transitionVisit(const v1::TransitionVisit &op)
{
    if (m_scope.role() != v1::ROLE_OFFICER && m_scope.role() != v1::ROLE_COORDINATOR) {
        return reject(v1::ERROR_CODE_FORBIDDEN, "Only officers and coordinators move visits");
    }
    auto rec = m_session.getRecord(v1::RECORD_TYPE_VISIT, op.visit_id());
    if (!rec) {
        return rec.error();
    }
    // An officer moves only their own visits, not others' on a case they can see.
    if (!rec->has_value() || (m_scope.role() == v1::ROLE_OFFICER &&
                              (*rec)->visit().officer_user_id() != m_principal.user.id())) {
        return outOfScope("visit");
    }
    v1::Visit visit = (*rec)->visit();
    // While an alert is open the visit shows ALERT; the officer's own moves apply to the
    // progress underneath it, and only a coordinator's "officer safe" ends the alert.
    const bool alerting = visit.status() == v1::VISIT_STATUS_ALERT;
    const v1::VisitStatus from = alerting ? visit.alert().status_before() : visit.status();
    if (from == op.to_status()) {
        // "I'm safe" keeps the status and moves the lone-worker deadline; anything else is a
        // repeat of a move already made.
        const bool newDeadline =
            op.has_lone_worker_deadline() &&
            (op.lone_worker_deadline().seconds() != visit.lone_worker_deadline().seconds() ||
             op.lone_worker_deadline().nanos() != visit.lone_worker_deadline().nanos());
        if (!newDeadline || VisitStateMachine::isFinal(from)) {
            return status(v1::MUTATION_STATUS_APPLIED);
        }
        *visit.mutable_lone_worker_deadline() = op.lone_worker_deadline();
        visit.set_version(visit.version() + 1);
        v1::Record out;
        *out.mutable_visit() = visit;
        auto seq = m_session.putRecord(out, m_now);
        if (!seq) {
            return seq.error();
        }
        return status(v1::MUTATION_STATUS_APPLIED, *seq);
    }
    if (!VisitStateMachine::allowed(from, op.to_status())) {
        if (visit.version() != op.base_version()) {
            return conflict(**rec);
        }
        return reject(v1::ERROR_CODE_VALIDATION_FAILED, "A visit cannot go from " +
                                                            v1::VisitStatus_Name(from) + " to " +
                                                            v1::VisitStatus_Name(op.to_status()));
    }
    // Why a visit did not take place is the officer's words for the case file: bounded, and
    // only with the moves it belongs to.
    const bool ended = op.to_status() == v1::VISIT_STATUS_NO_ACCESS ||
                       op.to_status() == v1::VISIT_STATUS_CANCELLED;
    if (op.reason().size() > kMaxEndReason) {
        return reject(v1::ERROR_CODE_VALIDATION_FAILED,
                      "The reason is longer than " + std::to_string(kMaxEndReason) + " bytes");
    }
    if (!ended && (!op.reason().empty() || op.card_left() || op.rebook_needed())) {
        return reject(v1::ERROR_CODE_VALIDATION_FAILED,
                      "A reason, a card left or a rebooking go only with NO_ACCESS or CANCELLED");
    }
    if (op.card_left() && op.to_status() != v1::VISIT_STATUS_NO_ACCESS) {
        return reject(v1::ERROR_CODE_VALIDATION_FAILED, "A card is left only with NO_ACCESS");
    }
    const auto at = op.has_at() ? op.at() : fromMs(m_now);
    if (ended) {
        visit.set_end_reason(op.reason());
        visit.set_card_left(op.card_left());
        visit.set_rebook_needed(op.rebook_needed());
    }
    if (alerting && !VisitStateMachine::isFinal(op.to_status())) {
        visit.mutable_alert()->set_status_before(op.to_status());
    } else {
        visit.set_status(op.to_status());
    }
    if (op.to_status() == v1::VISIT_STATUS_IN_PROGRESS && !visit.has_checked_in_at()) {
        *visit.mutable_checked_in_at() = at;
        *visit.mutable_check_in_position() = op.position();
    }
    if (VisitStateMachine::isFinal(op.to_status())) {
        *visit.mutable_checked_out_at() = at;
        *visit.mutable_check_out_position() = op.position();
    }
    if (op.has_lone_worker_deadline()) {
        *visit.mutable_lone_worker_deadline() = op.lone_worker_deadline();
    }
    visit.set_version(visit.version() + 1);
    v1::Record out;
    *out.mutable_visit() = visit;
    auto seq = m_session.putRecord(out, m_now);
    if (!seq) {
        return seq.error();
    }
    v1::CaseEvent e;
    e.set_case_id(visit.case_id());
    e.set_kind(v1::CASE_EVENT_KIND_VISIT);
    e.mutable_visit()->set_visit_id(visit.id());
    e.mutable_visit()->set_from_status(from);
    e.mutable_visit()->set_to_status(op.to_status());
    *e.mutable_visit()->mutable_position() = op.position();
    e.mutable_visit()->set_reason(op.reason());
    e.mutable_visit()->set_card_left(op.card_left());
    e.mutable_visit()->set_rebook_needed(op.rebook_needed());
    *e.mutable_occurred_at() = at;
    if (auto ev = addServerEvent(std::move(e)); !ev) {
        return ev.error();
    }
    return status(v1::MUTATION_STATUS_APPLIED, *seq);
}

Result<v1::MutationResult> MutationApplier::assignVisit(const v1::AssignVisit &op)
{
    if (m_scope.role() != v1::ROLE_COORDINATOR) {
        return reject(v1::ERROR_CODE_FORBIDDEN, "Only coordinators schedule and assign visits");
    }
    v1::Visit visit = op.visit();
    if (!validId(visit.id()) || !validId(visit.case_id())) {
        return reject(v1::ERROR_CODE_INVALID_ARGUMENT, "A visit needs an id and a case_id");
    }
    auto c = m_session.getRecord(v1::RECORD_TYPE_CASE, visit.case_id());
    auto officer = m_session.getRecord(v1::RECORD_TYPE_USER, visit.officer_user_id());
    if (!c || !officer) {
        return !c ? c.error() : officer.error();
    }
    if (!c->has_value()) {
        return reject(v1::ERROR_CODE_NOT_FOUND, "No case with that id");
    }
    if (!officer->has_value() || (*officer)->user().role() != v1::ROLE_OFFICER ||
        (*officer)->user().disabled()) {
        return reject(v1::ERROR_CODE_VALIDATION_FAILED, "officer_user_id is not an active officer");
    }
    auto rec = m_session.getRecord(v1::RECORD_TYPE_VISIT, visit.id());
    if (!rec) {
        return rec.error();
    }
    std::string previousOfficer;
    if (rec->has_value()) {
        const v1::Visit &current = (*rec)->visit();
        if (current.version() != op.base_version()) {
            return conflict(**rec);
        }
        if (current.case_id() != visit.case_id()) {
            return reject(v1::ERROR_CODE_VALIDATION_FAILED, "A visit cannot move to another case");
        }
        previousOfficer = current.officer_user_id();
        // Assignment changes who, when and why; the status moves only by transitions.
        v1::Visit next = current;
        next.set_officer_user_id(visit.officer_user_id());
        *next.mutable_window() = visit.window();
        next.set_purpose(visit.purpose());
        visit = std::move(next);
    } else {
        if (op.base_version() != 0) {
            return reject(v1::ERROR_CODE_NOT_FOUND, "No visit with that id to reassign");
        }
        visit.set_status(v1::VISIT_STATUS_SCHEDULED);
        visit.clear_checked_in_at();
        visit.clear_checked_out_at();
        visit.set_version(0);
    }
    visit.set_version(visit.version() + 1);
    v1::Record out;
    *out.mutable_visit() = visit;
    auto seq = m_session.putRecord(out, m_now);
    if (!seq) {
        return seq.error();
    }
    if (auto moved = moveReferrals(visit.case_id(),
                                   {v1::REFERRAL_STATUS_RECEIVED, v1::REFERRAL_STATUS_TRIAGED},
                                   v1::REFERRAL_STATUS_VISIT_SCHEDULED);
        !moved) {
        return moved.error();
    }
    if (previousOfficer != visit.officer_user_id()) {
        // Scope moved: both officers' devices must meet the whole case again.
        if (auto t = m_session.touchCase(visit.case_id(), m_now); !t) {
            return t.error();
        }
    }
    return status(v1::MUTATION_STATUS_APPLIED, *seq);
}

} // namespace doorstep::server
