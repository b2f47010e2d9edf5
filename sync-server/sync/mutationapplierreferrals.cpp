// MutationApplier, continued: referral operations. Split from mutationapplier.cpp only to keep
// files short.

#include "calendar/councilcalendar.h"
#include "environment/timestamps.h"
#include "sync/mutationapplier.h"
#include "sync/mutationresults.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace doorstep::server {

using namespace mutation;

namespace {
// What a coordinator writes when answering an overdue visit or an alert, declining a referral
// or closing a case.
constexpr std::size_t kMaxAnswerBytes = 500;
// A follow-up call's comments, a safeguarding step's text (as contacts and notes).
constexpr std::size_t kMaxContactBytes = 2000;
} // namespace

Result<v1::MutationResult> MutationApplier::createReferral(const v1::CreateReferral &op)
{
    const v1::Role role = m_scope.role();
    if (role != v1::ROLE_WARD_MEMBER && role != v1::ROLE_COORDINATOR) {
        return reject(v1::ERROR_CODE_FORBIDDEN, "Only ward members and coordinators refer");
    }
    v1::Referral referral = op.referral();
    if (!validId(referral.id()) || referral.concern().empty()) {
        return reject(v1::ERROR_CODE_INVALID_ARGUMENT, "A referral needs an id and a concern");
    }
    if (!referral.resident_consented_to_referral()) {
        return reject(v1::ERROR_CODE_VALIDATION_FAILED,
                      "A resident is referred only with their consent");
    }
    auto existing = m_session.getRecord(v1::RECORD_TYPE_REFERRAL, referral.id());
    if (!existing) {
        return existing.error();
    }
    if (existing->has_value()) {
        return reject(v1::ERROR_CODE_INVALID_ARGUMENT, "A referral with this id already exists");
    }
    if (role == v1::ROLE_WARD_MEMBER) {
        // A ward member refers a person, described in new_resident; they never point at
        // a resident record they cannot see.
        if (!op.has_new_resident()) {
            return reject(v1::ERROR_CODE_INVALID_ARGUMENT, "Describe the resident in new_resident");
        }
        referral.set_referrer_user_id(m_principal.user.id());
        referral.set_source(v1::REFERRAL_SOURCE_WARD_MEMBER);
    }
    if (op.has_new_resident()) {
        v1::Resident resident = op.new_resident();
        // The device's id is kept when it is new, so the referrer's own copy of what they
        // typed stays linked to the referral; the server never sends them the resident.
        auto taken = validId(resident.id())
                         ? m_session.getRecord(v1::RECORD_TYPE_RESIDENT, resident.id())
                         : Result<std::optional<v1::Record>>(std::optional<v1::Record>());
        if (!taken) {
            return taken.error();
        }
        if (!validId(resident.id()) || taken->has_value()) {
            resident.set_id(m_ids.newId("res"));
        }
        resident.set_version(1);
        *resident.mutable_updated_at() = fromMs(m_now);
        v1::Record r;
        *r.mutable_resident() = resident;
        if (auto put = m_session.putRecord(r, m_now); !put) {
            return put.error();
        }
        referral.set_resident_id(resident.id());
    } else {
        auto resident = m_session.getRecord(v1::RECORD_TYPE_RESIDENT, referral.resident_id());
        if (!resident) {
            return resident.error();
        }
        if (!resident->has_value()) {
            return reject(v1::ERROR_CODE_NOT_FOUND, "No resident with that id");
        }
    }
    auto reference = numberFromLog("REF");
    if (!reference) {
        return reference.error();
    }
    referral.set_reference(*reference);
    // Only a coordinator declines, and only with a reason.
    referral.clear_decline_reason();
    referral.clear_decline_reason_shared();
    referral.clear_case_id();
    referral.set_status(v1::REFERRAL_STATUS_RECEIVED);
    *referral.mutable_received_at() = fromMs(m_now);
    referral.clear_triaged_at();
    referral.set_version(1);
    v1::Record out;
    *out.mutable_referral() = referral;
    auto seq = m_session.putRecord(out, m_now);
    if (!seq) {
        return seq.error();
    }
    return status(v1::MUTATION_STATUS_APPLIED, *seq);
}

