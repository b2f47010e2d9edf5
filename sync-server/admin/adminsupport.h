#pragma once

// What the administrator's subcommands share: the store in --data, and the option set
// that has no flags.

#include "admin/commandline.h"
#include "error/result.h"
#include "store/sqlitestore.h"

#include <memory>
#include <set>
#include <string>

namespace doorstep::server {

// Options that take no value: none of the admin commands have any.
extern const std::set<std::string> noFlags;

// The store in --data; created when `create` (init), else it must exist.
Result<std::unique_ptr<SqliteStore>> openStore(const CommandLine &cl, bool create = false);

} // namespace doorstep::server
