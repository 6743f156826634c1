#include "telecentre/backend/booking_service.hpp"
#include "telecentre/backend/command_line.hpp"
#include "telecentre/backend/demo.hpp"
#include "telecentre/backend/devices.hpp"
#include "telecentre/backend/pg_store.hpp"
#include "telecentre/backend/staff_service.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pthread.h>
#include <signal.h>
#include <termios.h>
#include <tuple>
#include <unistd.h>

namespace telecentre::backend {
namespace {

wire::TimePoint now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

// Janus's secrets from scripts/janus's secrets.json. The messages name the file, never its content.
std::expected<std::pair<std::string, std::string>, std::string> read_janus_secrets(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::string text;
    if (!in || !std::getline(in, text, '\0')) {
        return std::unexpected("cannot read Janus's secrets from " + path.string());
    }
    const auto document = nlohmann::json::parse(text, nullptr, false);
    const auto secret = [&](const char* name) -> std::string {
        return document.is_object() && document.contains(name) && document[name].is_string()
                   ? document[name].get<std::string>()
                   : std::string();
    };
    auto api = secret("api_secret");
    auto admin = secret("admin_secret");
    if (api.empty() || admin.empty()) {
        return std::unexpected(path.string() + " is not a JSON object with \"api_secret\" and \"admin_secret\"");
    }
    return std::pair{std::move(api), std::move(admin)};
}

// Written through a temporary file and a rename: a script polling for the file never reads a
// half-written port.
bool write_port_file(const std::filesystem::path& path, std::uint16_t port) {
    const auto temporary = path.string() + ".tmp";
    std::FILE* file = std::fopen(temporary.c_str(), "w");
    if (!file) {
        return false;
    }
    const bool written = std::fprintf(file, "%u\n", static_cast<unsigned>(port)) > 0;
    const bool closed = std::fclose(file) == 0;
    return written && closed && std::rename(temporary.c_str(), path.c_str()) == 0;
}

// One line from `input`, without its line ending; echo is off while it is typed on a terminal.
std::optional<std::string> read_password(std::FILE* input) {
    const int fd = ::fileno(input);
    termios saved{};
    const bool terminal = ::isatty(fd) && ::tcgetattr(fd, &saved) == 0;
    if (terminal) {
        std::fputs("password: ", stderr);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        (void)::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    std::string line;
    bool ended = false;
    for (int c = std::fgetc(input); c != EOF; c = std::fgetc(input)) {
        if (c == '\n') {
            ended = true;
            break;
        }
        line.push_back(static_cast<char>(c));
        if (line.size() > kMaxPasswordBytes + 1) {
            break; // refused below by the length rule, without reading an endless stream
        }
    }
    if (terminal) {
        (void)::tcsetattr(fd, TCSAFLUSH, &saved);
        std::fputs("\n", stderr);
    }
    if (!ended && line.empty()) {
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

} // namespace

int run_server(const RunCommand& command) {
    // Block the stop signals before any thread starts, so every server thread inherits the mask
    // and only sigwait() below receives them: no async-signal-safety concerns anywhere.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    ServerConfig config;
    config.data_dir = command.data_dir;
    config.database = command.database;
    // Which database, for the operator; PgStore::describe never includes the password.
    std::fprintf(stderr, "telecentre-backend: data in %s\n",
                 command.database ? PgStore::describe(*command.database).c_str()
                                  : (command.data_dir / "telecentre.db").c_str());
    config.address = command.address;
    config.port = command.port;
    config.tls = command.tls;
    config.ice_servers.urls = command.ice_servers;
    config.call_heartbeat = command.call_heartbeat;
    if (command.turn_secret) {
        std::ifstream in(*command.turn_secret);
        std::getline(in, config.ice_servers.turn_secret);
        if (!in && config.ice_servers.turn_secret.empty()) {
            std::fprintf(stderr, "telecentre-backend: cannot read the TURN secret from %s\n",
                         command.turn_secret->c_str());
            return 1;
        }
    }
    if (command.metrics_token) {
        std::ifstream in(*command.metrics_token);
        std::string token;
        std::getline(in, token);
        if (token.size() < 16) {
            std::fprintf(stderr,
                         "telecentre-backend: the metrics token in %s is missing or shorter than 16 characters\n",
                         command.metrics_token->c_str());
            return 1;
        }
        config.metrics_token = std::move(token);
    }
    if (auto checked = validate(config.ice_servers); !checked) {
        std::fprintf(stderr, "telecentre-backend: %s\n", checked.error().c_str());
        return 1;
    }
    if (command.janus_http) {
        ConferenceSettings conferences;
        conferences.janus_http = *command.janus_http;
        conferences.janus_admin = command.janus_admin.value_or("");
        conferences.janus_ws = command.janus_ws.value_or("");
        conferences.public_url = command.public_url.value_or("");
        conferences.maintain_interval = command.conference_upkeep;
        auto secrets = read_janus_secrets(command.janus_secrets.value_or(""));
        if (!secrets) {
            std::fprintf(stderr, "telecentre-backend: %s\n", secrets.error().c_str());
            return 1;
        }
        std::tie(conferences.janus_api_secret, conferences.janus_admin_secret) = std::move(*secrets);
        config.conferences = std::move(conferences);
    }
    auto server = Server::open(std::move(config));
    if (!server) {
        std::fprintf(stderr, "telecentre-backend: %s\n", server.error().c_str());
        return 1;
    }
    if (command.demo) {
        auto demo = prepare_demo((*server)->store(), command.data_dir, now());
        if (!demo) {
            std::fprintf(stderr, "telecentre-backend: demo setup failed: %s\n", demo.error().c_str());
            return 1;
        }
        for (const auto& kiosk : demo->kiosks) {
            std::fprintf(stderr, "demo: kiosk token for %s in %s%s\n", kiosk.site_id.c_str(), kiosk.token_file.c_str(),
                         kiosk.created ? " (new)" : "");
        }
        // The file's name only: the password itself never goes to a log.
        std::fprintf(stderr, "demo: staff login \"%s\", its password in %s%s\n", demo->reception.login.c_str(),
                     demo->reception.password_file.c_str(), demo->reception.created ? " (new)" : "");
        std::fprintf(stderr, "demo: %d booking(s) added for today\n", demo->bookings_added);
    }
    if (auto started = (*server)->start(); !started) {
        std::fprintf(stderr, "telecentre-backend: %s\n", started.error().c_str());
        return 1;
    }
    const auto port = (*server)->port();
    // The port file first, then the ready line: whichever a script waits for, the other is there.
    if (command.port_file && !write_port_file(*command.port_file, port)) {
        std::fprintf(stderr, "telecentre-backend: cannot write %s\n", command.port_file->c_str());
        (*server)->stop();
        return 1;
    }
    if (!(*server)->development_ca_file().empty()) {
        std::printf("kiosks trust the development CA in %s\n", (*server)->development_ca_file().c_str());
    }
    const bool ipv6 = command.address.find(':') != std::string::npos;
    std::printf("telecentre-backend listening on https://%s%s%s:%u\n", ipv6 ? "[" : "", command.address.c_str(),
                ipv6 ? "]" : "", static_cast<unsigned>(port));
    std::fflush(stdout);

    int received = 0;
    sigwait(&stop_signals, &received);
    std::fprintf(stderr, "telecentre-backend: %s received, stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
    (*server)->stop();
    return 0;
}

int run_provision_device(const ProvisionDeviceCommand& command) {
    auto store = open_data_store(command.data_dir, command.database);
    if (!store) {
        std::fprintf(stderr, "telecentre-backend: %s\n", store.error().c_str());
        return 1;
    }
    auto device = provision_device(**store, command.site, command.name, now());
    if (!device) {
        std::fprintf(stderr, "telecentre-backend: %s\n", device.error().message.c_str());
        return 1;
    }
    // The token goes to stdout alone, so `TOKEN=$(telecentre-backend provision-device ...)` works;
    // the device id goes to stderr for the operator.
    std::fprintf(stderr, "device %s for site %s\n", device->device.id.c_str(), device->device.site_id.c_str());
    std::printf("%s\n", device->token.c_str());
    return 0;
}

int run_issue_calendar_feed(const IssueCalendarFeedCommand& command) {
    auto store = open_data_store(command.data_dir, command.database);
    if (!store) {
        std::fprintf(stderr, "telecentre-backend: %s\n", store.error().c_str());
        return 1;
    }
    BookingService bookings{**store};
    auto token = bookings.issue_calendar_feed(command.subject);
    if (!token) {
        std::fprintf(stderr, "telecentre-backend: %s\n", token.error().message.c_str());
        return 1;
    }
    // The path alone on stdout, for scripts; it is a secret, so nothing else logs it.
    std::printf("/calendar/%s.ics\n", token->c_str());
    return 0;
}

int run_add_staff(const AddStaffCommand& command, std::FILE* password_input) {
    auto password = read_password(password_input);
    if (!password) {
        std::fprintf(stderr, "telecentre-backend: give the password as one line on stdin\n");
        return 1;
    }
    auto store = open_data_store(command.data_dir, command.database);
    if (!store) {
        std::fprintf(stderr, "telecentre-backend: %s\n", store.error().c_str());
        return 1;
    }
    StaffService staff{**store};
    auto added = staff.add_staff(command.login, command.name, command.role, command.site, *password);
    if (!added) {
        std::fprintf(stderr, "telecentre-backend: %s\n", added.error().message.c_str());
        return 1;
    }
    std::fprintf(stderr, "staff %s (%s) added as %s\n", added->login.c_str(), added->display_name.c_str(),
                 std::string(to_string(added->role)).c_str());
    std::printf("%s\n", added->id.c_str());
    return 0;
}

} // namespace telecentre::backend
