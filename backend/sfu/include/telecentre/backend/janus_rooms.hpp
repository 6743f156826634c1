#pragma once
// SfuRooms on Janus's VideoRoom plugin, through Janus's HTTP API (janus.transport.http): each
// room operation opens a session, attaches the plugin, sends one synchronous request and destroys
// the session; rooms are created with VideoRoom's admin_key (the API secret, as scripts/janus
// configures it). Tokens go through Janus's admin API (add_token / remove_token, limited to the
// VideoRoom plugin). The secrets go in every request and are never logged. Plain HTTP, so both
// URLs must name a loopback address: Janus runs beside the backend, and only its WebSocket API is
// published (behind TLS, docs/conference.md).
//
// Threading: every method may be called from any thread (each request has its own connection).

#include "telecentre/backend/conference_service.hpp"

#include <chrono>
#include <expected>
#include <memory>
#include <string>

namespace telecentre::backend {

struct JanusConfig {
    std::string http_url;  // "http://127.0.0.1:8088/janus"
    std::string admin_url; // "http://127.0.0.1:7088/admin"
    std::string api_secret;
    std::string admin_secret;
    std::chrono::milliseconds timeout{5000}; // per HTTP exchange
};

class JanusRooms final : public SfuRooms {
public:
    // A clear message for a URL that is not http://<loopback address>:<port>/<path>.
    [[nodiscard]] static std::expected<std::unique_ptr<JanusRooms>, std::string> make(JanusConfig config);

    [[nodiscard]] std::expected<void, std::string> create_room(const Room& room) override;
    [[nodiscard]] std::expected<void, std::string> destroy_room(std::int64_t number,
                                                                const std::string& secret) override;
    [[nodiscard]] std::expected<bool, std::string> room_exists(std::int64_t number) override;
    [[nodiscard]] std::expected<void, std::string> add_token(const std::string& token) override;
    [[nodiscard]] std::expected<void, std::string> remove_token(const std::string& token) override;

private:
    struct Target {
        std::string host;
        std::string port;
        std::string path; // "/janus"
    };
    JanusRooms(JanusConfig config, Target target, Target admin);
    [[nodiscard]] static std::expected<Target, std::string> parse(const std::string& url, const char* what);
    [[nodiscard]] std::expected<void, std::string> admin(const char* verb, const std::string& token, bool plugins);

    Target m_target;
    Target m_admin;
    JanusConfig m_config;
};

} // namespace telecentre::backend
