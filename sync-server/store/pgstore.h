#pragma once

#include "store/pgconnection.h"
#include "store/store.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace doorstep::server {

// The store on PostgreSQL 15, for a council (or a host of councils) that one box's SQLite
// writer cannot carry: several `serve` processes share one database, each with a pool of
// connections, so transactions from every process run side by side.
//
// Writes run at READ COMMITTED. What SQLite's single writer gave for free is kept by one
// advisory lock (PgSession::lockChangeLog), which every write but a pull's takes at its start
// and holds to its commit: record changes run one at a time, as on SQLite, so a
// read-modify-write never works from a stale read and a push replayed to another process at
// the same moment waits for the first, finds its mutations applied and answers with the same
// results. A pull (writeHoldings) takes it only if it appends (a retention sweep), before its
// first append; so every log entry commits in seq order, and a pull never hands out a cursor
// past an entry still to commit. Reads run at REPEATABLE READ, one snapshot throughout.
class PgStore final : public Store
{
public:
    // True for a location this store opens: a postgresql:// or postgres:// URI.
    static bool accepts(const std::string &location);

    // Connects to the database at `url` (a libpq connection URI) and brings it to the newest
    // schema. Without `create` the database must already hold a store (from `init`). A
    // database at a schema newer than this build is refused with ERROR_CODE_SCHEMA_TOO_NEW.
    static Result<std::unique_ptr<PgStore>> open(const std::string &url, bool create,
                                                 int connections = 8);

    // Under the change-log lock from the start: one record-changing transaction at a time
    // across every process, so a read-modify-write never works from a stale read.
    Status write(const Work &work) override;
    Status writeHoldings(const Work &work) override;
    Status read(const Work &work) override;
    Status lookup(const Work &work) override;
    void analyze() override;
    // Runs pg_dump (custom format, one snapshot, so consistent while servers write).
    Status backupTo(const std::filesystem::path &file) override;
    // pg_database_size: the database's files, indexes and TOAST included.
    Result<std::uint64_t> bytesOnDisk() override;

    // The database's name, for messages.
    std::string database() const { return m_database; }

private:
    PgStore(std::string url, std::string database, int connections)
        : m_url(std::move(url)), m_database(std::move(database)), m_capacity(connections)
    {}
    enum class Kind { Write, Holdings, Read, Lookup };
    Status run(const Work &work, Kind kind);
    // A pooled connection, or a new one while fewer than the pool's capacity are out.
    Result<pg::Connection> take(bool &pooled);
    void giveBack(pg::Connection connection);
    // After a first statement failed: true (and the idle pool emptied) when it failed because
    // its pooled connection had died, the first time, so it is worth one more go.
    bool retryAfterDeath(bool pooled, bool lost, int attempt);

    std::string m_url;
    std::string m_database;
    int m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_returned;
    std::vector<pg::Connection> m_idle;
    int m_out = 0;
};

} // namespace doorstep::server
