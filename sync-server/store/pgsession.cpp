#include "store/pgsession.h"

#include "environment/timestamps.h"
#include "store/recordcodec.h"

namespace doorstep::server {

namespace {

// The one advisory lock every change-log append holds to its commit (see PgStore).
constexpr std::int64_t kChangeLogLock = 0x446f6f724c6f6721; // "DoorLog!"

} // namespace

Status PgSession::analyze()
{
    auto r = m_c.exec("ANALYZE");
    return r ? Status() : Status(r.error());
}

Status PgSession::lockChangeLog()
{
    if (m_logLocked) {
        return {};
    }
    auto r = m_c.exec("SELECT pg_advisory_xact_lock($1)", pg::Params().int64(kChangeLogLock));
    if (!r) {
        return r.error();
    }
    m_logLocked = true;
    return {};
}

Result<std::optional<v1::Record>> PgSession::getRecord(v1::RecordType type, std::string_view id)
{
    const char *table = tableOf(type);
    if (!table) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Unknown record type");
    }
    // A form definition's record id is its id and version.
    auto rows =
        m_c.exec(std::string("SELECT body FROM ") + table +
                     (type == v1::RECORD_TYPE_FORM_DEFINITION ? " WHERE id || '@' || version = $1"
                                                              : " WHERE id = $1"),
                 pg::Params().text(id));
    if (!rows) {
        return rows.error();
    }
    if (rows->size() == 0) {
        return std::optional<v1::Record>();
    }
    v1::Record rec;
    if (!parseInto(rec, type, rows->text(0, 0))) {
        return corrupt("record");
    }
    return std::optional<v1::Record>(std::move(rec));
}

Status PgSession::forEachRecord(v1::RecordType type,
                                const std::function<Status(const v1::Record &)> &fn)
{
    const char *table = tableOf(type);
    if (!table) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Unknown record type");
    }
    return m_c.forEach(std::string("SELECT body FROM ") + table + " ORDER BY id", {},
                       [&](const pg::Rows &rows, int i) -> Status {
                           v1::Record rec;
                           if (!parseInto(rec, type, rows.text(i, 0))) {
                               return corrupt("record");
                           }
                           return fn(rec);
                       });
}

