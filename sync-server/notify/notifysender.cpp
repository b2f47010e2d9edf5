#include "notify/notifysender.h"

#include "contact/ukmobile.h"
#include "notify/api/notifyapi.pb.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <google/protobuf/util/json_util.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

namespace doorstep::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace pbutil = google::protobuf::util;
using tcp = asio::ip::tcp;

namespace {

bool isUuid(const std::string &s)
{
    if (s.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) {
            return false;
        }
    }
    return true;
}

std::string trimmed(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

Error notifyError(const std::string &message)
{
    return Error{v1::ERROR_CODE_UNAVAILABLE, "GOV.UK Notify: " + message};
}

std::string toJson(const google::protobuf::Message &m)
{
    pbutil::JsonPrintOptions o;
    o.preserve_proto_field_names = true;
    std::string out;
    (void)pbutil::MessageToJsonString(m, &out, o);
    return out;
}

bool fromJson(const std::string &json, google::protobuf::Message &m)
{
    pbutil::JsonParseOptions o;
    o.ignore_unknown_fields = true;
    return pbutil::JsonStringToMessage(json, &m, o).ok();
}

struct Answer
{
    int status = 0;
    std::string body;
};

// Notify's words for a failed request: "400 BadRequestError: Missing personalisation: x".
std::string errorWords(const Answer &a)
{
    notify::ErrorResponse e;
    std::string words = std::to_string(a.status);
    if (fromJson(a.body, e) && !e.errors().empty()) {
        for (const notify::ErrorItem &item : e.errors()) {
            words += " " + item.error() + ": " + item.message() + ";";
        }
        words.pop_back();
    } else {
        words += " (no error body)";
    }
    return words;
}

// One HTTPS exchange, every step bounded by what is left of `timeout`.
class Exchange
{
public:
    Exchange(const NotifyOptions &o, const NotifySender::Endpoint &e)
        : m_options(o), m_endpoint(e), m_tls(asio::ssl::context::tls_client),
          m_deadline(std::chrono::steady_clock::now() + o.timeout)
    {}

    Result<Answer> run(http::verb method, const std::string &target, const std::string &token,
                       const std::string &body)
    {
        boost::system::error_code ec;
        m_tls.set_verify_mode(asio::ssl::verify_peer);
        if (m_options.caFile.empty()) {
            m_tls.set_default_verify_paths(ec);
        } else {
            m_tls.load_verify_file(m_options.caFile, ec);
        }
        if (ec) {
            return notifyError("cannot load the trusted certificates: " + ec.message());
        }
        m_tls.set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
        beast::ssl_stream<beast::tcp_stream> stream(m_io, m_tls);
        stream.set_verify_callback(asio::ssl::host_name_verification(m_endpoint.host));
        if (!SSL_set_tlsext_host_name(stream.native_handle(), m_endpoint.host.c_str())) {
            return notifyError("cannot set the TLS server name");
        }
        auto &socket = beast::get_lowest_layer(stream);
        tcp::resolver resolver(m_io);
        tcp::resolver::results_type endpoints;
        {
            // Bounded like every other step: a resolver that never answers cannot hold the outbox.
            std::optional<boost::system::error_code> resolved;
            asio::steady_timer timer(m_io, m_deadline);
            resolver.async_resolve(m_endpoint.host, m_endpoint.port,
                                   [&](const boost::system::error_code &e, auto results) {
                                       resolved = e;
                                       endpoints = std::move(results);
                                       timer.cancel();
                                   });
            timer.async_wait([&](const boost::system::error_code &e) {
                if (!e) {
                    resolver.cancel();
                }
            });
            m_io.restart();
            m_io.run();
            ec = resolved.value_or(asio::error::timed_out);
        }
        if (ec) {
            return notifyError("cannot resolve " + m_endpoint.host + ": " + ec.message());
        }
        if (ec = step(socket, [&](auto h) { socket.async_connect(endpoints, h); }); ec) {
            return notifyError("cannot connect to " + m_endpoint.host + ":" + m_endpoint.port +
                               ": " + ec.message());
        }
        if (ec = step(socket,
                      [&](auto h) { stream.async_handshake(asio::ssl::stream_base::client, h); });
            ec) {
            return notifyError("TLS with " + m_endpoint.host + " failed: " + ec.message());
        }
        http::request<http::string_body> req(method, m_endpoint.basePath + target, 11);
        req.set(http::field::host, m_endpoint.host);
        req.set(http::field::user_agent, "doorstep-server");
        req.set(http::field::authorization, "Bearer " + token);
        req.set(http::field::accept, "application/json");
        if (method == http::verb::post) {
            req.set(http::field::content_type, "application/json");
            req.body() = body;
        }
        req.prepare_payload();
        if (ec = step(socket, [&](auto h) { http::async_write(stream, req, h); }); ec) {
            return notifyError("sending to " + m_endpoint.host + " failed: " + ec.message());
        }
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(1024 * 1024);
        if (ec = step(socket, [&](auto h) { http::async_read(stream, buffer, parser, h); }); ec) {
            return notifyError("no answer from " + m_endpoint.host + ": " + ec.message());
        }
        Answer a;
        a.status = static_cast<int>(parser.get().result_int());
        a.body = parser.get().body();
        // Best effort: the answer is in; a slow close must not hold the outbox.
        socket.expires_after(std::chrono::seconds(1));
        stream.async_shutdown([](const boost::system::error_code &) {});
        m_io.restart();
        m_io.run_for(std::chrono::seconds(1));
        return a;
    }

private:
    // Starts one asynchronous step and runs it to completion or the deadline.
    template <typename Start> boost::system::error_code step(beast::tcp_stream &socket, Start start)
    {
        std::optional<boost::system::error_code> result;
        socket.expires_at(m_deadline);
        start([&](const boost::system::error_code &ec, auto &&...) { result = ec; });
        m_io.restart();
        m_io.run();
        return result.value_or(asio::error::timed_out);
    }

    const NotifyOptions &m_options;
    const NotifySender::Endpoint &m_endpoint;
    asio::io_context m_io;
    asio::ssl::context m_tls;
    std::chrono::steady_clock::time_point m_deadline;
};

// What a request's answer means for the outbox. Only a 400 is about the message itself; any
// other surprise (a 404 from a wrong --notify-url, a proxy's page) is the provider unreachable,
// retried, never a message dropped.
SendAnswer failedAnswer(const Result<Answer> &a)
{
    if (!a) {
        return SendAnswer::failed(SendAnswer::Kind::ProviderDown, a.error());
    }
    const std::string words = errorWords(*a);
    if (a->status == 429) {
        return SendAnswer::failed(SendAnswer::Kind::Throttled,
                                  notifyError("asked us to slow down (" + words + ")"));
    }
    if (a->status == 400) {
        return SendAnswer::failed(SendAnswer::Kind::Refused,
                                  notifyError("refused it (" + words + ")"));
    }
    if (a->status == 403 || a->status == 401) {
        return SendAnswer::failed(SendAnswer::Kind::ProviderDown,
                                  notifyError("refused the API key (" + words +
                                              "); check --notify-key-file and the clock"));
    }
    if (a->status >= 500) {
        return SendAnswer::failed(SendAnswer::Kind::ProviderDown, notifyError(words));
    }
    return SendAnswer::failed(SendAnswer::Kind::ProviderDown,
                              notifyError("unexpected answer " + words + "; check --notify-url"));
}

bool failedStatus(const std::string &status)
{
    return status == "permanent-failure" || status == "temporary-failure" ||
           status == "technical-failure" || status == "failed";
}

} // namespace

