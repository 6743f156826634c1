#include "kiosk_config.hpp"

#include "telecentre/media/device_choice.hpp"

#include <fstream>
#include <sstream>
#include <toml++/toml.h>

namespace telecentre::app {
namespace {

struct ConfigError {
    std::string message;
};

class Reader {
public:
    Reader(const toml::table& root, std::filesystem::path base) : m_root(root), m_base(std::move(base)) {}

    std::string text(const char* key, std::optional<std::string> fallback = std::nullopt) const {
        auto node = m_root.at_path(key);
        if (!node) {
            if (fallback) {
                return *fallback;
            }
            throw ConfigError{std::string(key) + ": missing (required)"};
        }
        auto value = node.value<std::string>();
        if (!value) {
            throw ConfigError{std::string(key) + ": must be a string"};
        }
        return *value;
    }

    std::int64_t integer(const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
        auto node = m_root.at_path(key);
        if (!node) {
            return fallback;
        }
        auto value = node.value<std::int64_t>();
        if (!value || node.type() != toml::node_type::integer) {
            throw ConfigError{std::string(key) + ": must be an integer"};
        }
        if (*value < min || *value > max) {
            throw ConfigError{std::string(key) + ": must be between " + std::to_string(min) + " and " +
                              std::to_string(max)};
        }
        return *value;
    }

    bool boolean(const char* key, bool fallback) const {
        auto node = m_root.at_path(key);
        if (!node) {
            return fallback;
        }
        auto value = node.value<bool>();
        if (!value || node.type() != toml::node_type::boolean) {
            throw ConfigError{std::string(key) + ": must be true or false"};
        }
        return *value;
    }

    std::filesystem::path path(const char* key, std::optional<std::string> fallback = std::nullopt) const {
        const std::filesystem::path value = text(key, std::move(fallback));
        if (value.empty()) {
            return value;
        }
        return value.is_absolute() ? value : (m_base / value).lexically_normal();
    }

    std::vector<std::string> texts(const char* key) const {
        std::vector<std::string> values;
        auto node = m_root.at_path(key);
        if (!node) {
            return values;
        }
        const auto* array = node.as_array();
        if (!array) {
            throw ConfigError{std::string(key) + ": must be a list of strings"};
        }
        for (const auto& item : *array) {
            auto value = item.value<std::string>();
            if (!value) {
                throw ConfigError{std::string(key) + ": must be a list of strings"};
            }
            values.push_back(*value);
        }
        return values;
    }

private:
    const toml::table& m_root;
    std::filesystem::path m_base;
};

bool is_site_id(const std::string& site) {
    if (site.empty() || site.size() > 64) {
        return false;
    }
    for (char c : site) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;
        }
    }
    return true;
}

