#include "telecentre/backend/command_line.hpp"

#include "telecentre/backend/ice_servers.hpp"
#include "telecentre/backend/pg_store.hpp"

#include <charconv>
#include <tuple>

namespace telecentre::backend {
namespace {

// "127.0.0.1:8443", "[::1]:8443" or "localhost:8443" (a name is not resolved: IP addresses only).
std::expected<std::pair<std::string, std::uint16_t>, std::string> parse_listen(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return std::unexpected("--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8443 or [::1]:8443");
    }
    auto host = text.substr(0, colon);
    const auto digits = text.substr(colon + 1);
    if (host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    unsigned port = 0;
    const auto [end, problem] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || problem != std::errc() || end != digits.data() + digits.size() || port > 65535) {
        return std::unexpected("--listen: the port must be a number from 0 to 65535");
    }
    if (host == "localhost") {
        host = "127.0.0.1";
    }
    return std::pair{std::string(host), static_cast<std::uint16_t>(port)};
}

// Whole seconds from 1 to an hour.
std::expected<std::chrono::seconds, std::string> parse_heartbeat(std::string_view text) {
    unsigned seconds = 0;
    const auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || problem != std::errc() || end != text.data() + text.size() || seconds < 1 || seconds > 3600) {
        return std::unexpected("--call-heartbeat takes a number of seconds from 1 to 3600");
    }
    return std::chrono::seconds{seconds};
}

} // namespace

std::string usage() {
    return "usage:\n"
           "  telecentre-backend --data-dir DIR [--database URL] [--listen 127.0.0.1:8443] [--port-file FILE]\n"
           "                     [--tls-cert FILE --tls-key FILE] [--demo]\n"
           "                     [--ice-server stun:HOST:PORT | turn:HOST:PORT ...] [--turn-secret-file FILE]\n"
           "                     [--call-heartbeat SECONDS] [--metrics-token-file FILE]\n"
           "                     [--janus-http http://127.0.0.1:PORT/janus --janus-admin http://127.0.0.1:PORT/admin\n"
           "                      --janus-secrets FILE --janus-ws wss://HOST/janus] [--public-url https://HOST]\n"
           "                     [--conference-upkeep SECONDS]\n"
           "  telecentre-backend provision-device --data-dir DIR [--database URL] --site SITE --name NAME\n"
           "  telecentre-backend issue-calendar-feed --data-dir DIR [--database URL] (--resource ID | --member ID)\n"
           "  telecentre-backend add-staff --data-dir DIR [--database URL] --login LOGIN --name NAME\n"
           "                     --role reception|animateur|admin [--site SITE]   (reads the password on stdin)\n"
           "\n"
           "Without --database the data is a SQLite file in DIR. --database postgresql://USER@HOST/DB (or a\n"
           "libpq connection string such as \"host=... dbname=...\") keeps it in PostgreSQL instead; a password\n"
           "is better given in ~/.pgpass or PGPASSWORD than on the command line.\n"
           "Without --tls-cert/--tls-key the backend makes a development CA and certificate in DIR/tls.\n"
           "--demo writes a kiosk token per site into DIR/devices/<site>.token and books today for the\n"
           "demo members. --port-file receives the listening port once the server accepts connections.\n"
           "issue-calendar-feed prints the path of a new secret iCalendar feed (append it to the backend's\n"
           "https:// address); whoever has the URL can read the feed.\n"
           "add-staff reads the new account's password (at least 10 characters) as one line on stdin and\n"
           "prints the account's id; an animateur needs --site.\n"
           "--ice-server (repeatable) gives the staff consoles' browsers a STUN or TURN server; a TURN server\n"
           "needs --turn-secret-file, the secret shared with it (coturn's static-auth-secret), from which each\n"
           "console gets credentials that expire after 12 hours.\n"
           "--call-heartbeat (default 60) is how often the visio-accueil calls in progress are marked as still\n"
           "going on; after a crash, their records end at the last mark.\n"
           "--janus-http turns conference rooms on: Janus's HTTP API and --janus-admin its admin API, both on a\n"
           "loopback address, with the secrets of --janus-secrets (scripts/janus's secrets.json: api_secret,\n"
           "admin_secret); --janus-ws is Janus's WebSocket API as room terminals and guests reach it.\n"
           "--public-url starts the guest links (default: the address the terminal used). --conference-upkeep\n"
           "(default 30) is how often rooms whose booking ended are destroyed and rooms Janus lost are made again.\n"
           "--metrics-token-file turns GET /metrics on (Prometheus's text format) for whoever sends the file's\n"
           "first line (16 characters at least) as Authorization: Bearer; /healthz needs no token.\n";
}

