#pragma once

#include "store/pgconnection.h"
#include "store/recordcodec.h"
#include "store/storesession.h"

namespace doorstep::server {

// StoreSession over one PostgreSQL connection, inside a transaction PgStore opened. The same
// queries as SqliteSession, in PostgreSQL's dialect.
class PgSession final : public StoreSession
{
public:
    explicit PgSession(pg::Connection &c) : m_c(c) {}

    Result<std::optional<v1::Record>> getRecord(v1::RecordType type, std::string_view id) override;
    Result<std::int64_t> putRecord(const v1::Record &record, std::int64_t nowMs) override;
    Status touchCase(std::string_view caseId, std::int64_t nowMs) override;
    Status putCouncil(const v1::Council &council) override;
    Result<std::optional<v1::Council>> council() override;
    Result<std::optional<v1::Resident>> residentAtVersion(std::string_view id,
                                                          std::int64_t version) override;
    Status forEachCaseEvent(const std::function<Status(const v1::CaseEvent &)> &fn) override;
    Status forEachRecord(v1::RecordType type,
                         const std::function<Status(const v1::Record &)> &fn) override;

    Result<std::vector<std::string>> caseIdsForOfficer(std::string_view userId,
                                                       std::int64_t closedSinceMs) override;
    Result<std::vector<std::string>> residentIdsForOfficer(std::string_view userId,
                                                           std::int64_t closedSinceMs) override;
    Result<std::vector<std::string>> casesPastRetention(std::int64_t closedBeforeMs,
                                                        int limit) override;
    Status markRetentionSwept(std::string_view caseId) override;
    Status markUnheldCasesSwept(std::int64_t closedBeforeMs) override;
    Result<int> sweepDeclinedReferrals(std::int64_t declinedBeforeMs, std::int64_t nowMs,
                                       int limit) override;

    Status enqueueNotification(const Notification &n) override;
    Result<std::vector<v1::Visit>> visitsOut(std::int64_t sinceMs, std::int64_t nowMs) override;
    Result<std::vector<v1::Visit>> visitsInAlert() override;
    Result<std::vector<v1::Visit>> visitsOfCase(std::string_view caseId) override;
    Result<int> openAlertCount() override;
    Result<StoreHealth> health() override;
    Result<std::vector<v1::Visit>> visitsToRemind(std::int64_t fromMs, std::int64_t toMs) override;
    Result<std::optional<Notification>> claimDueNotification(std::int64_t nowMs, bool email,
                                                             std::int64_t claimUntilMs) override;
    Status recordDelivery(std::string_view id, const DeliveryAttempt &attempt) override;
    Result<std::vector<Notification>> claimUnconfirmedNotifications(std::int64_t checkedBeforeMs,
                                                                    std::int64_t acceptedAfterMs,
                                                                    std::int64_t nowMs,
                                                                    int limit) override;
    Status recordProviderReport(std::string_view id, const ProviderReport &report) override;
    Result<std::vector<Notification>> listNotifications(bool failedOnly) override;
    Result<std::optional<std::string>> caseIdByNumber(std::string_view caseNumber) override;
    Result<std::vector<std::string>> caseIdsOfResident(std::string_view residentId) override;
    Result<std::vector<v1::Referral>> referralsByReferrer(std::string_view userId) override;
    Result<std::vector<v1::Referral>> referralsOfCase(std::string_view caseId) override;
    Result<std::vector<v1::CaseEvent>> caseEventsOf(std::string_view caseId) override;

    Result<std::optional<v1::User>> findUserByName(std::string_view username) override;
    Result<std::vector<v1::User>> listUsers() override;
    Status putEnrolmentCode(std::string_view codeHash, std::string_view userId,
                            std::int64_t expiresAtMs) override;
    Result<std::optional<std::string>> consumeEnrolmentCode(std::string_view codeHash,
                                                            std::int64_t nowMs) override;
    Status putDevice(const v1::Device &device, std::string_view secretHash) override;
    Result<std::optional<DeviceRow>> findDevice(std::string_view deviceId) override;
    Result<std::vector<v1::Device>> listDevices(std::string_view userId) override;
    Status putAccessToken(std::string_view tokenHash, std::string_view deviceId,
                          std::int64_t expiresAtMs) override;
    Result<std::optional<BearerRow>> findBearer(std::string_view tokenHash) override;
    Status deleteExpiredAccessTokens(std::int64_t nowMs) override;

    Result<std::vector<ChangeRow>> changesAfter(std::int64_t cursor, int limit) override;
    Result<std::vector<ChangeRow>>
    officerChangesAfter(std::int64_t cursor, int limit, std::string_view deviceId,
                        const std::set<std::string> &scopeCases,
                        const std::set<std::string> &scopeResidents) override;
    Result<std::int64_t> lastSeq() override;
    Result<bool> deviceHolds(std::string_view deviceId, v1::RecordType type,
                             std::string_view recordId) override;
    Status recordsSent(std::string_view deviceId, const std::vector<ChangeRow> &rows) override;
    Result<std::vector<std::optional<v1::Record>>>
    getRecords(const std::vector<ChangeRow> &rows) override;
    Status evictionSent(std::string_view deviceId, v1::RecordType type, std::string_view recordId,
                        std::int64_t seq) override;
    Status forgetAcknowledgedEvictions(std::string_view deviceId, std::int64_t cursor) override;

    Result<std::map<std::string, AppliedMutationRow>>
    appliedMutations(const std::set<std::string> &mutationIds) override;
    Status putAppliedMutations(std::string_view deviceId,
                               const std::vector<v1::MutationResult> &results,
                               std::int64_t nowMs) override;

    Status appendAudit(const AuditEntry &entry, std::int64_t nowMs) override;
    Status appendAudits(const std::vector<AuditEntry> &entries, std::int64_t nowMs) override;
    Result<std::vector<AuditRow>> queryAudit(const AuditQuery &query) override;

    // ANALYZE: statistics for the planner (PgStore::analyze, after a bulk load).
    Status analyze();
    // Waits until no other transaction can change records or append to the change log, and
    // keeps it so until this one ends (PgStore explains why). Taken at most once.
    Status lockChangeLog();

private:
    Status logChange(v1::RecordType type, std::string_view id, std::string_view caseId,
                     std::int64_t nowMs, std::int64_t &seq);
    Status writeTable(const v1::Record &record, std::int64_t nowMs, std::string &caseId);
    Result<std::vector<std::string>> ids(std::string_view sql, const pg::Params &params);
    template <typename M>
    Result<std::vector<M>> bodies(std::string_view sql, const pg::Params &params, const char *what);

    pg::Connection &m_c;
    bool m_logLocked = false;
};

// Every row's first column decoded as an M.
template <typename M>
Result<std::vector<M>> PgSession::bodies(std::string_view sql, const pg::Params &params,
                                         const char *what)
{
    auto rows = m_c.exec(sql, params);
    if (!rows) {
        return rows.error();
    }
    std::vector<M> out(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
        if (!out[static_cast<std::size_t>(i)].ParseFromString(rows->text(i, 0))) {
            return corrupt(what);
        }
    }
    return out;
}

} // namespace doorstep::server
