#include "telecentre/backend/ice_servers.hpp"

#include "telecentre/backend/crypto.hpp"
#include "telecentre/wire/codec.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::backend {
namespace {

bool is_turn(std::string_view url) { return url.starts_with("turn:") || url.starts_with("turns:"); }

bool plain_text(std::string_view text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '"' || c == '\\') {
            return false;
        }
    }
    return true;
}

} // namespace

std::expected<void, std::string> validate(const IceServerConfig& config) {
    bool turn = false;
    for (const std::string& url : config.urls) {
        const auto colon = url.find(':');
        const auto scheme = url.substr(0, colon);
        const bool known = scheme == "stun" || scheme == "turn" || scheme == "turns";
        if (!known || colon == std::string::npos || colon + 1 >= url.size() || url.size() > 255 || !plain_text(url) ||
            url[colon + 1] == '?') {
            return std::unexpected("--ice-server takes stun:HOST[:PORT], turn:HOST[:PORT][?transport=udp|tcp] or "
                                   "turns:HOST[:PORT]?transport=tcp, not \"" +
                                   url.substr(0, 80) + "\"");
        }
        turn = turn || is_turn(url);
    }
    if (turn && config.turn_secret.empty()) {
        return std::unexpected("a turn: server needs --turn-secret-file (the TURN server's static-auth-secret)");
    }
    if (config.turn_lifetime <= std::chrono::seconds{0}) {
        return std::unexpected("the TURN credentials' lifetime must be positive");
    }
    return {};
}

TurnCredential turn_credential(std::string_view secret, std::string_view user, wire::TimePoint expires) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count();
    TurnCredential credential;
    credential.username = std::to_string(seconds) + ":" + std::string(user);
    credential.credential = hmac_sha1_base64(secret, credential.username);
    return credential;
}

std::string encode_ice_servers(const IceServerConfig& config, std::string_view user, wire::TimePoint now) {
    nlohmann::json stun = nlohmann::json::array();
    nlohmann::json turn = nlohmann::json::array();
    for (const std::string& url : config.urls) {
        (is_turn(url) ? turn : stun).push_back(url);
    }
    nlohmann::json servers = nlohmann::json::array();
    if (!stun.empty()) {
        servers.push_back({{"urls", stun}});
    }
    nlohmann::json expires_at = nullptr;
    if (!turn.empty()) {
        const auto expires = now + config.turn_lifetime;
        const auto credential = turn_credential(config.turn_secret, user, expires);
        servers.push_back({{"urls", turn}, {"username", credential.username}, {"credential", credential.credential}});
        expires_at = wire::format_time(expires);
    }
    return nlohmann::json{{"ice_servers", servers}, {"expires_at", expires_at}}.dump();
}

} // namespace telecentre::backend
