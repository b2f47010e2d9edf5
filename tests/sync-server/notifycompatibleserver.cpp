// A server that answers as GOV.UK Notify's REST API (v2) documents, over TLS on loopback, for
// the tests of the Notify sender (tst_notify). Nothing leaves the machine. What it follows:
//   - https://docs.notifications.service.gov.uk/rest-api.html (alphagov/notifications-tech-docs
//     source/documentation/_api_docs.md): the POST and GET shapes, the "Test" key behaviour
//     (07700900003 and temp-fail@simulator.notify end in temporary-failure, 07700900002 and
//     perm-fail@simulator.notify in permanent-failure, anything else is delivered);
//   - alphagov/notifications-api app/authentication/auth.py and app/v2/errors.py: the JSON Web
//     Token check (HS256, iss the service id, iat within 30 seconds) and the error bodies
//     {"status_code": N, "errors": [{"error": "...", "message": "..."}]}.
// A first GET of a notification says "sending"; later ones say how it ended.
//
// usage: notify-compatible-server --cert PEM --key PEM --api-key-file FILE --templates FILE
//          --port-file FILE --journal FILE [--clock-file FILE] [--answers 429,500,...]
// --templates holds {"templates": [...]} as GET /v2/templates answers it. --answers forces the
// status of the next POSTs in turn (429 and 5xx with Notify's error bodies, 201 as usual; 0 takes
// the notification and drops the connection without answering). Every request is appended to the
// journal as "METHOD PATH STATUS<TAB>REQUEST BODY<TAB>ANSWER BODY", one line each (JSON has no raw
// tabs or line breaks), so a test reads what arrived.

#include "environment/fileclock.h"
#include "environment/systemclock.h"
#include "notify/api/notifyapi.pb.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <google/protobuf/util/json_util.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace pbutil = google::protobuf::util;
using tcp = asio::ip::tcp;
using namespace doorstep;

namespace {

std::string readFile(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
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
    return pbutil::JsonStringToMessage(json, &m).ok(); // unknown fields are an error, as in Notify
}

std::optional<std::string> unbase64url(std::string s)
{
    for (char &c : s) {
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    const std::size_t pad = (4 - s.size() % 4) % 4;
    if (pad == 3) {
        return std::nullopt;
    }
    s.append(pad, '=');
    std::string out(s.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                  reinterpret_cast<const unsigned char *>(s.data()),
                                  static_cast<int>(s.size()));
    if (n < 0) {
        return std::nullopt;
    }
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

std::string base64url(const std::string &in)
{
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                  reinterpret_cast<const unsigned char *>(in.data()),
                                  static_cast<int>(in.size()));
    out.resize(static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=') {
        out.pop_back();
    }
    for (char &c : out) {
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    }
    return out;
}

struct Answer
{
    int status = 200;
    std::string body;
};

Answer error(int status, const std::string &type, const std::string &message)
{
    notify::ErrorResponse e;
    e.set_status_code(status);
    auto *item = e.add_errors();
    item->set_error(type);
    item->set_message(message);
    return {status, toJson(e)};
}

// The digits of a UK mobile as Notify stores them ("447700900123"), or nothing.
std::optional<std::string> mobileDigits(const std::string &phone)
{
    std::string d;
    for (char c : phone) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            d += c;
        } else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-') {
            return std::nullopt;
        }
    }
    if (d.rfind("44", 0) == 0) {
        d = d.substr(2);
    } else if (d.rfind("0", 0) == 0) {
        d = d.substr(1);
    }
    if (d.size() != 10 || d[0] != '7') {
        return std::nullopt;
    }
    return "44" + d;
}

class Notify
{
public:
    Notify(std::string serviceId, std::string secret, notify::TemplateList templates,
           std::unique_ptr<server::Clock> clock, std::deque<int> answers)
        : m_serviceId(std::move(serviceId)), m_secret(std::move(secret)), m_clock(std::move(clock)),
          m_answers(std::move(answers))
    {
        for (const auto &t : templates.templates()) {
            m_templates[t.id()] = t;
        }
    }

