#include "telecentre/platform/tls/certificate_authority.hpp"

#include <arpa/inet.h>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace telecentre::platform::tls {
namespace {

// OpenSSL objects owned by unique_ptr so that every early return frees them.
struct BioFree {
    void operator()(BIO* bio) const { BIO_free_all(bio); }
};
struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
    void operator()(X509* certificate) const { X509_free(certificate); }
};
struct BignumFree {
    void operator()(BIGNUM* number) const { BN_free(number); }
};
struct ExtensionFree {
    void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Certificate = std::unique_ptr<X509, X509Free>;
using Bignum = std::unique_ptr<BIGNUM, BignumFree>;
using Extension = std::unique_ptr<X509_EXTENSION, ExtensionFree>;

// The OpenSSL error queue is thread-local; drain it into one message so it never leaks into
// an unrelated later call.
std::string openssl_error(const std::string& what) {
    std::string message = what;
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        message += ": ";
        message += text;
    }
    return message;
}

std::expected<Key, std::string> generate_key() {
    Key key(EVP_EC_gen("P-256"));
    if (!key) {
        return std::unexpected(openssl_error("cannot generate an EC P-256 key"));
    }
    return key;
}

std::expected<std::string, std::string> bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    if (size <= 0 || data == nullptr) {
        return std::unexpected(openssl_error("cannot read PEM from memory"));
    }
    return std::string(data, static_cast<std::size_t>(size));
}

std::expected<PemIdentity, std::string> to_pem(X509* certificate, EVP_PKEY* key) {
    Bio certificate_bio(BIO_new(BIO_s_mem()));
    Bio key_bio(BIO_new(BIO_s_mem()));
    if (!certificate_bio || !key_bio || PEM_write_bio_X509(certificate_bio.get(), certificate) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return std::unexpected(openssl_error("cannot encode PEM"));
    }
    auto certificate_pem = bio_text(certificate_bio.get());
    auto key_pem = bio_text(key_bio.get());
    if (!certificate_pem || !key_pem) {
        return std::unexpected(certificate_pem ? key_pem.error() : certificate_pem.error());
    }
    return PemIdentity{std::move(*certificate_pem), std::move(*key_pem)};
}

std::expected<std::pair<Certificate, Key>, std::string> from_pem(const PemIdentity& identity) {
    Bio certificate_bio(
        BIO_new_mem_buf(identity.certificate_pem.data(), static_cast<int>(identity.certificate_pem.size())));
    Bio key_bio(BIO_new_mem_buf(identity.private_key_pem.data(), static_cast<int>(identity.private_key_pem.size())));
    if (!certificate_bio || !key_bio) {
        return std::unexpected(openssl_error("cannot allocate memory BIOs"));
    }
    Certificate certificate(PEM_read_bio_X509(certificate_bio.get(), nullptr, nullptr, nullptr));
    Key key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
    if (!certificate || !key) {
        return std::unexpected(openssl_error("cannot parse the CA certificate or key"));
    }
    if (X509_check_private_key(certificate.get(), key.get()) != 1) {
        return std::unexpected(openssl_error("the CA key does not match its certificate"));
    }
    return std::pair{std::move(certificate), std::move(key)};
}

// A random positive 127-bit serial: unique enough that two development CAs never collide.
bool set_random_serial(X509* certificate) {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        return false;
    }
    bytes[0] &= 0x7F;
    Bignum serial(BN_bin2bn(bytes, sizeof bytes, nullptr));
    return serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

bool set_subject_common_name(X509* certificate, const std::string& common_name) {
    X509_NAME* name = X509_get_subject_name(certificate);
    return X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("telecentre"),
                                      -1, -1, 0) == 1 &&
           X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1;
}

// Starts a v3 certificate valid from an hour ago (tolerates a kiosk clock slightly behind).
std::expected<Certificate, std::string> new_certificate(const std::string& common_name, EVP_PKEY* key,
                                                        std::chrono::days validity) {
    Certificate certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), 2) != 1 || !set_random_serial(certificate.get()) ||
        X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) == nullptr ||
        X509_gmtime_adj(X509_getm_notAfter(certificate.get()),
                        static_cast<long>(std::chrono::seconds(validity).count())) == nullptr ||
        X509_set_pubkey(certificate.get(), key) != 1 || !set_subject_common_name(certificate.get(), common_name)) {
        return std::unexpected(openssl_error("cannot fill in the certificate"));
    }
    return certificate;
}

bool add_extension(X509* certificate, X509V3_CTX* context, int nid, const std::string& value) {
    Extension extension(X509V3_EXT_conf_nid(nullptr, context, nid, value.c_str()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool is_ip_address(const std::string& name) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, name.c_str(), buffer) == 1 || inet_pton(AF_INET6, name.c_str(), buffer) == 1;
}

std::string subject_alt_names(const ServerCertificateOptions& options) {
    std::string names = "IP:127.0.0.1,IP:::1,DNS:localhost";
    for (const auto& name : options.extra_names) {
        if (name.empty() || name.find(',') != std::string::npos) {
            continue; // a comma would smuggle another entry into the configuration string
        }
        names += (is_ip_address(name) ? ",IP:" : ",DNS:") + name;
    }
    return names;
}

} // namespace

std::expected<PemIdentity, std::string> generate_certificate_authority(const CaOptions& options) {
    auto key = generate_key();
    if (!key) {
        return std::unexpected(key.error());
    }
    auto certificate = new_certificate(options.common_name, key->get(), options.validity);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    X509* raw = certificate->get();
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, raw, raw, nullptr, nullptr, 0);
    if (X509_set_issuer_name(raw, X509_get_subject_name(raw)) != 1 ||
        !add_extension(raw, &context, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
        !add_extension(raw, &context, NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !add_extension(raw, &context, NID_subject_key_identifier, "hash") ||
        X509_sign(raw, key->get(), EVP_sha256()) <= 0) {
        return std::unexpected(openssl_error("cannot sign the CA certificate"));
    }
    return to_pem(raw, key->get());
}

std::expected<PemIdentity, std::string> issue_server_certificate(const PemIdentity& authority,
                                                                 const ServerCertificateOptions& options) {
    auto issuer = from_pem(authority);
    if (!issuer) {
        return std::unexpected(issuer.error());
    }
    auto& [issuer_certificate, issuer_key] = *issuer;
    auto key = generate_key();
    if (!key) {
        return std::unexpected(key.error());
    }
    auto certificate = new_certificate(options.common_name, key->get(), options.validity);
    if (!certificate) {
        return std::unexpected(certificate.error());
    }
    X509* raw = certificate->get();
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer_certificate.get(), raw, nullptr, nullptr, 0);
    if (X509_set_issuer_name(raw, X509_get_subject_name(issuer_certificate.get())) != 1 ||
        !add_extension(raw, &context, NID_basic_constraints, "critical,CA:FALSE") ||
        !add_extension(raw, &context, NID_key_usage, "critical,digitalSignature") ||
        !add_extension(raw, &context, NID_ext_key_usage, "serverAuth") ||
        !add_extension(raw, &context, NID_subject_key_identifier, "hash") ||
        !add_extension(raw, &context, NID_authority_key_identifier, "keyid:always") ||
        !add_extension(raw, &context, NID_subject_alt_name, subject_alt_names(options)) ||
        X509_sign(raw, issuer_key.get(), EVP_sha256()) <= 0) {
        return std::unexpected(openssl_error("cannot sign the server certificate"));
    }
    return to_pem(raw, key->get());
}

} // namespace telecentre::platform::tls
