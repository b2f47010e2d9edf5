#pragma once

#include "db/database.h"
#include "doorstep/v1/sync.pb.h"
#include "store/keyedrow.h"
#include "time/clock.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace doorstep::mobile {

// The records in this device's scope: applying pulled pages and evictions, and reading them
// back. Upserts keep each row's rowid (update, then insert if absent), because the search
// index is keyed by the resident's rowid.
class RecordStore
{
public:
    explicit RecordStore(db::Database &db) : m_db(db) {}

    // Applies a page's upserts and evictions and advances the pull cursor, all in one
    // transaction. A pull from cursor 0 builds the search index once, with its last page. Changes
    // at or below the stored cursor were applied before and are skipped, so applying the same (or
    // an older) page again changes nothing. Given `contactAt`, the last page of a pull (no
    // more to come) records it as the last server contact, in the same transaction.
    Status applyPullPage(const v1::PullResponse &page,
                         std::optional<Clock::TimePoint> contactAt = std::nullopt);

    // In the caller's transaction.
    Status upsert(const v1::Record &record);
    // Deletes the record and what the device holds only because of it: a case takes its
    // events, visits, referrals and drafts with it, and its resident if nothing else needs them.
    Status evict(v1::RecordType type, const std::string &id);

    Result<std::optional<v1::Resident>> resident(const std::string &id);
    Result<std::optional<v1::Case>> caseById(const std::string &id);
    Result<std::optional<v1::Visit>> visit(const std::string &id);
    Result<std::optional<v1::Referral>> referral(const std::string &id);
    // The case's timeline, oldest first.
    Result<std::vector<v1::CaseEvent>> caseEvents(const std::string &caseId);

private:
    template <typename T> Result<std::optional<T>> load(const char *table, const std::string &id);
    Result<std::optional<std::string>> scalar(const char *sql, const std::string &id);
    Status run(const char *sql, const std::string &id);
    // Writes the record's row and adds to `touched` the residents whose search row it changes.
    Status upsertRow(const v1::Record &record, std::set<std::string> &touched);
    Status refreshSearch(const std::set<std::string> &residentIds);
    Status evictCase(const std::string &id);
    Status evictResident(const std::string &id);
    Status evictReferral(const std::string &id);
    Status dropResidentIfUnreferenced(const std::string &residentId);
    KeyedRow::Expect expectRows() const
    {
        return m_catchingUp ? KeyedRow::Expect::New : KeyedRow::Expect::Existing;
    }
    db::Database &m_db;
    // While applying a page of a pull from the start.
    bool m_catchingUp = false;
};

} // namespace doorstep::mobile
