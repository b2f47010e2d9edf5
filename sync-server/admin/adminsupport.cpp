#include "admin/adminsupport.h"

namespace doorstep::server {

const std::set<std::string> noFlags;

Result<std::unique_ptr<SqliteStore>> openStore(const CommandLine &cl, bool create)
{
    auto dir = cl.required("data");
    if (!dir) {
        return dir.error();
    }
    return SqliteStore::open(*dir, create);
}

} // namespace doorstep::server
