#include "store/recordstore.h"

#include "db/statement.h"
#include "store/keyedrow.h"
#include "store/prototime.h"
#include "store/residentsearch.h"
#include "store/syncstate.h"

namespace doorstep::mobile {

Status RecordStore::run(const char *sql, const std::string &id)
{
    auto q = m_db.prepare(sql);
    if (!q) {
        return q.error();
    }
    q->bind(1, id);
    return q->run();
}

Result<std::optional<std::string>> RecordStore::scalar(const char *sql, const std::string &id)
{
    auto q = m_db.prepare(sql);
    if (!q) {
        return q.error();
    }
    q->bind(1, id);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    return *row ? std::optional<std::string>(q->text(0)) : std::nullopt;
}

Status RecordStore::upsert(const v1::Record &record)
{
    std::set<std::string> touched;
    if (auto s = upsertRow(record, touched); !s) {
        return s;
    }
    return refreshSearch(touched);
}

Status RecordStore::refreshSearch(const std::set<std::string> &residentIds)
{
    ResidentSearch search(m_db);
    for (const std::string &id : residentIds) {
        if (auto s = search.refresh(id); !s) {
            return s;
        }
    }
    return {};
}

Status RecordStore::upsertRow(const v1::Record &record, std::set<std::string> &touched)
{
    switch (record.record_case()) {
    case v1::Record::kResident: {
        const auto &r = record.resident();
        if (auto s = KeyedRow::upsert(m_db, "residents", 1,
                                      {{"id", r.id()},
                                       {"ward_id", r.ward_id()},
                                       {"family_name", r.family_name()},
                                       {"given_name", r.given_name()},
                                       {"postcode", r.address().postcode()},
                                       {"version", r.version()},
                                       {"body", KeyedRow::Blob{r.SerializeAsString()}}},
                                      expectRows());
            !s) {
            return s;
        }
        touched.insert(r.id());
        return {};
    }
    case v1::Record::kCase: {
        const auto &c = record.case_();
        auto previous = scalar("SELECT resident_id FROM cases WHERE id = ?", c.id());
        if (!previous) {
            return previous.error();
        }
        if (auto s = KeyedRow::upsert(m_db, "cases", 1,
                                      {{"id", c.id()},
                                       {"case_number", c.case_number()},
                                       {"resident_id", c.resident_id()},
                                       {"status", std::int64_t(c.status())},
                                       {"version", c.version()},
                                       {"body", KeyedRow::Blob{c.SerializeAsString()}}},
                                      expectRows());
            !s) {
            return s;
        }
        if (*previous && **previous != c.resident_id()) {
            touched.insert(**previous);
        }
        touched.insert(c.resident_id());
        return {};
    }
    case v1::Record::kReferral: {
        const auto &r = record.referral();
        return KeyedRow::upsert(m_db, "referrals", 1,
                                {{"id", r.id()},
                                 {"case_id", r.case_id()},
                                 {"resident_id", r.resident_id()},
                                 {"status", std::int64_t(r.status())},
                                 {"received_at", unixMs(r.received_at())},
                                 {"version", r.version()},
                                 {"body", KeyedRow::Blob{r.SerializeAsString()}}},
                                expectRows());
    }
    case v1::Record::kVisit: {
        const auto &v = record.visit();
        return KeyedRow::upsert(m_db, "visits", 1,
                                {{"id", v.id()},
                                 {"case_id", v.case_id()},
                                 {"officer_user_id", v.officer_user_id()},
                                 {"status", std::int64_t(v.status())},
                                 {"window_start", unixMs(v.window().start())},
                                 {"window_end", unixMs(v.window().end())},
                                 {"version", v.version()},
                                 {"body", KeyedRow::Blob{v.SerializeAsString()}}},
                                expectRows());
    }
    case v1::Record::kCaseEvent: {
        const auto &e = record.case_event();
        return KeyedRow::upsert(m_db, "case_events", 1,
                                {{"id", e.id()},
                                 {"case_id", e.case_id()},
                                 {"kind", std::int64_t(e.kind())},
                                 {"occurred_at", unixMs(e.occurred_at())},
                                 {"body", KeyedRow::Blob{e.SerializeAsString()}}},
                                expectRows());
    }
    case v1::Record::kFormDefinition: {
        const auto &f = record.form_definition();
        return KeyedRow::upsert(m_db, "form_definitions", 2,
                                {{"id", f.id()},
                                 {"version", std::int64_t(f.version())},
                                 {"kind", std::int64_t(f.kind())},
                                 {"body", KeyedRow::Blob{f.SerializeAsString()}}},
                                expectRows());
    }
    case v1::Record::kUser: {
        const auto &u = record.user();
        return KeyedRow::upsert(m_db, "users", 1,
                                {{"id", u.id()},
                                 {"role", std::int64_t(u.role())},
                                 {"body", KeyedRow::Blob{u.SerializeAsString()}}},
                                expectRows());
    }
    case v1::Record::kWard: {
        const auto &w = record.ward();
        return KeyedRow::upsert(m_db, "wards", 1,
                                {{"id", w.id()}, {"body", KeyedRow::Blob{w.SerializeAsString()}}},
                                expectRows());
    }
    case v1::Record::RECORD_NOT_SET:
        break;
    }
    return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "A pulled change carried no record");
}

