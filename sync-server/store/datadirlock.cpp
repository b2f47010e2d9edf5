#include "store/datadirlock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace doorstep::server {

Result<DataDirLock> DataDirLock::acquire(const std::filesystem::path &dataDir)
{
    const auto file = dataDir / "server.lock";
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return makeError(v1::ERROR_CODE_IO, "Cannot open " + file.string());
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return makeError(v1::ERROR_CODE_STORE_LOCKED,
                         "Another doorstep-server is already serving " + dataDir.string());
    }
    return DataDirLock(fd);
}

DataDirLock::DataDirLock(DataDirLock &&other) noexcept : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

DataDirLock::~DataDirLock()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

} // namespace doorstep::server