std::expected<Command, std::string> parse_command_line(std::span<const std::string_view> arguments) {
    const bool provisioning = !arguments.empty() && arguments.front() == "provision-device";
    const bool feed = !arguments.empty() && arguments.front() == "issue-calendar-feed";
    const bool staff = !arguments.empty() && arguments.front() == "add-staff";
    if (provisioning || feed || staff) {
        arguments = arguments.subspan(1);
    }
    const bool serving = !provisioning && !feed && !staff;
    RunCommand run;
    ProvisionDeviceCommand provision;
    IssueCalendarFeedCommand calendar;
    AddStaffCommand account;
    bool role_given = false;
    int subjects = 0;
    std::optional<std::filesystem::path> certificate, key;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const auto option = arguments[i];
        if (option == "--help" || option == "-h") {
            return HelpCommand{};
        }
        if (option == "--password") {
            return std::unexpected("the password is read from stdin, never from the command line");
        }
        if (option == "--demo" && serving) {
            run.demo = true;
            continue;
        }
        if (i + 1 >= arguments.size()) {
            return std::unexpected("unknown option or missing value: " + std::string(option));
        }
        const std::string value(arguments[++i]);
        if (option == "--data-dir") {
            run.data_dir = provision.data_dir = value;
        } else if (option == "--database") {
            run.database = provision.database = value;
        } else if (provisioning && option == "--site") {
            provision.site = value;
        } else if (provisioning && option == "--name") {
            provision.name = value;
        } else if (staff && option == "--login") {
            account.login = value;
        } else if (staff && option == "--name") {
            account.name = value;
        } else if (staff && option == "--role") {
            const auto role = staff_role_from(value);
            if (!role) {
                return std::unexpected("--role is one of reception, animateur, admin");
            }
            account.role = *role;
            role_given = true;
        } else if (staff && option == "--site") {
            account.site = value;
        } else if (feed && (option == "--resource" || option == "--member")) {
            calendar.subject = {option == "--resource" ? CalendarSubjectKind::resource : CalendarSubjectKind::member,
                                value};
            ++subjects;
        } else if (serving && option == "--listen") {
            auto listen = parse_listen(value);
            if (!listen) {
                return std::unexpected(listen.error());
            }
            std::tie(run.address, run.port) = *listen;
        } else if (serving && option == "--port-file") {
            run.port_file = value;
        } else if (serving && option == "--tls-cert") {
            certificate = value;
        } else if (serving && option == "--tls-key") {
            key = value;
        } else if (serving && option == "--ice-server") {
            run.ice_servers.push_back(value);
        } else if (serving && option == "--turn-secret-file") {
            run.turn_secret = value;
        } else if (serving && option == "--metrics-token-file") {
            run.metrics_token = value;
        } else if (serving && option == "--janus-http") {
            run.janus_http = value;
        } else if (serving && option == "--janus-admin") {
            run.janus_admin = value;
        } else if (serving && option == "--janus-secrets") {
            run.janus_secrets = value;
        } else if (serving && option == "--janus-ws") {
            if (!value.starts_with("ws://") && !value.starts_with("wss://")) {
                return std::unexpected("--janus-ws takes a ws:// or wss:// URL");
            }
            run.janus_ws = value;
        } else if (serving && option == "--public-url") {
            if (!value.starts_with("https://") || value.ends_with("/")) {
                return std::unexpected("--public-url takes https://HOST[:PORT], without a trailing /");
            }
            run.public_url = value;
        } else if (serving && option == "--conference-upkeep") {
            auto upkeep = parse_heartbeat(value);
            if (!upkeep) {
                return std::unexpected("--conference-upkeep takes a number of seconds from 1 to 3600");
            }
            run.conference_upkeep = *upkeep;
        } else if (serving && option == "--call-heartbeat") {
            auto heartbeat = parse_heartbeat(value);
            if (!heartbeat) {
                return std::unexpected(heartbeat.error());
            }
            run.call_heartbeat = *heartbeat;
        } else {
            return std::unexpected("unknown option: " + std::string(option));
        }
    }
    if (run.data_dir.empty()) {
        return std::unexpected("--data-dir is required");
    }
    if (run.database && !PgStore::accepts(*run.database)) {
        return std::unexpected("--database takes a postgresql:// URL or a libpq connection string (key=value ...)");
    }
    if (provisioning) {
        if (provision.site.empty() || provision.name.empty()) {
            return std::unexpected("provision-device needs --site and --name");
        }
        return provision;
    }
    if (staff) {
        if (account.login.empty() || account.name.empty() || !role_given) {
            return std::unexpected("add-staff needs --login, --name and --role");
        }
        if (account.role == StaffRole::animateur && !account.site) {
            return std::unexpected("add-staff: an animateur needs --site");
        }
        account.data_dir = run.data_dir;
        account.database = run.database;
        return account;
    }
    if (feed) {
        if (subjects != 1 || calendar.subject.id.empty()) {
            return std::unexpected("issue-calendar-feed needs one --resource ID or one --member ID");
        }
        calendar.data_dir = run.data_dir;
        calendar.database = run.database;
        return calendar;
    }
    const int janus_options = int{run.janus_http.has_value()} + int{run.janus_admin.has_value()} +
                              int{run.janus_secrets.has_value()} + int{run.janus_ws.has_value()};
    if (janus_options != 0 && janus_options != 4) {
        return std::unexpected("--janus-http, --janus-admin, --janus-secrets and --janus-ws go together");
    }
    if (certificate.has_value() != key.has_value()) {
        return std::unexpected("--tls-cert and --tls-key go together");
    }
    if (certificate) {
        run.tls = TlsFiles{*certificate, *key};
    }
    // The URLs are checked here; the secret, once read from its file, when the server starts.
    IceServerConfig ice;
    ice.urls = run.ice_servers;
    ice.turn_secret = run.turn_secret ? "(from the file)" : "";
    if (auto checked = validate(ice); !checked) {
        return std::unexpected(checked.error());
    }
    return run;
}

} // namespace telecentre::backend
