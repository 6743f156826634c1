#include "telecentre/backend/http_metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace telecentre::backend {
namespace {

// The API's routes (backend/api/src/api.cpp), most specific first.
constexpr std::array<std::string_view, 17> kRoutes{
    "/healthz",      "/metrics",        "/v1/checkins", "/v1/live", "/v1/staff", "/v1/bookings",
    "/v1/callbacks", "/v1/conferences", "/v1/join",     "/join",    "/guest",    "/v1/calendar-feeds",
    "/calendar",     "/v1/sites",       "/v1/console",  "/console", "/"};

// HTTP methods the server answers; anything else is counted as "other" (a client chooses it).
std::string_view known_method(std::string_view method) {
    for (const std::string_view known : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
        if (method == known) {
            return known;
        }
    }
    return "other";
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.6g", value);
    return text;
}

} // namespace

std::string_view metrics_route(std::string_view path) {
    for (const std::string_view route : kRoutes) {
        if (route == "/") {
            return path == "/" ? route : std::string_view{"other"};
        }
        if (path == route || (path.starts_with(route) && path.size() > route.size() && path[route.size()] == '/')) {
            return route;
        }
    }
    return "other";
}

void HttpMetrics::observe(const RequestLogEntry& entry) noexcept {
    try {
        const std::string route{metrics_route(entry.path)};
        const double seconds = std::chrono::duration<double>(entry.duration).count();
        std::lock_guard lock{m_mutex};
        ++m_requests[{route, std::string{known_method(entry.method)}, entry.status}];
        auto& durations = m_durations[route];
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            if (seconds <= kBuckets[i]) {
                ++durations.buckets[i];
            }
        }
        ++durations.count;
        durations.sum += seconds;
    } catch (...) {
        // Out of memory: this answer goes uncounted, the answer itself is not affected.
    }
}

std::string HttpMetrics::exposition() const {
    std::string out;
    out += "# HELP telecentre_http_requests_total Answers sent, by route, method and status.\n";
    out += "# TYPE telecentre_http_requests_total counter\n";
    std::lock_guard lock{m_mutex};
    for (const auto& [key, count] : m_requests) {
        const auto& [route, method, status] = key;
        out += "telecentre_http_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" +
               std::to_string(status) + "\"} " + std::to_string(count) + "\n";
    }
    out += "# HELP telecentre_http_request_duration_seconds Time from the request read to the answer written.\n";
    out += "# TYPE telecentre_http_request_duration_seconds histogram\n";
    for (const auto& [route, durations] : m_durations) {
        const std::string label = "route=\"" + route + "\"";
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            out += "telecentre_http_request_duration_seconds_bucket{" + label + ",le=\"" + number(kBuckets[i]) +
                   "\"} " + std::to_string(durations.buckets[i]) + "\n";
        }
        out += "telecentre_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
               std::to_string(durations.count) + "\n";
        out += "telecentre_http_request_duration_seconds_sum{" + label + "} " + number(durations.sum) + "\n";
        out +=
            "telecentre_http_request_duration_seconds_count{" + label + "} " + std::to_string(durations.count) + "\n";
    }
    out += "# HELP telecentre_start_time_seconds When this backend started, in seconds since the epoch.\n";
    out += "# TYPE telecentre_start_time_seconds gauge\n";
    out += "telecentre_start_time_seconds " +
           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(m_started.time_since_epoch()).count()) +
           "\n";
    return out;
}

} // namespace telecentre::backend
