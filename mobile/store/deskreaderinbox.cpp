// The referral inbox: what waits for triage, oldest first, against the council's target.

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

Result<QVariantList> DeskReader::referralInbox(std::int64_t nowMs, int targetWorkingDays)
{
    auto names = userNames();
    if (!names) {
        return names.error();
    }
    struct Row
    {
        v1::Referral referral;
        v1::Resident resident;
        std::string caseNumber;
        std::string duplicateId;
        std::string duplicateNumber;
    };
    std::vector<Row> rows;
    auto s = eachRow(
        m_db,
        "SELECT f.body, r.body, c.case_number, d.id, d.case_number"
        " FROM referrals f LEFT JOIN residents r ON r.id = f.resident_id"
        " LEFT JOIN cases c ON c.id = f.case_id"
        // The resident's open case (cases_by_resident), a possible duplicate.
        " LEFT JOIN cases d ON d.id = (SELECT o.id FROM cases o WHERE o.resident_id ="
        "  f.resident_id AND o.status = 1 ORDER BY o.id DESC LIMIT 1)"
        " WHERE f.status IN (1, 2)",
        [](db::Statement &) {},
        [&](db::Statement &q) -> Status {
            Row row;
            if (!row.referral.ParseFromString(q.blob(0)) ||
                (!q.isNull(1) && !row.resident.ParseFromString(q.blob(1)))) {
                return unreadable("referral");
            }
            row.caseNumber = q.isNull(2) ? std::string() : q.text(2);
            if (!q.isNull(3) && q.text(3) != row.referral.case_id()) {
                row.duplicateId = q.text(3);
                row.duplicateNumber = q.text(4);
            }
            rows.push_back(std::move(row));
            return {};
        });
    if (!s) {
        return s.error();
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        // A referrer's word that the resident is at immediate risk leads the inbox.
        if (a.referral.immediate_risk() != b.referral.immediate_risk()) {
            return a.referral.immediate_risk();
        }
        if (a.referral.status() != b.referral.status()) {
            return a.referral.status() < b.referral.status();
        }
        if (a.referral.urgency() != b.referral.urgency()) {
            return a.referral.urgency() > b.referral.urgency();
        }
        return unixMs(a.referral.received_at()) < unixMs(b.referral.received_at());
    });
    QVariantList out;
    for (const Row &row : rows) {
        const v1::Referral &f = row.referral;
        const std::int64_t received = unixMs(f.received_at());
        const std::int64_t dueBy = addWorkingDays(received, targetWorkingDays);
        const QString referrer = f.referrer_user_id().empty()
                                     ? qs(f.referrer_name())
                                     : names->value(qs(f.referrer_user_id())).toString();
        out.append(QVariantMap{
            {"referralId", qs(f.id())},
            {"reference", qs(f.reference())},
            {"version", qint64(f.version())},
            {"residentId", qs(f.resident_id())},
            {"residentName", wording::residentName(row.resident)},
            {"address", wording::addressLine(row.resident.address())},
            {"postcode", qs(row.resident.address().postcode())},
            {"wardId", qs(row.resident.ward_id())},
            {"contactNeeds", wording::contactNeeds(row.resident.contact_needs()).join(", ")},
            {"immediateRisk", f.immediate_risk()},
            {"source", int(f.source())},
            {"sourceText", wording::referralSourceLabel(f.source())},
            {"referrer", referrer},
            {"concern", qs(f.concern())},
            {"urgency", int(f.urgency())},
            {"urgencyText", wording::urgency(f.urgency())},
            {"status", int(f.status())},
            {"statusText", wording::referralStatus(f.status())},
            {"receivedAt", msToDateTime(received)},
            {"dueBy", msToDateTime(dueBy)},
            {"overdue", f.status() == v1::REFERRAL_STATUS_RECEIVED && nowMs > dueBy},
            {"caseId", qs(f.case_id())},
            {"caseNumber", qs(row.caseNumber)},
            {"duplicateCaseId", qs(row.duplicateId)},
            {"duplicateCaseNumber", qs(row.duplicateNumber)},
            {"consentToShareOutcome", f.consent_to_share_outcome()}});
    }
    return out;
}

} // namespace doorstep::mobile
