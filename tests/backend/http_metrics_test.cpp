// HttpMetrics: routes, counters and the duration histogram in Prometheus's text format.
#include "telecentre/backend/http_metrics.hpp"

#include <gtest/gtest.h>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono_literals;

TEST(HttpMetrics, PathsAreReducedToTheirRoute) {
    EXPECT_EQ(metrics_route("/v1/bookings"), "/v1/bookings");
    EXPECT_EQ(metrics_route("/v1/bookings/b-123/cancel"), "/v1/bookings");
    EXPECT_EQ(metrics_route("/calendar/secret-feed-token.ics"), "/calendar") << "no secret becomes a label";
    EXPECT_EQ(metrics_route("/v1/join/guest-token"), "/v1/join");
    EXPECT_EQ(metrics_route("/join/guest-token"), "/join");
    EXPECT_EQ(metrics_route("/v1/bookingsX"), "other") << "a prefix counts only up to a /";
    EXPECT_EQ(metrics_route("/"), "/");
    EXPECT_EQ(metrics_route("/../../etc/passwd"), "other");
    EXPECT_EQ(metrics_route(""), "other");
}

TEST(HttpMetrics, CountsAnswersAndTheirDurations) {
    HttpMetrics metrics;
    metrics.observe({"GET", "/v1/bookings/b-1", 200, 3ms, "kiosk-1"});
    metrics.observe({"GET", "/v1/bookings", 200, 40ms, {}});
    metrics.observe({"POST", "/v1/bookings", 409, 700ms, {}});
    metrics.observe({"BREW", "/coffee", 404, 20s, {}});
    const std::string text = metrics.exposition();
    EXPECT_NE(text.find("# TYPE telecentre_http_requests_total counter\n"), std::string::npos) << text;
    EXPECT_NE(text.find("telecentre_http_requests_total{route=\"/v1/bookings\",method=\"GET\",status=\"200\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_requests_total{route=\"/v1/bookings\",method=\"POST\",status=\"409\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_requests_total{route=\"other\",method=\"other\",status=\"404\"} 1\n"),
              std::string::npos)
        << "a method the client made up is not a label: " << text;
    // Cumulative buckets: 3 ms and 40 ms are under 0.05 s, 700 ms only under 1 s.
    EXPECT_NE(text.find("telecentre_http_request_duration_seconds_bucket{route=\"/v1/bookings\",le=\"0.005\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_request_duration_seconds_bucket{route=\"/v1/bookings\",le=\"0.05\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_request_duration_seconds_bucket{route=\"/v1/bookings\",le=\"0.5\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_request_duration_seconds_bucket{route=\"/v1/bookings\",le=\"1\"} 3\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_request_duration_seconds_bucket{route=\"other\",le=\"10\"} 0\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_request_duration_seconds_bucket{route=\"other\",le=\"+Inf\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_request_duration_seconds_count{route=\"/v1/bookings\"} 3\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("telecentre_http_request_duration_seconds_sum{route=\"/v1/bookings\"} 0.743\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("kiosk-1"), std::string::npos) << "no device id in the metrics";
    EXPECT_NE(text.find("telecentre_start_time_seconds "), std::string::npos);
}

} // namespace
} // namespace telecentre::backend::test
