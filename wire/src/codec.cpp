#include "telecentre/wire/codec.hpp"

#include "json_fields.hpp"

#include <cstdio>

namespace telecentre::wire {
namespace {

using namespace detail;
using nlohmann::json;

constexpr std::array kDirections{Direction::automatic, Direction::in, Direction::out};
constexpr std::array kOutcomes{CheckinOutcome::checked_in, CheckinOutcome::checked_out, CheckinOutcome::refused};
constexpr std::array kReasons{RefusalReason::none, RefusalReason::unknown_badge, RefusalReason::badge_revoked,
                              RefusalReason::pass_expired, RefusalReason::pass_suspended};
constexpr std::array kPassStates{PassState::free_period, PassState::active, PassState::expired, PassState::suspended};

json pass_dates_json(const PassDates& dates) {
    return {{"joined", format_date(dates.joined)},
            {"free_until", format_date(dates.free_until)},
            {"paid_until", format_date(dates.paid_until)},
            {"suspended", dates.suspended}};
}

PassDates pass_dates_from(const json& object) {
    return {date_field(object, "joined"), date_field(object, "free_until"), date_field(object, "paid_until"),
            bool_field(object, "suspended")};
}

} // namespace

std::string format_time(TimePoint time) {
    const auto day = std::chrono::floor<std::chrono::days>(time);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss clock{time - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return text;
}

std::expected<TimePoint, std::string> parse_time(std::string_view text) {
    // Strictly "YYYY-MM-DDTHH:MM:SSZ": one form on the wire keeps both sides simple.
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char tail = 0;
    const std::string copy(text);
    if (text.size() != 20 ||
        std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u%c", &year, &month, &day, &hour, &minute, &second, &tail) !=
            7 ||
        tail != 'Z') {
        return std::unexpected("a time is written as YYYY-MM-DDTHH:MM:SSZ (UTC)");
    }
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
        return std::unexpected("the time is not a valid calendar time");
    }
    return std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
           std::chrono::seconds{second};
}

std::string format_date(Date day) {
    const std::chrono::year_month_day date{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

std::expected<Date, std::string> parse_date(std::string_view text) {
    int year = 0;
    unsigned month = 0, day = 0;
    const std::string copy(text);
    int consumed = 0;
    if (text.size() != 10 || std::sscanf(copy.c_str(), "%4d-%2u-%2u%n", &year, &month, &day, &consumed) != 3 ||
        consumed != 10) {
        return std::unexpected("a date is written as YYYY-MM-DD");
    }
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!date.ok()) {
        return std::unexpected("the date is not a valid calendar date");
    }
    return std::chrono::sys_days{date};
}

std::string encode(const CheckinRequest& request) {
    return json{{"site", request.site},
                {"badge_uid", request.badge_uid},
                {"direction", to_string(request.direction)},
                {"at", format_time(request.at)},
                {"decided_offline", request.decided_offline}}
        .dump();
}

std::expected<CheckinRequest, std::string> decode_checkin_request(std::string_view text) {
    return decode_document<CheckinRequest>(text, [](const json& doc) {
        CheckinRequest request;
        request.site = string_field(doc, "site", 64);
        request.badge_uid = string_field(doc, "badge_uid", 32);
        request.direction = enum_field(doc, "direction", kDirections);
        request.at = time_field(doc, "at");
        request.decided_offline = bool_field(doc, "decided_offline", false);
        return request;
    });
}

std::string encode(const CheckinResponse& response) {
    json doc{{"event_id", response.event_id},
             {"outcome", to_string(response.outcome)},
             {"reason", to_string(response.reason)},
             {"member", nullptr},
             {"pass", nullptr}};
    if (response.member) {
        doc["member"] = {{"id", response.member->id},
                         {"first_name", response.member->first_name},
                         {"display_name", response.member->display_name}};
    }
    if (response.pass) {
        doc["pass"] = {{"kind", response.pass->kind},
                       {"state", to_string(response.pass->state)},
                       {"free_until", format_date(response.pass->free_until)},
                       {"valid_until", format_date(response.pass->valid_until)},
                       {"monthly_fee_cents", response.pass->monthly_fee_cents}};
    }
    doc["presence"] = {{"inside", response.presence.inside},
                       {"since", response.presence.since ? json(format_time(*response.presence.since)) : json(nullptr)},
                       {"minutes_today", response.presence.minutes_today}};
    json bookings = json::array();
    for (const auto& booking : response.bookings_today) {
        bookings.push_back({{"id", booking.id},
                            {"resource_name", booking.resource_name},
                            {"resource_kind", booking.resource_kind},
                            {"start", format_time(booking.start)},
                            {"end", format_time(booking.end)}});
    }
    doc["bookings_today"] = std::move(bookings);
    return doc.dump();
}

std::expected<CheckinResponse, std::string> decode_checkin_response(std::string_view text) {
    return decode_document<CheckinResponse>(text, [](const json& doc) {
        CheckinResponse response;
        response.event_id = string_field(doc, "event_id", 128);
        response.outcome = enum_field(doc, "outcome", kOutcomes);
        response.reason = enum_field(doc, "reason", kReasons);
        if (const json& member = field(doc, "member"); !member.is_null()) {
            response.member = Member{string_field(member, "id", 128), string_field(member, "first_name", 256),
                                     string_field(member, "display_name", 256)};
        }
        if (const json& pass = field(doc, "pass"); !pass.is_null()) {
            response.pass = Pass{string_field(pass, "kind", 64), enum_field(pass, "state", kPassStates),
                                 date_field(pass, "free_until"), date_field(pass, "valid_until"),
                                 static_cast<int>(integer_field(pass, "monthly_fee_cents"))};
        }
        const json& presence = field(doc, "presence");
        response.presence.inside = bool_field(presence, "inside");
        if (const json& since = field(presence, "since"); !since.is_null()) {
            response.presence.since = time_field(presence, "since");
        }
        response.presence.minutes_today = static_cast<int>(integer_field(presence, "minutes_today"));
        for (const json& booking : array_field(doc, "bookings_today")) {
            response.bookings_today.push_back(
                {string_field(booking, "id", 128), string_field(booking, "resource_name", 256),
                 string_field(booking, "resource_kind", 64), time_field(booking, "start"), time_field(booking, "end")});
        }
        return response;
    });
}

std::string encode(const OfflineCache& cache) {
    json badges = json::array();
    for (const auto& badge : cache.badges) {
        badges.push_back({{"uid", badge.uid}, {"member_id", badge.member_id}, {"revoked", badge.revoked}});
    }
    json members = json::array();
    for (const auto& member : cache.members) {
        members.push_back({{"id", member.id},
                           {"first_name", member.first_name},
                           {"display_name", member.display_name},
                           {"pass", pass_dates_json(member.pass)},
                           {"erased", member.erased}});
    }
    return json{{"version", cache.version},
                {"full", cache.full},
                {"site_name", cache.site_name},
                {"badges", std::move(badges)},
                {"members", std::move(members)}}
        .dump();
}

std::expected<OfflineCache, std::string> decode_offline_cache(std::string_view text) {
    return decode_document<OfflineCache>(text, [](const json& doc) {
        OfflineCache cache;
        cache.version = integer_field(doc, "version");
        cache.full = bool_field(doc, "full");
        cache.site_name = string_field(doc, "site_name", 256);
        for (const json& badge : array_field(doc, "badges")) {
            cache.badges.push_back(
                {string_field(badge, "uid", 32), string_field(badge, "member_id", 128), bool_field(badge, "revoked")});
        }
        for (const json& member : array_field(doc, "members")) {
            cache.members.push_back({string_field(member, "id", 128), string_field(member, "first_name", 256),
                                     string_field(member, "display_name", 256), pass_dates_from(field(member, "pass")),
                                     bool_field(member, "erased", false)});
        }
        return cache;
    });
}

std::string encode(const ApiError& error) {
    return json{{"error", {{"code", error.code}, {"message", error.message}}}}.dump();
}

std::expected<ApiError, std::string> decode_api_error(std::string_view text) {
    return decode_document<ApiError>(text, [](const json& doc) {
        const json& error = field(doc, "error");
        return ApiError{string_field(error, "code", 128), string_field(error, "message", 2048)};
    });
}

} // namespace telecentre::wire