Result<v1::MutationResult> MutationApplier::triageReferral(const v1::TriageReferral &op)
{
    if (m_scope.role() != v1::ROLE_COORDINATOR) {
        return reject(v1::ERROR_CODE_FORBIDDEN, "Only coordinators triage referrals");
    }
    auto rec = m_session.getRecord(v1::RECORD_TYPE_REFERRAL, op.referral_id());
    if (!rec) {
        return rec.error();
    }
    if (!rec->has_value()) {
        return reject(v1::ERROR_CODE_NOT_FOUND, "No referral with that id");
    }
    if ((*rec)->referral().version() != op.base_version()) {
        return conflict(**rec);
    }
    v1::Referral referral = (*rec)->referral();
    const bool declining = op.status() == v1::REFERRAL_STATUS_DECLINED;
    // A refused decline carries the referral as it stands, so the desk shows it undeclined.
    const auto refuse = [&](const std::string &why) {
        v1::MutationResult refused = reject(v1::ERROR_CODE_VALIDATION_FAILED, why);
        *refused.mutable_current() = **rec;
        return refused;
    };
    if (declining && (op.reason().empty() || op.reason().size() > kMaxAnswerBytes)) {
        return refuse("A referral is declined only with a reason, in at most 500 bytes");
    }
    if (declining && (referral.status() == v1::REFERRAL_STATUS_DECLINED ||
                      referral.status() == v1::REFERRAL_STATUS_CLOSED)) {
        return refuse("This referral is already finished");
    }
    std::string caseId = op.case_id();
    if (op.open_case()) {
        auto council = m_session.council();
        if (!council) {
            return council.error();
        }
        const std::string prefix = council->has_value() && !(*council)->case_number_prefix().empty()
                                       ? (*council)->case_number_prefix()
                                       : std::string("HV");
        auto number = numberFromLog(prefix);
        if (!number) {
            return number.error();
        }
        v1::Case c;
        c.set_id(m_ids.newId("case"));
        c.set_case_number(*number);
        c.set_resident_id(referral.resident_id());
        c.set_status(v1::CASE_STATUS_OPEN);
        *c.mutable_opened_at() = fromMs(m_now);
        c.set_coordinator_user_id(m_principal.user.id());
        c.set_version(1);
        v1::Record r;
        *r.mutable_case_() = c;
        if (auto put = m_session.putRecord(r, m_now); !put) {
            return put.error();
        }
        caseId = c.id();
    } else if (!caseId.empty()) {
        auto c = m_session.getRecord(v1::RECORD_TYPE_CASE, caseId);
        if (!c) {
            return c.error();
        }
        if (!c->has_value()) {
            return reject(v1::ERROR_CODE_NOT_FOUND, "No case with that id");
        }
    }
    referral.set_case_id(caseId);
    if (op.urgency() != v1::URGENCY_UNSPECIFIED) {
        referral.set_urgency(op.urgency());
    }
    referral.set_status(op.status() == v1::REFERRAL_STATUS_UNSPECIFIED ? v1::REFERRAL_STATUS_TRIAGED
                                                                       : op.status());
    *referral.mutable_triaged_at() = fromMs(m_now);
    if (declining) {
        referral.set_decline_reason(op.reason());
        referral.set_decline_reason_shared(op.reason_shared());
    }
    referral.set_version(referral.version() + 1);
    v1::Record out;
    *out.mutable_referral() = referral;
    auto seq = m_session.putRecord(out, m_now);
    if (!seq) {
        return seq.error();
    }
    if (declining) {
        if (auto told = notifyReferrer(referral, nullptr); !told) {
            return told.error();
        }
    }
    if (!caseId.empty()) {
        // The referrer may now be owed this case's outcome summaries.
        if (auto t = m_session.touchCase(caseId, m_now); !t) {
            return t.error();
        }
    }
    return status(v1::MUTATION_STATUS_APPLIED, *seq);
}

