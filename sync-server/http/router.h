#pragma once

#include "auth/authenticator.h"
#include "http/httpmessage.h"
#include "http/metrics.h"
#include "http/wirecodec.h"
#include "sync/pullservice.h"
#include "sync/pushservice.h"

#include <atomic>
#include <functional>
#include <string>

namespace doorstep::server {

// Maps a request to its handler and a response. Knows nothing of sockets: HttpServer calls
// handle() on the store pool. Every answer, error or not, is counted and logged as one line
// naming the route, status, time and device, never a body.
class Router
{
public:
    Router(Authenticator &auth, PullService &pull, PushService &push, Metrics &metrics);
    // Gauges read at each scrape of /metrics, after the counters (HealthGauges in serve).
    void setGauges(std::function<std::string()> gauges) { m_gauges = std::move(gauges); }

    HttpResponse handle(const HttpRequest &request);
    // For failures found before a request could be routed (body too large, bad HTTP).
    HttpResponse reject(const Error &error, const HttpRequest &partial);

private:
    struct Context
    {
        std::string requestId;
        std::string route;
        std::string deviceId;
    };

    HttpResponse dispatch(const HttpRequest &request, Context &context);
    template <typename Request, typename Response, typename Handler>
    HttpResponse rpc(const HttpRequest &http, Context &context, bool authenticated,
                     Handler &&handler);
    HttpResponse fail(const Error &error, const HttpRequest &request, const Context &context);
    void finish(const HttpRequest &request, const Context &context, const HttpResponse &response,
                double seconds);
    std::string nextRequestId();

    Authenticator &m_auth;
    PullService &m_pull;
    PushService &m_push;
    Metrics &m_metrics;
    std::function<std::string()> m_gauges;
    std::atomic<std::uint64_t> m_requests{0};
    const std::string m_idPrefix;
};

} // namespace doorstep::server
