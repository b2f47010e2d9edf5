#include "http/router.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <type_traits>

namespace doorstep::server {

namespace {

WireCodec::Format bestEffortFormat(const HttpRequest &r)
{
    auto f = WireCodec::requestFormat(r.contentType);
    return WireCodec::responseFormat(r.accept, f ? *f : WireCodec::Format::Protobuf);
}

std::string utcNow()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<long long>(ms));
    return buf;
}

bool isPlainId(const std::string &s)
{
    return !s.empty() && s.size() <= 100 && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

} // namespace

Router::Router(Authenticator &auth, PullService &pull, PushService &push, Metrics &metrics)
    : m_auth(auth), m_pull(pull), m_push(push), m_metrics(metrics),
      m_idPrefix(
          std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000))
{}

std::string Router::nextRequestId()
{
    return "req-" + m_idPrefix + "-" + std::to_string(++m_requests);
}

HttpResponse Router::handle(const HttpRequest &request)
{
    const auto start = std::chrono::steady_clock::now();
    Context context{nextRequestId(), "unmatched", ""};
    HttpResponse response = dispatch(request, context);
    response.headers.emplace_back("X-Request-Id", context.requestId);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    finish(request, context, response, took.count());
    return response;
}

HttpResponse Router::reject(const Error &error, const HttpRequest &partial)
{
    const std::string path = partial.target.substr(0, partial.target.find('?'));
    const bool known =
        path == "/v1/enrol" || path == "/v1/token" || path == "/v1/pull" || path == "/v1/push";
    Context context{nextRequestId(), known ? path : "rejected", ""};
    // A busy server or a slow client is not a refusal of who they are or what they sent.
    if (error.code != v1::ERROR_CODE_UNAVAILABLE &&
        error.code != v1::ERROR_CODE_DEADLINE_EXCEEDED) {
        Requester who;
        if (!partial.authorization.empty()) {
            (void)m_auth.authenticate(partial.authorization, &who);
        }
        m_auth.auditRefusal(context.route, who, error);
    }
    HttpResponse response = fail(error, partial, context);
    finish(partial, context, response, 0);
    return response;
}

HttpResponse Router::fail(const Error &error, const HttpRequest &request, const Context &context)
{
    m_metrics.recordError(error.codeName());
    return WireCodec::error(error, bestEffortFormat(request), context.requestId);
}

void Router::finish(const HttpRequest &request, const Context &context,
                    const HttpResponse &response, double seconds)
{
    m_metrics.recordRequest(context.route, response.status, seconds);
    // One line, key=value; method and route are from a fixed set, never the raw target.
    static std::mutex logMutex;
    const std::string method =
        request.method == "GET" || request.method == "POST" ? request.method : "other";
    std::lock_guard lock(logMutex);
    std::fprintf(stderr,
                 "ts=%s level=info msg=request request_id=%s method=%s route=%s status=%d "
                 "duration_ms=%.1f bytes_in=%zu bytes_out=%zu device=%s\n",
                 utcNow().c_str(), context.requestId.c_str(), method.c_str(), context.route.c_str(),
                 response.status, seconds * 1000, request.body.size(), response.body.size(),
                 context.deviceId.empty() ? "-" : context.deviceId.c_str());
}

template <typename Request, typename Response, typename Handler>
HttpResponse Router::rpc(const HttpRequest &http, Context &context, bool authenticated,
                         Handler &&handler)
{
    if (http.method != "POST") {
        HttpResponse r =
            fail(makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "Use POST"), http, context);
        r.status = 405;
        r.headers.emplace_back("Allow", "POST");
        return r;
    }
    // Every refusal is audited with whatever is known of the requester.
    Requester who;
    const auto refuse = [&](const Error &error) {
        m_auth.auditRefusal(context.route, who, error);
        return fail(error, http, context);
    };
    auto format = WireCodec::requestFormat(http.contentType);
    if (!format) {
        return refuse(format.error());
    }
    const auto answer = WireCodec::responseFormat(http.accept, *format);
    std::optional<Principal> principal;
    if (authenticated) {
        auto found = m_auth.authenticate(http.authorization, &who);
        if (!found) {
            return refuse(found.error());
        }
        context.deviceId = found->device.id();
        principal = std::move(*found);
    }
    Request request;
    if (auto d = WireCodec::decode(http.body, *format, request); !d) {
        return refuse(d.error());
    }
    if constexpr (std::is_same_v<Request, v1::TokenRequest>) {
        // A renewal names its device; kept only when it looks like an id.
        if (isPlainId(request.device_id())) {
            who.deviceId = request.device_id();
        }
    }
    Result<Response> result = handler(request, principal);
    if (!result) {
        if (WireCodec::httpStatus(result.error().code) >= 500) {
            std::fprintf(stderr, "ts=%s level=error msg=handler_failed request_id=%s code=%s\n",
                         utcNow().c_str(), context.requestId.c_str(),
                         result.error().codeName().c_str());
            return fail(result.error(), http, context);
        }
        return refuse(result.error());
    }
    return WireCodec::encode(*result, answer);
}

HttpResponse Router::dispatch(const HttpRequest &request, Context &context)
{
    const std::string path = request.target.substr(0, request.target.find('?'));
    if (path == "/healthz") {
        context.route = path;
        return HttpResponse{200, "text/plain; charset=utf-8", "ok\n", {}};
    }
    if (path == "/metrics") {
        context.route = path;
        return HttpResponse{200,
                            "text/plain; version=0.0.4",
                            m_metrics.render() + (m_gauges ? m_gauges() : std::string()),
                            {}};
    }
    if (path == "/v1/enrol") {
        context.route = path;
        return rpc<v1::EnrolRequest, v1::EnrolResponse>(
            request, context, false,
            [&](const v1::EnrolRequest &r, const auto &) { return m_auth.enrol(r); });
    }
    if (path == "/v1/token") {
        context.route = path;
        return rpc<v1::TokenRequest, v1::AccessToken>(
            request, context, false,
            [&](const v1::TokenRequest &r, const auto &) { return m_auth.renew(r); });
    }
    if (path == "/v1/pull") {
        context.route = path;
        return rpc<v1::PullRequest, v1::PullResponse>(
            request, context, true,
            [&](const v1::PullRequest &r, const std::optional<Principal> &p) {
                auto out = m_pull.pull(*p, r);
                if (out) {
                    m_metrics.recordPull(out->changes_size());
                }
                return out;
            });
    }
    if (path == "/v1/push") {
        context.route = path;
        return rpc<v1::PushRequest, v1::PushResponse>(
            request, context, true,
            [&](const v1::PushRequest &r, const std::optional<Principal> &p) {
                auto out = m_push.push(*p, r);
                if (out) {
                    for (const auto &result : out->results()) {
                        m_metrics.recordPushResult(v1::MutationStatus_Name(result.status()));
                    }
                }
                return out;
            });
    }
    return fail(makeError(v1::ERROR_CODE_NOT_FOUND, "No such route"), request, context);
}

} // namespace doorstep::server
