#include "store/encryptedstore.h"

#include "db/migrator.h"
#include "migrations/migrations.h"
#include "store/syncstate.h"

namespace doorstep::mobile {

Result<EncryptedStore> EncryptedStore::open(const std::filesystem::path &path,
                                            std::span<const std::uint8_t, 32> key,
                                            const Clock &clock)
{
    auto db = db::Database::open(path);
    if (!db) {
        return db.error();
    }
    if (auto s = db->keyWithRawKey(key); !s) {
        return s.error();
    }
    // temp_store: temp tables and sorter spills stay in RAM rather than in plaintext temp files.
    // secure_delete: evicted rows are zeroed inside their (encrypted) pages, not just unlinked.
    // synchronous FULL: a commit survives power loss, as the outbox promises.
    if (auto s = db->exec("PRAGMA temp_store = MEMORY;"
                          "PRAGMA secure_delete = ON;"
                          "PRAGMA journal_mode = DELETE;"
                          "PRAGMA synchronous = FULL;");
        !s) {
        return s.error();
    }
    db::Migrator migrator(*db, clientMigrations());
    auto before = migrator.currentVersion();
    if (!before) {
        return before.error();
    }
    auto version = migrator.migrate();
    if (!version) {
        return version.error();
    }
    if (*before == 0) {
        if (auto s = SyncState(*db).setLastServerContact(clock.now()); !s) {
            return s.error();
        }
    }
    return EncryptedStore(std::move(db).value(), *version);
}

} // namespace doorstep::mobile
