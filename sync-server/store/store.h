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
    virtual Status read(const Work &work) = 0;
    // A consistent copy of the whole store at one moment, taken while the server runs.
    virtual Status backupTo(const std::filesystem::path &file) = 0;
    // The store's size on disk, for the operator's gauges.
    virtual Result<std::uint64_t> bytesOnDisk() = 0;
};

} // namespace doorstep::server
