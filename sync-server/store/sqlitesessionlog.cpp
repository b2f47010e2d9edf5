// SqliteSession, continued: users and identity, the change log, device holdings, applied
// mutations and the audit log. Split from sqlitesession.cpp only to keep files short.

#include "db/statement.h"
#include "store/recordcodec.h"
#include "store/sqlitesession.h"

namespace doorstep::server {

Result<std::optional<v1::User>> SqliteSession::findUserByName(std::string_view username)
{
    auto st = m_db.prepare("SELECT body FROM users WHERE username = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, username);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<v1::User>();
    }
    v1::User u;
    if (!u.ParseFromString(st->blob(0))) {
        return makeError(v1::ERROR_CODE_STORAGE, "A stored user could not be decoded");
    }
    return std::optional<v1::User>(std::move(u));
}

Result<std::vector<v1::User>> SqliteSession::listUsers()
{
    auto st = m_db.prepare("SELECT body FROM users ORDER BY username");
    if (!st) {
        return st.error();
    }
    std::vector<v1::User> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        v1::User u;
        if (!u.ParseFromString(st->blob(0))) {
            return makeError(v1::ERROR_CODE_STORAGE, "A stored user could not be decoded");
        }
        out.push_back(std::move(u));
    }
    return out;
}

Status SqliteSession::putEnrolmentCode(std::string_view codeHash, std::string_view userId,
                                       std::int64_t expiresAtMs)
{
    auto st = m_db.prepare(
        "INSERT INTO enrolment_codes (code_hash, user_id, expires_at) VALUES (?1, ?2, ?3)");
    if (!st) {
        return st.error();
    }
    st->bind(1, codeHash).bind(2, userId).bind(3, expiresAtMs);
    return st->run();
}

Result<std::optional<std::string>> SqliteSession::consumeEnrolmentCode(std::string_view codeHash,
                                                                       std::int64_t nowMs)
{
    // One conditional UPDATE: of two devices racing with the same code, exactly one wins.
    auto st = m_db.prepare("UPDATE enrolment_codes SET used_at = ?2 WHERE code_hash = ?1"
                           " AND used_at IS NULL AND expires_at > ?2 RETURNING user_id");
    if (!st) {
        return st.error();
    }
    st->bind(1, codeHash).bind(2, nowMs);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<std::string>();
    }
    std::string user = st->text(0);
    if (auto done = st->step(); !done) {
        return done.error();
    }
    return std::optional<std::string>(std::move(user));
}

Status SqliteSession::putDevice(const v1::Device &device, std::string_view secretHash)
{
    auto st = m_db.prepare("INSERT INTO devices (id, user_id, secret_hash, status, body)"
                           " VALUES (?1,?2,?3,?4,?5) ON CONFLICT (id) DO UPDATE SET"
                           " status = excluded.status, body = excluded.body");
    if (!st) {
        return st.error();
    }
    st->bind(1, device.id()).bind(2, device.user_id()).bind(3, secretHash);
    st->bind(4, static_cast<int>(device.status())).bindBlob(5, serialize(device));
    return st->run();
}

Result<std::optional<DeviceRow>> SqliteSession::findDevice(std::string_view deviceId)
{
    auto st = m_db.prepare("SELECT body, secret_hash FROM devices WHERE id = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, deviceId);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<DeviceRow>();
    }
    DeviceRow d;
    if (!d.device.ParseFromString(st->blob(0))) {
        return makeError(v1::ERROR_CODE_STORAGE, "A stored device could not be decoded");
    }
    d.secretHash = st->text(1);
    return std::optional<DeviceRow>(std::move(d));
}

Result<std::vector<v1::Device>> SqliteSession::listDevices(std::string_view userId)
{
    auto st =
        m_db.prepare(userId.empty() ? "SELECT body FROM devices ORDER BY user_id, id"
                                    : "SELECT body FROM devices WHERE user_id = ?1 ORDER BY id");
    if (!st) {
        return st.error();
    }
    if (!userId.empty()) {
        st->bind(1, userId);
    }
    std::vector<v1::Device> out;
    auto each = st->forEach([&]() -> Status {
        v1::Device d;
        if (!d.ParseFromString(st->blob(0))) {
            return makeError(v1::ERROR_CODE_STORAGE, "A stored device could not be decoded");
        }
        out.push_back(std::move(d));
        return {};
    });
    if (!each) {
        return each.error();
    }
    return out;
}