    Answer handle(const http::request<http::string_body> &req)
    {
        if (auto refused = authorise(req)) {
            return *refused;
        }
        const std::string target(req.target());
        static const std::regex one("^/v2/notifications/([0-9a-f-]{36})$");
        std::smatch m;
        if (req.method() == http::verb::post &&
            (target == "/v2/notifications/sms" || target == "/v2/notifications/email")) {
            if (!m_answers.empty()) {
                const int forced = m_answers.front();
                m_answers.pop_front();
                if (forced == 0) {
                    // Taken, but the answer is lost on the way back (status 0: drop the line).
                    Answer taken =
                        send(target.substr(std::string("/v2/notifications/").size()), req.body());
                    taken.status = taken.status == 201 ? 0 : taken.status;
                    return taken;
                }
                if (forced == 429) {
                    return error(429, "RateLimitError",
                                 "Exceeded rate limit for key type LIVE of 3000 requests per 60 "
                                 "seconds");
                }
                if (forced >= 500) {
                    return error(forced, "Exception", "Internal server error");
                }
            }
            return send(target.substr(std::string("/v2/notifications/").size()), req.body());
        }
        static const std::regex byReference("^/v2/notifications\\?reference=([A-Za-z0-9_-]+)$");
        if (req.method() == http::verb::get && std::regex_match(target, m, byReference)) {
            // GET /v2/notifications?reference=: newest first, as Notify lists them.
            notify::NotificationList list;
            for (const auto &[id, n] : m_sent) {
                if (n.reference() == m[1].str()) {
                    *list.add_notifications() = n;
                }
            }
            list.mutable_links()->set_current("https://localhost" + target);
            return {200, toJson(list)};
        }
        if (req.method() == http::verb::get && std::regex_match(target, m, one)) {
            auto it = m_sent.find(m[1]);
            if (it == m_sent.end()) {
                return error(404, "NoResultFound", "No result found");
            }
            notify::NotificationResponse &n = it->second;
            const std::string status = n.status();
            if (status == "sending") {
                // Next time, how it ended: Notify's test addresses and numbers decide.
                const std::string to = n.type() == "sms" ? n.phone_number() : n.email_address();
                n.set_status(to == "447700900003" || to == "temp-fail@simulator.notify"
                                 ? "temporary-failure"
                             : to == "447700900002" || to == "perm-fail@simulator.notify"
                                 ? "permanent-failure"
                                 : "delivered");
            }
            notify::NotificationResponse shown = n;
            shown.set_status(status);
            return {200, toJson(shown)};
        }
        return error(404, "NoResultFound", "No result found");
    }

private:
    std::optional<Answer> authorise(const http::request<http::string_body> &req)
    {
        const std::string header(req[http::field::authorization]);
        if (header.empty()) {
            return error(401, "AuthError", "Unauthorized: authentication token must be provided");
        }
        if (header.rfind("Bearer ", 0) != 0) {
            return error(401, "AuthError",
                         "Unauthorized: authentication bearer scheme must be used");
        }
        const std::string token = header.substr(7);
        const auto dot1 = token.find('.');
        const auto dot2 = token.find('.', dot1 == std::string::npos ? 0 : dot1 + 1);
        const Answer undecodable =
            error(403, "AuthError",
                  "Invalid token: make sure your API token matches the example at "
                  "https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header");
        if (dot1 == std::string::npos || dot2 == std::string::npos) {
            return undecodable;
        }
        auto header64 = unbase64url(token.substr(0, dot1));
        auto claims64 = unbase64url(token.substr(dot1 + 1, dot2 - dot1 - 1));
        google::protobuf::Struct head, claims;
        if (!header64 || !claims64 || !pbutil::JsonStringToMessage(*header64, &head).ok() ||
            !pbutil::JsonStringToMessage(*claims64, &claims).ok()) {
            return undecodable;
        }
        if (head.fields().count("alg") == 0 || head.fields().at("alg").string_value() != "HS256") {
            return error(403, "AuthError", "Invalid token: algorithm used is not HS256");
        }
        if (claims.fields().count("iss") == 0) {
            return error(403, "AuthError", "Invalid token: iss field not provided");
        }
        if (claims.fields().at("iss").string_value() != m_serviceId) {
            return error(403, "AuthError", "Invalid token: service not found");
        }
        const std::string signing = token.substr(0, dot2);
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        HMAC(EVP_sha256(), m_secret.data(), static_cast<int>(m_secret.size()),
             reinterpret_cast<const unsigned char *>(signing.data()), signing.size(), mac, &length);
        const std::string expected = base64url(std::string(reinterpret_cast<char *>(mac), length));
        const std::string given = token.substr(dot2 + 1);
        if (given.size() != expected.size() ||
            CRYPTO_memcmp(given.data(), expected.data(), given.size()) != 0) {
            return error(403, "AuthError", "Invalid token: API key not found");
        }
        const double iat =
            claims.fields().count("iat") ? claims.fields().at("iat").number_value() : 0;
        const double now = static_cast<double>(m_clock->nowMs()) / 1000.0;
        if (iat < now - 30 || iat > now + 30) {
            return error(403, "AuthError",
                         "Error: Your system clock must be accurate to within 30 seconds");
        }
        return std::nullopt;
    }