Status RecordStore::dropResidentIfUnreferenced(const std::string &residentId)
{
    auto used = scalar("SELECT 1 FROM cases WHERE resident_id = ?1 UNION ALL "
                       "SELECT 1 FROM referrals WHERE resident_id = ?1 LIMIT 1",
                       residentId);
    if (!used) {
        return used.error();
    }
    if (used->has_value()) {
        return ResidentSearch(m_db).refresh(residentId);
    }
    if (auto s = ResidentSearch(m_db).remove(residentId); !s) {
        return s;
    }
    return run("DELETE FROM residents WHERE id = ?", residentId);
}

Status RecordStore::evictCase(const std::string &id)
{
    auto residentId = scalar("SELECT resident_id FROM cases WHERE id = ?", id);
    if (!residentId) {
        return residentId.error();
    }
    for (const char *sql : {
             "DELETE FROM drafts WHERE visit_id IN (SELECT id FROM visits WHERE case_id = ?)",
             "DELETE FROM case_events WHERE case_id = ?",
             "DELETE FROM visits WHERE case_id = ?",
             "DELETE FROM referrals WHERE case_id = ?",
             "DELETE FROM cases WHERE id = ?",
         }) {
        if (auto s = run(sql, id); !s) {
            return s;
        }
    }
    return *residentId ? dropResidentIfUnreferenced(**residentId) : Status{};
}

Status RecordStore::evictReferral(const std::string &id)
{
    auto residentId = scalar("SELECT resident_id FROM referrals WHERE id = ?", id);
    if (!residentId) {
        return residentId.error();
    }
    if (auto s = run("DELETE FROM referrals WHERE id = ?", id); !s) {
        return s;
    }
    return *residentId ? dropResidentIfUnreferenced(**residentId) : Status{};
}

Status RecordStore::evictResident(const std::string &id)
{
    auto cases = m_db.prepare("SELECT id FROM cases WHERE resident_id = ?");
    if (!cases) {
        return cases.error();
    }
    cases->bind(1, id);
    std::vector<std::string> caseIds;
    for (;;) {
        auto row = cases->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        caseIds.push_back(cases->text(0));
    }
    for (const auto &caseId : caseIds) {
        if (auto s = evictCase(caseId); !s) {
            return s;
        }
    }
    if (auto s = ResidentSearch(m_db).remove(id); !s) {
        return s;
    }
    if (auto s = run("DELETE FROM referrals WHERE resident_id = ?", id); !s) {
        return s;
    }
    return run("DELETE FROM residents WHERE id = ?", id);
}

Status RecordStore::evict(v1::RecordType type, const std::string &id)
{
    switch (type) {
    case v1::RECORD_TYPE_RESIDENT:
        return evictResident(id);
    case v1::RECORD_TYPE_CASE:
        return evictCase(id);
    case v1::RECORD_TYPE_REFERRAL:
        return evictReferral(id);
    case v1::RECORD_TYPE_VISIT:
        if (auto s = run("DELETE FROM drafts WHERE visit_id = ?", id); !s) {
            return s;
        }
        return run("DELETE FROM visits WHERE id = ?", id);
    case v1::RECORD_TYPE_CASE_EVENT:
        return run("DELETE FROM case_events WHERE id = ?", id);
    case v1::RECORD_TYPE_FORM_DEFINITION:
        return run("DELETE FROM form_definitions WHERE id = ?", id);
    case v1::RECORD_TYPE_USER:
        return run("DELETE FROM users WHERE id = ?", id);
    case v1::RECORD_TYPE_WARD:
        return run("DELETE FROM wards WHERE id = ?", id);
    default:
        break;
    }
    return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "An eviction named no known record type");
}

