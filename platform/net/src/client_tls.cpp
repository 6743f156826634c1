#include "client_tls.hpp"

#include <openssl/ssl.h>

namespace telecentre::platform {

namespace ssl = boost::asio::ssl;

std::expected<void, std::string> configure_backend_tls(ssl::context& context, const std::string& ca_file) {
    boost::system::error_code error;
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    context.set_verify_mode(ssl::verify_peer, error);
    if (!error) {
        context.load_verify_file(ca_file, error);
    }
    if (error) {
        return std::unexpected("cannot load the CA file " + ca_file + ": " + error.message());
    }
    return {};
}

std::expected<void, std::string> expect_backend_name(BackendTlsStream& stream, const std::string& host) {
    // SSL_set_tlsext_host_name is a macro with a C cast; call what it expands to.
    if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(host.c_str())) != 1) {
        return std::unexpected("cannot set the TLS server name");
    }
    stream.set_verify_callback(ssl::host_name_verification(host));
    return {};
}

} // namespace telecentre::platform