    Answer send(const std::string &type, const std::string &body)
    {
        notify::SendSmsRequest sms;
        notify::SendEmailRequest email;
        const bool parsed = type == "sms" ? fromJson(body, sms) : fromJson(body, email);
        if (!parsed) {
            return error(400, "ValidationError", "Invalid JSON supplied in POST data");
        }
        const std::string templateId = type == "sms" ? sms.template_id() : email.template_id();
        const auto &fields =
            (type == "sms" ? sms.personalisation() : email.personalisation()).fields();
        auto t = m_templates.find(templateId);
        if (t == m_templates.end()) {
            return error(400, "BadRequestError", "Template not found");
        }
        if (t->second.type() != type) {
            return error(400, "BadRequestError",
                         t->second.type() + " template is not suitable for " + type +
                             " notification");
        }
        notify::NotificationResponse n;
        if (type == "sms") {
            auto digits = mobileDigits(sms.phone_number());
            if (!digits) {
                return error(400, "ValidationError", "phone_number Not a UK mobile number");
            }
            n.set_phone_number(*digits);
        } else {
            if (email.email_address().find('@') == std::string::npos) {
                return error(400, "ValidationError", "email_address Not a valid email address");
            }
            n.set_email_address(email.email_address());
        }
        // ((placeholder)) filled from the personalisation; any missing is an error.
        std::set<std::string> missing;
        auto fill = [&](const std::string &text) {
            static const std::regex placeholder(R"(\(\(([^()]+)\)\))");
            std::string out;
            auto last = text.cbegin();
            for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end;
                 ++it) {
                out.append(last, text.cbegin() + it->position());
                const std::string name = (*it)[1];
                if (fields.count(name) == 0) {
                    missing.insert(name);
                } else {
                    out += fields.at(name).string_value();
                }
                last = text.cbegin() + it->position() + it->length();
            }
            out.append(last, text.cend());
            return out;
        };
        n.set_body(fill(t->second.body()));
        n.set_subject(fill(t->second.subject()));
        if (!missing.empty()) {
            std::string list;
            for (const std::string &name : missing) {
                list += (list.empty() ? "" : ", ") + name;
            }
            return error(400, "BadRequestError", "Missing personalisation: " + list);
        }
        static std::mt19937_64 random(std::random_device{}());
        char id[40];
        std::snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012llx",
                      static_cast<unsigned>(random()), static_cast<unsigned>(random() & 0xffff),
                      static_cast<unsigned>(random() & 0xfff),
                      static_cast<unsigned>(random() & 0xfff),
                      static_cast<unsigned long long>(random() & 0xffffffffffffULL));
        n.set_id(id);
        n.set_reference(type == "sms" ? sms.reference() : email.reference());
        n.set_type(type);
        n.set_status("sending");
        n.mutable_template_()->set_id(templateId);
        n.mutable_template_()->set_version(t->second.version());
        m_sent[n.id()] = n;

        notify::SendResponse r;
        r.set_id(n.id());
        r.set_reference(n.reference());
        r.mutable_content()->set_body(n.body());
        if (type == "email") {
            r.mutable_content()->set_subject(n.subject());
            r.mutable_content()->set_from_email("home-visiting@notifications.service.gov.uk");
        } else {
            r.mutable_content()->set_from_number("Doorstep");
        }
        r.set_uri("https://localhost/v2/notifications/" + n.id());
        *r.mutable_template_() = n.template_();
        return {201, toJson(r)};
    }

    std::string m_serviceId;
    std::string m_secret;
    std::map<std::string, notify::TemplateResponse> m_templates;
    std::unique_ptr<server::Clock> m_clock;
    std::deque<int> m_answers;
    std::map<std::string, notify::NotificationResponse> m_sent;
};

