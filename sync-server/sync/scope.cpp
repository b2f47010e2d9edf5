#include "sync/scope.h"

#include "environment/timestamps.h"

#include <algorithm>

namespace doorstep::server {

namespace {
constexpr std::int64_t dayMs = 24LL * 60 * 60 * 1000;
constexpr int defaultRetentionDays = 28;
} // namespace

std::int64_t closedCaseRetentionMs(const std::optional<v1::Council> &council)
{
    int days = council ? council->closed_case_retention_days() : 0;
    if (days <= 0) {
        days = defaultRetentionDays;
    }
    return days * dayMs;
}

Result<std::int64_t> closedCaseRetentionMs(StoreSession &session)
{
    auto council = session.council();
    if (!council) {
        return council.error();
    }
    return closedCaseRetentionMs(*council);
}

Result<int> sweepClosedCases(StoreSession &session, std::int64_t nowMs, std::int64_t retentionMs)
{
    auto due = session.casesPastRetention(nowMs - retentionMs, sweepBatch);
    if (!due) {
        return due.error();
    }
    for (const std::string &caseId : *due) {
        if (auto t = session.touchCase(caseId, nowMs); !t) {
            return t.error();
        }
        if (auto m = session.markRetentionSwept(caseId); !m) {
            return m.error();
        }
    }
    auto referrals = session.sweepDeclinedReferrals(nowMs - retentionMs, nowMs, sweepBatch);
    if (!referrals) {
        return referrals.error();
    }
    return std::max(static_cast<int>(due->size()), *referrals);
}

Result<Scope> Scope::load(StoreSession &session, const Principal &principal, std::int64_t nowMs)
{
    if (principal.user.role() != v1::ROLE_OFFICER &&
        principal.user.role() != v1::ROLE_WARD_MEMBER) {
        return load(session, principal, nowMs, 0); // the retention does not apply
    }
    auto retention = closedCaseRetentionMs(session);
    if (!retention) {
        return retention.error();
    }
    return load(session, principal, nowMs, *retention);
}

Result<Scope> Scope::load(StoreSession &session, const Principal &principal, std::int64_t nowMs,
                          std::int64_t retentionMs)
{
    Scope scope;
    scope.m_role = principal.user.role();
    scope.m_userId = principal.user.id();
    if (scope.m_role == v1::ROLE_OFFICER) {
        const std::int64_t closedSince = nowMs - retentionMs;
        auto cases = session.caseIdsForOfficer(scope.m_userId, closedSince);
        if (!cases) {
            return cases.error();
        }
        scope.m_cases.insert(cases->begin(), cases->end());
        auto residents = session.residentIdsForOfficer(scope.m_userId, closedSince);
        if (!residents) {
            return residents.error();
        }
        scope.m_residents.insert(residents->begin(), residents->end());
    } else if (scope.m_role == v1::ROLE_WARD_MEMBER) {
        auto referrals = session.referralsByReferrer(scope.m_userId);
        if (!referrals) {
            return referrals.error();
        }
        const std::int64_t finishedSince = nowMs - retentionMs;
        for (const v1::Referral &r : *referrals) {
            // Finished (declined, or its case closed) before the retention period: it has left
            // the ward member's device, and its outcome with it.
            if (r.status() == v1::REFERRAL_STATUS_DECLINED &&
                (r.has_triaged_at() ? toMs(r.triaged_at()) : nowMs) < finishedSince) {
                continue;
            }
            if (!r.case_id().empty()) {
                auto c = session.getRecord(v1::RECORD_TYPE_CASE, r.case_id());
                if (!c) {
                    return c.error();
                }
                if (c->has_value() && (*c)->case_().status() == v1::CASE_STATUS_CLOSED &&
                    toMs((*c)->case_().closed_at()) < finishedSince) {
                    continue;
                }
            }
            scope.m_referrals.insert(r.id());
            if (r.consent_to_share_outcome() && !r.case_id().empty()) {
                const std::int64_t received = toMs(r.received_at());
                auto [it, inserted] = scope.m_sharedCases.emplace(r.case_id(), received);
                if (!inserted) {
                    it->second = std::min(it->second, received);
                }
            }
        }
    }
    return scope;
}

bool Scope::seesCase(const std::string &caseId) const
{
    return m_role == v1::ROLE_COORDINATOR || (!caseId.empty() && m_cases.contains(caseId));
}

bool Scope::seesResident(const std::string &residentId) const
{
    return m_role == v1::ROLE_COORDINATOR || m_residents.contains(residentId);
}

namespace {

std::optional<v1::Record> whole(v1::Record &r)
{
    return std::optional<v1::Record>(std::move(r));
}

} // namespace

bool Scope::eventsFollowCase() const
{
    return m_role == v1::ROLE_OFFICER || m_role == v1::ROLE_COORDINATOR;
}

std::optional<v1::Record> Scope::view(v1::Record &&r) const
{
    const bool staff = m_role == v1::ROLE_OFFICER || m_role == v1::ROLE_COORDINATOR;
    switch (r.record_case()) {
    case v1::Record::kWard:
        return whole(r);
    case v1::Record::kFormDefinition:
        return staff ? whole(r) : std::nullopt;
    case v1::Record::kUser: {
        const v1::Role role = r.user().role();
        const bool colleague = role == v1::ROLE_OFFICER || role == v1::ROLE_COORDINATOR;
        // Coordinators also see the ward members, who refer residents and are owed outcomes.
        const bool referrer = role == v1::ROLE_WARD_MEMBER && m_role == v1::ROLE_COORDINATOR;
        if (r.user().id() == m_userId || (staff && colleague) || referrer) {
            return whole(r);
        }
        return std::nullopt;
    }
    case v1::Record::kResident:
        return seesResident(r.resident().id()) ? whole(r) : std::nullopt;
    case v1::Record::kCase:
        return seesCase(r.case_().id()) ? whole(r) : std::nullopt;
    case v1::Record::kVisit:
        return seesCase(r.visit().case_id()) ? whole(r) : std::nullopt;
    case v1::Record::kReferral:
        if (m_role == v1::ROLE_WARD_MEMBER) {
            if (!m_referrals.contains(r.referral().id())) {
                return std::nullopt;
            }
            // A decline's reason reaches the referrer only when the coordinator said it may.
            if (r.referral().decline_reason_shared()) {
                return whole(r);
            }
            v1::Record cut = std::move(r);
            cut.mutable_referral()->clear_decline_reason();
            return cut;
        }
        return seesCase(r.referral().case_id()) || m_role == v1::ROLE_COORDINATOR ? whole(r)
                                                                                  : std::nullopt;
    case v1::Record::kCaseEvent: {
        const v1::CaseEvent &e = r.case_event();
        if (eventsFollowCase()) {
            return seesCase(e.case_id()) ? whole(r) : std::nullopt;
        }
        if (m_role != v1::ROLE_WARD_MEMBER) {
            return std::nullopt;
        }
        const auto shared = m_sharedCases.find(e.case_id());
        if (e.kind() != v1::CASE_EVENT_KIND_OUTCOME || !e.has_outcome() ||
            shared == m_sharedCases.end() || toMs(e.occurred_at()) < shared->second) {
            return std::nullopt;
        }
        // Only what the resident agreed to share: ids, time and the shareable summary.
        v1::Record cut;
        v1::CaseEvent &out = *cut.mutable_case_event();
        out.set_id(e.id());
        out.set_case_id(e.case_id());
        out.set_kind(e.kind());
        *out.mutable_occurred_at() = e.occurred_at();
        v1::Outcome &o = *out.mutable_outcome();
        o.set_id(e.outcome().id());
        o.set_case_id(e.outcome().case_id());
        o.set_shareable_summary(e.outcome().shareable_summary());
        *o.mutable_recorded_at() = e.outcome().recorded_at();
        return cut;
    }
    case v1::Record::RECORD_NOT_SET:
        return std::nullopt;
    }
    return std::nullopt;
}

v1::EvictionReason Scope::evictionReason(const v1::Record &r) const
{
    if (m_role == v1::ROLE_WARD_MEMBER &&
        (r.has_referral() || (r.has_case_event() && r.case_event().has_outcome()))) {
        return v1::EVICTION_REASON_RETENTION_EXPIRED;
    }
    if (m_role != v1::ROLE_OFFICER) {
        return v1::EVICTION_REASON_ACCESS_CHANGED;
    }
    if (r.has_case_() && r.case_().status() == v1::CASE_STATUS_CLOSED) {
        return v1::EVICTION_REASON_CASE_CLOSED;
    }
    return v1::EVICTION_REASON_REASSIGNED;
}

} // namespace doorstep::server