const std::vector<std::string> &notificationKinds()
{
    static const std::vector<std::string> kinds = {
        "alert",         "alert_escalation", "overdue_alert",     "visit_reminder",
        "outcome_ready", "referral_closed",  "referral_declined", "video_link"};
    return kinds;
}

const std::vector<std::string> &textNotificationKinds()
{
    static const std::vector<std::string> kinds = {"alert", "alert_escalation", "visit_reminder",
                                                   "video_link"};
    return kinds;
}

Result<NotifyTemplates> NotifyTemplates::read(const std::string &path)
{
    std::ifstream in(path);
    if (!in) {
        return Error{v1::ERROR_CODE_IO, "Cannot read the Notify templates file " + path};
    }
    std::stringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

Result<NotifyTemplates> NotifyTemplates::parse(const std::string &text, const std::string &name)
{
    NotifyTemplates t;
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos) {
            line.erase(hash);
        }
        std::istringstream words(line);
        std::string kind, channel, id, extra;
        if (!(words >> kind)) {
            continue;
        }
        const std::string where = name + " line " + std::to_string(number) + ": ";
        if (!(words >> channel >> id) || (words >> extra)) {
            return Error{v1::ERROR_CODE_INVALID_ARGUMENT,
                         where + "expected \"KIND CHANNEL TEMPLATE-ID\""};
        }
        const auto &kinds = notificationKinds();
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
            return Error{v1::ERROR_CODE_INVALID_ARGUMENT, where + "unknown kind \"" + kind + "\""};
        }
        if (channel != "sms" && channel != "email") {
            return Error{v1::ERROR_CODE_INVALID_ARGUMENT,
                         where + "the channel is sms or email, not \"" + channel + "\""};
        }
        if (!isUuid(id)) {
            return Error{v1::ERROR_CODE_INVALID_ARGUMENT,
                         where + "\"" + id + "\" is not a Notify template id (a UUID)"};
        }
        if (!t.m_ids.emplace(std::make_pair(kind, channel), id).second) {
            return Error{v1::ERROR_CODE_INVALID_ARGUMENT,
                         where + kind + " " + channel + " is given twice"};
        }
    }
    return t;
}

