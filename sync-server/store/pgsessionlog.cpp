// PgSession, continued: users and identity, the change log, device holdings, applied
// mutations and the audit log.

#include "store/pgsession.h"
#include "store/recordcodec.h"

#include <map>
#include <set>

namespace doorstep::server {

Result<std::optional<v1::User>> PgSession::findUserByName(std::string_view username)
{
    auto found = bodies<v1::User>("SELECT body FROM users WHERE username = $1",
                                  pg::Params().text(username), "user");
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<v1::User>();
    }
    return std::optional<v1::User>(std::move(found->front()));
}

Result<std::vector<v1::User>> PgSession::listUsers()
{
    return bodies<v1::User>("SELECT body FROM users ORDER BY username", {}, "user");
}

Status PgSession::putEnrolmentCode(std::string_view codeHash, std::string_view userId,
                                   std::int64_t expiresAtMs)
{
    auto r =
        m_c.exec("INSERT INTO enrolment_codes (code_hash, user_id, expires_at) VALUES ($1, $2, $3)",
                 pg::Params().text(codeHash).text(userId).int64(expiresAtMs));
    return r ? Status() : Status(r.error());
}

Result<std::optional<std::string>> PgSession::consumeEnrolmentCode(std::string_view codeHash,
                                                                   std::int64_t nowMs)
{
    // One conditional UPDATE: of two devices racing with the same code, on any server
    // process, exactly one wins (the second waits for the first's row lock, then finds it
    // used).
    auto found = ids("UPDATE enrolment_codes SET used_at = $2 WHERE code_hash = $1"
                     " AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
                     pg::Params().text(codeHash).int64(nowMs));
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(found->front());
}

Status PgSession::putDevice(const v1::Device &device, std::string_view secretHash)
{
    auto r = m_c.exec("INSERT INTO devices (id, user_id, secret_hash, status, body)"
                      " VALUES ($1,$2,$3,$4,$5) ON CONFLICT (id) DO UPDATE SET"
                      " status = excluded.status, body = excluded.body",
                      pg::Params()
                          .text(device.id())
                          .text(device.user_id())
                          .text(secretHash)
                          .int64(device.status())
                          .bytes(serialize(device)));
    return r ? Status() : Status(r.error());
}

Result<std::optional<DeviceRow>> PgSession::findDevice(std::string_view deviceId)
{
    auto rows = m_c.exec("SELECT body, secret_hash FROM devices WHERE id = $1",
                         pg::Params().text(deviceId));
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<DeviceRow>();
    }
    DeviceRow d;
    if (!d.device.ParseFromString(rows->text(0, 0))) {
        return corrupt("device");
    }
    d.secretHash = rows->text(0, 1);
    return std::optional<DeviceRow>(std::move(d));
}

Result<std::vector<v1::Device>> PgSession::listDevices(std::string_view userId)
{
    if (userId.empty()) {
        return bodies<v1::Device>("SELECT body FROM devices ORDER BY user_id, id", {}, "device");
    }
    return bodies<v1::Device>("SELECT body FROM devices WHERE user_id = $1 ORDER BY id",
                              pg::Params().text(userId), "device");
}

Status PgSession::putAccessToken(std::string_view tokenHash, std::string_view deviceId,
                                 std::int64_t expiresAtMs)
{
    auto r = m_c.exec(
        "INSERT INTO access_tokens (token_hash, device_id, expires_at) VALUES ($1, $2, $3)",
        pg::Params().text(tokenHash).text(deviceId).int64(expiresAtMs));
    return r ? Status() : Status(r.error());
}

Result<std::optional<BearerRow>> PgSession::findBearer(std::string_view tokenHash)
{
    auto rows = m_c.exec("SELECT t.device_id, t.expires_at, d.body, u.body FROM access_tokens t"
                         " LEFT JOIN devices d ON d.id = t.device_id"
                         " LEFT JOIN users u ON u.id = d.user_id WHERE t.token_hash = $1",
                         pg::Params().text(tokenHash));
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<BearerRow>();
    }
    BearerRow b{rows->text(0, 0), rows->int64(0, 1), std::nullopt, std::nullopt};
    if (!rows->isNull(0, 2) && !b.device.emplace().ParseFromString(rows->text(0, 2))) {
        return corrupt("device");
    }
    if (!rows->isNull(0, 3) && !b.user.emplace().ParseFromString(rows->text(0, 3))) {
        return corrupt("user");
    }
    return std::optional<BearerRow>(std::move(b));
}

