#pragma once

// Owning wrapper around a sqlite3 connection. Built twice from the same source: against
// plain SQLite for the server and against SQLCipher for the app (see core/CMakeLists.txt).

#include "error/result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;

namespace doorstep::db {

class Statement;
namespace detail {
class StatementCache;
}

class Database
{
public:
    enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly };

    // Opens (and by default creates) the database file. Opening does not read the file yet.
    static Result<Database> open(const std::filesystem::path &path,
                                 Mode mode = Mode::ReadWriteCreate);
    // A private in-memory database, for tests and scratch work.
    static Result<Database> openMemory();

    Database(Database &&) noexcept = default;
    Database &operator=(Database &&) noexcept = default;
    ~Database();

    // SQLCipher only: keys the connection with a raw 256-bit key (never a passphrase, so
    // SQLCipher's PBKDF2 is never on the path) and checks the key by reading the schema.
    // A wrong key, or a file that is not an encrypted database, fails with
    // ERROR_CODE_STORE_LOCKED.
    Status keyWithRawKey(std::span<const std::uint8_t, 32> key);

    // Runs one or more statements with no results.
    Status exec(std::string_view sql);
    // Prepares a statement, or reuses one this connection prepared from the same SQL before.
    Result<Statement> prepare(std::string_view sql);

    // Transactions. Use Transaction (below) in business code.
    Status begin(bool immediate = true);
    Status commit();
    Status rollback();

    std::int64_t lastInsertRowId() const;
    int changes() const;
    std::string lastErrorMessage() const;
    sqlite3 *handle() const { return m_db.get(); }

    // Builds an Error from the connection's last failure, prefixed with what was being done.
    Error error(std::string_view doing) const;

    // The engine's version string, for example "3.15.2".
    static std::string engineVersion();
    // True when this library was built against SQLCipher.
    static bool isSqlCipher();

private:
    struct Closer
    {
        void operator()(sqlite3 *db) const;
    };
    explicit Database(sqlite3 *db);
    std::unique_ptr<sqlite3, Closer> m_db;
    // Declared after m_db: the idle statements are finalized before the connection closes.
    std::shared_ptr<detail::StatementCache> m_statements;
};

// Scoped transaction: rolls back unless commit() succeeded.
class Transaction
{
public:
    static Result<Transaction> begin(Database &db, bool immediate = true);
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    ~Transaction();
    Status commit();

private:
    explicit Transaction(Database *db) : m_db(db) {}
    Database *m_db = nullptr;
};

} // namespace doorstep::db
