// The HTTPS transport: TLS versions, plain HTTP, the CA check, keep-alive and size limits.
#include "backend_fixture.hpp"
#include "telecentre/wire/codec.hpp"

namespace telecentre::backend::test {
namespace {

class Transport : public BackendTest {};

TEST_F(Transport, NegotiatesTls13ByDefault) {
    auto client_default = client();
    ASSERT_TRUE(client_default->connect());
    EXPECT_EQ(client_default->negotiated_version(), "TLSv1.3");
}

TEST_F(Transport, AcceptsTls12) {
    auto client12 = client(TlsVersion::tls1_2);
    auto reply = client12->request("GET", "/healthz");
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(client12->negotiated_version(), "TLSv1.2");
}

TEST_F(Transport, RefusesTls11) {
    auto client11 = client(TlsVersion::tls1_1);
    auto connected = client11->connect();
    ASSERT_FALSE(connected);
    // The alert comes from the server: our client did offer TLS 1.1.
    EXPECT_NE(connected.error().find("protocol version"), std::string::npos) << connected.error();
}

TEST_F(Transport, RefusesPlainHttp) {
    auto received = exchange_plain_tcp(m_server->port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_TRUE(received) << received.error();
    EXPECT_FALSE(received->starts_with("HTTP/")) << *received;
    EXPECT_EQ(received->find("\"status\""), std::string::npos);
}

TEST_F(Transport, ClientTrustingAnotherCaRejectsTheServer) {
    auto wrong_ca = platform::tls::generate_certificate_authority({"some other CA", std::chrono::days{2}});
    ASSERT_TRUE(wrong_ca) << wrong_ca.error();
    HttpsClient stranger(m_server->port(), {wrong_ca->certificate_pem, std::nullopt});
    auto connected = stranger.connect();
    ASSERT_FALSE(connected);
    EXPECT_NE(connected.error().find("certificate verify failed"), std::string::npos) << connected.error();
}

TEST_F(Transport, KeepAliveServesSeveralRequestsOnOneConnection) {
    auto keep = client();
    for (int i = 0; i < 3; ++i) {
        auto reply = keep->request("GET", "/healthz");
        ASSERT_TRUE(reply) << reply.error();
        EXPECT_EQ(reply->status, 200);
    }
    EXPECT_EQ(keep->connections_opened(), 1);
}

TEST_F(Transport, BodyOverTheLimitIsRefusedWith413) {
    auto headers = auth(m_murat_token);
    headers.emplace_back("Idempotency-Key", "big");
    auto reply = client()->request("POST", "/v1/checkins", std::string(64 * 1024 + 1, ' '), headers);
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 413);
    auto error = wire::decode_api_error(reply->body);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, "payload_too_large");
}

TEST_F(Transport, BodyAtTheLimitIsRead) {
    auto headers = auth(m_murat_token);
    headers.emplace_back("Idempotency-Key", "exact");
    auto reply = client()->request("POST", "/v1/checkins", std::string(64 * 1024, ' '), headers);
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 400) << "read in full, then refused as not JSON";
}

TEST_F(Transport, OversizedHeadersAreRefusedWith431) {
    auto reply = client()->request("GET", "/healthz", {}, {{"X-Padding", std::string(9 * 1024, 'p')}});
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 431);
}

} // namespace
} // namespace telecentre::backend::test

namespace telecentre::backend::test {
namespace {

TEST_F(Transport, StopClosesIdleKeepAliveConnections) {
    auto idle = client();
    auto first = idle->request("GET", "/healthz");
    ASSERT_TRUE(first) << first.error();
    ASSERT_EQ(first->status, 200);
    m_server->stop();
    auto after = idle->request("GET", "/healthz");
    EXPECT_FALSE(after) << "the connection was closed and nothing listens any more";
}

} // namespace
} // namespace telecentre::backend::test
