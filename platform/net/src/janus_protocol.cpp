#include "telecentre/platform/janus_protocol.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace telecentre::platform {

using nlohmann::json;

namespace {

// ------------------------------------------------------------------------------------ addresses

bool is_digits(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

// A dotted-quad IPv4 address whose first byte is 127 (the whole 127.0.0.0/8 is loopback).
bool is_loopback_ipv4(std::string_view host) {
    int parts = 0;
    int first = -1;
    while (true) {
        const auto dot = host.find('.');
        const auto part = host.substr(0, dot);
        int value = 0;
        if (!is_digits(part) || part.size() > 3 ||
            std::from_chars(part.data(), part.data() + part.size(), value).ec != std::errc{} || value > 255) {
            return false;
        }
        if (parts == 0) {
            first = value;
        }
        ++parts;
        if (dot == std::string_view::npos) {
            break;
        }
        host.remove_prefix(dot + 1);
    }
    return parts == 4 && first == 127;
}

// ----------------------------------------------------------------------------- reading messages

std::optional<std::uint64_t> id_of(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end()) {
        return std::nullopt;
    }
    if (found->is_number_unsigned()) {
        return found->get<std::uint64_t>();
    }
    if (found->is_number_integer() && found->get<std::int64_t>() >= 0) {
        return static_cast<std::uint64_t>(found->get<std::int64_t>());
    }
    return std::nullopt;
}

std::string text_of(const json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

bool flag_of(const json& object, const char* key, bool otherwise = false) {
    const auto found = object.find(key);
    return found != object.end() && found->is_boolean() ? found->get<bool>() : otherwise;
}

std::optional<int> int_of(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_number_integer()) {
        return std::nullopt;
    }
    const auto value = found->get<std::int64_t>();
    return static_cast<int>(std::clamp<std::int64_t>(value, -1'000'000, 1'000'000));
}

const json* array_of(const json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_array() ? &*found : nullptr;
}

std::vector<JanusPublisher> publishers_of(const json& list) {
    std::vector<JanusPublisher> publishers;
    for (const auto& entry : list) {
        const auto id = entry.is_object() ? id_of(entry, "id") : std::nullopt;
        if (!id) {
            continue; // a publisher we could not address is of no use
        }
        JanusPublisher publisher;
        publisher.id = *id;
        publisher.display = text_of(entry, "display");
        publisher.dummy = flag_of(entry, "dummy");
        publisher.talking = flag_of(entry, "talking");
        if (const auto* streams = array_of(entry, "streams")) {
            for (const auto& item : *streams) {
                if (!item.is_object()) {
                    continue;
                }
                JanusPublishedStream stream;
                stream.type = text_of(item, "type");
                stream.mid = text_of(item, "mid");
                stream.codec = text_of(item, "codec");
                stream.disabled = flag_of(item, "disabled");
                stream.description = text_of(item, "description");
                publisher.streams.push_back(std::move(stream));
            }
        }
        publishers.push_back(std::move(publisher));
    }
    return publishers;
}

std::vector<JanusSubscriptionStream> subscription_of(const json& list) {
    std::vector<JanusSubscriptionStream> streams;
    for (const auto& item : list) {
        if (!item.is_object()) {
            continue;
        }
        JanusSubscriptionStream stream;
        stream.mindex = static_cast<unsigned>(std::max(0, int_of(item, "mindex").value_or(0)));
        stream.mid = text_of(item, "mid");
        stream.type = text_of(item, "type");
        stream.feed_id = id_of(item, "feed_id");
        stream.feed_mid = text_of(item, "feed_mid");
        stream.feed_display = text_of(item, "feed_display");
        stream.active = flag_of(item, "active", true) && stream.feed_id.has_value();
        streams.push_back(std::move(stream));
    }
    return streams;
}

// "leaving"/"unpublished": the id of someone else, or "ok" for our own request.
std::optional<VideoRoomEvent> departure_of(const json& data, const char* key, JanusDeparture how) {
    const auto found = data.find(key);
    if (found == data.end()) {
        return std::nullopt;
    }
    if (found->is_string() && found->get<std::string>() == "ok") {
        return VideoRoomSelfGone{how};
    }
    if (const auto id = id_of(data, key)) {
        if (how == JanusDeparture::left && text_of(data, "reason") == "kicked") {
            how = JanusDeparture::kicked;
        }
        return VideoRoomGone{*id, how};
    }
    return std::nullopt;
}

VideoRoomEvent videoroom_event_of(const json& data) {
    const auto name = text_of(data, "videoroom");
    if (const auto code = int_of(data, "error_code")) {
        return VideoRoomError{*code, text_of(data, "error")};
    }
    if (name == "joined") {
        VideoRoomJoined joined;
        joined.room = id_of(data, "room").value_or(0);
        joined.id = id_of(data, "id").value_or(0);
        joined.private_id = id_of(data, "private_id").value_or(0);
        if (const auto* list = array_of(data, "publishers")) {
            joined.publishers = publishers_of(*list);
        }
        return joined;
    }
    if (name == "talking" || name == "stopped-talking") {
        VideoRoomTalking talking;
        talking.id = id_of(data, "id").value_or(0);
        talking.state = name == "talking" ? JanusTalking::started : JanusTalking::stopped;
        talking.level_dbov = int_of(data, "audio-level-dBov-avg");
        return talking;
    }
    if (name == "attached" || name == "updated") {
        VideoRoomSubscription subscription;
        subscription.first = name == "attached";
        if (const auto* list = array_of(data, "streams")) {
            subscription.has_streams = true;
            subscription.streams = subscription_of(*list);
        }
        return subscription;
    }
    if (name == "updating") {
        return VideoRoomUpdating{};
    }
    if (name == "destroyed") {
        return VideoRoomDestroyed{id_of(data, "room").value_or(0)};
    }
    if (name != "event") {
        return VideoRoomOther{name};
    }
    if (const auto* list = array_of(data, "publishers")) {
        return VideoRoomPublishers{publishers_of(*list)};
    }
    if (auto gone = departure_of(data, "unpublished", JanusDeparture::unpublished)) {
        return *gone;
    }
    if (auto gone = departure_of(data, "leaving", JanusDeparture::left)) {
        return *gone;
    }
    if (const auto joining = data.find("joining"); joining != data.end() && joining->is_object()) {
        return VideoRoomJoining{id_of(*joining, "id").value_or(0), text_of(*joining, "display")};
    }
    if (data.contains("configured")) {
        return VideoRoomConfigured{};
    }
    if (data.contains("started")) {
        return VideoRoomStarted{};
    }
    return VideoRoomOther{name};
}

JanusMessage malformed(std::string problem) {
    JanusMessage message;
    message.kind = JanusKind::malformed;
    message.problem = std::move(problem);
    return message;
}

JanusMessage decode(const json& root) {
    if (!root.is_object()) {
        return malformed("not a JSON object");
    }
    JanusMessage message;
    message.janus = text_of(root, "janus");
    message.transaction = text_of(root, "transaction");
    message.session_id = id_of(root, "session_id").value_or(0);
    message.sender = id_of(root, "sender").value_or(0);
    const auto& kind = message.janus;
    if (kind == "ack") {
        message.kind = JanusKind::ack;
    } else if (kind == "success") {
        message.kind = JanusKind::success;
        if (const auto data = root.find("data"); data != root.end() && data->is_object()) {
            message.data_id = id_of(*data, "id");
        }
        // A plugin's synchronous answer comes as success with plugindata.
        if (const auto plugindata = root.find("plugindata"); plugindata != root.end() && plugindata->is_object()) {
            message.plugin = text_of(*plugindata, "plugin");
            if (const auto data = plugindata->find("data"); data != plugindata->end() && data->is_object()) {
                message.videoroom = videoroom_event_of(*data);
            }
        }
    } else if (kind == "error") {
        message.kind = JanusKind::error;
        const auto error = root.find("error");
        if (error == root.end() || !error->is_object()) {
            return malformed("an error without its \"error\" object");
        }
        message.error_code = int_of(*error, "code").value_or(0);
        message.error_reason = text_of(*error, "reason");
    } else if (kind == "event") {
        message.kind = JanusKind::event;
        const auto plugindata = root.find("plugindata");
        if (plugindata == root.end() || !plugindata->is_object()) {
            return malformed("an event without plugindata");
        }
        message.plugin = text_of(*plugindata, "plugin");
        const auto data = plugindata->find("data");
        if (data == plugindata->end() || !data->is_object()) {
            return malformed("an event without plugindata.data");
        }
        message.videoroom = videoroom_event_of(*data);
    } else if (kind == "trickle") {
        message.kind = JanusKind::trickle;
        const auto candidate = root.find("candidate");
        if (candidate == root.end() || !candidate->is_object()) {
            return malformed("a trickle without its candidate");
        }
        message.candidate.completed = flag_of(*candidate, "completed");
        if (!message.candidate.completed) {
            message.candidate.candidate = text_of(*candidate, "candidate");
            message.candidate.mid = text_of(*candidate, "sdpMid");
            if (const auto index = int_of(*candidate, "sdpMLineIndex"); index && *index >= 0) {
                message.candidate.mline_index = static_cast<unsigned>(*index);
            }
            if (message.candidate.candidate.empty()) {
                return malformed("a trickle with an empty candidate");
            }
        }
    } else if (kind == "webrtcup") {
        message.kind = JanusKind::webrtcup;
    } else if (kind == "media") {
        message.kind = JanusKind::media;
        message.media_type = text_of(root, "type");
        message.mid = text_of(root, "mid");
        message.receiving = flag_of(root, "receiving");
    } else if (kind == "slowlink") {
        message.kind = JanusKind::slowlink;
        message.media_type = text_of(root, "media");
        message.mid = text_of(root, "mid");
        message.uplink = flag_of(root, "uplink");
        message.lost = id_of(root, "lost").value_or(0);
    } else if (kind == "hangup") {
        message.kind = JanusKind::hangup;
        message.reason = text_of(root, "reason");
    } else if (kind == "detached") {
        message.kind = JanusKind::detached;
    } else if (kind == "timeout") {
        message.kind = JanusKind::timeout;
    } else if (kind.empty()) {
        return malformed("no \"janus\" field");
    } else {
        message.kind = JanusKind::unknown;
    }
    if (const auto jsep = root.find("jsep"); jsep != root.end() && jsep->is_object()) {
        JanusJsep description{text_of(*jsep, "type"), text_of(*jsep, "sdp")};
        if ((description.type == "offer" || description.type == "answer") && !description.sdp.empty()) {
            message.jsep = std::move(description);
        }
    }
    return message;
}

// ----------------------------------------------------------------------------- writing requests

json envelope_of(const char* verb, const JanusEnvelope& envelope) {
    json request{{"janus", verb}, {"transaction", envelope.transaction}};
    if (!envelope.token.empty()) {
        request["token"] = envelope.token;
    }
    if (envelope.session_id != 0) {
        request["session_id"] = envelope.session_id;
    }
    if (envelope.handle_id != 0) {
        request["handle_id"] = envelope.handle_id;
    }
    return request;
}

std::string message_of(const JanusEnvelope& envelope, json body, const JanusJsep* jsep = nullptr) {
    auto request = envelope_of("message", envelope);
    request["body"] = std::move(body);
    if (jsep != nullptr) {
        request["jsep"] = json{{"type", jsep->type}, {"sdp", jsep->sdp}};
    }
    return request.dump();
}

json streams_of(const std::vector<JanusStreamRequest>& streams) {
    auto list = json::array();
    for (const auto& stream : streams) {
        json item{{"feed", stream.feed}};
        if (!stream.mid.empty()) {
            item["mid"] = stream.mid;
        }
        list.push_back(std::move(item));
    }
    return list;
}

} // namespace

