#pragma once
// HTTP requests and responses as plain values, so the API layer and its tests never include
// Boost.Beast (which stays inside https_server.cpp).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telecentre::backend {

struct HttpRequest {
    std::string method;                                       // "GET", "POST", ...
    std::string target;                                       // path and query, as sent
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case
    std::string body;

    [[nodiscard]] std::optional<std::string_view> header(std::string_view lower_case_name) const {
        for (const auto& [name, value] : headers) {
            if (name == lower_case_name) {
                return std::string_view(value);
            }
        }
        return std::nullopt;
    }
    [[nodiscard]] std::string_view path() const {
        const std::string_view whole(target);
        return whole.substr(0, whole.find('?'));
    }
    [[nodiscard]] std::string_view query() const {
        const auto mark = target.find('?');
        return mark == std::string::npos ? std::string_view() : std::string_view(target).substr(mark + 1);
    }
};

struct HttpResponse {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers; // extra ones, e.g. Allow on a 405
    std::string device_id; // who asked, for the request log; empty when not authenticated
    std::string log_path;  // what the log shows instead of the path when that holds a secret
};

// One line of the request log. Carries no header and no body, so no token or secret can reach it.
struct RequestLogEntry {
    std::string method;
    std::string path; // without the query string
    int status = 0;
    std::chrono::microseconds duration{0};
    std::string device_id;
};

// Writes "<UTC time> <method> <path> <status> <ms>ms device=<id>" to stderr.
void log_request_to_stderr(const RequestLogEntry& entry);

} // namespace telecentre::backend