Status SqliteSession::putAccessToken(std::string_view tokenHash, std::string_view deviceId,
                                     std::int64_t expiresAtMs)
{
    auto st = m_db.prepare(
        "INSERT INTO access_tokens (token_hash, device_id, expires_at) VALUES (?1, ?2, ?3)");
    if (!st) {
        return st.error();
    }
    st->bind(1, tokenHash).bind(2, deviceId).bind(3, expiresAtMs);
    return st->run();
}

Result<std::optional<BearerRow>> SqliteSession::findBearer(std::string_view tokenHash)
{
    auto st = m_db.prepare("SELECT t.device_id, t.expires_at, d.body, u.body FROM access_tokens t"
                           " LEFT JOIN devices d ON d.id = t.device_id"
                           " LEFT JOIN users u ON u.id = d.user_id WHERE t.token_hash = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, tokenHash);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<BearerRow>();
    }
    BearerRow b{st->text(0), st->int64(1), std::nullopt, std::nullopt};
    if (!st->isNull(2) && !b.device.emplace().ParseFromString(st->blob(2))) {
        return corrupt("device");
    }
    if (!st->isNull(3) && !b.user.emplace().ParseFromString(st->blob(3))) {
        return corrupt("user");
    }
    return std::optional<BearerRow>(std::move(b));
}