std::expected<JanusUrl, std::string> parse_janus_url(std::string_view url) {
    JanusUrl parsed;
    std::string_view rest = url;
    if (rest.starts_with("wss://")) {
        parsed.transport = JanusTransport::tls;
        parsed.port = "443";
        rest.remove_prefix(6);
    } else if (rest.starts_with("ws://")) {
        parsed.transport = JanusTransport::plain;
        parsed.port = "80";
        rest.remove_prefix(5);
    } else {
        return std::unexpected("the Janus address must start with wss:// (or ws:// to a loopback address): \"" +
                               std::string(url) + "\"");
    }
    const auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    parsed.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (authority.find('@') != std::string_view::npos) {
        return std::unexpected("the Janus address must not carry credentials");
    }
    std::string_view host = authority;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return std::unexpected("the Janus address has an unclosed [: \"" + std::string(url) + "\"");
        }
        host = authority.substr(1, close - 1);
        authority.remove_prefix(close + 1);
        if (!authority.empty() && !authority.starts_with(':')) {
            return std::unexpected("the Janus address is malformed: \"" + std::string(url) + "\"");
        }
        if (!authority.empty()) {
            parsed.port = std::string(authority.substr(1));
        }
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        parsed.port = std::string(authority.substr(colon + 1));
    }
    int port = 0;
    if (!is_digits(parsed.port) || parsed.port.size() > 5 ||
        std::from_chars(parsed.port.data(), parsed.port.data() + parsed.port.size(), port).ec != std::errc{} ||
        port < 1 || port > 65535) {
        return std::unexpected("the Janus address's port is not a port number: \"" + std::string(url) + "\"");
    }
    if (host.empty()) {
        return std::unexpected("the Janus address names no host: \"" + std::string(url) + "\"");
    }
    parsed.host = std::string(host);
    if (parsed.transport == JanusTransport::plain && !is_loopback_ipv4(parsed.host)) {
        return std::unexpected("plain ws:// is allowed only to a 127.x.y.z address (the Janus token would travel "
                               "in clear): use wss:// for \"" +
                               parsed.host + "\"");
    }
    return parsed;
}

