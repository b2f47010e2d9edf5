#pragma once

#include "auth/principal.h"
#include "doorstep/v1/sync.pb.h"
#include "environment/idsource.h"
#include "error/result.h"
#include "store/storesession.h"
#include "sync/scope.h"

#include <cstdint>

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
    Result<std::int64_t> addServerEvent(v1::CaseEvent event);
    // Queues, in this transaction, a notification to each ward member who referred the
    // case's resident: the shareable summary when the resident consented, else only that
    // the work on the referral has finished.
    Status notifyReferrersOfOutcome(const v1::CaseEvent &outcome);

    StoreSession &m_session;
    const Principal &m_principal;
    const Scope &m_scope;
    IdSource &m_ids;
    std::int64_t m_now;
};

} // namespace doorstep::server
