#pragma once

#include "error/result.h"
#include "http/router.h"
#include "http/tlsprofile.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace doorstep::server {

// HTTP/1.1 (keep-alive, gzip) over TLS, or plain on loopback for tests and the demo.
//
// One io_context is run by `ioThreads` threads; each connection is serialised on its own
// strand. Handlers may block on the store (fsync), so they run on a separate fixed pool of
// `storeThreads` threads, and at most `maxInFlight` requests wait for it: beyond that the
// server answers 503 at once rather than queue without bound.
class HttpServer
{
public:
    struct Options
    {
        std::string address = "127.0.0.1";
        std::uint16_t port = 8443;
        std::filesystem::path portFile;
        int ioThreads = 2;
        int storeThreads = 2;
        std::size_t maxInFlight = 256;
        std::size_t maxBodyBytes = 4 * 1024 * 1024;
        std::chrono::seconds requestTimeout{30};
        std::chrono::seconds idleTimeout{60};
        bool insecureLoopback = false;
        std::filesystem::path certFile;
        std::filesystem::path keyFile;
        TlsProfile tlsProfile = TlsProfile::Intermediate;
        // Called once the server listens (with the bound port), and as it starts to stop: where
        // `serve` tells systemd it is ready (environment/systemdnotify.h).
        std::function<void(std::uint16_t port)> onListening;
        std::function<void()> onStopping;
    };

    HttpServer(Router &router, Options options);

    // Refuses unsafe or inconsistent options (plain HTTP off loopback, TLS without a key...).
    static Status checkOptions(const Options &options);
    // Checks the options, binds, writes the port file and serves until SIGINT or SIGTERM.
    Status run();

private:
    Router &m_router;
    Options m_options;
};

} // namespace doorstep::server