Status PgSession::deleteExpiredAccessTokens(std::int64_t nowMs)
{
    // Kept for a day past expiry so that a late request still hears "expired", not "unknown".
    auto r = m_c.exec("DELETE FROM access_tokens WHERE expires_at < $1",
                      pg::Params().int64(nowMs - 24 * 3600 * 1000));
    return r ? Status() : Status(r.error());
}

namespace {

// The newest entry of each record after the cursor.
// A newer entry is after the cursor ($1) too: said, so that the planner reads only the log's
// tail for it, not the whole log (a hash anti-join over every entry took most of a pull).
constexpr const char *kNewestOnly =
    " NOT EXISTS (SELECT 1 FROM change_log d WHERE d.record_type = c.record_type"
    " AND d.record_id = c.record_id AND d.seq > c.seq AND d.seq > $1)";

Result<std::vector<ChangeRow>> changeRows(Result<pg::Rows> rows)
{
    if (!rows) {
        return rows.error();
    }
    std::vector<ChangeRow> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
        out.push_back(ChangeRow{rows->int64(i, 0), static_cast<v1::RecordType>(rows->int64(i, 1)),
                                rows->text(i, 2), rows->text(i, 3)});
    }
    return out;
}

} // namespace

Result<std::vector<ChangeRow>> PgSession::changesAfter(std::int64_t cursor, int limit)
{
    static const std::string sql =
        std::string("SELECT c.seq, c.record_type, c.record_id, c.case_id FROM change_log c"
                    " WHERE c.seq > $1 AND") +
        kNewestOnly + " ORDER BY c.seq LIMIT $2";
    return changeRows(m_c.exec(sql, pg::Params().int64(cursor).int64(limit)));
}

Result<std::vector<ChangeRow>>
PgSession::officerChangesAfter(std::int64_t cursor, int limit, std::string_view deviceId,
                               const std::set<std::string> &scopeCases,
                               const std::set<std::string> &scopeResidents)
{
    // The same candidates as SqliteSession::officerChangesAfter, which explains them; the
    // planner finds the (case_id, seq) and (record_type, record_id, seq) indexes unasked.
    static const std::string sql =
        "WITH case_keys(id) AS (SELECT jsonb_array_elements_text($3::text::jsonb)"
        " UNION SELECT h.case_id FROM device_records h"
        " WHERE h.device_id = $5 AND h.record_type IN (2, 4, 5) AND h.case_id <> ''),"
        " resident_keys(id) AS (SELECT jsonb_array_elements_text($4::text::jsonb)"
        " UNION SELECT h.record_id FROM device_records h WHERE h.device_id = $5"
        " AND h.record_type = 1),"
        " candidates AS ("
        " SELECT seq, record_type, record_id, case_id FROM change_log"
        " WHERE case_id IN (SELECT id FROM case_keys) AND seq > $1"
        " AND record_type IN (2, 3, 4, 5)"
        " UNION SELECT seq, record_type, record_id, case_id FROM change_log"
        " WHERE record_type IN (6, 7, 8) AND seq > $1"
        " UNION SELECT seq, record_type, record_id, case_id FROM change_log"
        " WHERE record_type = 1 AND record_id IN (SELECT id FROM resident_keys) AND seq > $1"
        " UNION SELECT seq, record_type, record_id, case_id FROM change_log"
        " WHERE record_type = 3 AND record_id IN"
        " (SELECT h.record_id FROM device_records h WHERE h.device_id = $5 AND h.record_type = 3)"
        " AND seq > $1)"
        " SELECT c.seq, c.record_type, c.record_id, c.case_id FROM candidates c WHERE" +
        std::string(kNewestOnly) + " ORDER BY c.seq LIMIT $2";
    return changeRows(m_c.exec(sql, pg::Params()
                                        .int64(cursor)
                                        .int64(limit)
                                        .text(jsonArray(scopeCases))
                                        .text(jsonArray(scopeResidents))
                                        .text(deviceId)));
}

Result<std::int64_t> PgSession::lastSeq()
{
    auto r = m_c.exec("SELECT COALESCE(MAX(seq), 0)::bigint FROM change_log");
    if (!r) {
        return r.error();
    }
    return r->int64(0, 0);
}

