#include "environment/systemdnotify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace doorstep::server {

Status notifySystemd(const std::string &state)
{
    const char *name = std::getenv("NOTIFY_SOCKET");
    if (name == nullptr || *name == '\0') {
        return {};
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::size_t length = std::strlen(name);
    if (length >= sizeof address.sun_path || (name[0] != '/' && name[0] != '@')) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "NOTIFY_SOCKET is not a socket path or abstract name");
    }
    std::memcpy(address.sun_path, name, length);
    if (name[0] == '@') {
        address.sun_path[0] = '\0';
    }
    // An abstract name's length is exact (no terminating NUL); a path's includes it.
    const auto size =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length + (name[0] == '@' ? 0 : 1));
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return makeError(v1::ERROR_CODE_IO,
                         std::string("Cannot tell systemd: ") + std::strerror(errno));
    }
    const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr *>(&address), size);
    const int error = errno;
    ::close(fd);
    if (sent < 0) {
        return makeError(v1::ERROR_CODE_IO,
                         std::string("Cannot tell systemd: ") + std::strerror(error));
    }
    return {};
}

} // namespace doorstep::server
