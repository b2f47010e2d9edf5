// PgSession, continued: the council, resident history, exports and the queries that decide
// scope.

#include "environment/timestamps.h"
#include "store/pgsession.h"
#include "store/recordcodec.h"

#include <algorithm>

namespace doorstep::server {

Result<std::vector<std::string>> PgSession::ids(std::string_view sql, const pg::Params &params)
{
    auto rows = m_c.exec(sql, params);
    if (!rows) {
        return rows.error();
    }
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
        out.push_back(rows->text(i, 0));
    }
    return out;
}

Status PgSession::putCouncil(const v1::Council &council)
{
    // One store holds one council, so the new one replaces any other. Its revision moves on
    // from the stored one, so every device takes the new record.
    auto previous = this->council();
    if (!previous) {
        return previous.error();
    }
    v1::Council next = council;
    next.set_revision(
        std::max(council.revision(), previous->has_value() ? (*previous)->revision() + 1 : 1));
    if (auto d = m_c.exec("DELETE FROM councils"); !d) {
        return d.error();
    }
    auto r = m_c.exec("INSERT INTO councils (id, body) VALUES ($1, $2)",
                      pg::Params().text(next.id()).bytes(serialize(next)));
    return r ? Status() : Status(r.error());
}

Result<std::optional<v1::Council>> PgSession::council()
{
    auto found =
        bodies<v1::Council>("SELECT body FROM councils ORDER BY id LIMIT 1", {}, "council");
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<v1::Council>();
    }
    return std::optional<v1::Council>(std::move(found->front()));
}

Result<std::optional<v1::Resident>> PgSession::residentAtVersion(std::string_view id,
                                                                 std::int64_t version)
{
    auto found = bodies<v1::Resident>(
        "SELECT body FROM resident_versions WHERE resident_id = $1 AND version = $2",
        pg::Params().text(id).int64(version), "resident");
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<v1::Resident>();
    }
    return std::optional<v1::Resident>(std::move(found->front()));
}

Status PgSession::forEachCaseEvent(const std::function<Status(const v1::CaseEvent &)> &fn)
{
    return m_c.forEach("SELECT body FROM case_events ORDER BY occurred_at, id", {},
                       [&](const pg::Rows &rows, int i) -> Status {
                           v1::CaseEvent e;
                           if (!e.ParseFromString(rows.text(i, 0))) {
                               return corrupt("case event");
                           }
                           return fn(e);
                       });
}

namespace {
// An officer's cases: a visit assigned to them, and open or closed within the retention period.
constexpr const char *kOfficerCases =
    " FROM visits v JOIN cases c ON c.id = v.case_id WHERE v.officer_user_id = $1"
    " AND (c.status = 1 OR (c.status = 2 AND c.closed_at >= $2))";
} // namespace

Result<std::vector<std::string>> PgSession::caseIdsForOfficer(std::string_view userId,
                                                              std::int64_t closedSinceMs)
{
    static const std::string sql = std::string("SELECT DISTINCT c.id") + kOfficerCases;
    return ids(sql, pg::Params().text(userId).int64(closedSinceMs));
}

Result<std::vector<std::string>> PgSession::residentIdsForOfficer(std::string_view userId,
                                                                  std::int64_t closedSinceMs)
{
    static const std::string sql = std::string("SELECT DISTINCT c.resident_id") + kOfficerCases;
    return ids(sql, pg::Params().text(userId).int64(closedSinceMs));
}

Result<std::vector<std::string>> PgSession::casesPastRetention(std::int64_t closedBeforeMs,
                                                               int limit)
{
    return ids("SELECT id FROM cases WHERE status = 2 AND retention_swept = 0 AND closed_at < $1"
               " ORDER BY closed_at LIMIT $2",
               pg::Params().int64(closedBeforeMs).int64(limit));
}

Status PgSession::markRetentionSwept(std::string_view caseId)
{
    auto r =
        m_c.exec("UPDATE cases SET retention_swept = 1 WHERE id = $1", pg::Params().text(caseId));
    return r ? Status() : Status(r.error());
}

