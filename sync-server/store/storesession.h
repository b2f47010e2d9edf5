#pragma once

#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/sync.pb.h"
#include "error/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::server {

struct DeviceRow
{
    v1::Device device;
    std::string secretHash;
};

// An access token with its device and the device's user, read together: what every request
// needs to know who sent it. Device or user may be missing (deleted since).
struct BearerRow
{
    std::string deviceId;
    std::int64_t expiresAtMs = 0;
    std::optional<v1::Device> device;
    std::optional<v1::User> user;
};

struct ChangeRow
{
    std::int64_t seq = 0;
    v1::RecordType recordType = v1::RECORD_TYPE_UNSPECIFIED;
    std::string recordId;
    // The record's case, '' for records of no case; a resident's entry may name one of theirs.
    std::string caseId;

    // The case a device's holding of the record is filed under, so that a case's evictions
    // find it: none for a resident, who may have several cases.
    std::string_view holdingCase() const
    {
        return recordType == v1::RECORD_TYPE_RESIDENT ? std::string_view() : caseId;
    }
};

// One row of the notification outbox (schema/sql/server/0007_notifications.sql).
struct Notification
{
    std::string id;
    std::string kind; // outcome_ready, referral_closed, visit_reminder, overdue_alert
    std::string aboutId;
    std::string recipientUserId;
    std::string address; // an email address, or a phone number for texts
    std::string subject;
    std::string body;
    std::int64_t createdAtMs = 0;
    int attempts = 0;
    std::optional<std::int64_t> nextAttemptAtMs;
    std::optional<std::int64_t> deliveredAtMs;
    std::string lastError;
    // The template fields the message was composed from, a JSON object of strings
    // (NotificationFields); a provider with templates (GOV.UK Notify) lays the message out.
    std::string personalisation = "{}";
    // A provider that reports back (GOV.UK Notify): its id for the notification it accepted,
    // and the last status it reported ("created", "sending", "delivered", ...).
    std::string providerId;
    std::string providerStatus;
};

// One delivery attempt, as the dispatcher records it.
struct DeliveryAttempt
{
    std::int64_t atMs = 0;
    bool delivered = false;
    std::string providerId; // when delivered to a provider that reports back
    std::string error;      // when not delivered
    // When not delivered: tried again then, or (nullopt) given up on.
    std::optional<std::int64_t> retryAtMs;
    // False when the provider only asked us to slow down: the notification is not to blame.
    bool counts = true;
    // The claim it was sent under (claimDueNotification's `claimUntilMs`): recorded only if
    // that claim still stands, so a sender whose claim ran out and was taken by another server
    // cannot overwrite what that server recorded. Nullopt: recorded whatever the claim.
    std::optional<std::int64_t> claimedUntilMs;
};

// What a provider reported, later, about a notification it had accepted.
struct ProviderReport
{
    std::int64_t atMs = 0;
    std::string status;
    // The notification was not delivered after all: tried again then (a new attempt), or
    // (nullopt, with `failed`) given up on with `error`.
    bool failed = false;
    std::string error;
    std::optional<std::int64_t> retryAtMs;
};

// What an operator watches, read in one go for GET /metrics.
struct StoreHealth
{
    int notificationsPending = 0;            // not yet delivered, still being tried
    std::int64_t oldestPendingCreatedMs = 0; // 0 when none are pending
    int notificationsFailed = 0;             // given up on
    int openAlerts = 0;                      // lone-worker alerts not yet closed
};

struct AuditEntry
{
    std::string userId;
    std::string deviceId;
    std::string action;
    v1::RecordType recordType = v1::RECORD_TYPE_UNSPECIFIED;
    std::string recordId;
    std::string outcome = "ok";
    // Ids and counts only, never resident data.
    std::string detail = "";
};

struct AuditRow
{
    std::int64_t id = 0;
    std::int64_t atMs = 0;
    AuditEntry entry;
};

// What an administrator asks of the audit log; empty fields match everything.
struct AuditQuery
{
    std::string userId;
    std::string deviceId;
    // Matches actions starting with this, e.g. "refused." or "push.".
    std::string actionPrefix;
    std::int64_t sinceMs = 0;
    int limit = 1000;
};

struct AppliedMutationRow
{
    std::string deviceId;
    v1::MutationResult result;
};

// Everything the sync, identity and admin logic asks of storage, inside one transaction
// opened by Store::read or Store::write. The interface speaks records and ids, never SQL,
// so a PostgreSQL implementation can follow without touching the logic above it.
class StoreSession
{
public:
    virtual ~StoreSession() = default;

