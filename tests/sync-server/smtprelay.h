#pragma once

// A scripted SMTP relay for the tests (tst_smtp, tst_admin).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <QProcess>
#include <QString>

#include <atomic>
#include <chrono>
#include <istream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace doorstep::server::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// A mail relay on loopback for the tests, on its own thread: it answers each connection in
// turn until destroyed, offers STARTTLS (with a certificate the test made) unless told not
// to, and records every line it was told and every message it accepted.
class Relay
{
public:
    struct Script
    {
        bool offerTls = true;
        std::string cert; // PEM files for STARTTLS
        std::string key;
        int rcptCode = 250;
        // Waits this long before each reply: a relay that is slow at every step.
        std::chrono::milliseconds replyDelay{0};
    };

    explicit Relay(Script script)
        : m_script(std::move(script)), m_acceptor(m_io, {asio::ip::make_address("127.0.0.1"), 0})
    {
        m_thread = std::thread([this] {
            while (serveOne()) {
            }
        });
    }
    ~Relay()
    {
        // A blocking accept is not woken by closing the acceptor: connect once to wake it.
        m_stop = true;
        boost::system::error_code ec;
        tcp::socket poke(m_io);
        poke.connect(m_acceptor.local_endpoint(ec), ec);
        if (m_thread.joinable()) {
            m_thread.join();
        }
        m_acceptor.close(ec);
    }
    unsigned short port() const { return m_acceptor.local_endpoint().port(); }
    std::string transcript()
    {
        std::lock_guard lock(m_mutex);
        return m_transcript;
    }
    // The last message accepted, from its headers to the end of its body.
    std::string message()
    {
        std::lock_guard lock(m_mutex);
        return m_messages.empty() ? std::string() : m_messages.back();
    }
    std::vector<std::string> messages()
    {
        std::lock_guard lock(m_mutex);
        return m_messages;
    }

    // A self-signed certificate for "localhost", by the openssl command.
    static bool makeCertificate(const std::string &cert, const std::string &key)
    {
        QProcess openssl;
        openssl.start("openssl",
                      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                       "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout",
                       QString::fromStdString(key), "-out", QString::fromStdString(cert)});
        return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
    }

private:
    template <typename Stream> bool line(Stream &s, asio::streambuf &in, std::string &out)
    {
        boost::system::error_code ec;
        asio::read_until(s, in, "\r\n", ec);
        if (ec) {
            return false;
        }
        std::istream is(&in);
        std::getline(is, out);
        if (!out.empty() && out.back() == '\r') {
            out.pop_back();
        }
        std::lock_guard lock(m_mutex);
        m_transcript += out + "\n";
        return true;
    }

    template <typename Stream> void reply(Stream &s, const std::string &text)
    {
        std::this_thread::sleep_for(m_script.replyDelay);
        boost::system::error_code ec;
        asio::write(s, asio::buffer(text), ec);
    }

    // Answers commands until QUIT or STARTTLS; returns true to upgrade.
    template <typename Stream> bool converse(Stream &s, asio::streambuf &in, bool secure)
    {
        std::string cmd;
        while (line(s, in, cmd)) {
            if (cmd.rfind("EHLO", 0) == 0) {
                reply(s, std::string("250-relay.test\r\n") +
                             (m_script.offerTls && !secure ? "250-STARTTLS\r\n" : "") +
                             "250-AUTH PLAIN\r\n250 8BITMIME\r\n");
            } else if (cmd == "STARTTLS") {
                reply(s, "220 Ready to start TLS\r\n");
                return true;
            } else if (cmd.rfind("AUTH PLAIN", 0) == 0) {
                reply(s, "235 2.7.0 Authentication successful\r\n");
            } else if (cmd.rfind("MAIL FROM:", 0) == 0) {
                reply(s, "250 2.1.0 Ok\r\n");
            } else if (cmd.rfind("RCPT TO:", 0) == 0) {
                reply(s, m_script.rcptCode == 250
                             ? "250 2.1.5 Ok\r\n"
                             : "550 5.1.1 <x>: Recipient address rejected\r\n");
            } else if (cmd == "DATA") {
                reply(s, "354 End data with <CR><LF>.<CR><LF>\r\n");
                boost::system::error_code ec;
                asio::read_until(s, in, "\r\n.\r\n", ec);
                std::string data(asio::buffers_begin(in.data()), asio::buffers_end(in.data()));
                const auto end = data.find("\r\n.\r\n");
                {
                    std::lock_guard lock(m_mutex);
                    m_messages.push_back(data.substr(0, end + 2));
                }
                in.consume(end + 5);
                reply(s, "250 2.0.0 Ok: queued as 4F2A1\r\n");
            } else if (cmd == "QUIT") {
                reply(s, "221 2.0.0 Bye\r\n");
                return false;
            } else {
                reply(s, "502 5.5.2 Error: command not recognized\r\n");
            }
        }
        return false;
    }

    // One conversation; false once the relay is closed.
    bool serveOne()
    {
        boost::system::error_code ec;
        tcp::socket socket(m_io);
        m_acceptor.accept(socket, ec);
        if (ec || m_stop) {
            return false;
        }
        asio::streambuf in;
        reply(socket, "220 relay.test ESMTP\r\n");
        if (!converse(socket, in, false)) {
            return true;
        }
        asio::ssl::context tls(asio::ssl::context::tls_server);
        tls.use_certificate_chain_file(m_script.cert, ec);
        tls.use_private_key_file(m_script.key, asio::ssl::context::pem, ec);
        asio::ssl::stream<tcp::socket &> secure(socket, tls);
        secure.handshake(asio::ssl::stream_base::server, ec);
        if (ec) {
            std::lock_guard lock(m_mutex);
            m_transcript += "TLS failed: " + ec.message() + "\n";
            return true;
        }
        {
            std::lock_guard lock(m_mutex);
            m_transcript += "-- TLS --\n";
        }
        asio::streambuf secureIn;
        converse(secure, secureIn, true);
        return true;
    }

    Script m_script;
    asio::io_context m_io;
    tcp::acceptor m_acceptor;
    std::atomic<bool> m_stop = false;
    std::thread m_thread;
    std::mutex m_mutex;
    std::string m_transcript;
    std::vector<std::string> m_messages;
};

} // namespace doorstep::server::test
