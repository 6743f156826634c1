// Boost 1.74's Asio uses std::exchange without including <utility>, so <utility> comes first.
#include <utility>
// (the comment line keeps clang-format from sorting <utility> after the others)
#include "https_client.hpp"

#include <chrono>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

// GCC 12 at -O2 reports a "potential null pointer dereference" inside Asio's scheduler
// (thread_info on the compensating-work path), which Asio guards by construction; the warning
// stays on for our own code.
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

namespace telecentre::backend::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kDeadline = std::chrono::seconds(10);

// Starts an async operation, runs the io_context until it completes (the tcp_stream deadline
// bounds it) and returns its error code.
template <typename Start> beast::error_code wait(asio::io_context& io, Start start) {
    beast::error_code result = asio::error::in_progress;
    start([&result](beast::error_code error, auto&&...) { result = error; });
    io.restart();
    io.run();
    return result;
}

int openssl_version(TlsVersion version) {
    switch (version) {
    case TlsVersion::tls1_1: return TLS1_1_VERSION;
    case TlsVersion::tls1_2: return TLS1_2_VERSION;
    case TlsVersion::tls1_3: return TLS1_3_VERSION;
    }
    return TLS1_2_VERSION;
}

std::string describe(const beast::error_code& error) { return error.message() + " [" + error.category().name() + "]"; }

} // namespace

std::optional<std::string> HttpReply::header(std::string_view lower_case_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_case_name) {
            return value;
        }
    }
    return std::nullopt;
}

struct HttpsClient::Impl {
    Impl(std::uint16_t server_port, Options client_options) : port(server_port), options(std::move(client_options)) {
        SSL_CTX* context = ssl.native_handle();
        if (options.only_version) {
            const int only = openssl_version(*options.only_version);
            SSL_CTX_set_min_proto_version(context, only);
            SSL_CTX_set_max_proto_version(context, only);
            if (*options.only_version == TlsVersion::tls1_1) {
                // OpenSSL 3 refuses to offer TLS 1.1 at the default security level; lower it so
                // the ClientHello really proposes 1.1 and the refusal we see is the server's.
                SSL_CTX_set_security_level(context, 0);
                SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0");
            }
        }
        ssl.set_verify_mode(asio::ssl::verify_peer);
        beast::error_code ignored;
        ssl.add_certificate_authority(asio::buffer(options.ca_pem), ignored);
    }

    std::expected<void, std::string> connect() {
        stream.emplace(io, ssl);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream->native_handle()), "127.0.0.1");
        auto& lowest = beast::get_lowest_layer(*stream);
        lowest.expires_after(kDeadline);
        const tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), port};
        if (auto error = wait(io, [&](auto handler) { lowest.async_connect(endpoint, handler); })) {
            stream.reset();
            return std::unexpected("connect: " + describe(error));
        }
        lowest.expires_after(kDeadline);
        if (auto error =
                wait(io, [&](auto handler) { stream->async_handshake(asio::ssl::stream_base::client, handler); })) {
            stream.reset();
            return std::unexpected("handshake: " + describe(error));
        }
        version = SSL_get_version(stream->native_handle());
        ++connections;
        buffer.clear();
        return {};
    }

    std::expected<HttpReply, std::string> request(std::string_view method, std::string_view target,
                                                  const std::string& body, const Headers& headers) {
        if (!stream) {
            if (auto connected = connect(); !connected) {
                return std::unexpected(connected.error());
            }
        }
        const beast::string_view beast_method(method.data(), method.size());
        const beast::string_view beast_target(target.data(), target.size());
        http::request<http::string_body> message{http::string_to_verb(beast_method), beast_target, 11};
        message.set(http::field::host, "127.0.0.1");
        for (const auto& [name, value] : headers) {
            message.set(name, value);
        }
        message.body() = body;
        message.prepare_payload();
        auto& lowest = beast::get_lowest_layer(*stream);
        lowest.expires_after(kDeadline);
        if (auto error = wait(io, [&](auto handler) { http::async_write(*stream, message, handler); })) {
            stream.reset();
            return std::unexpected("write: " + describe(error));
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        lowest.expires_after(kDeadline);
        if (auto error = wait(io, [&](auto handler) { http::async_read(*stream, buffer, parser, handler); })) {
            stream.reset();
            return std::unexpected("read: " + describe(error));
        }
        const auto& response = parser.get();
        HttpReply reply;
        reply.status = static_cast<int>(response.result_int());
        reply.body = response.body();
        for (const auto& field : response) {
            std::string name(field.name_string());
            for (char& c : name) {
                c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            }
            reply.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        if (!response.keep_alive()) {
            stream.reset();
        }
        return reply;
    }

    std::uint16_t port;
    Options options;
    asio::io_context io;
    asio::ssl::context ssl{asio::ssl::context::tls_client};
    std::optional<beast::ssl_stream<beast::tcp_stream>> stream;
    beast::flat_buffer buffer;
    std::string version;
    int connections = 0;
};

HttpsClient::HttpsClient(std::uint16_t port, Options options)
    : m_impl(std::make_unique<Impl>(port, std::move(options))) {}

HttpsClient::~HttpsClient() = default;

std::expected<void, std::string> HttpsClient::connect() { return m_impl->connect(); }

std::expected<HttpReply, std::string> HttpsClient::request(std::string_view method, std::string_view target,
                                                           const std::string& body, const Headers& headers) {
    return m_impl->request(method, target, body, headers);
}

std::string HttpsClient::negotiated_version() const { return m_impl->version; }

int HttpsClient::connections_opened() const { return m_impl->connections; }

std::expected<std::string, std::string> exchange_plain_tcp(std::uint16_t port, std::string_view bytes) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(kDeadline);
    const tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), port};
    if (auto error = wait(io, [&](auto handler) { stream.async_connect(endpoint, handler); })) {
        return std::unexpected("connect: " + describe(error));
    }
    stream.expires_after(kDeadline);
    if (auto error = wait(io, [&](auto handler) { asio::async_write(stream, asio::buffer(bytes), handler); })) {
        return std::unexpected("write: " + describe(error));
    }
    std::string received;
    char chunk[4096];
    for (;;) {
        std::size_t got = 0;
        stream.expires_after(kDeadline);
        auto error = wait(io, [&](auto handler) {
            stream.async_read_some(asio::buffer(chunk), [&got, handler](beast::error_code e, std::size_t n) mutable {
                got = n;
                handler(e);
            });
        });
        received.append(chunk, got);
        if (error == beast::error::timeout) {
            return std::unexpected("the server neither answered nor closed the connection");
        }
        if (error) {
            return received; // end of stream or reset: the server is done with us
        }
    }
}

} // namespace telecentre::backend::test