JanusMessage decode_janus_message(std::string_view text) {
    try {
        const json root = json::parse(text, nullptr, false);
        if (root.is_discarded()) {
            return malformed("not JSON");
        }
        return decode(root);
    } catch (const std::exception& problem) {
        // nlohmann's type errors, or memory: the message is dropped, never the client.
        return malformed(std::string("undecodable: ") + problem.what());
    }
}

std::string encode_janus_create(const JanusEnvelope& envelope) { return envelope_of("create", envelope).dump(); }

std::string encode_janus_attach(const JanusEnvelope& envelope, std::string_view plugin) {
    auto request = envelope_of("attach", envelope);
    request["plugin"] = std::string(plugin);
    return request.dump();
}

std::string encode_janus_keepalive(const JanusEnvelope& envelope) { return envelope_of("keepalive", envelope).dump(); }

std::string encode_janus_destroy(const JanusEnvelope& envelope) { return envelope_of("destroy", envelope).dump(); }

std::string encode_janus_detach(const JanusEnvelope& envelope) { return envelope_of("detach", envelope).dump(); }

std::string encode_janus_trickle(const JanusEnvelope& envelope, const JanusCandidate& candidate) {
    auto request = envelope_of("trickle", envelope);
    if (candidate.completed) {
        request["candidate"] = json{{"completed", true}};
    } else {
        json item{{"candidate", candidate.candidate}};
        if (candidate.mline_index) {
            item["sdpMLineIndex"] = *candidate.mline_index;
        }
        if (!candidate.mid.empty()) {
            item["sdpMid"] = candidate.mid;
        }
        request["candidate"] = std::move(item);
    }
    return request.dump();
}

