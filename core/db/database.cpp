#include "db/database.h"

#include "db/statement.h"
#include "db/statementcache.h"

#include <sqlite3.h>

#include <cstdio>

namespace doorstep::db {

void Database::Closer::operator()(sqlite3 *db) const
{
    // sqlite3_close_v2 defers the close until every statement is finalized, so a
    // connection can never be left half-closed by destruction order.
    sqlite3_close_v2(db);
}

Result<Database> Database::open(const std::filesystem::path &path, Mode mode)
{
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    }
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK) {
        return makeError(v1::ERROR_CODE_STORAGE,
                         "Could not open the database at " + path.string() + ": " +
                             (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(raw, 1);
    // Waiting briefly for a lock beats failing a user action on a transient writer.
    sqlite3_busy_timeout(raw, 5000);
    if (auto s = db.exec("PRAGMA foreign_keys = ON"); !s) {
        return s.error();
    }
    return db;
}

Result<Database> Database::openMemory()
{
    return open(":memory:");
}

Database::Database(sqlite3 *db) : m_db(db), m_statements(std::make_shared<detail::StatementCache>())
{}

Database::~Database() = default;

Status Database::keyWithRawKey(std::span<const std::uint8_t, 32> key)
{
#ifdef DOORSTEP_SQLCIPHER
    // PRAGMA key = "x'<64 hex>'" hands SQLCipher the key itself, skipping its PBKDF2.
    std::string pragma = "PRAGMA key = \"x'";
    pragma.reserve(pragma.size() + 64 + 3);
    char hex[3];
    for (std::uint8_t b : key) {
        std::snprintf(hex, sizeof hex, "%02X", b);
        pragma += hex;
    }
    pragma += "'\"";
    const Status keyed = exec(pragma);
    // Wipe the hex copy of the key before the string's memory is released; volatile keeps
    // the compiler from dropping stores to memory that is about to be freed.
    volatile char *wipe = pragma.data();
    for (std::size_t i = 0; i < pragma.size(); ++i) {
        wipe[i] = 0;
    }
    if (!keyed) {
        return keyed;
    }
    // SQLCipher only checks the key when a page is first read.
    auto check = prepare("SELECT count(*) FROM sqlite_master");
    if (!check || !check->step()) {
        return makeError(v1::ERROR_CODE_STORE_LOCKED,
                         "The store could not be opened with this key: it is the wrong key or "
                         "the file is not an encrypted Doorstep store");
    }
    return {};
#else
    (void)key;
    return makeError(v1::ERROR_CODE_INTERNAL,
                     "This build uses plain SQLite and cannot open an encrypted store");
#endif
}

Status Database::exec(std::string_view sql)
{
    // sqlite3_exec needs a terminated string.
    const std::string text(sql);
    char *msg = nullptr;
    const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
        std::string detail = msg ? msg : sqlite3_errstr(rc);
        sqlite3_free(msg);
        const ErrorCode code = (rc & 0xff) == SQLITE_NOTADB ? v1::ERROR_CODE_STORE_LOCKED
                               : (rc & 0xff) == SQLITE_FULL ? v1::ERROR_CODE_IO
                                                            : v1::ERROR_CODE_STORAGE;
        return makeError(code, "Database error: " + detail);
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql)
{
    if (Statement::Handle idle = m_statements->take(sql)) {
        return Statement(std::move(idle), m_statements);
    }
    sqlite3_stmt *stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    Statement s(Statement::Handle(stmt), m_statements);
    if (rc != SQLITE_OK) {
        return error("preparing a statement");
    }
    return s;
}

Status Database::begin(bool immediate)
{
    return exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Status Database::commit()
{
    return exec("COMMIT");
}

Status Database::rollback()
{
    if (sqlite3_get_autocommit(m_db.get())) {
        return {}; // SQLite already rolled back (for example after SQLITE_FULL).
    }
    return exec("ROLLBACK");
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db.get());
}

int Database::changes() const
{
    return sqlite3_changes(m_db.get());
}

std::string Database::lastErrorMessage() const
{
    return sqlite3_errmsg(m_db.get());
}

Error Database::error(std::string_view doing) const
{
    const int rc = sqlite3_extended_errcode(m_db.get()) & 0xff;
    ErrorCode code = v1::ERROR_CODE_STORAGE;
    if (rc == SQLITE_NOTADB) {
        code = v1::ERROR_CODE_STORE_LOCKED;
    } else if (rc == SQLITE_FULL || rc == SQLITE_IOERR) {
        code = v1::ERROR_CODE_IO;
    }
    return makeError(code,
                     "Database error while " + std::string(doing) + ": " + lastErrorMessage());
}

std::string Database::engineVersion()
{
    return sqlite3_libversion();
}

bool Database::isSqlCipher()
{
#ifdef DOORSTEP_SQLCIPHER
    return true;
#else
    return false;
#endif
}

Result<Transaction> Transaction::begin(Database &db, bool immediate)
{
    if (auto s = db.begin(immediate); !s) {
        return s.error();
    }
    return Transaction(&db);
}

Transaction::Transaction(Transaction &&other) noexcept : m_db(other.m_db)
{
    other.m_db = nullptr;
}

Transaction::~Transaction()
{
    if (m_db) {
        (void)m_db->rollback();
    }
}

Status Transaction::commit()
{
    if (!m_db) {
        return makeError(v1::ERROR_CODE_INTERNAL, "Transaction already finished");
    }
    Status s = m_db->commit();
    if (s) {
        m_db = nullptr;
    }
    return s;
}

} // namespace doorstep::db