Status SqliteSession::deleteExpiredAccessTokens(std::int64_t nowMs)
{
    // Kept for a day past expiry so that a late request still hears "expired", not "unknown".
    auto st = m_db.prepare("DELETE FROM access_tokens WHERE expires_at < ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, nowMs - 24 * 3600 * 1000);
    return st->run();
}

namespace {

// The newest entry of each record after the cursor.
constexpr const char *kNewestOnly =
    " NOT EXISTS (SELECT 1 FROM change_log d WHERE d.record_type = c.record_type"
    " AND d.record_id = c.record_id AND d.seq > c.seq)";

Result<std::vector<ChangeRow>> changeRows(db::Statement &st)
{
    std::vector<ChangeRow> out;
    for (;;) {
        auto row = st.step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.push_back(ChangeRow{st.int64(0), static_cast<v1::RecordType>(st.int64(1)), st.text(2),
                                st.text(3)});
    }
    return out;
}

} // namespace

Result<std::vector<ChangeRow>> SqliteSession::changesAfter(std::int64_t cursor, int limit)
{
    static const std::string sql =
        std::string("SELECT c.seq, c.record_type, c.record_id, c.case_id FROM change_log c"
                    " WHERE c.seq > ?1 AND") +
        kNewestOnly + " ORDER BY c.seq LIMIT ?2";
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    st->bind(1, cursor).bind(2, limit);
    return changeRows(*st);
}

Result<std::vector<ChangeRow>>
SqliteSession::officerChangesAfter(std::int64_t cursor, int limit, std::string_view deviceId,
                                   const std::set<std::string> &scopeCases,
                                   const std::set<std::string> &scopeResidents)
{
    // Candidates, each read through an index ending in seq or record id, so that a pull's
    // cost follows the officer's caseload and the device's holdings, not the council:
    // - case records, visits, events and referrals of the officer's cases, and of the cases
    //   the device holds records of (those may have to be evicted);
    // - every ward, user and form definition (few);
    // - residents of the officer's cases, and residents the device holds;
    // - referrals the device holds (a referral may be moved to another case).
    // The pull still checks each candidate against the scope and the device's holdings.
    // The officer's cases and residents come from the Scope the pull already loaded.
    static const std::string sql =
        "WITH case_keys(id) AS (SELECT value FROM json_each(?3)"
        " UNION SELECT h.case_id FROM device_records h"
        " WHERE h.device_id = ?5 AND h.record_type IN (2, 4, 5) AND h.case_id <> ''),"
        " resident_keys(id) AS (SELECT value FROM json_each(?4)"
        " UNION SELECT h.record_id FROM device_records h WHERE h.device_id = ?5"
        " AND h.record_type = 1),"
        " candidates AS ("
        " SELECT seq, record_type, record_id, case_id FROM change_log INDEXED BY change_log_by_case"
        " WHERE case_id IN case_keys AND seq > ?1 AND record_type IN (2, 3, 4, 5)"
        " UNION SELECT seq, record_type, record_id, case_id FROM change_log"
        " INDEXED BY change_log_by_record WHERE record_type IN (6, 7, 8) AND seq > ?1"
        " UNION SELECT seq, record_type, record_id, case_id FROM change_log"
        " INDEXED BY change_log_by_record WHERE record_type = 1 AND record_id IN resident_keys"
        " AND seq > ?1"
        " UNION SELECT seq, record_type, record_id, case_id FROM change_log"
        " INDEXED BY change_log_by_record WHERE record_type = 3 AND record_id IN"
        " (SELECT h.record_id FROM device_records h WHERE h.device_id = ?5 AND h.record_type = 3)"
        " AND seq > ?1)"
        " SELECT c.seq, c.record_type, c.record_id, c.case_id FROM candidates c WHERE" +
        std::string(kNewestOnly) + " ORDER BY c.seq LIMIT ?2";
    static_assert(v1::RECORD_TYPE_RESIDENT == 1 && v1::RECORD_TYPE_CASE == 2 &&
                  v1::RECORD_TYPE_REFERRAL == 3 && v1::RECORD_TYPE_VISIT == 4 &&
                  v1::RECORD_TYPE_CASE_EVENT == 5 && v1::RECORD_TYPE_FORM_DEFINITION == 6 &&
                  v1::RECORD_TYPE_USER == 7 && v1::RECORD_TYPE_WARD == 8);
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    st->bind(1, cursor).bind(2, limit).bind(3, jsonArray(scopeCases));
    st->bind(4, jsonArray(scopeResidents)).bind(5, deviceId);
    return changeRows(*st);
}

Result<std::int64_t> SqliteSession::lastSeq()
{
    auto st = m_db.prepare("SELECT COALESCE(MAX(seq), 0) FROM change_log");
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    return st->int64(0);
}

Result<bool> SqliteSession::deviceHolds(std::string_view deviceId, v1::RecordType type,
                                        std::string_view recordId)
{
    auto st = m_db.prepare("SELECT 1 FROM device_records WHERE device_id = ?1"
                           " AND record_type = ?2 AND record_id = ?3");
    if (!st) {
        return st.error();
    }
    st->bind(1, deviceId).bind(2, static_cast<int>(type)).bind(3, recordId);
    return st->step();
}

Status SqliteSession::recordsSent(std::string_view deviceId, const std::vector<ChangeRow> &rows)
{
    // One connection in the process: a statement a row costs no round trip.
    auto st = m_db.prepare("INSERT OR REPLACE INTO device_records (device_id, record_type,"
                           " record_id, evicted_at_seq, case_id) VALUES (?1, ?2, ?3, NULL, ?4)");
    if (!st) {
        return st.error();
    }
    for (const ChangeRow &row : rows) {
        st->reset();
        st->bind(1, deviceId).bind(2, static_cast<int>(row.recordType)).bind(3, row.recordId);
        st->bind(4, row.holdingCase());
        if (auto s = st->run(); !s) {
            return s;
        }
    }
    return {};
}

Result<std::vector<std::optional<v1::Record>>>
SqliteSession::getRecords(const std::vector<ChangeRow> &rows)
{
    std::vector<std::optional<v1::Record>> out;
    out.reserve(rows.size());
    for (const ChangeRow &row : rows) {
        auto record = getRecord(row.recordType, row.recordId);
        if (!record) {
            return record.error();
        }
        out.push_back(std::move(*record));
    }
    return out;
}

Status SqliteSession::evictionSent(std::string_view deviceId, v1::RecordType type,
                                   std::string_view recordId, std::int64_t seq)
{
    auto st = m_db.prepare("UPDATE device_records SET evicted_at_seq = ?4 WHERE device_id = ?1"
                           " AND record_type = ?2 AND record_id = ?3");
    if (!st) {
        return st.error();
    }
    st->bind(1, deviceId).bind(2, static_cast<int>(type)).bind(3, recordId).bind(4, seq);
    return st->run();
}

Status SqliteSession::forgetAcknowledgedEvictions(std::string_view deviceId, std::int64_t cursor)
{
    auto st = m_db.prepare("DELETE FROM device_records WHERE device_id = ?1"
                           " AND evicted_at_seq IS NOT NULL AND evicted_at_seq <= ?2");
    if (!st) {
        return st.error();
    }
    st->bind(1, deviceId).bind(2, cursor);
    return st->run();
}

Result<std::map<std::string, AppliedMutationRow>>
SqliteSession::appliedMutations(const std::set<std::string> &mutationIds)
{
    std::map<std::string, AppliedMutationRow> out;
    if (mutationIds.empty()) {
        return out;
    }
    auto st = m_db.prepare("SELECT mutation_id, result, device_id FROM applied_mutations"
                           " WHERE mutation_id IN (SELECT value FROM json_each(?1))");
    if (!st) {
        return st.error();
    }
    st->bind(1, jsonArray(mutationIds));
    Status read = st->forEach([&]() -> Status {
        AppliedMutationRow r;
        if (!r.result.ParseFromString(st->blob(1))) {
            return corrupt("mutation result");
        }
        r.deviceId = st->text(2);
        out.emplace(st->text(0), std::move(r));
        return {};
    });
    if (!read) {
        return read.error();
    }
    return out;
}

Status SqliteSession::putAppliedMutations(std::string_view deviceId,
                                          const std::vector<v1::MutationResult> &results,
                                          std::int64_t nowMs)
{
    for (const v1::MutationResult &result : results) {
        auto st = m_db.prepare("INSERT INTO applied_mutations (mutation_id, device_id, applied_at,"
                               " result) VALUES (?1, ?2, ?3, ?4)");
        if (!st) {
            return st.error();
        }
        st->bind(1, result.mutation_id()).bind(2, deviceId).bind(3, nowMs);
        st->bindBlob(4, serialize(result));
        if (Status s = st->run(); !s) {
            return s;
        }
    }
    return {};
}

Status SqliteSession::appendAudit(const AuditEntry &e, std::int64_t nowMs)
{
    auto st = m_db.prepare("INSERT INTO audit_log (at, user_id, device_id, action, record_type,"
                           " record_id, outcome, detail) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
    if (!st) {
        return st.error();
    }
    st->bind(1, nowMs).bind(2, e.userId).bind(3, e.deviceId).bind(4, e.action);
    st->bind(5, static_cast<int>(e.recordType)).bind(6, e.recordId).bind(7, e.outcome);
    st->bind(8, e.detail);
    return st->run();
}

Status SqliteSession::appendAudits(const std::vector<AuditEntry> &entries, std::int64_t nowMs)
{
    for (const AuditEntry &e : entries) {
        if (Status s = appendAudit(e, nowMs); !s) {
            return s;
        }
    }
    return {};
}

Result<std::vector<AuditRow>> SqliteSession::queryAudit(const AuditQuery &q)
{
    // substr() rather than LIKE, so '%' and '_' in a prefix are plain characters.
    auto st = m_db.prepare(
        "SELECT id, at, user_id, device_id, action, record_type, record_id, outcome, detail"
        " FROM audit_log WHERE (?1 = '' OR user_id = ?1) AND (?2 = '' OR device_id = ?2)"
        " AND substr(action, 1, length(?3)) = ?3 AND at >= ?4 ORDER BY id DESC LIMIT ?5");
    if (!st) {
        return st.error();
    }
    st->bind(1, q.userId).bind(2, q.deviceId).bind(3, q.actionPrefix).bind(4, q.sinceMs);
    st->bind(5, q.limit);
    std::vector<AuditRow> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return out;
        }
        AuditRow r;
        r.id = st->int64(0);
        r.atMs = st->int64(1);
        r.entry.userId = st->text(2);
        r.entry.deviceId = st->text(3);
        r.entry.action = st->text(4);
        r.entry.recordType = static_cast<v1::RecordType>(st->int64(5));
        r.entry.recordId = st->text(6);
        r.entry.outcome = st->text(7);
        r.entry.detail = st->text(8);
        out.push_back(std::move(r));
    }
}

} // namespace doorstep::server
