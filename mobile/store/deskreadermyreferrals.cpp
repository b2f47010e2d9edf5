// A ward member's own referrals and what became of them.

#include "store/deskreader.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "store/deskquery.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "store/wording.h"

#include <algorithm>
#include <map>
#include <vector>

namespace doorstep::mobile {

Result<QVariantList> DeskReader::myReferrals(std::int64_t nowMs, int targetWorkingDays)
{
    QVariantList out;
    auto s = eachRow(
        m_db,
        // The outcome shown is the latest one recorded since this referral was received: work
        // on the case before it answered someone else.
        "SELECT f.body, r.body, (SELECT e.body FROM case_events e WHERE e.case_id = f.case_id"
        "  AND e.kind = 4 AND e.occurred_at >= f.received_at ORDER BY e.occurred_at DESC"
        "  LIMIT 1)"
        " FROM referrals f LEFT JOIN residents r ON r.id = f.resident_id"
        " ORDER BY f.received_at DESC, f.id",
        [](db::Statement &) {},
        [&](db::Statement &q) -> Status {
            v1::Referral f;
            v1::Resident r;
            v1::CaseEvent outcome;
            if (!f.ParseFromString(q.blob(0)) || (!q.isNull(1) && !r.ParseFromString(q.blob(1))) ||
                (!q.isNull(2) && !outcome.ParseFromString(q.blob(2)))) {
                return unreadable("referral");
            }
            const std::int64_t received = unixMs(f.received_at());
            const std::int64_t dueBy = received ? addWorkingDays(received, targetWorkingDays) : 0;
            const bool waiting = f.status() == v1::REFERRAL_STATUS_RECEIVED;
            out.append(QVariantMap{{"referralId", qs(f.id())},
                                   {"reference", qs(f.reference())},
                                   {"residentName", wording::residentName(r)},
                                   {"concern", qs(f.concern())},
                                   {"immediateRisk", f.immediate_risk()},
                                   {"declineReason", qs(f.decline_reason())},
                                   {"receivedAt", msToDateTime(received)},
                                   {"status", int(f.status())},
                                   {"statusText", wording::referralStatus(f.status())},
                                   {"dueBy", msToDateTime(dueBy)},
                                   {"overdue", waiting && dueBy > 0 && nowMs > dueBy},
                                   {"consentToShareOutcome", f.consent_to_share_outcome()},
                                   {"outcomeSummary", qs(outcome.outcome().shareable_summary())},
                                   {"outcomeAt", toDateTime(outcome.occurred_at())},
                                   {"closed", f.status() == v1::REFERRAL_STATUS_CLOSED}});
            return {};
        });
    if (!s) {
        return s.error();
    }
    return out;
}

} // namespace doorstep::mobile
