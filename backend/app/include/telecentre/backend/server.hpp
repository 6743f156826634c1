#pragma once
// The whole backend in one object: a data folder (SQLite database, TLS files), the API, the live
// channel's hub and the HTTPS server. main() builds one from the command line; tests build one on 127.0.0.1 port 0
// with a test CA and talk to it over real TLS.
//
// Threading: open(), start() and stop() from one controlling thread; store() and live() are
// thread-safe.

#include "telecentre/backend/booking_service.hpp"
#include "telecentre/backend/checkin_service.hpp"
#include "telecentre/backend/conference_service.hpp"
#include "telecentre/backend/http_types.hpp"
#include "telecentre/backend/ice_servers.hpp"
#include "telecentre/backend/live_hub.hpp"
#include "telecentre/backend/pg_store.hpp"
#include "telecentre/backend/reception_channel.hpp"
#include "telecentre/backend/store.hpp"
#include "telecentre/backend/websocket.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace telecentre::backend {

struct TlsFiles {
    std::filesystem::path certificate_chain; // PEM, server certificate first
    std::filesystem::path private_key;       // PEM
};

// Conference rooms (docs/conference.md): where Janus is, for the backend (its HTTP API, on
// loopback, with its API secret) and for terminals and guests (its WebSocket API).
struct ConferenceSettings {
    std::string janus_http;         // "http://127.0.0.1:8088/janus"
    std::string janus_admin;        // "http://127.0.0.1:7088/admin" (tokens)
    std::string janus_api_secret;   // never logged
    std::string janus_admin_secret; // never logged
    std::string janus_ws;           // "wss://host/janus" (behind TLS in production)
    std::string public_url;         // the backend as guests reach it (guest links); empty: the request's Host
    // How often ended rooms are destroyed and lost ones made again (0: never; tests call
    // Server::maintain_conferences themselves).
    std::chrono::seconds maintain_interval{30};
    std::shared_ptr<SfuRooms> sfu; // tests: rooms here instead of Janus's HTTP API
};

struct ServerConfig {
    std::filesystem::path data_dir;
    // Absent: SQLite in DIR/telecentre.db. A PostgreSQL URL or conninfo: that database (see
    // open_data_store).
    std::optional<std::string> database;
    std::string address = "127.0.0.1";
    std::uint16_t port = 8443; // 0: ephemeral, see Server::port()
    // Absent: DIR/tls/{ca.pem,ca-key.pem,server.pem,server-key.pem}, created on first run.
    std::optional<TlsFiles> tls;
    // Request threads. A handler blocks while its write waits for the group commit, so there are
    // more threads than cores: the waiting ones cost no CPU and their writes share one fsync.
    // On PostgreSQL the pool has a connection for each of them and one for the no-show sweeper,
    // so that no request waits for a connection and concurrent commits share the WAL flushes.
    int threads = 16;
    std::chrono::seconds read_timeout{30};
    // Receives one entry per request; empty: log_request_to_stderr.
    std::function<void(const RequestLogEntry&)> request_log;
    // Receives one entry per live session opened or closed; empty: log_live_to_stderr.
    LiveLogger live_log;
    LiveOptions live;
    WebSocketOptions websocket; // queue bounds, ping interval, message limit
    // Stamps recorded_at and is "now" for booking rules; empty: the system clock.
    CheckinService::Clock clock;
    // How often bookings nobody came for are released; 0: never (tests call it themselves).
    std::chrono::seconds no_show_sweep_interval{60};
    // Visio-accueil: the desk's limits, how often unanswered calls are looked for (0: never;
    // tests call tick themselves), and where each ended call goes (empty: the store's calls
    // table, and a line on stderr).
    DeskOptions reception;
    std::chrono::milliseconds reception_tick{1000};
    ReceptionChannel::Records call_log;
    // Calls waiting or in progress are journaled in the store (calls_open) whatever call_log is;
    // this is how often their last_seen_at is refreshed (0: never). A backend killed mid-call
    // leaves records that end at most this long before it died.
    std::chrono::seconds call_heartbeat{60};
    // STUN/TURN servers for the staff consoles (GET /v1/staff/ice-servers); none by default.
    IceServerConfig ice_servers;
    // Callback requests handled longer ago than this are deleted (they hold a visitor's name and
    // phone number), looked for every `callback_purge_interval` (0: never; tests call
    // purge_callbacks themselves).
    std::chrono::hours callback_retention{24 * 30};
    std::chrono::seconds callback_purge_interval{3600};
    // Conference rooms, with the STUN/TURN servers above; absent: their endpoints answer 503.
    std::optional<ConferenceSettings> conferences;
    // GET /metrics (Prometheus) for whoever sends this token; absent: /metrics answers 404.
    std::optional<std::string> metrics_token;
};

// Creates DIR (mode 0700) if needed, opens DIR/telecentre.db and applies the migrations
// (schema, the network's sites, demo members) not applied yet.
// With `database` ("postgresql://..." or "host=... dbname=..."), the store is that PostgreSQL
// database instead, migrated the same way, with up to `connections` connections to it; DIR still
// holds the TLS files and demo tokens.
[[nodiscard]] std::expected<std::unique_ptr<Store>, std::string>
open_data_store(const std::filesystem::path& data_dir, const std::optional<std::string>& database = std::nullopt,
                int connections = PgStore::kDefaultPoolSize);

class Server {
public:
    // Opens the store and, before anything is served, records the calls a previous run that did
    // not stop cleanly left journaled (outcome interrupted; see Store::recover_open_calls).
    [[nodiscard]] static std::expected<std::unique_ptr<Server>, std::string> open(ServerConfig config);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    [[nodiscard]] std::expected<void, std::string> start();
    [[nodiscard]] std::uint16_t port() const;
    void stop();

    [[nodiscard]] Store& store();
    [[nodiscard]] BookingService& bookings();
    // Where services publish to the kiosks of a site (booking changes, later calls).
    [[nodiscard]] LiveHub& live();
    [[nodiscard]] ReceptionChannel& reception();
    // Deletes the callback requests handled before now (the config's clock) minus the retention;
    // logs one line with the count when it deleted any, and returns the count. The purge thread
    // calls it every callback_purge_interval.
    [[nodiscard]] std::expected<int, std::string> purge_callbacks();
    // Destroys the conference rooms whose booking ended (plus grace) and makes again those Janus
    // lost; logs what it did. The conference thread calls it at start and every
    // maintain_interval. Nothing without conferences.
    [[nodiscard]] std::expected<ConferenceMaintenance, std::string> maintain_conferences();
    // The CA certificate kiosks should trust when the backend made its own (empty otherwise).
    [[nodiscard]] const std::filesystem::path& development_ca_file() const;

    struct Parts;

private:
    explicit Server(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> m_parts;
};

} // namespace telecentre::backend
