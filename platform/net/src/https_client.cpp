// client_tls.hpp includes <utility> before Asio (DESIGN.md §5): it comes first.
#include "client_tls.hpp"
// Then this file's own header.
#include "telecentre/platform/https_client.hpp"

// GCC 12 at -O2 reports a possible null dereference inside Asio's scheduler (thread_info on a
// path Asio guards by construction); silenced for these headers only, on for our own code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#pragma GCC diagnostic pop
#include <optional>

namespace telecentre::platform {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct HttpsClient::Impl {
    HttpsClientConfig config;
    asio::io_context io;
    ssl::context tls{ssl::context::tls_client};
    std::optional<BackendTlsStream> stream;
    beast::flat_buffer buffer;

    // Runs one asynchronous step to completion on this thread; the stream's expiry bounds it.
    template <typename Start> beast::error_code run(Start&& start) {
        beast::error_code result = asio::error::operation_aborted;
        start([&result](beast::error_code error, auto&&...) { result = error; });
        io.restart();
        io.run();
        return result;
    }

    std::expected<void, NetError> connect() {
        stream.reset();
        buffer.clear();
        tcp::resolver resolver{io};
        beast::error_code error;
        auto endpoints = resolver.resolve(config.host, config.port, error);
        if (error) {
            return std::unexpected(
                NetError{NetFailure::resolve, "cannot resolve " + config.host + ": " + error.message()});
        }
        stream.emplace(io, tls);
        auto& socket = beast::get_lowest_layer(*stream);
        socket.expires_after(config.connect_timeout);
        error = run([&](auto handler) { socket.async_connect(endpoints, std::move(handler)); });
        if (error) {
            stream.reset();
            const bool timed_out = error == beast::error::timeout;
            return std::unexpected(
                NetError{timed_out ? NetFailure::timeout : NetFailure::connect,
                         "cannot connect to " + config.host + ":" + config.port + ": " + error.message()});
        }
        if (auto named = expect_backend_name(*stream, config.host); !named) {
            stream.reset();
            return std::unexpected(NetError{NetFailure::tls, named.error()});
        }
        socket.expires_after(config.connect_timeout);
        error = run([&](auto handler) { stream->async_handshake(ssl::stream_base::client, std::move(handler)); });
        if (error) {
            stream.reset();
            if (error == beast::error::timeout) {
                return std::unexpected(NetError{NetFailure::timeout, "TLS handshake timed out"});
            }
            return std::unexpected(
                NetError{NetFailure::tls, "the backend's certificate was refused: " + error.message()});
        }
        return {};
    }

    std::expected<HttpResponse, NetError> exchange(http::request<http::string_body>& request) {
        auto& socket = beast::get_lowest_layer(*stream);
        socket.expires_after(config.request_timeout);
        auto error = run([&](auto handler) { http::async_write(*stream, request, std::move(handler)); });
        if (error) {
            return std::unexpected(NetError{error == beast::error::timeout ? NetFailure::timeout : NetFailure::io,
                                            "sending failed: " + error.message(), false});
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(8 * 1024 * 1024);
        error = run([&](auto handler) { http::async_read(*stream, buffer, parser, std::move(handler)); });
        if (error) {
            return std::unexpected(NetError{error == beast::error::timeout ? NetFailure::timeout : NetFailure::io,
                                            "no answer: " + error.message(), true});
        }
        auto response = parser.release();
        if (!response.keep_alive()) {
            stream.reset();
        }
        return HttpResponse{static_cast<int>(response.result_int()), std::move(response.body())};
    }
};

std::expected<HttpsClient, std::string> HttpsClient::create(HttpsClientConfig config) {
    auto impl = std::make_unique<Impl>();
    impl->config = std::move(config);
    if (auto configured = configure_backend_tls(impl->tls, impl->config.ca_file); !configured) {
        return std::unexpected(configured.error());
    }
    return HttpsClient{std::move(impl)};
}

HttpsClient::HttpsClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HttpsClient::HttpsClient(HttpsClient&&) noexcept = default;
HttpsClient& HttpsClient::operator=(HttpsClient&&) noexcept = default;
HttpsClient::~HttpsClient() = default;

void HttpsClient::disconnect() { m_impl->stream.reset(); }

std::expected<HttpResponse, NetError> HttpsClient::request(const std::string& method, const std::string& target,
                                                           const std::vector<HttpHeader>& headers,
                                                           const std::string& body) {
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, m_impl->config.host);
    request.set(http::field::user_agent, "telecentre-kiosk");
    request.keep_alive(true);
    for (const auto& header : headers) {
        request.set(header.name, header.value);
    }
    if (!body.empty()) {
        request.set(http::field::content_type, "application/json");
        request.body() = body;
    }
    request.prepare_payload();

    const bool reused = m_impl->stream.has_value();
    if (!reused) {
        if (auto connected = m_impl->connect(); !connected) {
            return std::unexpected(connected.error());
        }
    }
    auto answer = m_impl->exchange(request);
    if (!answer && reused && answer.error().kind == NetFailure::io) {
        // The server may have closed an idle kept-alive connection: one fresh try. Every write
        // carries an idempotency key, so a repeat cannot be applied twice.
        if (auto connected = m_impl->connect(); !connected) {
            return std::unexpected(connected.error());
        }
        answer = m_impl->exchange(request);
    }
    if (!answer) {
        m_impl->stream.reset();
    }
    return answer;
}

} // namespace telecentre::platform
