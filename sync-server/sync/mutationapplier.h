#pragma once

#include "auth/principal.h"
#include "doorstep/v1/sync.pb.h"
#include "environment/idsource.h"
#include "error/result.h"
#include "store/storesession.h"
#include "sync/scope.h"

#include <cstdint>
#include <initializer_list>
#include <optional>

namespace doorstep::server {

// Applies one mutation inside the push's transaction and says what happened. A Result error
// means the store failed (the whole push is retried); a refusal is a REJECTED result.
class MutationApplier
{
public:
    MutationApplier(StoreSession &session, const Principal &principal, const Scope &scope,
                    IdSource &ids, std::int64_t nowMs);

    Result<v1::MutationResult> apply(const v1::Mutation &mutation);

private:
    Result<v1::MutationResult> appendCaseEvent(v1::CaseEvent event);
    Result<v1::MutationResult> updateResident(const v1::UpdateResident &op);
    Result<v1::MutationResult> transitionVisit(const v1::TransitionVisit &op);
    Result<v1::MutationResult> assignVisit(const v1::AssignVisit &op);
    Result<v1::MutationResult> createReferral(const v1::CreateReferral &op);
    Result<v1::MutationResult> triageReferral(const v1::TriageReferral &op);

    // Records a server-made event on a case (conflicts, visit transitions).
    // A case event the server makes: its own id, this device and user, and occurred_at as
    // set (now when unset or in the future).
    Result<std::int64_t> addServerEvent(v1::CaseEvent event);
    // Queues, in this transaction, a notification to each ward member who referred the
    // case: the outcome's shareable summary when there is one and the resident consented,
    // else only that the work on the referral has finished.
    Status notifyReferrersOfCase(const std::string &caseId, const v1::CaseEvent *outcome);
    // Tells one referring ward member where their referral stands (declined, or finished).
    Status notifyReferrer(const v1::Referral &referral, const v1::CaseEvent *outcome);
    // PREFIX-YYYY-NNNNNN, unique from the change log's next position (case numbers, referral
    // references).
    Result<std::string> numberFromLog(const std::string &prefix);
    // An outcome with no follow-up, or a coordinator's CASE_CLOSED, finishes the work: the case
    // closes with the reason and who closed it, and so do its referrals.
    Status closeCase(const v1::Case &current, const std::string &reason);
    // Queues the video-call link for the resident of `kase` (Contact.send_video_link), or a
    // refusal a person can act on.
    Result<std::optional<v1::MutationResult>> sendVideoLink(const v1::CaseEvent &event,
                                                            const v1::Case &kase);
    // Moves the case's referrals that are in one of `from` to `to`, each a new version.
    Status moveReferrals(const std::string &caseId, std::initializer_list<v1::ReferralStatus> from,
                         v1::ReferralStatus to);
    // Lone-working alerts (mutationapplieralerts.cpp): the officer's alert puts the visit into
    // ALERT and queues the coordinators' messages; an acknowledgement records who and when,
    // and "officer safe" closes the alert and returns the visit to its own progress.
    Status raiseAlert(const v1::CaseEvent &event);
    Status answerAlert(const v1::CaseEvent &event);
    // A coordinator's resolution of a conflict (mutationapplierconflicts.cpp): checked, with
    // the chosen value parsed into `chosen`; then applied to the resident and recorded on its
    // other cases.
    Result<std::optional<v1::MutationResult>> checkConflictResolution(const v1::CaseEvent &event,
                                                                      v1::Resident &chosen);
    Status resolveConflict(const v1::CaseEvent &event, const v1::Resident &chosen);
    // Checks the coordinator-only event kinds: follow-up calls, overdue acknowledgements,
    // closing a case and safeguarding steps. A rejection, or nothing when the event may be
    // added.
    Result<std::optional<v1::MutationResult>> checkCoordinatorEvent(const v1::CaseEvent &event);
    Result<std::optional<v1::MutationResult>> checkCaseClosure(const v1::CaseEvent &event);
    Result<std::optional<v1::MutationResult>> checkSafeguardingStep(const v1::CaseEvent &event);
    // Who set the resident's current value of `field`, and when: walks the resident's history
    // back to `baseVersion`.
    Status setServerValueProvenance(const v1::Resident &current, std::int64_t baseVersion,
                                    const std::string &field, v1::Conflict &conflict);

    StoreSession &m_session;
    const Principal &m_principal;
    const Scope &m_scope;
    IdSource &m_ids;
    std::int64_t m_now;
};

} // namespace doorstep::server
