// A disk that fills up, for the fault harness: preloaded (LD_PRELOAD) into the app core or the
// server, it lets writes to regular files through until DOORSTEP_DISK_BUDGET bytes have been
// written, then fails every further one with ENOSPC, as a full disk does. Pipes, sockets and
// terminals are neither counted nor refused.

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace {

// -2: not read yet; -1: no limit.
std::atomic<long long> budget{-2};

long long remaining()
{
    long long b = budget.load();
    if (b == -2) {
        const char *env = std::getenv("DOORSTEP_DISK_BUDGET");
        long long expected = -2;
        budget.compare_exchange_strong(expected, env ? std::atoll(env) : -1);
        b = budget.load();
    }
    return b;
}

// Whether `count` more bytes fit; takes them from the budget if so.
bool fits(int fd, size_t count)
{
    struct stat st;
    if (remaining() < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return true;
    }
    long long left = budget.load();
    while (left >= static_cast<long long>(count)) {
        if (budget.compare_exchange_weak(left, left - static_cast<long long>(count))) {
            return true;
        }
    }
    // Full: once a write does not fit, no later one does either.
    budget.store(0);
    errno = ENOSPC;
    return false;
}

template <typename F> F real(const char *name)
{
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

ssize_t write(int fd, const void *buf, size_t count)
{
    if (!fits(fd, count)) {
        return -1;
    }
    return real<ssize_t (*)(int, const void *, size_t)>("write")(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
    if (!fits(fd, count)) {
        return -1;
    }
    return real<ssize_t (*)(int, const void *, size_t, off_t)>("pwrite")(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
    if (!fits(fd, count)) {
        return -1;
    }
    return real<ssize_t (*)(int, const void *, size_t, off64_t)>("pwrite64")(fd, buf, count,
                                                                             offset);
}
}