    // --- records ---------------------------------------------------------------------
    // A form definition's id is "<id>@<version>".
    virtual Result<std::optional<v1::Record>> getRecord(v1::RecordType type,
                                                        std::string_view id) = 0;
    // Inserts or replaces the record and appends it to the change log. Case events are
    // append-only: putting one whose id exists fails. Returns the change-log seq.
    virtual Result<std::int64_t> putRecord(const v1::Record &record, std::int64_t nowMs) = 0;
    // Appends a change-log entry for the case and every record that is in a device's scope
    // because of it, so that the next pull re-decides their scope (upsert or evict).
    virtual Status touchCase(std::string_view caseId, std::int64_t nowMs) = 0;
    // A store holds one council: this replaces any council stored before.
    virtual Status putCouncil(const v1::Council &council) = 0;
    virtual Result<std::optional<v1::Council>> council() = 0;
    // The resident as it was at `version`, when that version is kept.
    virtual Result<std::optional<v1::Resident>> residentAtVersion(std::string_view id,
                                                                  std::int64_t version) = 0;
    // Every case event, oldest first, for exports.
    virtual Status forEachCaseEvent(const std::function<Status(const v1::CaseEvent &)> &fn) = 0;
    // Every record of one type, in id order, for exports.
    virtual Status forEachRecord(v1::RecordType type,
                                 const std::function<Status(const v1::Record &)> &fn) = 0;

    // --- scope queries ---------------------------------------------------------------
    // Cases with at least one visit assigned to the officer that are open, or were closed at
    // or after `closedSinceMs` (still inside the council's retention period).
    virtual Result<std::vector<std::string>> caseIdsForOfficer(std::string_view userId,
                                                               std::int64_t closedSinceMs) = 0;
    // The residents of those cases.
    virtual Result<std::vector<std::string>> residentIdsForOfficer(std::string_view userId,
                                                                   std::int64_t closedSinceMs) = 0;
    // Closed cases whose retention ended (closed before `closedBeforeMs`) and that have not
    // been swept yet, oldest first, at most `limit`.
    virtual Result<std::vector<std::string>> casesPastRetention(std::int64_t closedBeforeMs,
                                                                int limit) = 0;
    virtual Status markRetentionSwept(std::string_view caseId) = 0;
    // Marks swept, without re-logging, the closed cases past retention (closed before
    // `closedBeforeMs`) of which no device holds anything: there is nothing to evict.
    virtual Status markUnheldCasesSwept(std::int64_t closedBeforeMs) = 0;
    // Re-logs once, and marks swept, the declined referrals whose retention ended (declined
    // before `declinedBeforeMs`), oldest first, at most `limit`. Returns how many it dated or
    // re-logged, whichever is more: `limit` when more may be waiting.
    virtual Result<int> sweepDeclinedReferrals(std::int64_t declinedBeforeMs, std::int64_t nowMs,
                                               int limit) = 0;
    virtual Result<std::optional<std::string>> caseIdByNumber(std::string_view caseNumber) = 0;
    virtual Result<std::vector<std::string>> caseIdsOfResident(std::string_view residentId) = 0;
    virtual Result<std::vector<v1::Referral>> referralsByReferrer(std::string_view userId) = 0;
    // Oldest first.
    virtual Result<std::vector<v1::Referral>> referralsOfCase(std::string_view caseId) = 0;
    // The case's timeline, oldest first.
    virtual Result<std::vector<v1::CaseEvent>> caseEventsOf(std::string_view caseId) = 0;

    // --- users and identity ----------------------------------------------------------
    virtual Result<std::optional<v1::User>> findUserByName(std::string_view username) = 0;
    virtual Result<std::vector<v1::User>> listUsers() = 0;
    virtual Status putEnrolmentCode(std::string_view codeHash, std::string_view userId,
                                    std::int64_t expiresAtMs) = 0;
    // Marks the code used and returns its user, if it exists, is unused and has not expired.
    virtual Result<std::optional<std::string>> consumeEnrolmentCode(std::string_view codeHash,
                                                                    std::int64_t nowMs) = 0;
    virtual Status putDevice(const v1::Device &device, std::string_view secretHash) = 0;
    virtual Result<std::optional<DeviceRow>> findDevice(std::string_view deviceId) = 0;
    // Every device, or one user's (userId not empty), by user then id.
    virtual Result<std::vector<v1::Device>> listDevices(std::string_view userId) = 0;
    virtual Status putAccessToken(std::string_view tokenHash, std::string_view deviceId,
                                  std::int64_t expiresAtMs) = 0;
    // One statement, so it needs no transaction around it (Store::lookup).
    virtual Result<std::optional<BearerRow>> findBearer(std::string_view tokenHash) = 0;
    virtual Status deleteExpiredAccessTokens(std::int64_t nowMs) = 0;