std::string encode_join_publisher(const JanusEnvelope& envelope, std::uint64_t room, const std::string& pin,
                                  const std::string& display) {
    json body{{"request", "join"}, {"ptype", "publisher"}, {"room", room}, {"display", display}};
    if (!pin.empty()) {
        body["pin"] = pin;
    }
    return message_of(envelope, std::move(body));
}

std::string encode_publish(const JanusEnvelope& envelope, JanusPublishStep step, const std::string& display,
                           const std::string& offer_sdp) {
    json body{{"request", step == JanusPublishStep::first ? "publish" : "configure"}};
    if (step == JanusPublishStep::first && !display.empty()) {
        body["display"] = display;
    }
    const JanusJsep jsep{"offer", offer_sdp};
    return message_of(envelope, std::move(body), &jsep);
}

std::string encode_join_subscriber(const JanusEnvelope& envelope, std::uint64_t room, const std::string& pin,
                                   std::uint64_t private_id, const std::vector<JanusStreamRequest>& streams) {
    json body{{"request", "join"}, {"ptype", "subscriber"}, {"room", room}, {"streams", streams_of(streams)}};
    if (!pin.empty()) {
        body["pin"] = pin;
    }
    if (private_id != 0) {
        body["private_id"] = private_id;
    }
    return message_of(envelope, std::move(body));
}

std::string encode_update_subscription(const JanusEnvelope& envelope, const std::vector<JanusStreamRequest>& subscribe,
                                       const std::vector<JanusStreamRequest>& unsubscribe) {
    json body{{"request", "update"}};
    if (!subscribe.empty()) {
        body["subscribe"] = streams_of(subscribe);
    }
    if (!unsubscribe.empty()) {
        body["unsubscribe"] = streams_of(unsubscribe);
    }
    return message_of(envelope, std::move(body));
}

std::string encode_start(const JanusEnvelope& envelope, const std::string& answer_sdp) {
    const JanusJsep jsep{"answer", answer_sdp};
    return message_of(envelope, json{{"request", "start"}}, &jsep);
}

std::string encode_leave(const JanusEnvelope& envelope) { return message_of(envelope, json{{"request", "leave"}}); }

} // namespace telecentre::platform
