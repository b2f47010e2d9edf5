#include "store/deskquery.h"

#include "doorstep/v1/errors.pb.h"

#include <string>

namespace doorstep::mobile {

Status unreadable(const char *what)
{
    return makeError(v1::ERROR_CODE_INTERNAL, std::string("A stored ") + what + " is unreadable");
}

// Runs `sql` with `bind`, handing each row to `row`.
Status eachRow(db::Database &db, const char *sql, const std::function<void(db::Statement &)> &bind,
               const std::function<Status(db::Statement &)> &row)
{
    auto q = db.prepare(sql);
    if (!q) {
        return q.error();
    }
    bind(*q);
    return q->forEach([&]() { return row(*q); });
}

} // namespace doorstep::mobile
