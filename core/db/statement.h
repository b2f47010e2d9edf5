#pragma once

#include "error/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace doorstep::db {

namespace detail {
class StatementCache;
}

// Owning wrapper around a prepared statement. Parameters are 1-based, columns 0-based,
// as in SQLite. A statement from Database::prepare goes back to its connection's cache when
// it is destroyed (reset, bindings cleared), so the same SQL is parsed once per connection.
class Statement
{
public:
    Statement(Statement &&) noexcept = default;
    Statement &operator=(Statement &&) noexcept = default;
    ~Statement();

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bindBlob(int index, std::span<const std::uint8_t> bytes);
    Statement &bindBlob(int index, std::string_view bytes);
    Statement &bindNull(int index);

    // Steps once. True when a row is available, false when done.
    Result<bool> step();
    // Steps until done, for statements with no result rows.
    Status run();
    // Steps through every result row, calling onRow() (which returns Status) on each; stops
    // at the first error, from SQLite or from onRow.
    template <typename OnRow> Status forEach(OnRow &&onRow)
    {
        while (true) {
            auto row = step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                return {};
            }
            if (Status s = onRow(); !s) {
                return s;
            }
        }
    }
    void reset();

    int columnCount() const;
    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const;
    std::string columnName(int column) const;

private:
    friend class Database;
    struct Finalizer
    {
        void operator()(sqlite3_stmt *s) const;
    };
    friend class detail::StatementCache;
    using Handle = std::unique_ptr<sqlite3_stmt, Finalizer>;
    explicit Statement(Handle stmt, std::weak_ptr<detail::StatementCache> home)
        : m_stmt(std::move(stmt)), m_home(std::move(home))
    {}
    Handle m_stmt;
    std::weak_ptr<detail::StatementCache> m_home;
    // First bind failure, reported by the next step(): binding never fails silently.
    std::optional<Error> m_bindError;
};

} // namespace doorstep::db