Result<bool> PgSession::deviceHolds(std::string_view deviceId, v1::RecordType type,
                                    std::string_view recordId)
{
    auto r = m_c.exec("SELECT 1 FROM device_records WHERE device_id = $1"
                      " AND record_type = $2 AND record_id = $3",
                      pg::Params().text(deviceId).int64(type).text(recordId));
    if (!r) {
        return r.error();
    }
    return r->size() > 0;
}

Status PgSession::recordsSent(std::string_view deviceId, const std::vector<ChangeRow> &rows)
{
    if (rows.empty()) {
        return {};
    }
    // One statement for the page: [[type, "id", "case"], ...].
    std::string json = "[";
    for (const ChangeRow &row : rows) {
        json += json.size() > 1 ? ",[" : "[";
        json += std::to_string(row.recordType) + "," + jsonString(row.recordId) + "," +
                jsonString(row.holdingCase()) + "]";
    }
    json += "]";
    auto r = m_c.exec("INSERT INTO device_records (device_id, record_type, record_id,"
                      " evicted_at_seq, case_id) SELECT $1, (x->>0)::bigint, x->>1, NULL, x->>2"
                      " FROM jsonb_array_elements($2::text::jsonb) x"
                      " ON CONFLICT (device_id, record_type, record_id) DO UPDATE SET"
                      " evicted_at_seq = NULL, case_id = excluded.case_id",
                      pg::Params().text(deviceId).text(json));
    return r ? Status() : Status(r.error());
}

Result<std::vector<std::optional<v1::Record>>>
PgSession::getRecords(const std::vector<ChangeRow> &rows)
{
    // One statement per record type on the page.
    std::map<v1::RecordType, std::set<std::string>> wanted;
    for (const ChangeRow &row : rows) {
        wanted[row.recordType].insert(row.recordId);
    }
    std::map<std::pair<v1::RecordType, std::string>, std::string> bodies;
    for (const auto &[type, ids] : wanted) {
        const char *table = tableOf(type);
        if (!table) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Unknown record type");
        }
        const std::string key =
            type == v1::RECORD_TYPE_FORM_DEFINITION ? "id || '@' || version" : "id";
        auto found = m_c.exec(std::string("SELECT ") + key + ", body FROM " + table + " WHERE " +
                                  key + " IN (SELECT jsonb_array_elements_text($1::text::jsonb))",
                              pg::Params().text(jsonArray(ids)));
        if (!found) {
            return found.error();
        }
        for (int i = 0; i < found->size(); ++i) {
            bodies[{type, found->text(i, 0)}] = found->text(i, 1);
        }
    }
    std::vector<std::optional<v1::Record>> out;
    out.reserve(rows.size());
    for (const ChangeRow &row : rows) {
        const auto it = bodies.find({row.recordType, row.recordId});
        if (it == bodies.end()) {
            out.emplace_back();
            continue;
        }
        v1::Record rec;
        if (!parseInto(rec, row.recordType, it->second)) {
            return corrupt("record");
        }
        out.emplace_back(std::move(rec));
    }
    return out;
}

Status PgSession::evictionSent(std::string_view deviceId, v1::RecordType type,
                               std::string_view recordId, std::int64_t seq)
{
    auto r = m_c.exec("UPDATE device_records SET evicted_at_seq = $4 WHERE device_id = $1"
                      " AND record_type = $2 AND record_id = $3",
                      pg::Params().text(deviceId).int64(type).text(recordId).int64(seq));
    return r ? Status() : Status(r.error());
}

Status PgSession::forgetAcknowledgedEvictions(std::string_view deviceId, std::int64_t cursor)
{
    auto r = m_c.exec("DELETE FROM device_records WHERE device_id = $1"
                      " AND evicted_at_seq IS NOT NULL AND evicted_at_seq <= $2",
                      pg::Params().text(deviceId).int64(cursor));
    return r ? Status() : Status(r.error());
}

Result<std::map<std::string, AppliedMutationRow>>
PgSession::appliedMutations(const std::set<std::string> &mutationIds)
{
    std::map<std::string, AppliedMutationRow> out;
    if (mutationIds.empty()) {
        return out;
    }
    auto rows =
        m_c.exec("SELECT mutation_id, result, device_id FROM applied_mutations"
                 " WHERE mutation_id IN (SELECT jsonb_array_elements_text($1::text::jsonb))",
                 pg::Params().text(jsonArray(mutationIds)));
    if (!rows) {
        return rows.error();
    }
    for (int i = 0; i < rows->size(); ++i) {
        AppliedMutationRow r;
        if (!r.result.ParseFromString(rows->text(i, 1))) {
            return corrupt("mutation result");
        }
        r.deviceId = rows->text(i, 2);
        out.emplace(rows->text(i, 0), std::move(r));
    }
    return out;
}

