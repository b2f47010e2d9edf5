#pragma once

#include "db/database.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace doorstep::mobile {

// Writes one row by key. SQLite 3.15 has no UPSERT, and INSERT OR REPLACE deletes and
// re-inserts (a new rowid, which would orphan the resident_search row keyed by it), so this
// updates by key and inserts only when nothing matched; or, where rows are expected to be new
// (a first sync), inserts and updates only when the key is taken.
class KeyedRow
{
public:
    struct Blob
    {
        std::string bytes;
    };
    using Value = std::variant<std::int64_t, std::string, Blob>;
    struct Column
    {
        const char *name;
        Value value;
    };

    enum class Expect {
        Existing, // try UPDATE first: one statement when the row is there
        New,      // try INSERT first: one statement when it is not
    };

    // The first `keys` columns form the key. In the caller's transaction.
    static Status upsert(db::Database &db, const std::string &table, std::size_t keys,
                         const std::vector<Column> &columns, Expect expect = Expect::Existing);
};

} // namespace doorstep::mobile
