#pragma once

#include "db/database.h"
#include "time/clock.h"

#include <cstdint>
#include <filesystem>
#include <span>

namespace doorstep::mobile {

// The app's SQLCipher database, opened with the raw 256-bit data key and brought up to the
// newest client schema. Every page, and the rollback journal, is encrypted by SQLCipher;
// temporary tables and sort spills stay in memory, so nothing reaches the disk in plaintext.
class EncryptedStore
{
public:
    // Opens (creating if needed) and migrates. A wrong key fails with ERROR_CODE_STORE_LOCKED;
    // a file from a newer Doorstep fails with ERROR_CODE_SCHEMA_TOO_NEW and is left untouched.
    // A new store records `clock.now()` as its last server contact: a store is only ever
    // created right after enrolment, which needs the server.
    static Result<EncryptedStore> open(const std::filesystem::path &path,
                                       std::span<const std::uint8_t, 32> key, const Clock &clock);

    db::Database &database() { return m_db; }
    int schemaVersion() const { return m_schemaVersion; }

private:
    EncryptedStore(db::Database db, int version) : m_db(std::move(db)), m_schemaVersion(version) {}
    db::Database m_db;
    int m_schemaVersion = 0;
};

} // namespace doorstep::mobile
