#pragma once

#include "db/database.h"
#include "doorstep/v1/sync.pb.h"

#include <cstdint>
#include <string>
#include <vector>

namespace doorstep::mobile {

struct OutboxEntry
{
    enum class State { Pending = 0, Quarantined = 1 };

    std::int64_t seq = 0;
    std::string mutationId;
    std::int64_t createdAtMs = 0;
    State state = State::Pending;
    int attempts = 0;
    v1::ErrorCode errorCode = v1::ERROR_CODE_UNSPECIFIED;
    std::string errorMessage;
    v1::Mutation mutation;
};

// Local changes waiting for the server, in the order they were made. A mutation the server
// rejects is quarantined: kept, listed and shown, never deleted unless the officer dismisses
// it, and it never holds back the entries behind it.
class Outbox
{
public:
    explicit Outbox(db::Database &db) : m_db(db) {}

    // In the caller's transaction, with the local change it belongs to (see LocalChanges).
    Status enqueue(const v1::Mutation &mutation, std::int64_t createdAtMs);

    // Pending entries, lone-working alerts first, then oldest first: the next push batch.
    Result<std::vector<OutboxEntry>> pending(int limit = 100);
    Result<std::vector<OutboxEntry>> quarantined();
    Result<int> pendingCount();

    // Applies the server's answer to a push in one transaction. APPLIED and DUPLICATE remove
    // the entry; REJECTED quarantines it with the server's error, and takes a refused case
    // event off the device; CONFLICT quarantines it too. Either stores the server's current
    // record when it sends one, so the device shows what the server holds.
    // Entries the response does not mention stay pending and count an attempt.
    Status applyPushResponse(const v1::PushRequest &sent, const v1::PushResponse &response);

    // The officer has seen a quarantined entry and chose to drop it. A dropped case event
    // leaves the local timeline too, since the server will never have it.
    Status dismiss(const std::string &mutationId);

private:
    Result<std::vector<OutboxEntry>> list(const char *sql, int limit);
    db::Database &m_db;
};

} // namespace doorstep::mobile
