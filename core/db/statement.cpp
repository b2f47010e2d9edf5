#include "db/statement.h"

#include "db/statementcache.h"

#include <sqlite3.h>

namespace doorstep::db {

void Statement::Finalizer::operator()(sqlite3_stmt *s) const
{
    sqlite3_finalize(s);
}

Statement::~Statement()
{
    if (!m_stmt) {
        return;
    }
    if (auto home = m_home.lock()) {
        home->giveBack(std::move(m_stmt));
    }
}

namespace {

Error stepError(sqlite3_stmt *stmt, int rc)
{
    sqlite3 *db = sqlite3_db_handle(stmt);
    const int primary = rc & 0xff;
    ErrorCode code = v1::ERROR_CODE_STORAGE;
    if (primary == SQLITE_CONSTRAINT) {
        code = v1::ERROR_CODE_CONFLICT;
    } else if (primary == SQLITE_FULL || primary == SQLITE_IOERR) {
        code = v1::ERROR_CODE_IO;
    } else if (primary == SQLITE_NOTADB) {
        code = v1::ERROR_CODE_STORE_LOCKED;
    }
    return makeError(code, std::string("Database error: ") + sqlite3_errmsg(db));
}

} // namespace

#define DOORSTEP_CHECK_BIND(expr)                                                                  \
    do {                                                                                           \
        const int rc_ = (expr);                                                                    \
        if (rc_ != SQLITE_OK && !m_bindError) {                                                    \
            m_bindError = makeError(v1::ERROR_CODE_INTERNAL, "Could not bind parameter " +         \
                                                                 std::to_string(index) + ": " +    \
                                                                 sqlite3_errstr(rc_));             \
        }                                                                                          \
    } while (0)

Statement &Statement::bind(int index, std::int64_t value)
{
    DOORSTEP_CHECK_BIND(sqlite3_bind_int64(m_stmt.get(), index, value));
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    DOORSTEP_CHECK_BIND(sqlite3_bind_double(m_stmt.get(), index, value));
    return *this;
}

Statement &Statement::bind(int index, std::string_view text)
{
    DOORSTEP_CHECK_BIND(sqlite3_bind_text64(m_stmt.get(), index, text.data(), text.size(),
                                            SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement &Statement::bindBlob(int index, std::span<const std::uint8_t> bytes)
{
    // A zero-length blob must still be a blob, not NULL: pass a non-null pointer.
    static const std::uint8_t empty = 0;
    DOORSTEP_CHECK_BIND(sqlite3_bind_blob64(m_stmt.get(), index,
                                            bytes.empty() ? &empty : bytes.data(), bytes.size(),
                                            SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bindBlob(int index, std::string_view bytes)
{
    return bindBlob(index, std::span<const std::uint8_t>(
                               reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size()));
}

Statement &Statement::bindNull(int index)
{
    DOORSTEP_CHECK_BIND(sqlite3_bind_null(m_stmt.get(), index));
    return *this;
}

#undef DOORSTEP_CHECK_BIND

Result<bool> Statement::step()
{
    if (m_bindError) {
        return *m_bindError;
    }
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return stepError(m_stmt.get(), rc);
}

Status Statement::run()
{
    for (;;) {
        auto r = step();
        if (!r) {
            return r.error();
        }
        if (!*r) {
            return {};
        }
    }
}

void Statement::reset()
{
    m_bindError.reset();
    // sqlite3_reset repeats the last step's error, which step() already reported.
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt.get());
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt.get(), column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt.get(), column);
}

std::string Statement::text(int column) const
{
    const auto *p = sqlite3_column_text(m_stmt.get(), column);
    const int n = sqlite3_column_bytes(m_stmt.get(), column);
    return p ? std::string(reinterpret_cast<const char *>(p), static_cast<std::size_t>(n))
             : std::string();
}

std::string Statement::blob(int column) const
{
    const void *p = sqlite3_column_blob(m_stmt.get(), column);
    const int n = sqlite3_column_bytes(m_stmt.get(), column);
    return p ? std::string(static_cast<const char *>(p), static_cast<std::size_t>(n))
             : std::string();
}

std::string Statement::columnName(int column) const
{
    const char *n = sqlite3_column_name(m_stmt.get(), column);
    return n ? n : "";
}

} // namespace doorstep::db
