#pragma once
// What the backend has answered, for monitoring: GET /metrics in Prometheus's text format
// (version 0.0.4). Fed by the request log (one RequestLogEntry per answer), so it sees exactly
// what the log sees and never a header, a body or a secret in a path: paths are reduced to their
// route ("/v1/bookings", "/calendar"...), which also bounds the number of series.
// Thread-safe: observe() from the request threads, exposition() from any.

#include "telecentre/backend/http_types.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace telecentre::backend {

// The route a path belongs to: one of the API's fixed prefixes, else "other".
[[nodiscard]] std::string_view metrics_route(std::string_view path);

class HttpMetrics {
public:
    // Upper bounds of the duration histogram's buckets, in seconds (and +Inf).
    static constexpr std::array<double, 11> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    void observe(const RequestLogEntry& entry) noexcept;
    [[nodiscard]] std::string exposition() const;

private:
    struct Durations {
        std::array<std::uint64_t, kBuckets.size()> buckets{}; // each counts what is <= its bound
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex m_mutex;
    // (route, method, status) -> answers
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> m_requests;
    std::map<std::string, Durations, std::less<>> m_durations; // by route
    std::chrono::system_clock::time_point m_started = std::chrono::system_clock::now();
};

} // namespace telecentre::backend
