#pragma once

#include "db/database.h"
#include "migrations/migrations.h"

#include <span>

namespace doorstep::db {

// Brings a database up to the newest schema this build knows.
//
// The applied versions are recorded in schema_migrations(version, name, applied_at). All
// missing steps run in one IMMEDIATE transaction: either the database ends at the newest
// version or it is left exactly as it was. A database that records a version newer than
// any this build knows is refused with ERROR_CODE_SCHEMA_TOO_NEW and left untouched.
class Migrator
{
public:
    Migrator(Database &db, std::span<const Migration> migrations);

    // The newest version recorded in the database; 0 for a new database.
    Result<int> currentVersion();
    int latestVersion() const;
    // Applies migrations up to `target` (default: the newest). Returns the version reached.
    Result<int> migrate(int target = -1);

private:
    Status ensureVersionTable();
    Database &m_db;
    std::span<const Migration> m_migrations;
};

} // namespace doorstep::db