Result<std::string> MutationApplier::numberFromLog(const std::string &prefix)
{
    // Unique, not consecutive: the number comes from the change log's next position.
    auto last = m_session.lastSeq();
    if (!last) {
        return last.error();
    }
    const std::time_t secs = static_cast<std::time_t>(m_now / 1000);
    std::tm utc{};
    gmtime_r(&secs, &utc);
    char number[64];
    std::snprintf(number, sizeof number, "%s-%04d-%06lld", prefix.c_str(), utc.tm_year + 1900,
                  static_cast<long long>(*last + 1));
    return std::string(number);
}

Status MutationApplier::notifyReferrersOfCase(const std::string &caseId,
                                              const v1::CaseEvent *outcome)
{
    auto referrals = m_session.referralsOfCase(caseId);
    if (!referrals) {
        return referrals.error();
    }
    for (const v1::Referral &r : *referrals) {
        // A referral declined earlier was told then.
        if (r.status() == v1::REFERRAL_STATUS_DECLINED) {
            continue;
        }
        if (auto told = notifyReferrer(r, outcome); !told) {
            return told;
        }
    }
    return {};
}

Status MutationApplier::notifyReferrer(const v1::Referral &r, const v1::CaseEvent *outcome)
{
    if (r.referrer_user_id().empty()) {
        return {};
    }
    auto user = m_session.getRecord(v1::RECORD_TYPE_USER, r.referrer_user_id());
    if (!user) {
        return user.error();
    }
    if (!user->has_value() || (*user)->user().role() != v1::ROLE_WARD_MEMBER) {
        return {};
    }
    auto council = m_session.council();
    if (!council) {
        return council.error();
    }
    auto days = calendar::CouncilCalendar::of(council->value_or(v1::Council()));
    if (!days) {
        return days.error();
    }
    const v1::User &member = (*user)->user();
    const std::string when = days->formatDate(toMs(r.received_at()));
    const std::string yours = "the referral you made on " + when +
                              (r.reference().empty() ? "" : " (" + r.reference() + ")");
    Notification n;
    n.id = m_ids.newId("ntf");
    n.aboutId = r.id();
    n.recipientUserId = member.id();
    n.address = member.email();
    n.createdAtMs = m_now;
    const std::string greeting = "Dear " + member.display_name() + ",\n\n";
    // Never the resident's name or address: only what the resident agreed to share, and a
    // decline's reason only when the coordinator chose that the referrer may be told.
    if (r.status() == v1::REFERRAL_STATUS_DECLINED) {
        n.kind = "referral_declined";
        n.subject = "Home Visiting Service: " + yours + " was declined";
        n.body = greeting + "The Home Visiting Service has declined " + yours + ".\n\n" +
                 (r.decline_reason_shared() ? "The reason: " + r.decline_reason() + "\n"
                                            : std::string("No reason can be shared.\n")) +
                 "\nYou can also see it in Doorstep under My referrals.\n";
    } else if (outcome && r.consent_to_share_outcome()) {
        n.kind = "outcome_ready";
        n.subject = "Home Visiting Service: the outcome of your referral of " + when;
        n.body = greeting + "The Home Visiting Service has recorded the outcome of " + yours +
                 ". The resident agreed that it may be shared with you:\n\n" +
                 outcome->outcome().shareable_summary() +
                 "\n\nYou can also see it in Doorstep under My referrals.\n";
    } else {
        n.kind = "referral_closed";
        n.subject = "Home Visiting Service: your referral of " + when + " is complete";
        n.body = greeting + "The Home Visiting Service has finished its work on " + yours +
                 (outcome ? ". The resident did not agree to the outcome being shared, so no "
                            "detail can be given.\n"
                          : ". No outcome can be shared.\n");
    }
    return m_session.enqueueNotification(n);
}

