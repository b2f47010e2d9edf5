#include "http/httpserver.h"

#include "http/httpsession.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>

#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

namespace doorstep::server {

namespace {

using tcp = net::ip::tcp;

class Listener : public std::enable_shared_from_this<Listener>
{
public:
    Listener(net::io_context &io, tcp::acceptor acceptor, SessionShared &shared,
             net::ssl::context *tls)
        : m_io(io), m_acceptor(std::move(acceptor)), m_shared(shared), m_tls(tls)
    {}

    void accept()
    {
        m_acceptor.async_accept(
            net::make_strand(m_io),
            [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                if (!ec) {
                    self->startSession(std::move(socket));
                }
                if (self->m_acceptor.is_open()) {
                    self->accept();
                }
            });
    }

    void stop()
    {
        beast::error_code ignored;
        m_acceptor.close(ignored);
    }

private:
    void startSession(tcp::socket socket)
    {
        if (m_tls) {
            std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
                m_shared, std::move(socket), *m_tls)
                ->start();
        } else {
            std::make_shared<HttpSession<beast::tcp_stream>>(m_shared, std::move(socket))->start();
        }
    }

    net::io_context &m_io;
    tcp::acceptor m_acceptor;
    SessionShared &m_shared;
    net::ssl::context *m_tls;
};

} // namespace

HttpServer::HttpServer(Router &router, Options options)
    : m_router(router), m_options(std::move(options))
{}

Status HttpServer::checkOptions(const Options &options)
{
    beast::error_code ec;
    const auto address = net::ip::make_address(options.address, ec);
    if (ec) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "--listen must be an IP address, not '" + options.address + "'");
    }
    const bool tls = !options.certFile.empty() || !options.keyFile.empty();
    if (options.insecureLoopback && tls) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "Give either --cert and --key or --insecure-loopback, not both");
    }
    if (options.insecureLoopback && !address.is_loopback()) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "--insecure-loopback serves plain HTTP and is allowed only on a loopback "
                         "address (127.0.0.1 or ::1), not " +
                             options.address + ". Use --cert and --key to serve TLS.");
    }
    if (!options.insecureLoopback && (options.certFile.empty() || options.keyFile.empty())) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "TLS needs --cert FILE and --key FILE (or --insecure-loopback for plain "
                         "HTTP on loopback, for tests and the demo)");
    }
    return {};
}

Status HttpServer::run()
{
    if (auto s = checkOptions(m_options); !s) {
        return s;
    }
    beast::error_code ec;
    const auto address = net::ip::make_address(m_options.address, ec);
    const bool tls = !m_options.certFile.empty() || !m_options.keyFile.empty();
    std::optional<net::ssl::context> tlsContext;
    if (tls) {
        tlsContext.emplace(net::ssl::context::tls_server);
        tlsContext->set_options(net::ssl::context::default_workarounds |
                                net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                                net::ssl::context::single_dh_use);
        if (auto s = applyTlsProfile(tlsContext->native_handle(), m_options.tlsProfile); !s) {
            return s;
        }
        tlsContext->use_certificate_chain_file(m_options.certFile.string(), ec);
        if (!ec) {
            tlsContext->use_private_key_file(m_options.keyFile.string(), net::ssl::context::pem,
                                             ec);
        }
        if (ec) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                             "Cannot load the TLS certificate or key: " + ec.message());
        }
    }

    const int ioThreads = std::max(1, m_options.ioThreads);
    net::io_context io(ioThreads);
    tcp::acceptor acceptor(io);
    const tcp::endpoint endpoint(address, m_options.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor.set_option(net::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor.listen(net::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return makeError(v1::ERROR_CODE_UNAVAILABLE, "Cannot listen on " + m_options.address + ":" +
                                                         std::to_string(m_options.port) + ": " +
                                                         ec.message());
    }
    const auto bound = acceptor.local_endpoint().port();
    if (!m_options.portFile.empty()) {
        // Written whole under another name, then renamed: a reader never sees half a number.
        const auto tmp = m_options.portFile.string() + ".tmp";
        {
            std::ofstream out(tmp, std::ios::trunc);
            out << bound << '\n';
        }
        std::error_code fsError;
        std::filesystem::rename(tmp, m_options.portFile, fsError);
        if (fsError) {
            return makeError(v1::ERROR_CODE_IO, "Cannot write the port file: " + fsError.message());
        }
    }
    std::printf("doorstep-server listening on %s://%s:%u\n", tls ? "https" : "http",
                m_options.address.c_str(), static_cast<unsigned>(bound));
    std::fflush(stdout);
    if (m_options.onListening) {
        m_options.onListening(bound);
    }

    net::thread_pool pool(static_cast<std::size_t>(std::max(1, m_options.storeThreads)));
    SessionShared shared{m_router, m_options, pool};
    auto listener = std::make_shared<Listener>(io, std::move(acceptor), shared,
                                               tlsContext ? &*tlsContext : nullptr);
    listener->accept();

    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) {
        if (m_options.onStopping) {
            m_options.onStopping();
        }
        listener->stop();
        io.stop();
    });

    std::vector<std::thread> threads;
    for (int i = 1; i < ioThreads; ++i) {
        threads.emplace_back([&io] { io.run(); });
    }
    io.run();
    for (auto &t : threads) {
        t.join();
    }
    // Handlers still running finish their store work (their commits complete) before exit.
    pool.join();
    return {};
}

} // namespace doorstep::server