std::string NotifyTemplates::find(const std::string &kind, const std::string &channel) const
{
    const auto it = m_ids.find({kind, channel});
    return it == m_ids.end() ? std::string() : it->second;
}

std::vector<std::string> NotifyTemplates::missing(const std::vector<std::string> &kinds,
                                                  const std::string &channel) const
{
    std::vector<std::string> out;
    for (const std::string &k : kinds) {
        if (find(k, channel).empty()) {
            out.push_back(k);
        }
    }
    return out;
}

Result<NotifyKey> NotifyKey::parse(std::string key)
{
    key = trimmed(key);
    // alphagov/notifications-python-client, notifications_python_client/base.py: the service
    // id is key[-73:-37] and the secret key[-36:].
    if (key.size() < 74 || key[key.size() - 37] != '-' ||
        !isUuid(key.substr(key.size() - 73, 36)) || !isUuid(key.substr(key.size() - 36))) {
        return Error{v1::ERROR_CODE_INVALID_ARGUMENT,
                     "This is not a GOV.UK Notify API key: expected "
                     "\"{key name}-{service id}-{secret}\", as Notify's API keys page shows it"};
    }
    return NotifyKey{key.substr(key.size() - 73, 36), key.substr(key.size() - 36)};
}

std::string notifyToken(const NotifyKey &key, std::int64_t nowMs)
{
    const std::string header = base64url(R"({"typ":"JWT","alg":"HS256"})");
    const std::string claims = base64url(R"({"iss":")" + key.serviceId + R"(","iat":)" +
                                         std::to_string(nowMs / 1000) + "}");
    const std::string signing = header + "." + claims;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLength = 0;
    HMAC(EVP_sha256(), key.secret.data(), static_cast<int>(key.secret.size()),
         reinterpret_cast<const unsigned char *>(signing.data()), signing.size(), mac, &macLength);
    return signing + "." + base64url(std::string(reinterpret_cast<char *>(mac), macLength));
}

Result<std::unique_ptr<NotifySender>> NotifySender::create(NotifyOptions options,
                                                           const Clock &clock)
{
    // https://host[:port][/path]
    const std::string scheme = "https://";
    if (options.baseUrl.rfind(scheme, 0) != 0) {
        return Error{v1::ERROR_CODE_INVALID_ARGUMENT,
                     "The Notify URL must start with https:// (the API key signs every request "
                     "and messages carry residents' numbers): " +
                         options.baseUrl};
    }
    std::string rest = options.baseUrl.substr(scheme.size());
    Endpoint e;
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    e.basePath = slash == std::string::npos ? std::string() : rest.substr(slash);
    while (!e.basePath.empty() && e.basePath.back() == '/') {
        e.basePath.pop_back();
    }
    const auto colon = authority.rfind(':');
    e.host = authority.substr(0, colon);
    e.port = colon == std::string::npos ? "443" : authority.substr(colon + 1);
    if (e.host.empty() || e.port.empty() ||
        e.port.find_first_not_of("0123456789") != std::string::npos) {
        return Error{v1::ERROR_CODE_INVALID_ARGUMENT, "Unreadable Notify URL: " + options.baseUrl};
    }
    return std::unique_ptr<NotifySender>(new NotifySender(std::move(options), std::move(e), clock));
}

NotifySender::NotifySender(NotifyOptions options, Endpoint endpoint, const Clock &clock)
    : m_options(std::move(options)), m_endpoint(std::move(endpoint)), m_clock(clock)
{}

NotifySender::~NotifySender() = default;

