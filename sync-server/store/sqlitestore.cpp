#include "store/sqlitestore.h"

#include "db/migrator.h"
#include "db/statement.h"
#include "migrations/migrations.h"
#include "store/sqlitesession.h"

#include <system_error>

namespace doorstep::server {

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path &dataDir,
                                                       bool create)
{
    std::error_code ec;
    if (create) {
        std::filesystem::create_directories(dataDir, ec);
        if (ec) {
            return makeError(v1::ERROR_CODE_IO, "Cannot create the data directory " +
                                                    dataDir.string() + ": " + ec.message());
        }
    }
    const auto file = dataDir / fileName;
    if (!create && !std::filesystem::exists(file, ec)) {
        return makeError(v1::ERROR_CODE_NOT_FOUND,
                         "No store in " + dataDir.string() + ": run `doorstep-server init` first");
    }
    auto db = db::Database::open(file, create ? db::Database::Mode::ReadWriteCreate
                                              : db::Database::Mode::ReadWrite);
    if (!db) {
        return db.error();
    }
    // WAL lets backups and the admin commands read while the server writes; FULL makes a
    // commit reach the disk before we acknowledge it, so an acknowledged push survives a
    // power cut.
    if (auto s = db->exec("PRAGMA journal_mode = WAL"); !s) {
        return s.error();
    }
    if (auto s = db->exec("PRAGMA synchronous = FULL"); !s) {
        return s.error();
    }
    db::Migrator migrator(*db, serverMigrations());
    if (auto m = migrator.migrate(); !m) {
        return m.error();
    }
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db).value(), file));
}

Status SqliteStore::run(const Work &work, bool immediate)
{
    std::lock_guard lock(m_mutex);
    auto tx = db::Transaction::begin(m_db, immediate);
    if (!tx) {
        return tx.error();
    }
    SqliteSession session(m_db);
    if (auto s = work(session); !s) {
        return s; // the transaction rolls back as it goes out of scope
    }
    return tx->commit();
}

Status SqliteStore::write(const Work &work)
{
    return run(work, true);
}

Status SqliteStore::read(const Work &work)
{
    return run(work, false);
}

Status SqliteStore::backupTo(const std::filesystem::path &file)
{
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "Backup file " + file.string() + " already exists; choose a new name");
    }
    std::lock_guard lock(m_mutex);
    // VACUUM INTO reads one snapshot of the database, so the copy is consistent even while
    // another process (the running server) keeps writing.
    auto st = m_db.prepare("VACUUM INTO ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, file.string());
    return st->run();
}

Result<std::uint64_t> SqliteStore::bytesOnDisk()
{
    std::error_code ec;
    std::uint64_t bytes = 0;
    for (const char *suffix : {"", "-wal"}) {
        const auto size = std::filesystem::file_size(m_file.string() + suffix, ec);
        bytes += ec ? 0 : size;
    }
    return bytes;
}

} // namespace doorstep::server
