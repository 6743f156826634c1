// Boost 1.74's Asio uses std::exchange without including <utility>, so <utility> comes first.
#include <utility>
// (the comment line keeps clang-format from sorting <utility> after the others)
#include "telecentre/backend/crypto.hpp"
#include "telecentre/backend/janus_rooms.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

// GCC 12 at -O2 reports a "potential null pointer dereference" inside Asio's scheduler, which
// Asio guards by construction (as in backend/http).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop

namespace telecentre::backend {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {

// VideoRoom's error codes (janus_videoroom.c).
constexpr int kNoSuchRoom = 426;
constexpr int kRoomExists = 427;

// One request to Janus, one JSON answer; errors say what failed, never what was sent.
std::expected<json, std::string> post(const std::string& host, const std::string& port, const std::string& target,
                                      const json& body, std::chrono::milliseconds timeout) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    beast::error_code error;
    tcp::resolver resolver(io);
    const auto endpoints =
        resolver.resolve(host, port, tcp::resolver::numeric_host | tcp::resolver::numeric_service, error);
    if (error) {
        return std::unexpected("Janus at " + host + ":" + port + ": " + error.message());
    }
    stream.expires_after(timeout);
    stream.connect(endpoints, error);
    if (error) {
        return std::unexpected("Janus at " + host + ":" + port + ": " + error.message());
    }
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::host, host + ":" + port);
    request.set(http::field::content_type, "application/json");
    request.body() = body.dump();
    request.prepare_payload();
    http::write(stream, request, error);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    if (!error) {
        http::read(stream, buffer, parser, error);
    }
    if (error) {
        return std::unexpected("Janus at " + host + ":" + port + ": " + error.message());
    }
    stream.socket().shutdown(tcp::socket::shutdown_both, error);
    const auto& response = parser.get();
    if (response.result() != http::status::ok) {
        return std::unexpected("Janus answered HTTP " + std::to_string(response.result_int()));
    }
    json answer = json::parse(response.body(), nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
        return std::unexpected("Janus answered something that is not JSON");
    }
    return answer;
}

std::string janus_error(const json& answer) {
    if (answer.contains("error") && answer["error"].is_object()) {
        const auto& error = answer["error"];
        return "Janus error " + std::to_string(error.value("code", 0)) + ": " + error.value("reason", std::string());
    }
    return "Janus answered \"" + answer.value("janus", std::string("?")) + "\"";
}

std::expected<std::int64_t, std::string> success_id(const std::expected<json, std::string>& answer) {
    if (!answer) {
        return std::unexpected(answer.error());
    }
    if (answer->value("janus", std::string()) != "success" || !answer->contains("data") ||
        !(*answer)["data"].contains("id") || !(*answer)["data"]["id"].is_number_integer()) {
        return std::unexpected(janus_error(*answer));
    }
    return (*answer)["data"]["id"].get<std::int64_t>();
}

bool loopback(const std::string& host) {
    beast::error_code error;
    const auto address = asio::ip::make_address(host, error);
    return !error && address.is_loopback();
}

} // namespace

std::expected<JanusRooms::Target, std::string> JanusRooms::parse(const std::string& url, const char* what) {
    constexpr std::string_view kScheme = "http://";
    std::string_view rest = url;
    if (!rest.starts_with(kScheme)) {
        return std::unexpected(std::string("the Janus ") + what +
                               " URL must be http://<loopback address>:<port>/<path>, not \"" + url + "\"");
    }
    rest.remove_prefix(kScheme.size());
    const auto slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    Target target;
    target.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == authority.size()) {
        return std::unexpected(std::string("the Janus ") + what + " URL needs a port: \"" + url + "\"");
    }
    target.host = std::string(authority.substr(0, colon));
    if (target.host.size() > 2 && target.host.front() == '[' && target.host.back() == ']') {
        target.host = target.host.substr(1, target.host.size() - 2);
    }
    target.port = std::string(authority.substr(colon + 1));
    if (!std::ranges::all_of(target.port, [](char c) { return c >= '0' && c <= '9'; }) || target.port.size() > 5) {
        return std::unexpected(std::string("the Janus ") + what + " URL's port is not a number: \"" + url + "\"");
    }
    if (!loopback(target.host)) {
        return std::unexpected(std::string("the Janus ") + what +
                               " URL must name a loopback address (its secret travels in clear): \"" + url + "\"");
    }
    return target;
}

std::expected<std::unique_ptr<JanusRooms>, std::string> JanusRooms::make(JanusConfig config) {
    auto target = parse(config.http_url, "API");
    if (!target) {
        return std::unexpected(target.error());
    }
    auto admin = parse(config.admin_url, "admin");
    if (!admin) {
        return std::unexpected(admin.error());
    }
    return std::unique_ptr<JanusRooms>(new JanusRooms(std::move(config), std::move(*target), std::move(*admin)));
}

JanusRooms::JanusRooms(JanusConfig config, Target target, Target admin)
    : m_target(std::move(target)), m_admin(std::move(admin)), m_config(std::move(config)) {}

namespace {

// One VideoRoom request in a session of its own: create the session, attach the plugin, send the
// request (VideoRoom answers create/destroy/exists synchronously), destroy the session.
struct VideoRoomCall {
    const std::string& host;
    const std::string& port;
    const std::string& path;
    const std::string& secret;
    std::chrono::milliseconds timeout;