Status PgSession::writeTable(const v1::Record &r, std::int64_t nowMs, std::string &caseId)
{
    Result<pg::Rows> done = makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Empty record");
    switch (r.record_case()) {
    case v1::Record::kResident: {
        const auto &x = r.resident();
        const std::string body = serialize(x);
        done = m_c.exec("INSERT INTO residents (id, ward_id, version, body) VALUES ($1,$2,$3,$4)"
                        " ON CONFLICT (id) DO UPDATE SET ward_id = excluded.ward_id,"
                        " version = excluded.version, body = excluded.body",
                        pg::Params().text(x.id()).text(x.ward_id()).int64(x.version()).bytes(body));
        if (done) {
            done = m_c.exec("INSERT INTO resident_versions (resident_id, version, body)"
                            " VALUES ($1, $2, $3) ON CONFLICT (resident_id, version)"
                            " DO UPDATE SET body = excluded.body",
                            pg::Params().text(x.id()).int64(x.version()).bytes(body));
        }
        break;
    }
    case v1::Record::kCase: {
        const auto &x = r.case_();
        caseId = x.id();
        // A case reopened or closed again is swept again when its new retention ends.
        done = m_c.exec(
            "INSERT INTO cases (id, case_number, resident_id, status, version, body, closed_at)"
            " VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO UPDATE SET"
            " case_number = excluded.case_number, resident_id = excluded.resident_id,"
            " retention_swept = CASE WHEN cases.status = excluded.status AND"
            " cases.closed_at = excluded.closed_at THEN cases.retention_swept ELSE 0 END,"
            " status = excluded.status, version = excluded.version,"
            " body = excluded.body, closed_at = excluded.closed_at",
            pg::Params()
                .text(x.id())
                .text(x.case_number())
                .text(x.resident_id())
                .int64(x.status())
                .int64(x.version())
                .bytes(serialize(x))
                .int64(x.status() == v1::CASE_STATUS_CLOSED ? toMs(x.closed_at()) : 0));
        break;
    }
    case v1::Record::kReferral: {
        const auto &x = r.referral();
        caseId = x.case_id();
        pg::Params p;
        p.text(x.id());
        x.case_id().empty() ? p.nullText() : p.text(x.case_id());
        x.resident_id().empty() ? p.nullText() : p.text(x.resident_id());
        p.text(x.referrer_user_id()).int64(x.status()).int64(toMs(x.received_at()));
        p.int64(x.version()).bytes(serialize(x));
        if (x.status() == v1::REFERRAL_STATUS_DECLINED) {
            p.int64(x.has_triaged_at() ? toMs(x.triaged_at()) : nowMs);
        } else {
            p.nullInt64();
        }
        // A declined referral is swept when its retention ends; declined again after being
        // reopened, it is swept again.
        done = m_c.exec("INSERT INTO referrals (id, case_id, resident_id, referrer_user_id,"
                        " status, received_at, version, body, declined_at)"
                        " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
                        " ON CONFLICT (id) DO UPDATE SET case_id = excluded.case_id,"
                        " resident_id = excluded.resident_id,"
                        " referrer_user_id = excluded.referrer_user_id,"
                        " retention_swept = CASE WHEN referrals.declined_at IS NOT DISTINCT FROM"
                        " excluded.declined_at THEN referrals.retention_swept ELSE 0 END,"
                        " declined_at = excluded.declined_at,"
                        " status = excluded.status, received_at = excluded.received_at,"
                        " version = excluded.version, body = excluded.body",
                        p);
        break;
    }
    case v1::Record::kVisit: {
        const auto &x = r.visit();
        caseId = x.case_id();
        done = m_c.exec("INSERT INTO visits (id, case_id, officer_user_id, status, window_start,"
                        " window_end, version, body) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)"
                        " ON CONFLICT (id) DO UPDATE SET case_id = excluded.case_id,"
                        " officer_user_id = excluded.officer_user_id, status = excluded.status,"
                        " window_start = excluded.window_start,"
                        " window_end = excluded.window_end, version = excluded.version,"
                        " body = excluded.body",
                        pg::Params()
                            .text(x.id())
                            .text(x.case_id())
                            .text(x.officer_user_id())
                            .int64(x.status())
                            .int64(toMs(x.window().start()))
                            .int64(toMs(x.window().end()))
                            .int64(x.version())
                            .bytes(serialize(x)));
        break;
    }
    case v1::Record::kCaseEvent: {
        const auto &x = r.case_event();
        caseId = x.case_id();
        // Append-only: no ON CONFLICT, a second event with the same id is an error.
        done = m_c.exec("INSERT INTO case_events (id, case_id, kind, occurred_at, body)"
                        " VALUES ($1,$2,$3,$4,$5)",
                        pg::Params()
                            .text(x.id())
                            .text(x.case_id())
                            .int64(x.kind())
                            .int64(toMs(x.occurred_at()))
                            .bytes(serialize(x)));
        break;
    }
    case v1::Record::kFormDefinition: {
        const auto &x = r.form_definition();
        done = m_c.exec("INSERT INTO form_definitions (id, version, body) VALUES ($1,$2,$3)"
                        " ON CONFLICT (id, version) DO UPDATE SET body = excluded.body",
                        pg::Params().text(x.id()).int64(x.version()).bytes(serialize(x)));
        break;
    }
    case v1::Record::kUser: {
        const auto &x = r.user();
        done = m_c.exec("INSERT INTO users (id, username, role, ward_id, disabled, body)"
                        " VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (id) DO UPDATE SET"
                        " username = excluded.username, role = excluded.role,"
                        " ward_id = excluded.ward_id, disabled = excluded.disabled,"
                        " body = excluded.body",
                        pg::Params()
                            .text(x.id())
                            .text(x.username())
                            .int64(x.role())
                            .text(x.ward_id())
                            .int64(x.disabled() ? 1 : 0)
                            .bytes(serialize(x)));
        break;
    }
    case v1::Record::kWard: {
        const auto &x = r.ward();
        done = m_c.exec("INSERT INTO wards (id, body) VALUES ($1, $2)"
                        " ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                        pg::Params().text(x.id()).bytes(serialize(x)));
        break;
    }
    case v1::Record::RECORD_NOT_SET:
        break;
    }
    return done ? Status() : Status(done.error());
}

Result<std::int64_t> PgSession::putRecord(const v1::Record &record, std::int64_t nowMs)
{
    std::string caseId;
    if (auto s = writeTable(record, nowMs, caseId); !s) {
        return s.error();
    }
    const RecordKey key = recordKey(record);
    std::int64_t seq = 0;
    if (auto s = logChange(key.type, key.id, caseId, nowMs, seq); !s) {
        return s.error();
    }
    return seq;
}

Status PgSession::logChange(v1::RecordType type, std::string_view id, std::string_view caseId,
                            std::int64_t nowMs, std::int64_t &seq)
{
    if (auto locked = lockChangeLog(); !locked) {
        return locked;
    }
    auto r = m_c.exec("INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
                      " VALUES ($1, $2, $3, $4) RETURNING seq",
                      pg::Params().int64(type).text(id).text(caseId).int64(nowMs));
    if (!r) {
        return r.error();
    }
    seq = r->int64(0, 0);
    return {};
}

Status PgSession::touchCase(std::string_view caseId, std::int64_t nowMs)
{
    if (auto locked = lockChangeLog(); !locked) {
        return locked;
    }
    // One statement per related table, in the order a device should receive them (parents
    // before children), all in the caller's transaction.
    static const char *const sql[] = {
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 1, resident_id, id, $2 FROM cases WHERE id = $1",
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 2, id, id, $2 FROM cases WHERE id = $1",
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 3, id, case_id, $2 FROM referrals WHERE case_id = $1",
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 4, id, case_id, $2 FROM visits WHERE case_id = $1",
        "INSERT INTO change_log (record_type, record_id, case_id, changed_at)"
        " SELECT 5, id, case_id, $2 FROM case_events WHERE case_id = $1 ORDER BY occurred_at",
    };
    for (const char *q : sql) {
        if (auto r = m_c.exec(q, pg::Params().text(caseId).int64(nowMs)); !r) {
            return r.error();
        }
    }
    return {};
}

} // namespace doorstep::server
