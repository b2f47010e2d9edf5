#pragma once

#include "doorstep/v1/identity.pb.h"

#include "db/database.h"
#include "time/clock.h"

#include <cstdint>
#include <optional>
#include <string>

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

    // Set while a pull from the start is part-way: the search index waits for its last page.
    Result<bool> searchRebuildPending();
    Status setSearchRebuildPending(bool pending);

    Result<std::optional<Clock::TimePoint>> lastServerContact();
    Status setLastServerContact(Clock::TimePoint when);

    // The device's identity with the server, kept only inside the encrypted database.
    struct Credentials
    {
        std::string serverUrl;
        std::string deviceId;
        std::string deviceSecret;
        std::string userId;
        // The officer's display name, as the server gave it at enrolment.
        std::string userName;
        // The user's v1::Role, and the council's referral target in working days (0: not
        // known, enrolled before the app kept it).
        int role = 0;
        int referralTargetWorkingDays = 0;
        // The server's key pins from the enrolment link, comma-separated; "" for none.
        std::string serverPins;
    };
    Result<std::optional<Credentials>> credentials();
    Status setCredentials(const Credentials &c);

    // The council record as the server last sent it (its zone and bank holidays).
    Result<std::optional<v1::Council>> council();
    Status setCouncil(const v1::Council &council);

private:
    Result<std::optional<std::int64_t>> readInt(const char *key);
    Status writeInt(const char *key, std::int64_t value);
    Result<std::optional<std::string>> readText(const char *key);
    Status writeText(const char *key, const std::string &value);
    db::Database &m_db;
};

} // namespace doorstep::mobile
