// GET /metrics over HTTPS: off unless a token is configured; then only for that token.
#include "backend_fixture.hpp"

namespace telecentre::backend::test {
namespace {

constexpr const char* kToken = "metrics-token-for-the-tests-0123";

class MetricsOff : public BackendTest {};

TEST_F(MetricsOff, MetricsAnswerNotFound) {
    auto reply = client()->request("GET", "/metrics", {}, auth(kToken));
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 404) << reply->body;
}

class MetricsOn : public BackendTest {
protected:
    void configure(ServerConfig& config) override { config.metrics_token = kToken; }
};

TEST_F(MetricsOn, OnlyTheTokenReadsThem) {
    auto none = client()->request("GET", "/metrics");
    ASSERT_TRUE(none) << none.error();
    EXPECT_EQ(none->status, 401);
    EXPECT_EQ(none->header("www-authenticate"), "Bearer");
    auto wrong = client()->request("GET", "/metrics", {}, auth("metrics-token-for-the-tests-0124"));
    ASSERT_TRUE(wrong) << wrong.error();
    EXPECT_EQ(wrong->status, 401);
    auto kiosk = client()->request("GET", "/metrics", {}, auth(m_murat_token));
    ASSERT_TRUE(kiosk) << kiosk.error();
    EXPECT_EQ(kiosk->status, 401) << "a kiosk's token is not the metrics token";
    auto post = client()->request("POST", "/metrics", "{}", auth(kToken));
    ASSERT_TRUE(post) << post.error();
    EXPECT_EQ(post->status, 405);
}

TEST_F(MetricsOn, TheyCountWhatWasAnswered) {
    for (int i = 0; i < 3; ++i) {
        auto health = client()->request("GET", "/healthz");
        ASSERT_TRUE(health) << health.error();
        ASSERT_EQ(health->status, 200);
    }
    auto refused = client()->request("GET", "/v1/sites/murat");
    ASSERT_TRUE(refused) << refused.error();
    ASSERT_EQ(refused->status, 401);
    auto reply = client()->request("GET", "/metrics", {}, auth(kToken));
    ASSERT_TRUE(reply) << reply.error();
    ASSERT_EQ(reply->status, 200) << reply->body;
    EXPECT_EQ(reply->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(reply->body.find("telecentre_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 3\n"),
              std::string::npos)
        << reply->body;
    EXPECT_NE(reply->body.find("telecentre_http_requests_total{route=\"/v1/sites\",method=\"GET\",status=\"401\"} 1\n"),
              std::string::npos)
        << reply->body;
    EXPECT_NE(reply->body.find("telecentre_http_request_duration_seconds_count{route=\"/healthz\"} 3\n"),
              std::string::npos)
        << reply->body;
    EXPECT_EQ(reply->body.find(kToken), std::string::npos);
}

} // namespace
} // namespace telecentre::backend::test
