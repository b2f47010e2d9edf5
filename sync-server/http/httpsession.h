#pragma once

// One client connection, plain or TLS. A class template so that both stream types share
// one implementation; only httpserver.cpp includes it.

#include "http/contentcoding.h"
#include "http/gzip.h"
#include "http/httpserver.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <type_traits>

namespace doorstep::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

struct SessionShared
{
    Router &router;
    const HttpServer::Options &options;
    net::thread_pool &pool;
    std::atomic<std::size_t> inFlight{0};
};

template <typename Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>>
{
public:
    static constexpr bool tls = !std::is_same_v<Stream, beast::tcp_stream>;

    template <typename... Args>
    HttpSession(SessionShared &shared, Args &&...args)
        : m_shared(shared), m_stream(std::forward<Args>(args)...)
    {}

    void start()
    {
        auto self = this->shared_from_this();
        net::dispatch(m_stream.get_executor(), [self] {
            if constexpr (tls) {
                beast::get_lowest_layer(self->m_stream)
                    .expires_after(self->m_shared.options.requestTimeout);
                self->m_stream.async_handshake(net::ssl::stream_base::server,
                                               [self](beast::error_code ec) {
                                                   if (!ec) {
                                                       self->read();
                                                   }
                                               });
            } else {
                self->read();
            }
        });
    }

private:
    void read()
    {
        m_parser.emplace();
        m_parser->header_limit(16 * 1024);
        m_parser->body_limit(m_shared.options.maxBodyBytes);
        // Waiting for the next request on a kept-alive connection gets the idle timeout; the
        // request itself must then arrive within the request timeout (checked on completion).
        beast::get_lowest_layer(m_stream).expires_after(m_shared.options.idleTimeout);
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             self->onRead(ec);
                         });
    }

    void onRead(beast::error_code ec)
    {
        if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
            ec == beast::error::timeout || ec == net::error::eof ||
            ec == net::error::connection_reset) {
            return close();
        }
        HttpRequest partial;
        if (ec == http::error::body_limit) {
            partial.target = std::string(m_parser->get().target());
            partial.contentType = std::string(m_parser->get()[http::field::content_type]);
            partial.accept = std::string(m_parser->get()[http::field::accept]);
            partial.authorization = std::string(m_parser->get()[http::field::authorization]);
            return respond(
                m_shared.router.reject(makeError(v1::ERROR_CODE_BODY_TOO_LARGE,
                                                 "The body is larger than " +
                                                     std::to_string(m_shared.options.maxBodyBytes) +
                                                     " bytes"),
                                       partial),
                false, AnswerCoding::Identity);
        }
        if (ec) {
            return respond(
                m_shared.router.reject(
                    makeError(v1::ERROR_CODE_MALFORMED_BODY, "Malformed HTTP request"), partial),
                false, AnswerCoding::Identity);
        }
        auto &req = m_parser->get();
        HttpRequest request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        request.contentType = std::string(req[http::field::content_type]);
        request.accept = std::string(req[http::field::accept]);
        request.authorization = std::string(req[http::field::authorization]);
        const bool keepAlive = req.keep_alive();
        const std::string acceptEncoding(req[http::field::accept_encoding]);
        const AnswerCoding coding = answerCoding(acceptEncoding);
        const std::string encoding(req[http::field::content_encoding]);
        if (encoding == "gzip") {
            auto inflated = Gzip::decompress(req.body(), m_shared.options.maxBodyBytes);
            if (!inflated) {
                return respond(m_shared.router.reject(inflated.error(), request), false, coding);
            }
            request.body = std::move(*inflated);
        } else if (!encoding.empty() && encoding != "identity") {
            return respond(
                m_shared.router.reject(makeError(v1::ERROR_CODE_UNSUPPORTED_MEDIA_TYPE,
                                                 "Content-Encoding may be gzip or identity"),
                                       request),
                false, coding);
        } else {
            request.body = std::move(req.body());
        }
        if (++m_shared.inFlight > m_shared.options.maxInFlight) {
            --m_shared.inFlight;
            return respond(
                m_shared.router.reject(makeError(v1::ERROR_CODE_UNAVAILABLE, "The server is busy"),
                                       request),
                keepAlive, coding);
        }
        // Off the I/O threads: the handler may wait for the store's fsync.
        beast::get_lowest_layer(m_stream).expires_never();
        const auto queued = std::chrono::steady_clock::now();
        net::post(m_shared.pool, [self = this->shared_from_this(), request = std::move(request),
                                  keepAlive, coding, queued]() mutable {
            // A request that waited past its deadline is not started: the client has given up
            // (and a push it retries is deduplicated anyway).
            const bool late =
                std::chrono::steady_clock::now() - queued > self->m_shared.options.requestTimeout;
            HttpResponse response =
                late ? self->m_shared.router.reject(
                           makeError(v1::ERROR_CODE_DEADLINE_EXCEEDED,
                                     "The server was too busy to start the request in time"),
                           request)
                     : self->m_shared.router.handle(request);
            --self->m_shared.inFlight;
            net::post(self->m_stream.get_executor(),
                      [self, response = std::move(response), keepAlive, coding]() mutable {
                          self->respond(std::move(response), keepAlive, coding);
                      });
        });
    }

    void respond(HttpResponse response, bool keepAlive, AnswerCoding coding)
    {
        auto res = std::make_shared<http::response<http::string_body>>();
        res->version(11);
        res->result(static_cast<unsigned>(response.status));
        res->set(http::field::server, "doorstep-server");
        res->set(http::field::content_type, response.contentType);
        res->set(http::field::cache_control, "no-store");
        for (const auto &[name, value] : response.headers) {
            res->set(name, value);
        }
        std::string encoded;
        if (coding != AnswerCoding::Identity && worthEncoding(response.body)) {
            encoded = encodeAnswer(coding, response.body);
        }
        if (!encoded.empty()) {
            res->set(http::field::content_encoding, codingName(coding));
            res->set(http::field::vary, "Accept-Encoding");
            res->body() = std::move(encoded);
        } else {
            res->body() = std::move(response.body);
        }
        res->keep_alive(keepAlive);
        res->prepare_payload();
        beast::get_lowest_layer(m_stream).expires_after(m_shared.options.requestTimeout);
        http::async_write(
            m_stream, *res,
            [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
                if (ec || !res->keep_alive()) {
                    return self->close();
                }
                self->read();
            });
    }

    void close()
    {
        beast::error_code ignored;
        if constexpr (tls) {
            beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(5));
            m_stream.async_shutdown([self = this->shared_from_this()](beast::error_code) {
                beast::error_code e;
                beast::get_lowest_layer(self->m_stream)
                    .socket()
                    .shutdown(net::ip::tcp::socket::shutdown_both, e);
            });
        } else {
            m_stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
            // Lingering close: read and discard what the client is still sending (the rest of
            // a refused, oversized body) so the kernel does not reset the connection and
            // destroy the answer before the client has read it.
            m_stream.expires_after(std::chrono::seconds(5));
            drain();
        }
    }

    void drain()
    {
        m_buffer.clear();
        m_stream.async_read_some(
            m_buffer.prepare(64 * 1024),
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                if (!ec) {
                    self->drain();
                }
            });
    }

    SessionShared &m_shared;
    Stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
};

} // namespace doorstep::server
