#include "notify/smtpsender.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <ctime>
#include <istream>
#include <memory>
#include <optional>

namespace doorstep::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

bool hasLineBreak(const std::string &s)
{
    return s.find_first_of("\r\n") != std::string::npos;
}

Error smtpError(const std::string &message)
{
    return Error{v1::ERROR_CODE_UNAVAILABLE, "SMTP: " + message};
}

// One conversation with the relay: plain TCP, upgraded in place by STARTTLS.
class Conversation
{
public:
    explicit Conversation(const SmtpOptions &o)
        : m_options(o), m_socket(m_io), m_tls(asio::ssl::context::tls_client),
          m_deadline(std::chrono::steady_clock::now() + o.timeout * 3)
    {}

    Status connect()
    {
        boost::system::error_code ec;
        tcp::resolver resolver(m_io);
        auto endpoints = resolver.resolve(m_options.host, std::to_string(m_options.port), ec);
        if (ec) {
            return smtpError("cannot resolve " + m_options.host + ": " + ec.message());
        }
        std::optional<boost::system::error_code> result;
        asio::async_connect(
            m_socket, endpoints,
            [&](const boost::system::error_code &e, const tcp::endpoint &) { result = e; });
        m_io.run_for(m_options.timeout);
        if (!result) {
            m_socket.close(ec);
            return smtpError("no answer from " + m_options.host + " within " +
                             std::to_string(m_options.timeout.count()) + " s");
        }
        if (*result) {
            return smtpError("cannot connect to " + m_options.host + ":" +
                             std::to_string(m_options.port) + ": " + result->message());
        }
        // From here on blocking reads and writes, each bounded by the socket's timeouts.
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(m_options.timeout.count());
        ::setsockopt(m_socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(m_socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        return {};
    }

    // Reads one reply (every line of a multi-line one) and checks its code is `expected`
    // (its first digit, when expected < 10).
    Result<std::string> reply(int expected)
    {
        std::string all;
        for (;;) {
            if (Status late = inTime(); !late) {
                return late.error();
            }
            boost::system::error_code ec;
            if (m_secure) {
                asio::read_until(*m_stream, m_in, "\r\n", ec);
            } else {
                asio::read_until(m_socket, m_in, "\r\n", ec);
            }
            if (ec) {
                return smtpError("the connection broke: " + ec.message());
            }
            std::istream lines(&m_in);
            std::string line;
            std::getline(lines, line);
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            all += line + "\n";
            if (line.size() < 3) {
                return smtpError("unreadable reply \"" + line + "\"");
            }
            if (line.size() == 3 || line[3] != '-') {
                const int code = std::atoi(line.substr(0, 3).c_str());
                const bool ok = expected < 10 ? code / 100 == expected : code == expected;
                if (!ok) {
                    return smtpError("the relay said \"" + line + "\"");
                }
                return all;
            }
        }
    }

    // Each step is bounded by the socket's timeouts; the whole exchange by three of them, so a
    // relay that answers each step slowly cannot hold a send past the outbox's claim on it
    // (NotificationDispatcher::kClaimMs).
    Status inTime() const
    {
        if (std::chrono::steady_clock::now() > m_deadline) {
            return smtpError("the relay took more than " +
                             std::to_string((m_options.timeout * 3).count()) + " s in all");
        }
        return {};
    }

    Status say(const std::string &text)
    {
        if (Status late = inTime(); !late) {
            return late;
        }
        boost::system::error_code ec;
        if (m_secure) {
            asio::write(*m_stream, asio::buffer(text), ec);
        } else {
            asio::write(m_socket, asio::buffer(text), ec);
        }
        if (ec) {
            return smtpError("could not send: " + ec.message());
        }
        return {};
    }

    Result<std::string> command(const std::string &line, int expected)
    {
        if (auto s = say(line + "\r\n"); !s) {
            return s.error();
        }
        return reply(expected);
    }

    Status startTls()
    {
        boost::system::error_code ec;
        if (m_options.caFile.empty()) {
            m_tls.set_default_verify_paths(ec);
        } else {
            m_tls.load_verify_file(m_options.caFile, ec);
        }
        if (ec) {
            return smtpError("cannot load the trusted certificates: " + ec.message());
        }
        m_tls.set_verify_mode(asio::ssl::verify_peer);
        m_stream = std::make_unique<asio::ssl::stream<tcp::socket &>>(m_socket, m_tls);
        m_stream->set_verify_callback(asio::ssl::host_name_verification(m_options.host));
        SSL_set_tlsext_host_name(m_stream->native_handle(), m_options.host.c_str());
        m_stream->handshake(asio::ssl::stream_base::client, ec);
        if (ec) {
            return smtpError("TLS with " + m_options.host + " failed: " + ec.message());
        }
        m_secure = true;
        m_in.consume(m_in.size());
        return {};
    }

private:
    const SmtpOptions &m_options;
    asio::io_context m_io;
    tcp::socket m_socket;
    asio::ssl::context m_tls;
    std::unique_ptr<asio::ssl::stream<tcp::socket &>> m_stream;
    bool m_secure = false;
    std::chrono::steady_clock::time_point m_deadline;
    asio::streambuf m_in;
};

std::string rfc5322Date()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char out[64];
    std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return out;
}

} // namespace

