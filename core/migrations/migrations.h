#pragma once

#include "error/result.h"

#include <span>
#include <string_view>
#include <vector>

namespace doorstep {

// One numbered step of a database schema, read from schema/sql/<side>/NNNN_name.sql.
struct Migration
{
    int version = 0;
    std::string_view name;
    std::string_view sql;
};

// The app's migrations (SQLCipher 3.4.1, which embeds SQLite 3.15.2), in version order.
std::span<const Migration> clientMigrations();
// The server's migrations (SQLite 3.40), in version order.
std::span<const Migration> serverMigrations();
// The server's migrations for PostgreSQL 15 (schema/sql/server-pg), in version order.
std::span<const Migration> serverPgMigrations();

// Builds the migration list from embedded files named NNNN_name.sql. Fails if a name has no
// number, or the numbers do not run 1, 2, 3... without gaps or repeats.
Result<std::vector<Migration>> parseMigrations(std::span<const struct EmbeddedFile> files);

} // namespace doorstep
