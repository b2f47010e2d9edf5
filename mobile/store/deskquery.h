#pragma once

// The query helpers that the desk's readers share (store/deskreader*.cpp).

#include "db/database.h"
#include "db/statement.h"
#include "error/result.h"

#include <functional>

namespace doorstep::mobile {

// The error for a stored record that no longer parses.
Status unreadable(const char *what);

// Runs `sql` with `bind`, handing each row to `row`.
Status eachRow(db::Database &db, const char *sql, const std::function<void(db::Statement &)> &bind,
               const std::function<Status(db::Statement &)> &row);

} // namespace doorstep::mobile
