#include "telecentre/backend/api.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace telecentre::backend {
namespace {

constexpr const char* kDayNames[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

std::string clock_time(int minute_of_day) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", (minute_of_day / 60) % 100, minute_of_day % 60);
    return text;
}

} // namespace

std::string encode_site(const SiteRecord& site) {
    using nlohmann::json;
    json hours = json::array();
    for (const auto& interval : site.opening_hours) {
        if (interval.iso_weekday < 1 || interval.iso_weekday > 7) {
            continue;
        }
        hours.push_back({{"day", kDayNames[interval.iso_weekday - 1]},
                         {"opens", clock_time(interval.opens_minute)},
                         {"closes", clock_time(interval.closes_minute)}});
    }
    json resources = json::array();
    for (const auto& resource : site.resources) {
        resources.push_back({{"id", resource.id},
                             {"kind", to_string(resource.kind)},
                             {"name", resource.name},
                             {"capacity", resource.capacity}});
    }
    return json{{"id", site.id},
                {"name", site.name},
                {"address",
                 {{"street", site.street ? json(*site.street) : json(nullptr)},
                  {"postal_code", site.postal_code},
                  {"town", site.town}}},
                {"description", site.description},
                {"time_zone", "Europe/Paris"},
                {"opening_hours", std::move(hours)},
                {"resources", std::move(resources)}}
        .dump();
}

} // namespace telecentre::backend