Status PgSession::markUnheldCasesSwept(std::int64_t closedBeforeMs)
{
    auto r = m_c.exec("UPDATE cases SET retention_swept = 1 WHERE status = 2"
                      " AND retention_swept = 0 AND closed_at < $1 AND NOT EXISTS"
                      " (SELECT 1 FROM device_records h WHERE h.case_id = cases.id"
                      " AND h.record_type IN (2, 3, 4, 5))",
                      pg::Params().int64(closedBeforeMs));
    return r ? Status() : Status(r.error());
}

Result<int> PgSession::sweepDeclinedReferrals(std::int64_t declinedBeforeMs, std::int64_t nowMs,
                                              int limit)
{
    // Declined before the SQLite store's migration 0010 recorded when, and copied here
    // (copy-store): dated from the body, as the scope does.
    auto undated = m_c.exec("SELECT id, body FROM referrals WHERE status = 5"
                            " AND declined_at IS NULL LIMIT $1",
                            pg::Params().int64(limit));
    if (!undated) {
        return undated.error();
    }
    // The lock before any row: a push holding it may be changing the same referral.
    if (undated->size() > 0) {
        if (auto locked = lockChangeLog(); !locked) {
            return locked.error();
        }
    }
    for (int i = 0; i < undated->size(); ++i) {
        v1::Referral r;
        if (!r.ParseFromString(undated->text(i, 1))) {
            return corrupt("referral");
        }
        const std::int64_t at = r.has_triaged_at() ? toMs(r.triaged_at()) : nowMs;
        if (auto set = m_c.exec("UPDATE referrals SET declined_at = $2 WHERE id = $1",
                                pg::Params().text(undated->text(i, 0)).int64(at));
            !set) {
            return set.error();
        }
    }
    static const std::string due = "SELECT id FROM referrals WHERE declined_at IS NOT NULL"
                                   " AND retention_swept = 0 AND declined_at < $1"
                                   " ORDER BY declined_at LIMIT $2";
    auto found = ids(due, pg::Params().int64(declinedBeforeMs).int64(limit));
    if (!found) {
        return found.error();
    }
    const int swept = std::max(undated->size(), static_cast<int>(found->size()));
    if (found->empty()) {
        return swept;
    }
    if (auto locked = lockChangeLog(); !locked) {
        return locked.error();
    }
    for (const std::string &id : *found) {
        if (auto r = m_c.exec("INSERT INTO change_log (record_type, record_id, case_id,"
                              " changed_at) SELECT 3, id, COALESCE(case_id, ''), $2"
                              " FROM referrals WHERE id = $1",
                              pg::Params().text(id).int64(nowMs));
            !r) {
            return r.error();
        }
        if (auto r = m_c.exec("UPDATE referrals SET retention_swept = 1 WHERE id = $1",
                              pg::Params().text(id));
            !r) {
            return r.error();
        }
    }
    return swept;
}

Result<std::optional<std::string>> PgSession::caseIdByNumber(std::string_view caseNumber)
{
    auto found = ids("SELECT id FROM cases WHERE case_number = $1", pg::Params().text(caseNumber));
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(found->front());
}

Result<std::vector<std::string>> PgSession::caseIdsOfResident(std::string_view residentId)
{
    return ids("SELECT id FROM cases WHERE resident_id = $1", pg::Params().text(residentId));
}

Result<std::vector<v1::Referral>> PgSession::referralsByReferrer(std::string_view userId)
{
    return bodies<v1::Referral>("SELECT body FROM referrals WHERE referrer_user_id = $1",
                                pg::Params().text(userId), "referral");
}

Result<std::vector<v1::Referral>> PgSession::referralsOfCase(std::string_view caseId)
{
    return bodies<v1::Referral>(
        "SELECT body FROM referrals WHERE case_id = $1 ORDER BY received_at, id",
        pg::Params().text(caseId), "referral");
}

Result<std::vector<v1::CaseEvent>> PgSession::caseEventsOf(std::string_view caseId)
{
    return bodies<v1::CaseEvent>(
        "SELECT body FROM case_events WHERE case_id = $1 ORDER BY occurred_at, id",
        pg::Params().text(caseId), "case event");
}

} // namespace doorstep::server