Status MutationApplier::closeCase(const v1::Case &current, const std::string &reason)
{
    v1::Record rec;
    v1::Case &c = *rec.mutable_case_();
    c = current;
    c.set_status(v1::CASE_STATUS_CLOSED);
    *c.mutable_closed_at() = fromMs(m_now);
    c.set_close_reason(reason);
    c.set_closed_by_user_id(m_principal.user.id());
    c.set_version(c.version() + 1);
    if (auto put = m_session.putRecord(rec, m_now); !put) {
        return put.error();
    }
    return moveReferrals(c.id(),
                         {v1::REFERRAL_STATUS_RECEIVED, v1::REFERRAL_STATUS_TRIAGED,
                          v1::REFERRAL_STATUS_VISIT_SCHEDULED},
                         v1::REFERRAL_STATUS_CLOSED);
}

Status MutationApplier::moveReferrals(const std::string &caseId,
                                      std::initializer_list<v1::ReferralStatus> from,
                                      v1::ReferralStatus to)
{
    auto referrals = m_session.referralsOfCase(caseId);
    if (!referrals) {
        return referrals.error();
    }
    for (const v1::Referral &r : *referrals) {
        if (std::find(from.begin(), from.end(), r.status()) == from.end()) {
            continue;
        }
        v1::Record rec;
        v1::Referral &next = *rec.mutable_referral();
        next = r;
        next.set_status(to);
        next.set_version(r.version() + 1);
        if (auto put = m_session.putRecord(rec, m_now); !put) {
            return put.error();
        }
    }
    return {};
}

Result<std::optional<v1::MutationResult>>
MutationApplier::checkCoordinatorEvent(const v1::CaseEvent &event)
{
    const bool coordinatorOnly = event.kind() == v1::CASE_EVENT_KIND_FOLLOW_UP_CALL ||
                                 event.kind() == v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED ||
                                 event.kind() == v1::CASE_EVENT_KIND_CASE_CLOSED ||
                                 event.kind() == v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION;
    if (!coordinatorOnly) {
        return std::optional<v1::MutationResult>();
    }
    if (m_scope.role() != v1::ROLE_COORDINATOR) {
        return std::optional(reject(v1::ERROR_CODE_FORBIDDEN,
                                    "Only coordinators record follow-up calls, acknowledge "
                                    "overdue visits, close cases and act on safeguarding "
                                    "concerns"));
    }
    if (event.kind() == v1::CASE_EVENT_KIND_CASE_CLOSED) {
        return checkCaseClosure(event);
    }
    if (event.kind() == v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION) {
        return checkSafeguardingStep(event);
    }
    if (event.kind() == v1::CASE_EVENT_KIND_FOLLOW_UP_CALL) {
        const v1::FollowUpCall &call = event.follow_up_call();
        const int score = call.satisfaction_score();
        // Only a resident who was reached and answered gives a score; every other result is
        // counted apart, so that the satisfaction figure says how many it comes from.
        const bool reached = call.result() == v1::FOLLOW_UP_RESULT_UNSPECIFIED
                                 ? call.reached()
                                 : call.result() == v1::FOLLOW_UP_RESULT_REACHED;
        if (!event.has_follow_up_call() || !v1::FollowUpResult_IsValid(call.result()) ||
            call.reached() != reached || (reached ? score < 1 || score > 5 : score != 0) ||
            call.comments().size() > kMaxContactBytes) {
            return std::optional(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                                        "A follow-up call scores 1 to 5 when the resident was "
                                        "reached, and 0 when not"));
        }
        return std::optional<v1::MutationResult>();
    }
    const std::string &visitId = event.overdue_acknowledgement().visit_id();
    auto visit = m_session.getRecord(v1::RECORD_TYPE_VISIT, visitId);
    if (!visit) {
        return visit.error();
    }
    if (!event.has_overdue_acknowledgement() || !visit->has_value() ||
        (*visit)->visit().case_id() != event.case_id()) {
        return std::optional(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                                    "An acknowledgement names a visit of the same case"));
    }
    const v1::OverdueAcknowledgement &ack = event.overdue_acknowledgement();
    if (!v1::AlertResolution_IsValid(ack.resolution()) ||
        (ack.resolution() == v1::ALERT_RESOLUTION_ESCALATED) == ack.escalated_to().empty() ||
        ack.action().size() > kMaxAnswerBytes || ack.escalated_to().size() > kMaxAnswerBytes) {
        return std::optional(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                                    "An acknowledgement says what was done in at most 500 bytes, "
                                    "and an escalation says to whom"));
    }
    return std::optional<v1::MutationResult>();
}