KioskConfig read(const toml::table& root, const std::filesystem::path& base) {
    const Reader reader{root, base};
    KioskConfig config;
    config.site = reader.text("kiosk.site");
    if (!is_site_id(config.site)) {
        throw ConfigError{"kiosk.site: a site id in lower case, digits and '-' (e.g. \"murat\")"};
    }
    const auto role = reader.text("kiosk.role", "reception");
    if (role == "reception") {
        config.role = KioskRole::reception;
    } else if (role == "room") {
        config.role = KioskRole::room;
    } else {
        throw ConfigError{"kiosk.role: must be \"reception\" or \"room\""};
    }
    config.resource = reader.text("kiosk.resource", "");
    config.conference_auto_start = reader.boolean("conference.auto_start", false);
    if (config.role == KioskRole::room && !is_site_id(config.resource)) {
        throw ConfigError{"kiosk.resource: the id of the room this terminal stands in (e.g. \"murat-salle-1\"), "
                          "required with role = \"room\""};
    }
    config.language = reader.text("kiosk.language", "fr");
    if (config.language != "fr" && config.language != "en") {
        throw ConfigError{"kiosk.language: must be \"fr\" or \"en\""};
    }
    config.display = reader.boolean("kiosk.fullscreen", true) ? DisplayMode::fullscreen : DisplayMode::windowed;

    const auto url = reader.text("backend.url");
    constexpr std::string_view kScheme = "https://";
    if (!url.starts_with(kScheme)) {
        throw ConfigError{"backend.url: must start with https:// (the kiosk only talks TLS)"};
    }
    auto authority = url.substr(kScheme.size());
    if (auto slash = authority.find('/'); slash != std::string::npos) {
        if (authority.substr(slash) != "/") {
            throw ConfigError{"backend.url: give only scheme, host and port (e.g. https://backend.example:8443)"};
        }
        authority.resize(slash);
    }
    if (auto colon = authority.rfind(':'); colon != std::string::npos && authority.find(']') == std::string::npos) {
        config.backend_host = authority.substr(0, colon);
        config.backend_port = authority.substr(colon + 1);
        const bool digits = !config.backend_port.empty() &&
                            config.backend_port.find_first_not_of("0123456789") == std::string::npos &&
                            config.backend_port.size() <= 5 && std::stoi(config.backend_port) <= 65535;
        if (!digits) {
            throw ConfigError{"backend.url: the port must be a number up to 65535"};
        }
    } else {
        config.backend_host = authority;
    }
    if (config.backend_host.empty()) {
        throw ConfigError{"backend.url: missing the host name"};
    }
    config.ca_file = reader.path("backend.ca_file");
    config.device_token_file = reader.path("backend.device_token_file");
    config.connect_timeout = std::chrono::milliseconds{reader.integer("backend.connect_timeout_ms", 3000, 100, 60000)};
    config.request_timeout = std::chrono::milliseconds{reader.integer("backend.request_timeout_ms", 5000, 100, 120000)};

    config.retry_max = std::chrono::milliseconds{reader.integer("backend.retry_max_ms", 30000, 1000, 600000)};
    config.cache_refresh =
        std::chrono::milliseconds{reader.integer("backend.cache_refresh_ms", 300000, 1000, 86400000)};

    config.reader_connstring = reader.text("reader.connstring");
    if (!config.reader_connstring.starts_with("pn532_uart:") && !config.reader_connstring.starts_with("pn532_i2c:") &&
        !config.reader_connstring.starts_with("pn532_spi:") && !config.reader_connstring.starts_with("acr122") &&
        !config.reader_connstring.starts_with("pn53x_usb")) {
        throw ConfigError{"reader.connstring: a libnfc connstring, e.g. \"pn532_uart:/dev/ttyUSB0\""};
    }
    config.storage_directory = reader.path("storage.directory");
    config.demo_control_socket = reader.path("demo.control_socket", "");
    config.demo_badges = reader.texts("demo.badges");
    config.demo_local_bookings = reader.boolean("demo.local_bookings", false);

    auto& reception = config.reception;
    reception.enabled = reader.boolean("reception.enabled", false);
    reception.phone = reader.text("reception.phone", "");
    reception.hours = reader.text("reception.hours", "");
    // The rules are checked here; KioskCall applies them to the devices plugged in (DeviceWatcher).
    const auto device_rule = [&](const char* key, media::DeviceKind kind, const char* fallback) {
        std::string text = reader.text(key, fallback);
        if (auto rule = media::parse_device_rule(kind, text); !rule) {
            throw ConfigError{std::string{key} + ": " + rule.error()};
        }
        return text;
    };
    reception.camera = device_rule("reception.camera", media::DeviceKind::camera, "test");
    reception.microphone = device_rule("reception.microphone", media::DeviceKind::microphone, "test");
    reception.speaker = device_rule("reception.speaker", media::DeviceKind::speaker, "pulse");
    reception.stun = reader.text("reception.stun", "");
    reception.turn = reader.texts("reception.turn");
    reception.ice_addresses = reader.texts("reception.ice_addresses");
    reception.help_after = std::chrono::seconds{reader.integer("reception.help_after_s", 8, 0, 300)};
    reception.connecting_timeout = std::chrono::seconds{reader.integer("reception.connecting_timeout_s", 15, 5, 120)};
    reception.receive_video_kbps = static_cast<int>(reader.integer("reception.receive_video_kbps", 1500, 0, 20000));
    return config;
}

} // namespace

std::expected<KioskConfig, std::string> parse_kiosk_config(std::string_view text, const std::filesystem::path& base) {
    try {
        const toml::table root = toml::parse(text);
        return read(root, base);
    } catch (const toml::parse_error& error) {
        std::ostringstream message;
        message << "line " << error.source().begin.line << ": " << error.description();
        return std::unexpected(message.str());
    } catch (const ConfigError& error) {
        return std::unexpected(error.message);
    }
}

std::expected<KioskConfig, std::string> load_kiosk_config(const std::filesystem::path& file) {
    std::ifstream input(file);
    if (!input) {
        return std::unexpected("cannot read " + file.string());
    }
    std::stringstream content;
    content << input.rdbuf();
    auto config = parse_kiosk_config(content.str(), file.parent_path());
    if (!config) {
        return std::unexpected(file.string() + ": " + config.error());
    }
    return config;
}

} // namespace telecentre::app
