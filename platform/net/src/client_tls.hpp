#pragma once
// Inside platform/net: the TLS setup every connection to the backend shares, so that the HTTPS
// client and the live channel verify the backend in exactly the same way. There is no switch to
// turn verification off.
//
// Boost 1.74's Asio uses std::exchange without including <utility> (DESIGN.md §5): it comes first.
#include <utility>
// (the comment line keeps clang-format from sorting <utility> after the others)
#include <expected>
#include <string>

// GCC 12 at -O2 reports a possible null dereference inside Asio's scheduler (thread_info on a
// path Asio guards by construction); silenced for these headers only, on for our own code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#pragma GCC diagnostic pop

namespace telecentre::platform {

using BackendTlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// TLS 1.2 at least, the peer verified, and only the CAs of `ca_file` (PEM) trusted.
[[nodiscard]] std::expected<void, std::string> configure_backend_tls(boost::asio::ssl::context& context,
                                                                     const std::string& ca_file);

// Before the handshake: the server name for SNI, and the name or address the backend's
// certificate must carry (checked against its subjectAltName).
[[nodiscard]] std::expected<void, std::string> expect_backend_name(BackendTlsStream& stream, const std::string& host);

} // namespace telecentre::platform
