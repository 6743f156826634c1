#include "telecentre/wire/conference_codec.hpp"

#include "json_fields.hpp"

#include <algorithm>

namespace telecentre::wire {
namespace {

using namespace detail;

constexpr std::size_t kIdLimit = 64;
constexpr std::size_t kNameLimit = 256;
constexpr std::size_t kUrlLimit = 2048;
// JavaScript reads room numbers as doubles: the backend draws them below 2^53.
constexpr std::int64_t kLargestRoom = (std::int64_t{1} << 53) - 1;

bool id_character(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

std::string id_text(const json& doc, const char* name) {
    auto id = string_field(doc, name, kIdLimit);
    if (id.empty() || !std::ranges::all_of(id, id_character)) {
        throw DecodeError{std::string("field \"") + name + "\" is not an id"};
    }
    return id;
}

// Upper-case hex of 4 to 10 bytes, like a check-in's badge.
std::string badge_text(const json& doc) {
    auto uid = string_field(doc, "badge_uid", 20);
    const bool hex = std::ranges::all_of(uid, [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); });
    if (!hex || uid.size() < 8 || uid.size() % 2 != 0) {
        throw DecodeError{"field \"badge_uid\" must be upper-case hex of 4 to 10 bytes"};
    }
    return uid;
}

int minutes_field(const json& doc, const char* name, int limit) {
    const auto minutes = integer_field(doc, name);
    if (minutes < 1 || minutes > limit) {
        throw DecodeError{std::string("field \"") + name + "\" must be 1 to " + std::to_string(limit) + " minutes"};
    }
    return static_cast<int>(minutes);
}

std::int64_t room_field(const json& doc, const char* name) {
    const auto room = integer_field(doc, name);
    if (room < 1 || room > kLargestRoom) {
        throw DecodeError{std::string("field \"") + name + "\" is not a room number"};
    }
    return room;
}

std::optional<std::string> optional_string(const json& doc, const char* name, std::size_t limit) {
    if (!doc.contains(name) || doc[name].is_null()) {
        return std::nullopt;
    }
    return string_field(doc, name, limit);
}

std::optional<TimePoint> optional_time(const json& doc, const char* name) {
    if (!doc.contains(name) || doc[name].is_null()) {
        return std::nullopt;
    }
    return time_field(doc, name);
}

json ice_json(const std::vector<IceServer>& servers) {
    json list = json::array();
    for (const auto& server : servers) {
        json item{{"urls", server.urls}};
        if (server.username) {
            item["username"] = *server.username;
        }
        if (server.credential) {
            item["credential"] = *server.credential;
        }
        list.push_back(std::move(item));
    }
    return list;
}

std::vector<IceServer> ice_from(const json& doc) {
    std::vector<IceServer> servers;
    for (const auto& item : array_field(doc, "ice_servers")) {
        IceServer server;
        for (const auto& url : array_field(item, "urls")) {
            if (!url.is_string() || url.get_ref<const std::string&>().size() > kUrlLimit) {
                throw DecodeError{"field \"urls\" must hold URLs"};
            }
            server.urls.push_back(url.get<std::string>());
        }
        server.username = optional_string(item, "username", kNameLimit);
        server.credential = optional_string(item, "credential", kNameLimit);
        servers.push_back(std::move(server));
    }
    return servers;
}

std::string ws_url(const json& doc, const char* name) {
    auto url = string_field(doc, name, kUrlLimit);
    if (!url.starts_with("wss://") && !url.starts_with("ws://")) {
        throw DecodeError{std::string("field \"") + name + "\" must be a ws:// or wss:// URL"};
    }
    return url;
}

template <typename T> json nullable(const std::optional<T>& value) { return value ? json(*value) : json(nullptr); }

json time_or_null(const std::optional<TimePoint>& at) { return at ? json(format_time(*at)) : json(nullptr); }

} // namespace

std::string encode(const ConferenceStart& start) {
    json doc{{"resource_id", start.resource_id}};
    if (start.automatic) {
        doc["automatic"] = true;
    } else {
        doc["badge_uid"] = start.badge_uid;
    }
    if (start.ad_hoc_minutes) {
        doc["ad_hoc_minutes"] = *start.ad_hoc_minutes;
    }
    return doc.dump();
}

std::string encode(const ConferenceExtend& extend) {
    return json{{"badge_uid", extend.badge_uid}, {"minutes", extend.minutes}}.dump();
}

std::string encode(const Conference& conference) {
    return json{{"id", conference.id},
                {"booking_id", conference.booking_id},
                {"site_id", conference.site_id},
                {"site_name", conference.site_name},
                {"resource_id", conference.resource_id},
                {"resource_name", conference.resource_name},
                {"host_name", conference.host_name},
                {"room", conference.room},
                {"pin", conference.pin},
                {"janus_ws", conference.janus_ws},
                {"janus_token", conference.janus_token},
                {"ice_servers", ice_json(conference.ice_servers)},
                {"started_at", format_time(conference.started_at)},
                {"ends_at", format_time(conference.ends_at)},
                {"ended_at", time_or_null(conference.ended_at)},
                {"guest_url", nullable(conference.guest_url)},
                {"guest_link_expires_at", time_or_null(conference.guest_link_expires_at)}}
        .dump();
}

std::string encode(const JoinDescriptor& descriptor) {
    return json{{"conference", descriptor.conference},
                {"room", descriptor.room},
                {"pin", descriptor.pin},
                {"janus", json{{"ws", descriptor.janus_ws}, {"token", descriptor.janus_token}}},
                {"ice_servers", ice_json(descriptor.ice_servers)},
                {"site", descriptor.site},
                {"resource", descriptor.resource},
                {"host_name", descriptor.host_name},
                {"ends_at", format_time(descriptor.ends_at)},
                {"language", descriptor.language}}
        .dump();
}

std::expected<ConferenceStart, std::string> decode_conference_start(std::string_view text) {
    return decode_document<ConferenceStart>(text, [](const json& doc) {
        ConferenceStart start;
        start.resource_id = id_text(doc, "resource_id");
        start.automatic = bool_field(doc, "automatic", false);
        if (start.automatic) {
            // Nobody tapped: no badge, and nothing booked on the spot.
            if (doc.contains("badge_uid") || doc.contains("ad_hoc_minutes")) {
                throw DecodeError{"an automatic start has no badge_uid and no ad_hoc_minutes"};
            }
            return start;
        }
        start.badge_uid = badge_text(doc);
        if (doc.contains("ad_hoc_minutes") && !doc["ad_hoc_minutes"].is_null()) {
            start.ad_hoc_minutes = minutes_field(doc, "ad_hoc_minutes", kAdHocMinutesLimit);
        }
        return start;
    });
}

std::expected<ConferenceExtend, std::string> decode_conference_extend(std::string_view text) {
    return decode_document<ConferenceExtend>(text, [](const json& doc) {
        ConferenceExtend extend;
        extend.badge_uid = badge_text(doc);
        extend.minutes = minutes_field(doc, "minutes", kExtendMinutesLimit);
        return extend;
    });
}

std::expected<Conference, std::string> decode_conference(std::string_view text) {
    return decode_document<Conference>(text, [](const json& doc) {
        Conference conference;
        conference.id = id_text(doc, "id");
        conference.booking_id = id_text(doc, "booking_id");
        conference.site_id = id_text(doc, "site_id");
        conference.site_name = string_field(doc, "site_name", kNameLimit);
        conference.resource_id = id_text(doc, "resource_id");
        conference.resource_name = string_field(doc, "resource_name", kNameLimit);
        conference.host_name = string_field(doc, "host_name", kNameLimit);
        conference.room = room_field(doc, "room");
        conference.pin = string_field(doc, "pin", 64);
        conference.janus_ws = ws_url(doc, "janus_ws");
        conference.janus_token = string_field(doc, "janus_token", 128);
        conference.ice_servers = ice_from(doc);
        conference.started_at = time_field(doc, "started_at");
        conference.ends_at = time_field(doc, "ends_at");
        conference.ended_at = optional_time(doc, "ended_at");
        conference.guest_url = optional_string(doc, "guest_url", kUrlLimit);
        conference.guest_link_expires_at = optional_time(doc, "guest_link_expires_at");
        return conference;
    });
}

std::expected<JoinDescriptor, std::string> decode_join_descriptor(std::string_view text) {
    return decode_document<JoinDescriptor>(text, [](const json& doc) {
        JoinDescriptor descriptor;
        descriptor.conference = id_text(doc, "conference");
        descriptor.room = room_field(doc, "room");
        descriptor.pin = string_field(doc, "pin", 64);
        descriptor.janus_ws = ws_url(field(doc, "janus"), "ws");
        descriptor.janus_token = string_field(field(doc, "janus"), "token", 128);
        descriptor.ice_servers = ice_from(doc);
        descriptor.site = string_field(doc, "site", kNameLimit);
        descriptor.resource = string_field(doc, "resource", kNameLimit);
        descriptor.host_name = string_field(doc, "host_name", kNameLimit);
        descriptor.ends_at = time_field(doc, "ends_at");
        descriptor.language = string_field(doc, "language", 8);
        if (descriptor.language != "fr" && descriptor.language != "en") {
            throw DecodeError{"field \"language\" must be \"fr\" or \"en\""};
        }
        return descriptor;
    });
}

} // namespace telecentre::wire
