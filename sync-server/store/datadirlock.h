#pragma once

#include "error/result.h"

#include <filesystem>

namespace doorstep::server {

// An exclusive lock on a data directory for as long as a server serves it, so that a second
// `serve` on the same directory is refused instead of racing the first. The admin
// subcommands do not take it: SQLite's own locking makes them safe alongside the server.
// The lock (flock) goes away with the process, even after SIGKILL.
class DataDirLock
{
public:
    static Result<DataDirLock> acquire(const std::filesystem::path &dataDir);
    DataDirLock(DataDirLock &&other) noexcept;
    DataDirLock &operator=(DataDirLock &&) = delete;
    ~DataDirLock();

private:
    explicit DataDirLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

} // namespace doorstep::server
