#pragma once

// An in-process server without sockets: a real store (SQLite in a temporary directory, or a
// PostgreSQL database under the `postgres` label), one
// enrolled coordinator device, and the Router that HttpServer drives. For the router tests
// and the libFuzzer targets, which both feed it hostile bodies.

#include "auth/authenticator.h"
#include "environment/clock.h"
#include "environment/sequentialidsource.h"
#include "http/metrics.h"
#include "http/router.h"
#include "sync/pullservice.h"
#include "sync/pushservice.h"
#include "teststore.h"

#include <filesystem>
#include <memory>
#include <string>

namespace doorstep::server {

class RouterHarness
{
public:
    // `dir` must exist and be empty; it holds the store.
    explicit RouterHarness(const std::filesystem::path &dir);

    bool ready() const { return !m_token.empty(); }
    const std::string &token() const { return m_token; }
    HttpResponse post(const std::string &path, const std::string &body,
                      const std::string &contentType, bool withToken = true);

private:
    class Clock final : public server::Clock
    {
    public:
        std::int64_t nowMs() const override { return 1795392000000; }
    };

    Clock m_clock;
    SequentialIdSource m_ids;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<PullService> m_pull;
    std::unique_ptr<PushService> m_push;
    Metrics m_metrics;
    std::unique_ptr<Router> m_router;
    std::string m_token;
};

} // namespace doorstep::server
