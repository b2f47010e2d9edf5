#include "db/migrator.h"

#include "db/statement.h"

namespace doorstep::db {

Migrator::Migrator(Database &db, std::span<const Migration> migrations)
    : m_db(db), m_migrations(migrations)
{}

int Migrator::latestVersion() const
{
    return m_migrations.empty() ? 0 : m_migrations.back().version;
}

Status Migrator::ensureVersionTable()
{
    return m_db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " version INTEGER PRIMARY KEY,"
                     " name TEXT NOT NULL,"
                     " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
}

Result<int> Migrator::currentVersion()
{
    // Read without creating anything, so asking the version of a read-only or
    // newer database changes nothing.
    auto exists = m_db.prepare(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (!exists) {
        return exists.error();
    }
    if (auto r = exists->step(); !r) {
        return r.error();
    }
    if (exists->int64(0) == 0) {
        return 0;
    }
    auto q = m_db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!q) {
        return q.error();
    }
    if (auto r = q->step(); !r) {
        return r.error();
    }
    return static_cast<int>(q->int64(0));
}

Result<int> Migrator::migrate(int target)
{
    const int latest = latestVersion();
    if (target < 0) {
        target = latest;
    }
    if (target > latest) {
        return makeError(v1::ERROR_CODE_INTERNAL, "Asked to migrate to schema " +
                                                      std::to_string(target) + " but only " +
                                                      std::to_string(latest) + " exist");
    }

    // IMMEDIATE takes the write lock before reading the version, so two processes
    // migrating the same file cannot both apply the same step.
    auto tx = Transaction::begin(m_db, true);
    if (!tx) {
        return tx.error();
    }
    auto current = currentVersion();
    if (!current) {
        return current.error();
    }
    if (*current > latest) {
        return makeError(v1::ERROR_CODE_SCHEMA_TOO_NEW,
                         "This database uses schema version " + std::to_string(*current) +
                             ", but this version of Doorstep understands only up to version " +
                             std::to_string(latest) +
                             ". It was written by a newer Doorstep: update Doorstep to open it. "
                             "The database has not been changed.");
    }
    if (*current >= target) {
        return *current;
    }
    if (auto s = ensureVersionTable(); !s) {
        return s.error();
    }
    auto record = m_db.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
    if (!record) {
        return record.error();
    }
    for (const Migration &m : m_migrations) {
        if (m.version <= *current || m.version > target) {
            continue;
        }
        if (auto s = m_db.exec(m.sql); !s) {
            return makeError(s.error().code,
                             "Migration " + std::string(m.name) +
                                 " failed, and no change was kept: " + s.error().message);
        }
        record->reset();
        record->bind(1, m.version).bind(2, m.name);
        if (auto s = record->run(); !s) {
            return s.error();
        }
    }
    if (auto s = tx->commit(); !s) {
        return s.error();
    }
    return target;
}

} // namespace doorstep::db
