// The operations console's statistics (docs/statistics.md): GET /v1/console/statistics, GET
// /v1/console/evaluation (JSON, or CSV with format=csv) and PUT
// /v1/console/sites/{id}/costs/{year}. Staff session cookie; the role rules are the
// StatisticsService's (administrators everything, an animateur their own site, reception none).
// Bad input is a 400 naming what is wrong, before any figure is computed.
#include "responses.hpp"
#include "telecentre/backend/api.hpp"
#include "telecentre/wire/codec.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace telecentre::backend {
using namespace api;

namespace {

// Absent figures are null in JSON, never 0.
template <typename T> nlohmann::json or_null(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

double hours(std::int64_t seconds) { return static_cast<double>(seconds) / 3600.0; }

nlohmann::json encode_row(const EvaluationRow& row) {
    return nlohmann::json{
        {"site_id", row.site_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.site_id)},
        {"site_name", row.site_name},
        {"positions", {{"office", row.offices}, {"open_space", row.open_space}, {"total", row.positions}}},
        {"users", row.users},
        {"hours_of_use", hours(row.seconds_of_use)},
        {"seconds_of_use", row.seconds_of_use},
        {"position_hours_open", hours(row.position_seconds_open)},
        {"average_fill_rate", or_null(row.fill_rate)},
        {"pass_members", row.pass_members},
        {"cost_cents", or_null(row.cost_cents)},
        {"cost_per_position_cents", or_null(row.cost_per_position_cents)}};
}

std::string encode(const EvaluationReport& report) {
    nlohmann::json sites = nlohmann::json::array();
    for (const auto& row : report.sites) {
        sites.push_back(encode_row(row));
    }
    return nlohmann::json{{"year", report.year},
                          {"sites", std::move(sites)},
                          {"network", report.network ? encode_row(*report.network) : nlohmann::json(nullptr)}}
        .dump();
}

std::string encode(const StatisticsReport& report) {
    nlohmann::json sites = nlohmann::json::array();
    for (const auto& site : report.sites) {
        nlohmann::json months = nlohmann::json::array();
        for (const auto& month : site.hours_by_month) {
            months.push_back({{"month", month.month}, {"hours", hours(month.seconds)}});
        }
        nlohmann::json occupancy = nlohmann::json::array();
        for (const auto& kind : site.occupancy) {
            occupancy.push_back({{"kind", wire::to_string(kind.kind)},
                                 {"capacity", kind.capacity},
                                 {"booked_hours", hours(kind.booked_seconds)},
                                 {"open_hours", hours(kind.capacity_seconds_open)},
                                 {"rate", or_null(kind.rate)}});
        }
        sites.push_back({{"site_id", site.site_id},
                         {"site_name", site.site_name},
                         {"hours_by_month", std::move(months)},
                         {"occupancy", std::move(occupancy)},
                         {"bookings",
                          {{"bookings", site.bookings},
                           {"attended", site.bookings_attended},
                           {"no_shows", site.no_shows},
                           {"checkins", site.checkins}}},
                         {"calls",
                          {{"calls", site.calls},
                           {"answered", site.calls_answered},
                           {"answer_seconds_average", or_null(site.answer_seconds_average)},
                           {"answer_seconds_max", site.answer_seconds_max},
                           {"answered_within_minute", site.answered_within_minute}}}});
    }
    nlohmann::json peak = nlohmann::json::array();
    for (const auto& day : report.peak_hours) {
        peak.push_back(day);
    }
    return nlohmann::json{{"from", wire::format_date(report.from)},
                          {"to", wire::format_date(report.to)},
                          {"site_id", or_null(report.site_id)},
                          {"sites", std::move(sites)},
                          {"peak_hours", {{"weekdays", "ISO, Monday first"}, {"checkins", std::move(peak)}}},
                          {"not_available", {"visitors", "trainings"}}}
        .dump();
}

std::expected<wire::Date, HttpResponse> date_parameter(std::string_view query, std::string_view name) {
    const auto text = query_value(query, name);
    if (!text) {
        return std::unexpected(
            error(400, "invalid_request", "add " + std::string(name) + "=YYYY-MM-DD (a Paris-local day)"));
    }
    const bool digits = text->size() == 10 && std::all_of(text->begin(), text->end(),
                                                          [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
    auto date = digits ? wire::parse_date(*text) : std::unexpected(std::string("not a date"));
    if (!date) {
        return std::unexpected(error(400, "invalid_request", std::string(name) + " must be a date written YYYY-MM-DD"));
    }
    return *date;
}

std::optional<int> year_of(std::string_view text) {
    int year = 0;
    const auto [last, problem] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (text.size() != 4 || problem != std::errc() || last != text.data() + text.size() || year < 2000 || year > 2100) {
        return std::nullopt;
    }
    return year;
}

} // namespace

HttpResponse Api::console_api_route(const HttpRequest& request, std::string_view rest) {
    if (rest == "/statistics") {
        return request.method == "GET" ? get_statistics(request) : method_not_allowed("GET");
    }
    if (rest == "/evaluation") {
        return request.method == "GET" ? get_evaluation(request) : method_not_allowed("GET");
    }
    // /sites/{id}/costs/{year}
    constexpr std::string_view kSites = "/sites/";
    if (rest.starts_with(kSites)) {
        auto tail = rest.substr(kSites.size());
        const auto slash = tail.find('/');
        const auto site_id = tail.substr(0, slash);
        tail = slash == std::string_view::npos ? std::string_view() : tail.substr(slash);
        constexpr std::string_view kCosts = "/costs/";
        if (valid_site_id(site_id) && tail.starts_with(kCosts) && tail.size() > kCosts.size()) {
            return request.method == "PUT" ? put_site_cost(request, std::string(site_id), tail.substr(kCosts.size()))
                                           : method_not_allowed("PUT");
        }
    }
    return error(404, "not_found", "no such resource: " + std::string(request.path().substr(0, 200)));
}

HttpResponse Api::get_statistics(const HttpRequest& request) {
    auto staff = authenticate_staff(request);
    if (!staff) {
        return staff.error();
    }
    if (staff->role == StaffRole::reception) {
        return error(403, "forbidden", "the statistics are for administrators and animateurs");
    }
    const auto query = request.query();
    auto from = date_parameter(query, "from");
    if (!from) {
        return from.error();
    }
    auto to = date_parameter(query, "to");
    if (!to) {
        return to.error();
    }
    std::optional<std::string> site_id;
    if (const auto site = query_value(query, "site")) {
        if (!valid_site_id(*site)) {
            return error(400, "invalid_request", "site must be a site id (a-z, 0-9, -)");
        }
        site_id = std::string(*site);
    }
    auto report = m_statistics.statistics(*staff, *from, *to, site_id);
    if (!report) {
        return from_domain(report.error());
    }
    auto response = json_response(200, encode(*report));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

HttpResponse Api::get_evaluation(const HttpRequest& request) {
    auto staff = authenticate_staff(request);
    if (!staff) {
        return staff.error();
    }
    if (staff->role == StaffRole::reception) {
        return error(403, "forbidden", "the evaluation report is for administrators and animateurs");
    }
    const auto query = request.query();
    const auto year_text = query_value(query, "year");
    const auto year = year_text ? year_of(*year_text) : std::nullopt;
    if (!year) {
        return error(400, "invalid_request", "add year=YYYY, a year from 2000 to 2100");
    }
    const auto format = query_value(query, "format").value_or("json");
    if (format != "json" && format != "csv") {
        return error(400, "invalid_request", "format is json (the default) or csv");
    }
    auto report = m_statistics.evaluation(*staff, *year);
    if (!report) {
        return from_domain(report.error());
    }
    if (format == "csv") {
        HttpResponse response;
        response.status = 200;
        response.content_type = "text/csv; charset=utf-8";
        response.body = evaluation_csv(*report);
        response.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"evaluation-" + std::to_string(*year) + ".csv\"");
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    }
    auto response = json_response(200, encode(*report));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

HttpResponse Api::put_site_cost(const HttpRequest& request, const std::string& site_id, std::string_view year_text) {
    auto staff = authenticate_staff(request);
    if (!staff) {
        return staff.error();
    }
    if (staff->role != StaffRole::admin) {
        return error(403, "forbidden", "only a network administrator enters the sites' costs");
    }
    // As for every console write: JSON only, which no other site's form can send.
    if (!json_content(request)) {
        return error(415, "unsupported_media_type", "send the cost as Content-Type: application/json");
    }
    const auto year = year_of(year_text);
    if (!year) {
        return error(400, "invalid_request", "the year in the path is YYYY, from 2000 to 2100");
    }
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded()) {
        return error(400, "malformed_json", "the body is not valid JSON");
    }
    if (!body.is_object() || !body.contains("cost_cents") || !body["cost_cents"].is_number_integer()) {
        return error(400, "invalid_request", "send {\"cost_cents\": <whole number of euro cents>}");
    }
    const auto cents = body["cost_cents"].get<std::int64_t>();
    if (body["cost_cents"].is_number_unsigned() && body["cost_cents"].get<std::uint64_t>() > 100'000'000'000ULL) {
        return error(400, "invalid_request", "cost_cents must be an integer from 0 to 100000000000");
    }
    auto set = m_statistics.set_cost(*staff, SiteCost{site_id, *year, cents});
    if (!set) {
        return from_domain(set.error());
    }
    return json_response(
        200, nlohmann::json{{"site_id", set->site_id}, {"year", set->year}, {"cost_cents", set->cost_cents}}.dump());
}

} // namespace telecentre::backend
