#pragma once
// The telecentre-backend command line:
//   telecentre-backend --data-dir DIR [--database URL] [--listen 127.0.0.1:8443] [--port-file FILE]
//                      [--tls-cert FILE --tls-key FILE] [--demo] [--call-heartbeat SECONDS]
//   telecentre-backend provision-device --data-dir DIR [--database URL] --site SITE --name NAME
//   telecentre-backend issue-calendar-feed --data-dir DIR [--database URL] (--resource ID | --member ID)
//   telecentre-backend add-staff --data-dir DIR [--database URL] --login L --name NAME
//                      --role reception|animateur|admin [--site SITE]      (password on stdin)
// Parsing is separate from running so it can be tested without starting anything.

#include "telecentre/backend/server.hpp"

#include <chrono>
#include <cstdio>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace telecentre::backend {

struct RunCommand {
    std::filesystem::path data_dir;
    std::optional<std::string> database; // absent: SQLite in data_dir
    std::string address = "127.0.0.1";
    std::uint16_t port = 8443;
    std::optional<std::filesystem::path> port_file;
    std::optional<TlsFiles> tls;
    bool demo = false;
    std::vector<std::string> ice_servers;               // --ice-server, for the staff consoles
    std::optional<std::filesystem::path> turn_secret;   // --turn-secret-file
    std::optional<std::filesystem::path> metrics_token; // --metrics-token-file
    std::chrono::seconds call_heartbeat{60};            // --call-heartbeat, see ServerConfig
    // Conference rooms: --janus-http, --janus-admin, --janus-secrets, --janus-ws, --public-url.
    std::optional<std::string> janus_http;
    std::optional<std::string> janus_admin;
    std::optional<std::filesystem::path> janus_secrets;
    std::optional<std::string> janus_ws;
    std::optional<std::string> public_url;
    std::chrono::seconds conference_upkeep{30}; // --conference-upkeep, see ConferenceSettings
};

struct ProvisionDeviceCommand {
    std::filesystem::path data_dir;
    std::optional<std::string> database;
    std::string site;
    std::string name;
};

// A secret calendar URL for a resource (a room's bookings, for its site's staff) or a member.
struct IssueCalendarFeedCommand {
    std::filesystem::path data_dir;
    std::optional<std::string> database;
    CalendarSubject subject;
};

// A staff account for the web console. The password is read from stdin, never taken from the
// command line, where `ps` and the shell's history would show it.
struct AddStaffCommand {
    std::filesystem::path data_dir;
    std::optional<std::string> database;
    std::string login;
    std::string name;
    StaffRole role = StaffRole::reception;
    std::optional<std::string> site;
};

struct HelpCommand {};

using Command =
    std::variant<RunCommand, ProvisionDeviceCommand, IssueCalendarFeedCommand, AddStaffCommand, HelpCommand>;

// `arguments` excludes the program name.
[[nodiscard]] std::expected<Command, std::string> parse_command_line(std::span<const std::string_view> arguments);
[[nodiscard]] std::string usage();

// Runs until SIGINT or SIGTERM; returns the process exit status.
[[nodiscard]] int run_server(const RunCommand& command);
// Prints the new device's token on stdout; returns the process exit status.
[[nodiscard]] int run_provision_device(const ProvisionDeviceCommand& command);
// Prints the feed's path (/calendar/<secret>.ics) on stdout; returns the process exit status.
[[nodiscard]] int run_issue_calendar_feed(const IssueCalendarFeedCommand& command);
// Reads the password (one line) from `password_input` (stdin in main; without echo when it is a
// terminal), prints the new account's id on stdout; returns the process exit status.
[[nodiscard]] int run_add_staff(const AddStaffCommand& command, std::FILE* password_input);

} // namespace telecentre::backend
