#pragma once

#include "auth/principal.h"
#include "doorstep/v1/sync.pb.h"
#include "environment/clock.h"
#include "environment/idsource.h"
#include "error/result.h"
#include "store/store.h"

namespace doorstep::server {

// POST /v1/push: applies a batch of mutations exactly once each.
//
// The whole batch runs in one store transaction. Each mutation id is decided once: its result
// is written to applied_mutations in the same transaction as the change it made, so a replay
// (the same batch again, or concurrently: the store serialises writers) finds it and gets
// DUPLICATE with the stored result instead of applying it again. A mutation that was
// REJECTED or in CONFLICT keeps that answer too: the device makes a new mutation to retry.
// The response is built only after the commit, so every acknowledged mutation is on disk.
class PushService
{
public:
    static constexpr int maxMutations = 500;

    PushService(Store &store, const Clock &clock, IdSource &ids)
        : m_store(store), m_clock(clock), m_ids(ids)
    {}

    Result<v1::PushResponse> push(const Principal &principal, const v1::PushRequest &request);

private:
    Store &m_store;
    const Clock &m_clock;
    IdSource &m_ids;
};

} // namespace doorstep::server