std::string SmtpSender::encodeHeader(const std::string &value)
{
    for (unsigned char c : value) {
        if (c >= 0x80) {
            return "=?UTF-8?B?" + base64(value) + "?=";
        }
    }
    return value;
}

std::string SmtpSender::dotStuff(const std::string &body)
{
    std::string out;
    out.reserve(body.size() + body.size() / 40 + 4);
    bool lineStart = true;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c == '\r') {
            continue; // CRLF and LF both end a line; lone CRs are dropped
        }
        if (lineStart && c == '.') {
            out += '.';
        }
        if (c == '\n') {
            out += "\r\n";
            lineStart = true;
            continue;
        }
        out += c;
        lineStart = false;
    }
    if (!lineStart) {
        out += "\r\n";
    }
    return out;
}

Status SmtpSender::transmit(const Notification &n)
{
    if (n.address.find('@') == std::string::npos) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "The recipient has no email address on record");
    }
    if (hasLineBreak(n.address) || hasLineBreak(n.subject) || hasLineBreak(m_options.from) ||
        n.address.find_first_of("<>") != std::string::npos) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "The address or subject holds characters that are not allowed");
    }
    Conversation smtp(m_options);
    if (auto s = smtp.connect(); !s) {
        return s;
    }
    if (auto r = smtp.reply(220); !r) {
        return r.error();
    }
    auto hello = smtp.command("EHLO " + m_options.heloName, 250);
    if (!hello) {
        return hello.error();
    }
    if (m_options.tls == SmtpOptions::Tls::StartTls) {
        if (hello->find("STARTTLS") == std::string::npos) {
            return smtpError(m_options.host + " does not offer STARTTLS; refusing to send "
                                              "in the clear");
        }
        if (auto r = smtp.command("STARTTLS", 220); !r) {
            return r.error();
        }
        if (auto s = smtp.startTls(); !s) {
            return s;
        }
        if (auto r = smtp.command("EHLO " + m_options.heloName, 250); !r) {
            return r.error();
        }
    }
    if (!m_options.user.empty()) {
        const std::string token = base64(std::string(1, '\0') + m_options.user +
                                         std::string(1, '\0') + m_options.password);
        if (auto r = smtp.command("AUTH PLAIN " + token, 235); !r) {
            return r.error();
        }
    }
    if (auto r = smtp.command("MAIL FROM:<" + m_options.from + ">", 250); !r) {
        return r.error();
    }
    if (auto r = smtp.command("RCPT TO:<" + n.address + ">", 2); !r) {
        return r.error();
    }
    if (auto r = smtp.command("DATA", 354); !r) {
        return r.error();
    }
    const std::string message =
        "From: " + encodeHeader(m_options.fromName) + " <" + m_options.from + ">\r\n" + "To: <" +
        n.address + ">\r\n" + "Subject: " + encodeHeader(n.subject) + "\r\n" +
        "Date: " + rfc5322Date() + "\r\n" + "Message-ID: <" + n.id + "@" + m_options.heloName +
        ">\r\n" + "MIME-Version: 1.0\r\n" + "Content-Type: text/plain; charset=UTF-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" + "Auto-Submitted: auto-generated\r\n\r\n" +
        dotStuff(n.body) + ".\r\n";
    if (auto s = smtp.say(message); !s) {
        return s;
    }
    if (auto r = smtp.reply(250); !r) {
        return r.error();
    }
    (void)smtp.command("QUIT", 221); // delivered already; a rude goodbye changes nothing
    return {};
}

} // namespace doorstep::server