    json envelope(const char* verb) const {
        json body{{"janus", verb}, {"transaction", random_hex(8)}};
        if (!secret.empty()) {
            body["apisecret"] = secret;
        }
        return body;
    }

    std::expected<json, std::string> operator()(const json& request) const {
        auto session = success_id(post(host, port, path, envelope("create"), timeout));
        if (!session) {
            return std::unexpected(session.error());
        }
        const std::string session_path = path + "/" + std::to_string(*session);
        auto attach = envelope("attach");
        attach["plugin"] = "janus.plugin.videoroom";
        auto handle = success_id(post(host, port, session_path, attach, timeout));
        std::expected<json, std::string> result = std::unexpected(handle ? std::string() : handle.error());
        if (handle) {
            auto message = envelope("message");
            message["body"] = request;
            auto answer = post(host, port, session_path + "/" + std::to_string(*handle), message, timeout);
            if (!answer) {
                result = std::unexpected(answer.error());
            } else if (answer->value("janus", std::string()) != "success" || !answer->contains("plugindata") ||
                       !(*answer)["plugindata"].contains("data")) {
                result = std::unexpected(janus_error(*answer));
            } else {
                result = (*answer)["plugindata"]["data"];
            }
        }
        (void)post(host, port, session_path, envelope("destroy"), timeout);
        return result;
    }
};

} // namespace

std::expected<void, std::string> JanusRooms::create_room(const Room& room) {
    const VideoRoomCall call{m_target.host, m_target.port, m_target.path, m_config.api_secret, m_config.timeout};
    auto answer = call(json{{"request", "create"},
                            {"admin_key", m_config.api_secret},
                            {"room", room.number},
                            {"secret", room.secret},
                            {"pin", room.pin},
                            {"description", room.description},
                            {"publishers", room.publishers},
                            {"is_private", true},
                            {"permanent", false},
                            {"videocodec", "vp8"},
                            {"audiocodec", "opus"},
                            {"audiolevel_event", true},
                            // A key frame from every publisher every 10 s: a subscriber whose key
                            // frame request got lost (the room terminal's receiver, renegotiated as
                            // guests join) shows the picture within 10 s instead of never.
                            {"fir_freq", 10},
                            {"notify_joining", true}});
    if (!answer) {
        return std::unexpected(answer.error());
    }
    if (answer->value("videoroom", std::string()) == "created" || answer->value("error_code", 0) == kRoomExists) {
        return {};
    }
    return std::unexpected("VideoRoom refused to create room " + std::to_string(room.number) + ": " +
                           answer->value("error", std::string("no reason")));
}

std::expected<void, std::string> JanusRooms::destroy_room(std::int64_t number, const std::string& secret) {
    const VideoRoomCall call{m_target.host, m_target.port, m_target.path, m_config.api_secret, m_config.timeout};
    auto answer = call(json{{"request", "destroy"}, {"room", number}, {"secret", secret}, {"permanent", false}});
    if (!answer) {
        return std::unexpected(answer.error());
    }
    if (answer->value("videoroom", std::string()) == "destroyed" || answer->value("error_code", 0) == kNoSuchRoom) {
        return {};
    }
    return std::unexpected("VideoRoom refused to destroy room " + std::to_string(number) + ": " +
                           answer->value("error", std::string("no reason")));
}

std::expected<bool, std::string> JanusRooms::room_exists(std::int64_t number) {
    const VideoRoomCall call{m_target.host, m_target.port, m_target.path, m_config.api_secret, m_config.timeout};
    auto answer = call(json{{"request", "exists"}, {"room", number}});
    if (!answer) {
        return std::unexpected(answer.error());
    }
    if (!answer->contains("exists") || !(*answer)["exists"].is_boolean()) {
        return std::unexpected("VideoRoom's answer to \"exists\" has no \"exists\"");
    }
    return (*answer)["exists"].get<bool>();
}

std::expected<void, std::string> JanusRooms::admin(const char* verb, const std::string& token, bool plugins) {
    json request{{"janus", verb}, {"token", token}, {"transaction", random_hex(8)}};
    if (plugins) {
        request["plugins"] = json::array({"janus.plugin.videoroom"});
    }
    if (!m_config.admin_secret.empty()) {
        request["admin_secret"] = m_config.admin_secret;
    }
    auto answer = post(m_admin.host, m_admin.port, m_admin.path, request, m_config.timeout);
    if (!answer) {
        return std::unexpected(answer.error());
    }
    if (answer->value("janus", std::string()) != "success") {
        return std::unexpected(janus_error(*answer));
    }
    return {};
}

// Janus answers success for a token it has already.
std::expected<void, std::string> JanusRooms::add_token(const std::string& token) {
    return admin("add_token", token, true);
}

std::expected<void, std::string> JanusRooms::remove_token(const std::string& token) {
    auto removed = admin("remove_token", token, false);
    // Janus says "Error removing token" (490) for one it does not have: gone either way.
    if (!removed && removed.error().find("Error removing token") != std::string::npos) {
        return {};
    }
    return removed;
}

} // namespace telecentre::backend
