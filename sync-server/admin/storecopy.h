#pragma once

// Moving a council from the embedded SQLite store to PostgreSQL, row for row: every table the
// SQLite store has, every column, the change log's sequence numbers and the audit log's ids
// kept, so devices carry on syncing from their cursors and nothing is lost or re-sent.

#include "error/result.h"
#include "store/pgconnection.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace doorstep::server {

struct CopiedTable
{
    std::string name;
    std::int64_t rows = 0;
};

// Copies the SQLite store file `from` (already at the newest schema) into the PostgreSQL
// store on `to` (migrated, and empty: a target that holds anything is refused), all in one
// transaction: on any failure the target is left as it was. A SQLite table or column with no
// home in the PostgreSQL schema is an error naming it, never silently left behind.
Result<std::vector<CopiedTable>> copySqliteToPostgres(const std::filesystem::path &from,
                                                      pg::Connection &to);

} // namespace doorstep::server
