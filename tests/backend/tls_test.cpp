// platform/tls: the development CA, server certificates it signs, and their files.
#include "telecentre/platform/tls/certificate_authority.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

namespace telecentre::backend::test {

using telecentre::testing::TempDir;
namespace {

using platform::tls::PemIdentity;

struct X509Free {
    void operator()(X509* certificate) const { X509_free(certificate); }
};
using Certificate = std::unique_ptr<X509, X509Free>;

Certificate parse(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    return Certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

// Verifies `leaf` against `ca` alone, for the given IP address or DNS name.
bool verifies(const PemIdentity& ca, const PemIdentity& leaf, const char* ip, const char* dns = nullptr) {
    auto root = parse(ca.certificate_pem);
    auto certificate = parse(leaf.certificate_pem);
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(), X509_STORE_CTX_free);
    X509_STORE_add_cert(store.get(), root.get());
    X509_STORE_CTX_init(context.get(), store.get(), certificate.get(), nullptr);
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    if (ip) {
        X509_VERIFY_PARAM_set1_ip_asc(param, ip);
    }
    if (dns) {
        X509_VERIFY_PARAM_set1_host(param, dns, 0);
    }
    return X509_verify_cert(context.get()) == 1;
}

TEST(DevelopmentPki, ServerCertificateVerifiesAgainstItsCaForLoopbackNames) {
    auto ca = platform::tls::generate_certificate_authority();
    ASSERT_TRUE(ca) << ca.error();
    platform::tls::ServerCertificateOptions options;
    options.extra_names = {"backend.telecentres.test", "192.0.2.10"};
    auto server = platform::tls::issue_server_certificate(*ca, options);
    ASSERT_TRUE(server) << server.error();
    EXPECT_TRUE(verifies(*ca, *server, "127.0.0.1"));
    EXPECT_TRUE(verifies(*ca, *server, "::1"));
    EXPECT_TRUE(verifies(*ca, *server, nullptr, "localhost"));
    EXPECT_TRUE(verifies(*ca, *server, nullptr, "backend.telecentres.test"));
    EXPECT_TRUE(verifies(*ca, *server, "192.0.2.10"));
    EXPECT_FALSE(verifies(*ca, *server, "10.0.0.1"));
    EXPECT_NE(server->private_key_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
}

TEST(DevelopmentPki, AnotherCaDoesNotVerifyTheServer) {
    auto ca = platform::tls::generate_certificate_authority();
    auto other = platform::tls::generate_certificate_authority({"wrong CA", std::chrono::days{30}});
    ASSERT_TRUE(ca && other);
    auto server = platform::tls::issue_server_certificate(*ca);
    ASSERT_TRUE(server) << server.error();
    EXPECT_FALSE(verifies(*other, *server, "127.0.0.1"));
}

TEST(DevelopmentPki, ValidityIsAYear) {
    auto ca = platform::tls::generate_certificate_authority();
    ASSERT_TRUE(ca);
    auto server = platform::tls::issue_server_certificate(*ca);
    ASSERT_TRUE(server);
    auto certificate = parse(server->certificate_pem);
    int days = 0, seconds = 0;
    ASSERT_EQ(
        ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(certificate.get()), X509_get0_notAfter(certificate.get())),
        1);
    EXPECT_EQ(days, 365); // an hour of leeway before "now", plus 365 days after it
}

TEST(DevelopmentPki, EnsureCreatesFilesOnceWithPrivateKeysOwnerOnly) {
    TempDir dir;
    const auto folder = dir.path() / "tls";
    auto first = platform::tls::ensure_development_pki(folder);
    ASSERT_TRUE(first) << first.error();
    EXPECT_TRUE(first->created);
    for (const char* name : {"ca-key.pem", "server-key.pem"}) {
        struct stat info {};
        ASSERT_EQ(::stat((folder / name).c_str(), &info), 0) << name;
        EXPECT_EQ(info.st_mode & 0777, 0600u) << name;
    }
    for (const char* name : {"ca.pem", "server.pem"}) {
        EXPECT_TRUE(std::filesystem::exists(folder / name)) << name;
    }
    auto second = platform::tls::ensure_development_pki(folder);
    ASSERT_TRUE(second) << second.error();
    EXPECT_FALSE(second->created);
    EXPECT_EQ(second->authority.certificate_pem, first->authority.certificate_pem);
    EXPECT_EQ(second->server.private_key_pem, first->server.private_key_pem);
}

} // namespace
} // namespace telecentre::backend::test
