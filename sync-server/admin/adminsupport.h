#pragma once

// What the administrator's subcommands share: the store (--store, --data or DOORSTEP_STORE),
// and the option set that has no flags.

#include "admin/commandline.h"
#include "error/result.h"
#include "store/openstore.h"

#include <cstdint>
#include <memory>
#include <set>
#include <string>

namespace doorstep::server {

// Options that take no value: none of the admin commands have any.
extern const std::set<std::string> noFlags;

// Where the store is: --store LOCATION, else --data DIR, else DOORSTEP_STORE.
Result<StoreLocation> storeLocation(const CommandLine &cl);
// That store; created when `create` (init), else it must exist.
Result<std::unique_ptr<Store>> openStore(const CommandLine &cl, bool create = false);

// Disables or enables a user (by id or username): a disabled user's devices can no longer
// sync or be enrolled. The user record changes, so desks learn of it at their next sync.
Status setUserDisabled(StoreSession &session, const std::string &idOrName, bool disabled,
                       std::int64_t nowMs);

} // namespace doorstep::server
