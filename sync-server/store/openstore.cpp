#include "store/openstore.h"

#include "store/pgstore.h"
#include "store/sqlitestore.h"

#include <cstdlib>

namespace doorstep::server {

bool StoreLocation::postgres() const
{
    return PgStore::accepts(where);
}

std::string StoreLocation::describe() const
{
    if (!postgres()) {
        return where;
    }
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db
    const auto scheme = where.find("://") + 3;
    const auto at = where.find('@', scheme);
    const auto colon = where.find(':', scheme);
    if (at == std::string::npos || colon == std::string::npos || colon > at) {
        return where;
    }
    return where.substr(0, colon + 1) + "***" + where.substr(at);
}

std::optional<StoreLocation> chooseLocation(const std::string &storeOption,
                                            const std::string &dataOption)
{
    if (!storeOption.empty()) {
        return StoreLocation{storeOption};
    }
    if (!dataOption.empty()) {
        return StoreLocation{dataOption};
    }
    if (const char *env = std::getenv("DOORSTEP_STORE"); env && *env) {
        return StoreLocation{env};
    }
    return std::nullopt;
}

Result<std::unique_ptr<Store>> openStore(const StoreLocation &location, bool create,
                                         int connections)
{
    if (location.postgres()) {
        auto pg = PgStore::open(location.where, create, connections);
        if (!pg) {
            return pg.error();
        }
        return std::unique_ptr<Store>(std::move(*pg));
    }
    auto sqlite = SqliteStore::open(location.where, create);
    if (!sqlite) {
        return sqlite.error();
    }
    return std::unique_ptr<Store>(std::move(*sqlite));
}

} // namespace doorstep::server
