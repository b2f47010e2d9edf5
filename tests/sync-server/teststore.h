#pragma once

// The store an in-process test runs against: SQLite in `dir`, or, under the `postgres` label,
// a new PostgreSQL database of the test's own (testdatabase.h). Either way a real store.

#include "store/openstore.h"
#include "testdatabase.h"

#include <memory>
#include <string>

// Where: `dir`, or a new PostgreSQL database's URI.
inline std::string testStoreLocation(const std::string &dir)
{
    const std::string database = newTestDatabase();
    return database.empty() ? dir : database;
}

inline doorstep::Result<std::unique_ptr<doorstep::server::Store>>
openTestStore(const std::string &dir)
{
    return doorstep::server::openStore({testStoreLocation(dir)}, true);
}