    // --- the notification outbox -----------------------------------------------------
    // Queues it for delivery now, unless one of the same kind, subject and recipient exists.
    virtual Status enqueueNotification(const Notification &n) = 0;
    // Visits that may be overdue (visits::overdueSince): out in the field (en route, in
    // progress or overdue), and scheduled visits nobody started whose window closed in
    // [sinceMs, nowMs).
    virtual Result<std::vector<v1::Visit>> visitsOut(std::int64_t sinceMs, std::int64_t nowMs) = 0;
    // Visits in ALERT: a lone-working alert no coordinator has closed yet.
    virtual Result<std::vector<v1::Visit>> visitsInAlert() = 0;
    // Every visit of one case, whatever its status.
    virtual Result<std::vector<v1::Visit>> visitsOfCase(std::string_view caseId) = 0;
    virtual Result<int> openAlertCount() = 0;
    virtual Result<StoreHealth> health() = 0;
    // Scheduled visits whose window starts in [fromMs, toMs) and whose resident has no
    // visit_reminder queued for that start yet (subject "<visit id>@<start ms>").
    virtual Result<std::vector<v1::Visit>> visitsToRemind(std::int64_t fromMs,
                                                          std::int64_t toMs) = 0;
    // Claims the first undelivered notification due at `nowMs` by email (`email`) or else by
    // text (lone-working and overdue alerts first, then the longest waiting) for one sender:
    // nobody else is handed it before `claimUntilMs`, when it is due again unless its delivery
    // was recorded. With several server processes on one database, each is sent once.
    virtual Result<std::optional<Notification>> claimDueNotification(std::int64_t nowMs, bool email,
                                                                     std::int64_t claimUntilMs) = 0;
    // Records one delivery attempt: delivered, or failed with an error and tried again later
    // or given up on.
    virtual Status recordDelivery(std::string_view id, const DeliveryAttempt &attempt) = 0;
    // Claims the notifications a provider accepted whose outcome it has not reported yet, last
    // checked before `checkedBeforeMs` and accepted after `acceptedAfterMs`, least recently
    // checked first, at most `limit`: each is marked checked at `nowMs`, so another server
    // process does not ask the provider about it too.
    virtual Result<std::vector<Notification>>
    claimUnconfirmedNotifications(std::int64_t checkedBeforeMs, std::int64_t acceptedAfterMs,
                                  std::int64_t nowMs, int limit) = 0;
    // Records what the provider reported about it.
    virtual Status recordProviderReport(std::string_view id, const ProviderReport &report) = 0;
    // Every notification, newest first; only those given up on when `failedOnly`.
    virtual Result<std::vector<Notification>> listNotifications(bool failedOnly) = 0;

    // --- the change log and what each device holds ------------------------------------
    // Entries after `cursor`, oldest first, keeping only the newest entry of each record
    // (an older one would carry a stale body). At most `limit`.
    virtual Result<std::vector<ChangeRow>> changesAfter(std::int64_t cursor, int limit) = 0;
    // The same, for an officer's device, leaving out in the store what the pull would skip
    // anyway, without reading the rest of the council's entries: kept are the entries of the
    // officer's cases and residents (the pull's Scope), of the cases of what the device
    // holds, of the residents and referrals it holds, and of every ward, user and form.
    // The pull still checks each kept entry against the scope.
    virtual Result<std::vector<ChangeRow>>
    officerChangesAfter(std::int64_t cursor, int limit, std::string_view deviceId,
                        const std::set<std::string> &scopeCases,
                        const std::set<std::string> &scopeResidents) = 0;
    virtual Result<std::int64_t> lastSeq() = 0;
    // Whether the device was sent the record and not yet told of an eviction it acknowledged.
    virtual Result<bool> deviceHolds(std::string_view deviceId, v1::RecordType type,
                                     std::string_view recordId) = 0;
    // The device was sent these records (again, each once): it holds them.
    virtual Status recordsSent(std::string_view deviceId, const std::vector<ChangeRow> &rows) = 0;
    // The records the rows name, in their order; nullopt for one that is gone. A pull reads its
    // page with it, in as few statements as the store can.
    virtual Result<std::vector<std::optional<v1::Record>>>
    getRecords(const std::vector<ChangeRow> &rows) = 0;
    // The device was told to evict the record by the change at `seq`. The device still counts
    // as holding it until it acknowledges that change (see forgetAcknowledgedEvictions), so a
    // lost answer is answered with the eviction again.
    virtual Status evictionSent(std::string_view deviceId, v1::RecordType type,
                                std::string_view recordId, std::int64_t seq) = 0;
    // The device pulls from `cursor`, so it applied every change up to it: evictions sent at
    // or before it are done with.
    virtual Status forgetAcknowledgedEvictions(std::string_view deviceId, std::int64_t cursor) = 0;

    // --- exactly-once push -----------------------------------------------------------
    // A push's mutations are looked up, and their results recorded, a batch at a time: one
    // statement each on PostgreSQL, where each is a round trip under the change-log lock.
    // The recorded results of these mutation ids, by id; an id never pushed is absent.
    virtual Result<std::map<std::string, AppliedMutationRow>>
    appliedMutations(const std::set<std::string> &mutationIds) = 0;
    // Records each result under its mutation_id, for `deviceId`.
    virtual Status putAppliedMutations(std::string_view deviceId,
                                       const std::vector<v1::MutationResult> &results,
                                       std::int64_t nowMs) = 0;

    virtual Status appendAudit(const AuditEntry &entry, std::int64_t nowMs) = 0;
    // The same for several, in order.
    virtual Status appendAudits(const std::vector<AuditEntry> &entries, std::int64_t nowMs) = 0;
    // Newest first.
    virtual Result<std::vector<AuditRow>> queryAudit(const AuditQuery &query) = 0;
};

} // namespace doorstep::server
