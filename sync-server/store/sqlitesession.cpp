#include "store/sqlitesession.h"

#include "db/statement.h"
#include "environment/timestamps.h"
#include "store/recordcodec.h"

namespace doorstep::server {

Result<std::optional<v1::Record>> SqliteSession::getRecord(v1::RecordType type, std::string_view id)
{
    const char *table = tableOf(type);
    if (!table) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Unknown record type");
    }
    // A form definition's record id is its id and version.
    auto st =
        m_db.prepare(std::string("SELECT body FROM ") + table +
                     (type == v1::RECORD_TYPE_FORM_DEFINITION ? " WHERE id || '@' || version = ?1"
                                                              : " WHERE id = ?1"));
    if (!st) {
        return st.error();
    }
    st->bind(1, id);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<v1::Record>();
    }
    v1::Record rec;
    if (!parseInto(rec, type, st->blob(0))) {
        return corrupt("record");
    }
    return std::optional<v1::Record>(std::move(rec));
}

Status SqliteSession::forEachRecord(v1::RecordType type,
                                    const std::function<Status(const v1::Record &)> &fn)
{
    const char *table = tableOf(type);
    if (!table) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Unknown record type");
    }
    auto st = m_db.prepare(std::string("SELECT body FROM ") + table + " ORDER BY id");
    if (!st) {
        return st.error();
    }
    return st->forEach([&]() -> Status {
        v1::Record rec;
        if (!parseInto(rec, type, st->blob(0))) {
            return corrupt("record");
        }
        return fn(rec);
    });
}

Status SqliteSession::writeTable(const v1::Record &r, std::int64_t nowMs, std::string &caseId)
{
    Result<db::Statement> st = makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Empty record");
    switch (r.record_case()) {
    case v1::Record::kResident: {
        const auto &x = r.resident();
        st = m_db.prepare("INSERT INTO residents (id, ward_id, version, body) VALUES (?1,?2,?3,?4)"
                          " ON CONFLICT (id) DO UPDATE SET ward_id = excluded.ward_id,"
                          " version = excluded.version, body = excluded.body");
        if (!st) {
            return st.error();
        }
        st->bind(1, x.id()).bind(2, x.ward_id()).bind(3, x.version()).bindBlob(4, serialize(x));
        if (auto s = st->run(); !s) {
            return s;
        }
        st = m_db.prepare("INSERT OR REPLACE INTO resident_versions (resident_id, version, body)"
                          " VALUES (?1, ?2, ?3)");
        if (st) {
            st->bind(1, x.id()).bind(2, x.version()).bindBlob(3, serialize(x));
        }
        break;
    }
    case v1::Record::kCase: {
        const auto &x = r.case_();
        caseId = x.id();
        // A case reopened or closed again is swept again when its new retention ends.
        st = m_db.prepare(
            "INSERT INTO cases (id, case_number, resident_id, status, version, body, closed_at)"
            " VALUES (?1,?2,?3,?4,?5,?6,?7) ON CONFLICT (id) DO UPDATE SET"
            " case_number = excluded.case_number, resident_id = excluded.resident_id,"
            " retention_swept = CASE WHEN status = excluded.status AND"
            " closed_at = excluded.closed_at THEN retention_swept ELSE 0 END,"
            " status = excluded.status, version = excluded.version,"
            " body = excluded.body, closed_at = excluded.closed_at");
        if (st) {
            st->bind(1, x.id()).bind(2, x.case_number()).bind(3, x.resident_id());
            st->bind(4, static_cast<int>(x.status())).bind(5, x.version());
            st->bindBlob(6, serialize(x));
            st->bind(7, x.status() == v1::CASE_STATUS_CLOSED ? toMs(x.closed_at()) : 0);
        }
        break;
    }
    case v1::Record::kReferral: {
        const auto &x = r.referral();
        caseId = x.case_id();
        // A declined referral is swept when its retention ends (0010); declined again after
        // being reopened, it is swept again.
        st = m_db.prepare("INSERT INTO referrals (id, case_id, resident_id, referrer_user_id,"
                          " status, received_at, version, body, declined_at)"
                          " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"
                          " ON CONFLICT (id) DO UPDATE SET case_id = excluded.case_id,"
                          " resident_id = excluded.resident_id,"
                          " referrer_user_id = excluded.referrer_user_id,"
                          " retention_swept = CASE WHEN declined_at IS excluded.declined_at"
                          " THEN retention_swept ELSE 0 END, declined_at = excluded.declined_at,"
                          " status = excluded.status, received_at = excluded.received_at,"
                          " version = excluded.version, body = excluded.body");
        if (st) {
            st->bind(1, x.id());
            x.case_id().empty() ? st->bindNull(2) : st->bind(2, x.case_id());
            x.resident_id().empty() ? st->bindNull(3) : st->bind(3, x.resident_id());
            st->bind(4, x.referrer_user_id()).bind(5, static_cast<int>(x.status()));
            st->bind(6, toMs(x.received_at())).bind(7, x.version()).bindBlob(8, serialize(x));
            if (x.status() == v1::REFERRAL_STATUS_DECLINED) {
                st->bind(9, x.has_triaged_at() ? toMs(x.triaged_at()) : nowMs);
            } else {
                st->bindNull(9);
            }
        }
        break;
    }
    case v1::Record::kVisit: {
        const auto &x = r.visit();
        caseId = x.case_id();
        st = m_db.prepare("INSERT INTO visits (id, case_id, officer_user_id, status, window_start,"
                          " window_end, version, body) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"
                          " ON CONFLICT (id) DO UPDATE SET case_id = excluded.case_id,"
                          " officer_user_id = excluded.officer_user_id, status = excluded.status,"
                          " window_start = excluded.window_start,"
                          " window_end = excluded.window_end, version = excluded.version,"
                          " body = excluded.body");
        if (st) {
            st->bind(1, x.id()).bind(2, x.case_id()).bind(3, x.officer_user_id());
            st->bind(4, static_cast<int>(x.status())).bind(5, toMs(x.window().start()));
            st->bind(6, toMs(x.window().end())).bind(7, x.version()).bindBlob(8, serialize(x));
        }
        break;
    }
    case v1::Record::kCaseEvent: {
        const auto &x = r.case_event();
        caseId = x.case_id();
        // Append-only: no ON CONFLICT, a second event with the same id is an error.
        st = m_db.prepare("INSERT INTO case_events (id, case_id, kind, occurred_at, body)"
                          " VALUES (?1,?2,?3,?4,?5)");
        if (st) {
            st->bind(1, x.id()).bind(2, x.case_id()).bind(3, static_cast<int>(x.kind()));
            st->bind(4, toMs(x.occurred_at())).bindBlob(5, serialize(x));
        }
        break;
    }
    case v1::Record::kFormDefinition: {
        const auto &x = r.form_definition();
        st = m_db.prepare("INSERT OR REPLACE INTO form_definitions (id, version, body)"
                          " VALUES (?1,?2,?3)");
        if (st) {
            st->bind(1, x.id()).bind(2, x.version()).bindBlob(3, serialize(x));
        }
        break;
    }
    case v1::Record::kUser: {
        const auto &x = r.user();
        st = m_db.prepare("INSERT INTO users (id, username, role, ward_id, disabled, body)"
                          " VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT (id) DO UPDATE SET"
                          " username = excluded.username, role = excluded.role,"
                          " ward_id = excluded.ward_id, disabled = excluded.disabled,"
                          " body = excluded.body");
        if (st) {
            st->bind(1, x.id()).bind(2, x.username()).bind(3, static_cast<int>(x.role()));
            st->bind(4, x.ward_id()).bind(5, x.disabled() ? 1 : 0).bindBlob(6, serialize(x));
        }
        break;
    }
    case v1::Record::kWard: {
        const auto &x = r.ward();
        st = m_db.prepare("INSERT OR REPLACE INTO wards (id, body) VALUES (?1, ?2)");
        if (st) {
            st->bind(1, x.id()).bindBlob(2, serialize(x));
        }
        break;
    }
    case v1::Record::RECORD_NOT_SET:
        break;
    }
    if (!st) {
        return st.error();
    }
    return st->run();
}

