// SqliteSession, continued: the council, resident history, exports and the queries that
// decide scope. Split from sqlitesession.cpp only to keep files short.

#include "db/statement.h"
#include "environment/timestamps.h"
#include "store/recordcodec.h"
#include "store/sqlitesession.h"

#include <algorithm>

namespace doorstep::server {

Status SqliteSession::putCouncil(const v1::Council &council)
{
    // One store holds one council (councils shard by store), so the new one replaces any other.
    // Its revision moves on from the stored one, so every device takes the new record.
    auto previous = this->council();
    if (!previous) {
        return previous.error();
    }
    v1::Council next = council;
    next.set_revision(
        std::max(council.revision(), previous->has_value() ? (*previous)->revision() + 1 : 1));
    if (auto s = m_db.exec("DELETE FROM councils"); !s) {
        return s;
    }
    auto st = m_db.prepare("INSERT INTO councils (id, body) VALUES (?1, ?2)");
    if (!st) {
        return st.error();
    }
    st->bind(1, next.id()).bindBlob(2, serialize(next));
    return st->run();
}

Result<std::optional<v1::Council>> SqliteSession::council()
{
    auto st = m_db.prepare("SELECT body FROM councils ORDER BY id LIMIT 1");
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<v1::Council>();
    }
    v1::Council c;
    if (!c.ParseFromString(st->blob(0))) {
        return corrupt("council");
    }
    return std::optional<v1::Council>(std::move(c));
}

Result<std::optional<v1::Resident>> SqliteSession::residentAtVersion(std::string_view id,
                                                                     std::int64_t version)
{
    auto st =
        m_db.prepare("SELECT body FROM resident_versions WHERE resident_id = ?1 AND version = ?2");
    if (!st) {
        return st.error();
    }
    st->bind(1, id).bind(2, version);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<v1::Resident>();
    }
    v1::Resident r;
    if (!r.ParseFromString(st->blob(0))) {
        return corrupt("resident");
    }
    return std::optional<v1::Resident>(std::move(r));
}

Status SqliteSession::forEachCaseEvent(const std::function<Status(const v1::CaseEvent &)> &fn)
{
    auto st = m_db.prepare("SELECT body FROM case_events ORDER BY occurred_at, id");
    if (!st) {
        return st.error();
    }
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return {};
        }
        v1::CaseEvent e;
        if (!e.ParseFromString(st->blob(0))) {
            return corrupt("case event");
        }
        if (auto s = fn(e); !s) {
            return s;
        }
    }
}

Result<std::vector<std::string>> SqliteSession::ids(std::string_view sql, std::string_view param,
                                                    std::optional<std::int64_t> param2)
{
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    st->bind(1, param);
    if (param2) {
        st->bind(2, *param2);
    }
    std::vector<std::string> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.push_back(st->text(0));
    }
    return out;
}

namespace {
// An officer's cases: a visit assigned to them, and open or closed within the retention period.
constexpr const char *kOfficerCases =
    " FROM visits v JOIN cases c ON c.id = v.case_id WHERE v.officer_user_id = ?1"
    " AND (c.status = 1 OR (c.status = 2 AND c.closed_at >= ?2))";
} // namespace

Result<std::vector<std::string>> SqliteSession::caseIdsForOfficer(std::string_view userId,
                                                                  std::int64_t closedSinceMs)
{
    static const std::string sql = std::string("SELECT DISTINCT c.id") + kOfficerCases;
    return ids(sql, userId, closedSinceMs);
}

Result<std::vector<std::string>> SqliteSession::residentIdsForOfficer(std::string_view userId,
                                                                      std::int64_t closedSinceMs)
{
    static const std::string sql = std::string("SELECT DISTINCT c.resident_id") + kOfficerCases;
    return ids(sql, userId, closedSinceMs);
}

Result<std::vector<std::string>> SqliteSession::casesPastRetention(std::int64_t closedBeforeMs,
                                                                   int limit)
{
    return ids("SELECT id FROM cases WHERE status = 2 AND retention_swept = 0 AND closed_at < ?2"
               " ORDER BY closed_at LIMIT " +
                   std::to_string(limit),
               {}, closedBeforeMs);
}

