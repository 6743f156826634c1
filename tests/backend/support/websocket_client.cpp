// Boost 1.74's Asio uses std::exchange without including <utility>, so <utility> comes first.
#include <utility>
// (the comment line keeps clang-format from sorting <utility> after the others)
#include "websocket_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <optional>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#pragma GCC diagnostic pop

namespace telecentre::backend::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kDeadline = std::chrono::seconds(10);

template <typename Start> beast::error_code wait(asio::io_context& io, Start start) {
    beast::error_code result = asio::error::in_progress;
    start([&result](beast::error_code error, auto&&...) { result = error; });
    io.restart();
    io.run();
    return result;
}

} // namespace

struct WebSocketClient::Impl {
    Impl(std::uint16_t server_port, const std::string& ca_pem) : port(server_port) {
        ssl.set_verify_mode(asio::ssl::verify_peer);
        beast::error_code ignored;
        ssl.add_certificate_authority(asio::buffer(ca_pem), ignored);
    }

    std::uint16_t port;
    asio::io_context io;
    asio::ssl::context ssl{asio::ssl::context::tls_client};
    std::optional<websocket::stream<beast::ssl_stream<beast::tcp_stream>>> ws;
    beast::flat_buffer buffer;
};

WebSocketClient::WebSocketClient(std::uint16_t port, std::string ca_pem)
    : m_impl(std::make_unique<Impl>(port, ca_pem)) {}

WebSocketClient::~WebSocketClient() = default;

std::expected<void, UpgradeFailure> WebSocketClient::connect(std::string_view target, const Headers& headers) {
    auto& impl = *m_impl;
    impl.ws.emplace(impl.io, impl.ssl);
    auto& ws = *impl.ws;
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ws.next_layer().native_handle()), "127.0.0.1");
    auto& lowest = beast::get_lowest_layer(ws);
    lowest.expires_after(kDeadline);
    const tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), impl.port};
    if (auto error = wait(impl.io, [&](auto handler) { lowest.async_connect(endpoint, handler); })) {
        return std::unexpected(UpgradeFailure{0, {}, "connect: " + error.message()});
    }
    lowest.expires_after(kDeadline);
    if (auto error = wait(
            impl.io, [&](auto handler) { ws.next_layer().async_handshake(asio::ssl::stream_base::client, handler); })) {
        return std::unexpected(UpgradeFailure{0, {}, "TLS handshake: " + error.message()});
    }
    ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& request) {
        for (const auto& [name, value] : headers) {
            request.set(name, value);
        }
    }));
    ws.read_message_max(64 * 1024 * 1024);
    websocket::response_type response;
    lowest.expires_after(kDeadline);
    const std::string path(target);
    if (auto error = wait(impl.io, [&](auto handler) { ws.async_handshake(response, "127.0.0.1", path, handler); })) {
        return std::unexpected(
            UpgradeFailure{static_cast<int>(response.result_int()), response.body(), "upgrade: " + error.message()});
    }
    return {};
}

std::expected<void, std::string> WebSocketClient::send_text(std::string_view text) {
    auto& ws = *m_impl->ws;
    ws.text(true);
    beast::get_lowest_layer(ws).expires_after(kDeadline);
    if (auto error = wait(m_impl->io, [&](auto handler) { ws.async_write(asio::buffer(text), handler); })) {
        return std::unexpected(error.message());
    }
    return {};
}

std::expected<void, std::string> WebSocketClient::send_binary(std::string_view bytes) {
    auto& ws = *m_impl->ws;
    ws.binary(true);
    beast::get_lowest_layer(ws).expires_after(kDeadline);
    if (auto error = wait(m_impl->io, [&](auto handler) { ws.async_write(asio::buffer(bytes), handler); })) {
        return std::unexpected(error.message());
    }
    return {};
}

WebSocketEvent WebSocketClient::read(std::chrono::milliseconds timeout) {
    auto& impl = *m_impl;
    auto& ws = *impl.ws;
    impl.buffer.clear();
    beast::get_lowest_layer(ws).expires_after(timeout);
    const auto error = wait(impl.io, [&](auto handler) { ws.async_read(impl.buffer, handler); });
    WebSocketEvent event;
    if (error == websocket::error::closed) {
        event.kind = WebSocketEvent::Kind::closed;
        event.close_code = ws.reason().code;
        event.close_reason = std::string(ws.reason().reason.data(), ws.reason().reason.size());
        return event;
    }
    if (error) {
        event.kind = WebSocketEvent::Kind::failed;
        event.payload = error.message();
        return event;
    }
    event.kind = ws.got_text() ? WebSocketEvent::Kind::text : WebSocketEvent::Kind::binary;
    event.payload = beast::buffers_to_string(impl.buffer.data());
    return event;
}

} // namespace telecentre::backend::test
