#include "admin/adminsupport.h"

#include "auth/authenticator.h"

namespace doorstep::server {

const std::set<std::string> noFlags;

Result<StoreLocation> storeLocation(const CommandLine &cl)
{
    auto where = chooseLocation(cl.value("store"), cl.value("data"));
    if (!where) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "Say where the store is: --data DIR, or --store postgresql://... "
                         "(or set DOORSTEP_STORE)");
    }
    return *where;
}

Result<std::unique_ptr<Store>> openStore(const CommandLine &cl, bool create)
{
    auto where = storeLocation(cl);
    if (!where) {
        return where.error();
    }
    return server::openStore(*where, create);
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
