#include "admin/adminsupport.h"

#include "auth/authenticator.h"

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

Status setUserDisabled(StoreSession &session, const std::string &idOrName, bool disabled,
                       std::int64_t nowMs)
{
    auto u = findUser(session, idOrName);
    if (!u) {
        return u.error();
    }
    if (u->disabled() == disabled) {
        return {};
    }
    v1::Record r;
    *r.mutable_user() = *u;
    r.mutable_user()->set_disabled(disabled);
    auto put = session.putRecord(r, nowMs);
    return put ? Status() : Status(put.error());
}

} // namespace doorstep::server