Status PgSession::putAppliedMutations(std::string_view deviceId,
                                      const std::vector<v1::MutationResult> &results,
                                      std::int64_t nowMs)
{
    if (results.empty()) {
        return {};
    }
    // One statement: [["mutation id", "result in hex"], ...].
    static constexpr char hex[] = "0123456789abcdef";
    std::string json = "[";
    for (const v1::MutationResult &result : results) {
        json += json.size() > 1 ? ",[" : "[";
        json += jsonString(result.mutation_id()) + ",\"";
        for (const unsigned char c : serialize(result)) {
            json += hex[c >> 4];
            json += hex[c & 15];
        }
        json += "\"]";
    }
    json += "]";
    auto r = m_c.exec("INSERT INTO applied_mutations (mutation_id, device_id, applied_at, result)"
                      " SELECT x->>0, $1, $2, decode(x->>1, 'hex')"
                      " FROM jsonb_array_elements($3::text::jsonb) x",
                      pg::Params().text(deviceId).int64(nowMs).text(json));
    return r ? Status() : Status(r.error());
}

Status PgSession::appendAudit(const AuditEntry &e, std::int64_t nowMs)
{
    auto r = m_c.exec("INSERT INTO audit_log (at, user_id, device_id, action, record_type,"
                      " record_id, outcome, detail) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
                      pg::Params()
                          .int64(nowMs)
                          .text(e.userId)
                          .text(e.deviceId)
                          .text(e.action)
                          .int64(e.recordType)
                          .text(e.recordId)
                          .text(e.outcome)
                          .text(e.detail));
    return r ? Status() : Status(r.error());
}

Status PgSession::appendAudits(const std::vector<AuditEntry> &entries, std::int64_t nowMs)
{
    if (entries.size() < 2) {
        return entries.empty() ? Status() : appendAudit(entries.front(), nowMs);
    }
    // One statement, in order (the audit log's ids are its order).
    std::string json = "[";
    for (const AuditEntry &e : entries) {
        json += json.size() > 1 ? ",[" : "[";
        json += jsonString(e.userId) + "," + jsonString(e.deviceId) + "," + jsonString(e.action) +
                "," + std::to_string(e.recordType) + "," + jsonString(e.recordId) + "," +
                jsonString(e.outcome) + "," + jsonString(e.detail) + "]";
    }
    json += "]";
    auto r = m_c.exec("INSERT INTO audit_log (at, user_id, device_id, action, record_type,"
                      " record_id, outcome, detail) SELECT $1, x->>0, x->>1, x->>2,"
                      " (x->>3)::bigint, x->>4, x->>5, x->>6"
                      " FROM jsonb_array_elements($2::text::jsonb) WITH ORDINALITY AS e(x, n)"
                      " ORDER BY n",
                      pg::Params().int64(nowMs).text(json));
    return r ? Status() : Status(r.error());
}

Result<std::vector<AuditRow>> PgSession::queryAudit(const AuditQuery &q)
{
    // substr() rather than LIKE, so '%' and '_' in a prefix are plain characters.
    auto rows = m_c.exec(
        "SELECT id, at, user_id, device_id, action, record_type, record_id, outcome, detail"
        " FROM audit_log WHERE ($1 = '' OR user_id = $1) AND ($2 = '' OR device_id = $2)"
        " AND substr(action, 1, length($3)) = $3 AND at >= $4 ORDER BY id DESC LIMIT $5",
        pg::Params()
            .text(q.userId)
            .text(q.deviceId)
            .text(q.actionPrefix)
            .int64(q.sinceMs)
            .int64(q.limit));
    if (!rows) {
        return rows.error();
    }
    std::vector<AuditRow> out;
    for (int i = 0; i < rows->size(); ++i) {
        AuditRow r;
        r.id = rows->int64(i, 0);
        r.atMs = rows->int64(i, 1);
        r.entry.userId = rows->text(i, 2);
        r.entry.deviceId = rows->text(i, 3);
        r.entry.action = rows->text(i, 4);
        r.entry.recordType = static_cast<v1::RecordType>(rows->int64(i, 5));
        r.entry.recordId = rows->text(i, 6);
        r.entry.outcome = rows->text(i, 7);
        r.entry.detail = rows->text(i, 8);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace doorstep::server