SendAnswer NotifySender::send(const Notification &n)
{
    const bool email = n.address.find('@') != std::string::npos;
    const std::string channel = email ? "email" : "sms";
    const std::string templateId = m_options.templates.find(n.kind, channel);
    if (templateId.empty()) {
        return SendAnswer::failed(SendAnswer::Kind::Refused,
                                  notifyError("no template for " + n.kind + " by " + channel +
                                              "; add \"" + n.kind + " " + channel +
                                              " TEMPLATE-ID\" to the templates file"));
    }
    google::protobuf::Struct fields;
    if (!fromJson(n.personalisation.empty() ? "{}" : n.personalisation, fields)) {
        fields.Clear();
    }
    auto &f = *fields.mutable_fields();
    if (f.count("subject") == 0) {
        f["subject"].set_string_value(n.subject);
    }
    if (f.count("body") == 0) {
        f["body"].set_string_value(n.body);
    }
    std::string json;
    if (email) {
        notify::SendEmailRequest r;
        r.set_email_address(n.address);
        r.set_template_id(templateId);
        *r.mutable_personalisation() = fields;
        r.set_reference(n.id);
        json = toJson(r);
    } else {
        auto mobile = contact::ukMobile(n.address);
        if (!mobile) {
            return SendAnswer::failed(SendAnswer::Kind::Refused,
                                      notifyError("not sent: " + maskedAddress(n.address) +
                                                  " is not a UK mobile number (" +
                                                  mobile.error().message + ")"));
        }
        notify::SendSmsRequest r;
        r.set_phone_number(*mobile);
        r.set_template_id(templateId);
        *r.mutable_personalisation() = fields;
        r.set_reference(n.id);
        json = toJson(r);
    }
    // Tried before: the last attempt may have reached Notify even though its answer never came
    // back. Ask by reference first, so the resident does not get it twice.
    if (n.attempts > 0) {
        Exchange lookup(m_options, m_endpoint);
        auto found = lookup.run(http::verb::get, "/v2/notifications?reference=" + n.id,
                                notifyToken(m_options.key, m_clock.nowMs()), {});
        if (!found || found->status != 200) {
            return failedAnswer(found);
        }
        notify::NotificationList list;
        if (!fromJson(found->body, list)) {
            return SendAnswer::failed(SendAnswer::Kind::ProviderDown,
                                      notifyError("unreadable list of notifications"));
        }
        for (const notify::NotificationResponse &earlier : list.notifications()) {
            if (earlier.reference() == n.id && !failedStatus(earlier.status()) &&
                !earlier.id().empty()) {
                return SendAnswer::accepted(earlier.id());
            }
        }
    }
    Exchange exchange(m_options, m_endpoint);
    auto answer = exchange.run(http::verb::post, "/v2/notifications/" + channel,
                               notifyToken(m_options.key, m_clock.nowMs()), json);
    if (!answer || answer->status != 201) {
        return failedAnswer(answer);
    }
    notify::SendResponse sent;
    if (!fromJson(answer->body, sent) || sent.id().empty()) {
        return SendAnswer::failed(SendAnswer::Kind::ProviderDown,
                                  notifyError("answered 201 without a notification id"));
    }
    return SendAnswer::accepted(sent.id());
}

Result<DeliveryReport> NotifySender::report(const Notification &n)
{
    if (!isUuid(n.providerId)) {
        return notifyError("\"" + n.providerId + "\" is not a Notify notification id");
    }
    Exchange exchange(m_options, m_endpoint);
    auto answer = exchange.run(http::verb::get, "/v2/notifications/" + n.providerId,
                               notifyToken(m_options.key, m_clock.nowMs()), {});
    if (!answer) {
        return answer.error();
    }
    DeliveryReport r;
    if (answer->status == 404) {
        // Notify no longer knows it (another service's key now, or past its 7 days): it was
        // accepted, and what became of it cannot be known. Not asked again.
        r.outcome = DeliveryReport::Outcome::Pending;
        r.status = "unknown";
        return r;
    }
    if (answer->status != 200) {
        return notifyError(errorWords(*answer));
    }
    notify::NotificationResponse status;
    if (!fromJson(answer->body, status) || status.status().empty()) {
        return notifyError("answered 200 without a status");
    }
    // The statuses and what they mean: alphagov/notifications-tech-docs,
    // source/documentation/notification_status_descriptions/.
    r.status = status.status();
    const bool text = n.address.find('@') == std::string::npos;
    if (r.status == "delivered" || r.status == "sent") {
        r.outcome = DeliveryReport::Outcome::Delivered;
    } else if (r.status == "permanent-failure") {
        r.outcome = DeliveryReport::Outcome::Failed;
        r.reason = notifyError(text ? "permanent-failure: the phone network says the number "
                                      "does not exist or cannot take texts"
                                    : "permanent-failure: the email address does not exist")
                       .message;
    } else if (r.status == "temporary-failure") {
        r.outcome = DeliveryReport::Outcome::Retry;
        r.reason = notifyError(text ? "temporary-failure: the phone was off or out of signal "
                                      "for 72 hours"
                                    : "temporary-failure: the inbox was full or the mail "
                                      "server refused it for now")
                       .message;
    } else if (r.status == "technical-failure") {
        r.outcome = DeliveryReport::Outcome::Retry;
        r.reason =
            notifyError("technical-failure: a problem between Notify and its provider").message;
    } else {
        r.outcome = DeliveryReport::Outcome::Pending;
    }
    return r;
}

} // namespace doorstep::server