std::string argument(const std::vector<std::string> &args, const std::string &name)
{
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--" + name) {
            return args[i + 1];
        }
    }
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::string key = readFile(argument(args, "api-key-file"));
    std::string trimmedKey = key.substr(0, key.find_last_not_of(" \r\n\t") + 1);
    notify::TemplateList templates;
    if (trimmedKey.size() < 74 ||
        !pbutil::JsonStringToMessage(readFile(argument(args, "templates")), &templates).ok()) {
        std::cerr << "notify-compatible-server: need --api-key-file and --templates\n";
        return 2;
    }
    std::deque<int> answers;
    std::istringstream list(argument(args, "answers"));
    for (std::string a; std::getline(list, a, ',');) {
        answers.push_back(std::stoi(a));
    }
    std::unique_ptr<server::Clock> clock;
    if (const std::string f = argument(args, "clock-file"); !f.empty()) {
        clock = std::make_unique<server::FileClock>(f);
    } else {
        clock = std::make_unique<server::SystemClock>();
    }
    Notify notify(trimmedKey.substr(trimmedKey.size() - 73, 36),
                  trimmedKey.substr(trimmedKey.size() - 36), std::move(templates), std::move(clock),
                  std::move(answers));

    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_server);
    tls.use_certificate_chain_file(argument(args, "cert"));
    tls.use_private_key_file(argument(args, "key"), asio::ssl::context::pem);
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    {
        std::ofstream port(argument(args, "port-file") + ".tmp");
        port << acceptor.local_endpoint().port() << '\n';
    }
    std::rename((argument(args, "port-file") + ".tmp").c_str(),
                argument(args, "port-file").c_str());
    std::ofstream journal(argument(args, "journal"), std::ios::app);
    for (;;) {
        tcp::socket socket(io);
        acceptor.accept(socket);
        beast::ssl_stream<tcp::socket> stream(std::move(socket), tls);
        boost::system::error_code ec;
        stream.handshake(asio::ssl::stream_base::server, ec);
        if (ec) {
            continue;
        }
        beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> req;
            http::read(stream, buffer, req, ec);
            if (ec) {
                break;
            }
            const Answer a = notify.handle(req);
            journal << req.method_string() << ' ' << req.target() << ' ' << a.status << '\t'
                    << (req.body().empty() ? "-" : req.body()) << '\t' << a.body << std::endl;
            if (a.status == 0) {
                break; // --answers 0: the answer is lost
            }
            http::response<http::string_body> res(static_cast<http::status>(a.status), 11);
            res.set(http::field::content_type, "application/json");
            res.keep_alive(req.keep_alive());
            res.body() = a.body;
            res.prepare_payload();
            http::write(stream, res, ec);
            if (ec || !req.keep_alive()) {
                break;
            }
        }
        stream.shutdown(ec);
    }
}