Status RecordStore::applyPullPage(const v1::PullResponse &page,
                                  std::optional<Clock::TimePoint> contactAt)
{
    auto tx = db::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    SyncState state(m_db);
    auto cursor = state.pullCursor();
    if (!cursor) {
        return cursor.error();
    }
    // A pull from the start (a first sync) may run to hundreds of pages. It leaves the search
    // index alone and builds it once after the last page, which costs a tenth of keeping it in
    // step. The flag is stored with each page, so a first sync cut off part-way still ends
    // with the build.
    auto pending = state.searchRebuildPending();
    if (!pending) {
        return pending.error();
    }
    const bool deferSearch = *cursor == 0 || *pending;
    // Pulling from the start, rows are new: each is inserted first, updated only if present.
    m_catchingUp = deferSearch;
    std::set<std::string> touched;
    for (const v1::Change &change : page.changes()) {
        if (change.seq() <= *cursor) {
            continue;
        }
        Status s = change.has_upsert() ? upsertRow(change.upsert(), touched)
                   : change.has_evict()
                       ? evict(change.evict().record_type(), change.evict().record_id())
                       : Status(makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Empty change"));
        if (!s) {
            return makeError(s.error().code, "Change " + std::to_string(change.seq()) +
                                                 " could not be applied: " + s.error().message);
        }
    }
    if (!deferSearch) {
        // Once for each resident the page touched, however many of their records it held.
        if (auto s = refreshSearch(touched); !s) {
            return s;
        }
    } else if (page.has_more()) {
        if (auto s = state.setSearchRebuildPending(true); !s) {
            return s;
        }
    } else {
        if (auto s = ResidentSearch(m_db).rebuild(); !s) {
            return s;
        }
        if (auto s = state.setSearchRebuildPending(false); !s) {
            return s;
        }
    }
    if (page.has_council()) {
        if (auto s = state.setCouncil(page.council()); !s) {
            return s;
        }
    }
    if (auto s = state.advancePullCursor(page.next_cursor()); !s) {
        return s;
    }
    if (!page.has_more() && contactAt) {
        if (auto s = state.setLastServerContact(*contactAt); !s) {
            return s;
        }
    }
    return tx->commit();
}

template <typename T>
Result<std::optional<T>> RecordStore::load(const char *table, const std::string &id)
{
    auto q = m_db.prepare(std::string("SELECT body FROM ") + table + " WHERE id = ?");
    if (!q) {
        return q.error();
    }
    q->bind(1, id);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<T>();
    }
    T message;
    if (!message.ParseFromString(q->blob(0))) {
        return makeError(v1::ERROR_CODE_STORAGE,
                         std::string("A stored record in ") + table + " is damaged");
    }
    return std::optional<T>(std::move(message));
}

Result<std::optional<v1::Resident>> RecordStore::resident(const std::string &id)
{
    return load<v1::Resident>("residents", id);
}

Result<std::optional<v1::Case>> RecordStore::caseById(const std::string &id)
{
    return load<v1::Case>("cases", id);
}

Result<std::optional<v1::Visit>> RecordStore::visit(const std::string &id)
{
    return load<v1::Visit>("visits", id);
}

Result<std::optional<v1::Referral>> RecordStore::referral(const std::string &id)
{
    return load<v1::Referral>("referrals", id);
}

Result<std::vector<v1::CaseEvent>> RecordStore::caseEvents(const std::string &caseId)
{
    auto q =
        m_db.prepare("SELECT body FROM case_events WHERE case_id = ? ORDER BY occurred_at, id");
    if (!q) {
        return q.error();
    }
    q->bind(1, caseId);
    std::vector<v1::CaseEvent> events;
    for (;;) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        if (!events.emplace_back().ParseFromString(q->blob(0))) {
            return makeError(v1::ERROR_CODE_STORAGE, "A stored case event is damaged");
        }
    }
    return events;
}

} // namespace doorstep::mobile
