#pragma once

#include "db/database.h"
#include "time/clock.h"

#include <cstdint>
#include <optional>

namespace doorstep::mobile {

// Named values in sync_state: the pull cursor and the last server contact. Callers decide the
// transaction, so the cursor moves in the same one as the page it belongs to.
class SyncState
{
public:
    explicit SyncState(db::Database &db) : m_db(db) {}

    Result<std::int64_t> pullCursor();
    // Never moves the cursor backwards: an old page applied again must not rewind it.
    Status advancePullCursor(std::int64_t cursor);

    Result<std::optional<Clock::TimePoint>> lastServerContact();
    Status setLastServerContact(Clock::TimePoint when);

private:
    Result<std::optional<std::int64_t>> readInt(const char *key);
    Status writeInt(const char *key, std::int64_t value);
    db::Database &m_db;
};

} // namespace doorstep::mobile
