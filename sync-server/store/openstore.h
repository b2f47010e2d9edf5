#pragma once

// Where a council's store lives, and opening it: a data directory holding the embedded SQLite
// store (the default), or a PostgreSQL database named by a postgresql:// URI.

#include "error/result.h"
#include "store/store.h"

#include <memory>
#include <optional>
#include <string>

namespace doorstep::server {

struct StoreLocation
{
    // A data directory, or a postgresql:// (or postgres://) URI.
    std::string where;

    bool postgres() const;
    // For messages and logs: the URI without its password.
    std::string describe() const;
};

// The location from `--store` (a directory or URI), else `--data DIR`, else the environment's
// DOORSTEP_STORE; nullopt when none is given.
std::optional<StoreLocation> chooseLocation(const std::string &storeOption,
                                            const std::string &dataOption);

// Opens (creating when asked, as `init` does) the store and brings it to the newest schema.
// `connections` bounds a PostgreSQL store's pool: the transactions this process runs at once.
Result<std::unique_ptr<Store>> openStore(const StoreLocation &location, bool create,
                                         int connections = 8);

} // namespace doorstep::server