Status SqliteSession::markRetentionSwept(std::string_view caseId)
{
    auto st = m_db.prepare("UPDATE cases SET retention_swept = 1 WHERE id = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, caseId);
    return st->run();
}

Status SqliteSession::markUnheldCasesSwept(std::int64_t closedBeforeMs)
{
    auto st =
        m_db.prepare("UPDATE cases SET retention_swept = 1 WHERE status = 2 AND retention_swept = 0"
                     " AND closed_at < ?1 AND id NOT IN (SELECT case_id FROM device_records"
                     " WHERE record_type IN (2, 3, 4, 5))");
    if (!st) {
        return st.error();
    }
    st->bind(1, closedBeforeMs);
    return st->run();
}

Result<int> SqliteSession::sweepDeclinedReferrals(std::int64_t declinedBeforeMs, std::int64_t nowMs,
                                                  int limit)
{
    // Declined before migration 0010 recorded when: dated from the body, as the scope does.
    auto undated = m_db.prepare("SELECT id, body FROM referrals WHERE status = 5"
                                " AND declined_at IS NULL LIMIT " +
                                std::to_string(limit));
    if (!undated) {
        return undated.error();
    }
    std::vector<std::pair<std::string, std::int64_t>> dates;
    for (;;) {
        auto row = undated->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        v1::Referral r;
        if (!r.ParseFromString(undated->blob(1))) {
            return corrupt("referral");
        }
        dates.emplace_back(undated->text(0), r.has_triaged_at() ? toMs(r.triaged_at()) : nowMs);
    }
    for (const auto &[id, at] : dates) {
        auto set = m_db.prepare("UPDATE referrals SET declined_at = ?2 WHERE id = ?1");
        if (!set) {
            return set.error();
        }
        set->bind(1, id).bind(2, at);
        if (auto s = set->run(); !s) {
            return s.error();
        }
    }
    int swept = static_cast<int>(dates.size());

    const std::string due = "SELECT id FROM referrals WHERE declined_at IS NOT NULL"
                            " AND retention_swept = 0 AND declined_at < ?1"
                            " ORDER BY declined_at LIMIT " +
                            std::to_string(limit);
    for (const std::string &sql :
         {"INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
          " SELECT 3, id, COALESCE(case_id, ''), ?2 FROM referrals WHERE id IN (" +
              due + ")",
          "UPDATE referrals SET retention_swept = 1 WHERE id IN (" + due + ")"}) {
        auto st = m_db.prepare(sql);
        if (!st) {
            return st.error();
        }
        st->bind(1, declinedBeforeMs);
        if (sql.find("?2") != std::string::npos) {
            st->bind(2, nowMs);
        }
        if (auto s = st->run(); !s) {
            return s.error();
        }
        if (sql.starts_with("INSERT")) {
            swept = std::max(swept, m_db.changes());
        }
    }
    return swept;
}

Result<std::optional<std::string>> SqliteSession::caseIdByNumber(std::string_view caseNumber)
{
    auto found = ids("SELECT id FROM cases WHERE case_number = ?1", caseNumber);
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(found->front());
}

Result<std::vector<std::string>> SqliteSession::caseIdsOfResident(std::string_view residentId)
{
    return ids("SELECT id FROM cases WHERE resident_id = ?1", residentId);
}

namespace {

template <typename M>
Result<std::vector<M>> bodies(db::Database &db, std::string_view sql, std::string_view param,
                              const char *what)
{
    auto st = db.prepare(sql);
    if (!st) {
        return st.error();
    }
    st->bind(1, param);
    std::vector<M> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return out;
        }
        M m;
        if (!m.ParseFromString(st->blob(0))) {
            return makeError(v1::ERROR_CODE_STORAGE,
                             std::string("A stored ") + what + " could not be decoded");
        }
        out.push_back(std::move(m));
    }
}

} // namespace

Result<std::vector<v1::Referral>> SqliteSession::referralsByReferrer(std::string_view userId)
{
    return bodies<v1::Referral>(m_db, "SELECT body FROM referrals WHERE referrer_user_id = ?1",
                                userId, "referral");
}

Result<std::vector<v1::Referral>> SqliteSession::referralsOfCase(std::string_view caseId)
{
    return bodies<v1::Referral>(
        m_db, "SELECT body FROM referrals WHERE case_id = ?1 ORDER BY received_at, id", caseId,
        "referral");
}

Result<std::vector<v1::CaseEvent>> SqliteSession::caseEventsOf(std::string_view caseId)
{
    return bodies<v1::CaseEvent>(
        m_db, "SELECT body FROM case_events WHERE case_id = ?1 ORDER BY occurred_at, id", caseId,
        "case event");
}

} // namespace doorstep::server
