#pragma once

#include "db/database.h"
#include "store/store.h"

#include <filesystem>
#include <memory>
#include <mutex>

namespace doorstep::server {

// The default store: one SQLite database (WAL, synchronous=FULL) in the data directory.
//
// One connection serves every transaction, behind a mutex: SQLite has a single writer anyway,
// and serialising here also makes exactly-once push trivially race-free. Callers run this on
// the bounded store pool, never on the I/O threads.
class SqliteStore final : public Store
{
public:
    static constexpr const char *fileName = "doorstep.sqlite3";

    // Opens (creating when asked) <dataDir>/doorstep.sqlite3 and brings it to the newest schema.
    static Result<std::unique_ptr<SqliteStore>> open(const std::filesystem::path &dataDir,
                                                     bool create);

    Status write(const Work &work) override;
    Status read(const Work &work) override;
    Status backupTo(const std::filesystem::path &file) override;
    // The database file with its write-ahead log.
    Result<std::uint64_t> bytesOnDisk() override;

private:
    SqliteStore(db::Database db, std::filesystem::path file)
        : m_db(std::move(db)), m_file(std::move(file))
    {}
    Status run(const Work &work, bool immediate);

    std::mutex m_mutex;
    db::Database m_db;
    std::filesystem::path m_file;
};

} // namespace doorstep::server