Result<std::int64_t> SqliteSession::putRecord(const v1::Record &record, std::int64_t nowMs)
{
    std::string caseId;
    if (auto s = writeTable(record, nowMs, caseId); !s) {
        return s.error();
    }
    const RecordKey key = recordKey(record);
    if (auto s = logChange(key.type, key.id, caseId, nowMs); !s) {
        return s.error();
    }
    return m_db.lastInsertRowId();
}

Status SqliteSession::logChange(v1::RecordType type, std::string_view id, std::string_view caseId,
                                std::int64_t nowMs)
{
    auto st = m_db.prepare("INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
                           " VALUES (?1, ?2, ?3, ?4)");
    if (!st) {
        return st.error();
    }
    st->bind(1, static_cast<int>(type)).bind(2, id).bind(3, caseId).bind(4, nowMs);
    return st->run();
}

Status SqliteSession::touchCase(std::string_view caseId, std::int64_t nowMs)
{
    // One statement per related table, in the order a device should receive them (parents
    // before children), all in the caller's transaction.
    static const char *const sql[] = {
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 1, resident_id, id, ?2 FROM cases WHERE id = ?1",
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 2, id, id, ?2 FROM cases WHERE id = ?1",
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 3, id, case_id, ?2 FROM referrals WHERE case_id = ?1",
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 4, id, case_id, ?2 FROM visits WHERE case_id = ?1",
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 5, id, case_id, ?2 FROM case_events WHERE case_id = ?1 ORDER BY occurred_at",
    };
    for (const char *q : sql) {
        auto st = m_db.prepare(q);
        if (!st) {
            return st.error();
        }
        st->bind(1, caseId).bind(2, nowMs);
        if (auto s = st->run(); !s) {
            return s;
        }
    }
    return {};
}

} // namespace doorstep::server
