#pragma once

#include "auth/principal.h"
#include "doorstep/v1/sync.pb.h"
#include "error/result.h"
#include "store/storesession.h"

#include <map>
#include <optional>
#include <set>
#include <string>

namespace doorstep::server {

// What one user may see, decided from the store's current state:
//   officer      the cases with a visit assigned to them that are open or were closed within
//                the council's retention period, and everything of those cases (resident,
//                referrals, visits, case events); form definitions; staff; wards
//   coordinator  the whole service
//   ward member  their own referrals, and the shareable outcome summary of a referral's case
//                when the resident consented to share it; themselves; wards. A referral that
//                finished (declined, or its case closed) leaves with its outcome once the
//                council's retention period has passed, and the device drops its copy of the
//                resident with it.
// Built once per request inside the request's transaction.
// How long a closed case stays on officers' devices (Council.closed_case_retention_days).
std::int64_t closedCaseRetentionMs(const std::optional<v1::Council> &council);
Result<std::int64_t> closedCaseRetentionMs(StoreSession &session);

// Re-logs every record of the closed cases whose retention has ended, and each declined
// referral whose retention has ended, once, so the next pull evicts them from the devices
// that hold them. Called by pulls (PullService says how often); does little when nothing is
// due. Returns how many cases or declined referrals it re-logged, whichever is more:
// `sweepBatch` when more may be waiting.
inline constexpr int sweepBatch = 200;
Result<int> sweepClosedCases(StoreSession &session, std::int64_t nowMs, std::int64_t retentionMs);

class Scope
{
public:
    static Result<Scope> load(StoreSession &session, const Principal &principal,
                              std::int64_t nowMs);
    // The same, with the council's retention already read in this transaction.
    static Result<Scope> load(StoreSession &session, const Principal &principal, std::int64_t nowMs,
                              std::int64_t retentionMs);

    // The record as this user may see it (a ward member's outcome is cut down to the
    // shareable summary), or nothing when it is out of scope. The record is moved into the
    // answer when it is seen whole, and left as it was when it is not seen.
    std::optional<v1::Record> view(v1::Record &&record) const;
    bool seesCase(const std::string &caseId) const;
    bool seesResident(const std::string &residentId) const;
    // Staff (officers and coordinators) see a case's events exactly when they see the case,
    // so what their device holds of the events can be filed once under the case. A ward
    // member sees only shared outcomes, without their case.
    bool eventsFollowCase() const;
    // Why a record the device holds has left its scope.
    v1::EvictionReason evictionReason(const v1::Record &record) const;

    v1::Role role() const { return m_role; }
    const std::string &userId() const { return m_userId; }
    // Officer: their cases (as caseIdsForOfficer) and those cases' residents.
    const std::set<std::string> &cases() const { return m_cases; }
    const std::set<std::string> &residents() const { return m_residents; }

private:
    v1::Role m_role = v1::ROLE_UNSPECIFIED;
    std::string m_userId;
    std::set<std::string> m_cases;
    std::set<std::string> m_residents;
    // Ward member: the cases whose outcome summaries they may read, each with when their
    // earliest consented referral of it was received. Only outcomes recorded from then on
    // answer their referral; earlier work on the same case is none of theirs.
    std::map<std::string, std::int64_t> m_sharedCases;
    // Ward member: their referrals still on their device (open, or finished within the
    // council's retention period).
    std::set<std::string> m_referrals;
};

} // namespace doorstep::server