Result<std::optional<v1::MutationResult>>
MutationApplier::checkCaseClosure(const v1::CaseEvent &event)
{
    auto c = m_session.getRecord(v1::RECORD_TYPE_CASE, event.case_id());
    if (!c) {
        return c.error();
    }
    // Every refusal carries the case as it stands, so a desk that closed it early opens it again.
    const auto refuse = [&](const std::string &why) {
        v1::MutationResult refused = reject(v1::ERROR_CODE_VALIDATION_FAILED, why);
        if (c->has_value()) {
            *refused.mutable_current() = **c;
        }
        return std::optional(refused);
    };
    const std::string &reason = event.case_closure().reason();
    if (!event.has_case_closure() || reason.empty() || reason.size() > kMaxAnswerBytes) {
        return refuse("A case is closed with a reason, in at most 500 bytes");
    }
    if (c->has_value() && (*c)->case_().status() == v1::CASE_STATUS_CLOSED) {
        return refuse("The case is closed already");
    }
    // A visit still to happen or under way keeps the case open: an officer may be out there.
    auto visits = m_session.visitsOfCase(event.case_id());
    if (!visits) {
        return visits.error();
    }
    const bool busy = std::any_of(visits->begin(), visits->end(), [](const v1::Visit &v) {
        return v.status() != v1::VISIT_STATUS_COMPLETED &&
               v.status() != v1::VISIT_STATUS_NO_ACCESS && v.status() != v1::VISIT_STATUS_CANCELLED;
    });
    if (busy) {
        return refuse("The case has a visit booked or under way: cancel or finish it before "
                      "closing the case");
    }
    return std::optional<v1::MutationResult>();
}

Result<std::optional<v1::MutationResult>>
MutationApplier::checkSafeguardingStep(const v1::CaseEvent &event)
{
    const v1::SafeguardingAction &step = event.safeguarding_action();
    if (!event.has_safeguarding_action() || !v1::SafeguardingStep_IsValid(step.step()) ||
        step.step() == v1::SAFEGUARDING_STEP_UNSPECIFIED || step.text().size() > kMaxContactBytes ||
        (step.step() != v1::SAFEGUARDING_STEP_ASSIGNED && step.text().empty())) {
        return std::optional(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                                    "A safeguarding step assigns the concern, or says what was "
                                    "done in at most 2000 bytes"));
    }
    if (step.step() == v1::SAFEGUARDING_STEP_ASSIGNED) {
        auto user = m_session.getRecord(v1::RECORD_TYPE_USER, step.assignee_user_id());
        if (!user) {
            return user.error();
        }
        const bool staff = user->has_value() && !(*user)->user().disabled() &&
                           ((*user)->user().role() == v1::ROLE_OFFICER ||
                            (*user)->user().role() == v1::ROLE_COORDINATOR);
        if (!staff) {
            return std::optional(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                                        "A concern is assigned to an officer or a coordinator"));
        }
    }
    auto events = m_session.caseEventsOf(event.case_id());
    if (!events) {
        return events.error();
    }
    bool raised = false;
    bool closed = false;
    for (const v1::CaseEvent &e : *events) {
        raised = raised || (e.id() == step.concern_event_id() &&
                            e.kind() == v1::CASE_EVENT_KIND_SAFEGUARDING);
        closed = closed || (e.kind() == v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION &&
                            e.safeguarding_action().concern_event_id() == step.concern_event_id() &&
                            e.safeguarding_action().step() == v1::SAFEGUARDING_STEP_CLOSED);
    }
    if (!raised) {
        return std::optional(reject(v1::ERROR_CODE_VALIDATION_FAILED,
                                    "A safeguarding step names a concern raised on the same case"));
    }
    if (closed) {
        return std::optional(
            reject(v1::ERROR_CODE_VALIDATION_FAILED, "This safeguarding concern is closed"));
    }
    return std::optional<v1::MutationResult>();
}

} // namespace doorstep::server
