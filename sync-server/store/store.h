#pragma once

#include "error/result.h"
#include "store/storesession.h"

#include <cstdint>
#include <filesystem>
#include <functional>

namespace doorstep::server {

// The server's storage. All access goes through a transaction: `work` runs with a session and
// its changes are committed only if it returns success, and are durable on disk before
// write() returns. Safe to call from several threads.
class Store
{
public:
    using Work = std::function<Status(StoreSession &)>;

    virtual ~Store() = default;
    virtual Status write(const Work &work) = 0;
    // A write that changes no record before it appends to the change log: what a pull records
    // of a device's holdings. Where writers run side by side (PostgreSQL), these do not wait
    // for one another, and take the change-log lock only when they append; every other write
    // runs under it from its start, one at a time, as on SQLite.
    virtual Status writeHoldings(const Work &work) { return write(work); }
    virtual Status read(const Work &work) = 0;
    // A read of one statement, which is consistent on its own: where a transaction costs
    // round trips (PostgreSQL), none is opened around it. What every request's
    // authentication runs.
    virtual Status lookup(const Work &work) { return read(work); }
    // After a bulk load (a snapshot, an import, a copied store): lets the query planner see
    // the new rows. PostgreSQL's "Populating a Database" advice is to ANALYZE afterwards;
    // until autovacuum does (a minute or more), pulls were planned for empty tables and read
    // the whole change log. SQLite plans without statistics: nothing to do. Best effort: the
    // load has committed, so a failure here is logged, never reported as the load failing.
    virtual void analyze() {}
    // A consistent copy of the whole store at one moment, taken while the server runs.
    virtual Status backupTo(const std::filesystem::path &file) = 0;
    // The store's size on disk, for the operator's gauges.
    virtual Result<std::uint64_t> bytesOnDisk() = 0;
};

} // namespace doorstep::server
