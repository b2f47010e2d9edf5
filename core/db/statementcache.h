#pragma once

// Private to core/db: the idle prepared statements of one connection.

#include "db/statement.h"

#include <sqlite3.h>

#include <map>
#include <string>
#include <string_view>

namespace doorstep::db {

namespace detail {

// A connection's prepared statements that are not in use, by SQL text. Bounded, so that a
// caller building SQL with values in it cannot grow it without limit.
class StatementCache
{
public:
    static constexpr std::size_t kCapacity = 96;

    Statement::Handle take(std::string_view sql)
    {
        const auto it = m_idle.find(sql);
        if (it == m_idle.end()) {
            return {};
        }
        Statement::Handle stmt = std::move(it->second);
        m_idle.erase(it);
        return stmt;
    }

    void giveBack(Statement::Handle stmt)
    {
        sqlite3_reset(stmt.get());
        sqlite3_clear_bindings(stmt.get());
        const char *sql = sqlite3_sql(stmt.get());
        if (sql && m_idle.size() < kCapacity) {
            // Already holding one (the same SQL was in use twice at once): this one is freed.
            m_idle.try_emplace(std::string(sql), std::move(stmt));
        }
    }

private:
    std::map<std::string, Statement::Handle, std::less<>> m_idle;
};

} // namespace detail

} // namespace doorstep::db
