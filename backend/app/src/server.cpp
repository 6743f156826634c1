#include "telecentre/backend/server.hpp"

#include "telecentre/backend/api.hpp"
#include "telecentre/backend/crypto.hpp"
#include "telecentre/backend/http_metrics.hpp"
#include "telecentre/backend/https_server.hpp"
#include "telecentre/backend/janus_rooms.hpp"
#include "telecentre/backend/pg_store.hpp"
#include "telecentre/backend/sqlite_store.hpp"
#include "telecentre/platform/tls/certificate_authority.hpp"

#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <stop_token>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace telecentre::backend {

struct Server::Parts {
    std::unique_ptr<Store> store;
    std::unique_ptr<LiveHub> live;
    std::unique_ptr<HttpMetrics> metrics; // read by the API and fed by the server's request log
    std::unique_ptr<Api> api;
    std::unique_ptr<ReceptionChannel> reception;
    std::unique_ptr<HttpsServer> http;
    std::filesystem::path development_ca_file;
    std::chrono::seconds sweep_interval{60};
    std::chrono::milliseconds reception_tick{1000};
    CheckinService::Clock clock;
    std::chrono::hours callback_retention{24 * 30};
    std::chrono::seconds callback_purge_interval{3600};
    std::chrono::seconds call_heartbeat{60};
    std::shared_ptr<SfuRooms> sfu;
    std::chrono::seconds conference_interval{30};
    std::jthread conference_keeper; // destroys ended conference rooms, remakes lost ones
    std::jthread callback_purger;   // deletes callback requests handled longer ago than the retention
    std::jthread call_toucher;      // marks the journaled calls as still going on
    std::jthread reception_ticker;  // ends unanswered calls
    std::jthread sweeper;           // releases no-show bookings; declared last so it stops first
};

namespace {

// Runs `task` every interval until stop is requested; returns at once when it is.
void every(const std::stop_token& stop, std::chrono::milliseconds interval, const std::function<void()>& task) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (true) {
        // Returns early only when stop is requested (the predicate never becomes true).
        (void)wake.wait_for(lock, stop, interval, [] { return false; });
        if (stop.stop_requested()) {
            return;
        }
        task();
    }
}

// Releases the bookings nobody came for. A failure is logged and tried again next time; nothing
// is lost by waiting.
void sweep_no_shows(BookingService& bookings) {
    if (auto released = bookings.release_no_shows(); !released) {
        std::fprintf(stderr, "telecentre-backend: no-show release failed: %s\n", released.error().message.c_str());
    } else if (*released > 0) {
        std::fprintf(stderr, "telecentre-backend: released %d no-show booking(s)\n", *released);
    }
}

// Calls still journaled at start are those of a backend that died without stopping (a clean
// stop records every call as server_restart): they become records before anything is served.
// The count only, like every call log line: nothing of a visitor is in these tables anyway.
std::expected<void, std::string> recover_interrupted_calls(Store& store) {
    auto recovered = store.recover_open_calls();
    if (!recovered) {
        return std::unexpected("cannot record the calls the last run left open: " + recovered.error().message);
    }
    if (*recovered > 0) {
        std::fprintf(stderr, "telecentre-backend: %d call(s) cut by an unclean stop recorded as interrupted\n",
                     *recovered);
    }
    return {};
}

// A failure is logged and tried again at the next heartbeat; the calls go on. Should the backend
// die meanwhile, their records end at the last refresh that worked.
void touch_open_calls(Store& store, wire::TimePoint now) {
    if (auto touched = store.touch_open_calls(now); !touched) {
        std::fprintf(stderr, "telecentre-backend: calls in progress not refreshed: %s\n",
                     touched.error().message.c_str());
    }
}

} // namespace

std::expected<std::unique_ptr<Store>, std::string>
open_data_store(const std::filesystem::path& data_dir, const std::optional<std::string>& database, int connections) {
    std::error_code error;
    std::filesystem::create_directories(data_dir, error);
    if (error) {
        return std::unexpected("cannot create " + data_dir.string() + ": " + error.message());
    }
    // The folder holds the database and private keys: nobody else needs to list it.
    std::filesystem::permissions(data_dir, std::filesystem::perms::owner_all, error);
    std::unique_ptr<Store> store;
    if (database) {
        if (!PgStore::accepts(*database)) {
            return std::unexpected("--database takes a postgresql:// URL or a libpq connection string");
        }
        auto opened = PgStore::open(*database, connections);
        if (!opened) {
            return std::unexpected(opened.error().message);
        }
        store = std::move(*opened);
    } else {
        auto opened = SqliteStore::open(data_dir / "telecentre.db");
        if (!opened) {
            return std::unexpected(opened.error().message);
        }
        store = std::move(*opened);
    }
    if (auto migrated = store->migrate(); !migrated) {
        return std::unexpected(migrated.error().message);
    }
    return store;
}

std::expected<std::unique_ptr<Server>, std::string> Server::open(ServerConfig config) {
    auto parts = std::make_unique<Parts>();
    auto store = open_data_store(config.data_dir, config.database, config.threads + 1);
    if (!store) {
        return std::unexpected(store.error());
    }
    parts->store = std::move(*store);
    if (auto recovered = recover_interrupted_calls(*parts->store); !recovered) {
        return std::unexpected(recovered.error());
    }

    HttpsServerOptions options;
    options.address = config.address;
    options.port = config.port;
    options.threads = config.threads;
    options.read_timeout = config.read_timeout;
    options.websocket = config.websocket;
    if (config.tls) {
        auto identity = platform::tls::read_identity(config.tls->certificate_chain, config.tls->private_key);
        if (!identity) {
            return std::unexpected(identity.error());
        }
        options.certificate_chain_pem = std::move(identity->certificate_pem);
        options.private_key_pem = std::move(identity->private_key_pem);
    } else {
        platform::tls::ServerCertificateOptions names;
        if (config.address != "127.0.0.1" && config.address != "::1" && config.address != "0.0.0.0" &&
            config.address != "::") {
            names.extra_names.push_back(config.address);
        }
        auto pki = platform::tls::ensure_development_pki(config.data_dir / "tls", names);
        if (!pki) {
            return std::unexpected(pki.error());
        }
        options.certificate_chain_pem = std::move(pki->server.certificate_pem);
        options.private_key_pem = std::move(pki->server.private_key_pem);
        parts->development_ca_file = pki->ca_file;
    }

    parts->sweep_interval = config.no_show_sweep_interval;
    parts->live = std::make_unique<LiveHub>(config.live, config.live_log ? std::move(config.live_log)
                                                                         : LiveLogger(log_live_to_stderr));
    CheckinService::Clock clock = config.clock ? config.clock : [] {
        return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    };
    // Site names for the agents' screens, with the town when the name does not say it ("La Cocotte
    // numérique, Murat"): an agent answering for the whole network must know where the visitor is.
    // The network's sites change with a migration, not live.
    std::unordered_map<std::string, std::string> site_names;
    if (auto sites = parts->store->list_sites()) {
        for (const auto& site : *sites) {
            const bool says_town = site.town.empty() || site.name.find(site.town) != std::string::npos;
            site_names.emplace(site.id, says_town ? site.name : site.name + ", " + site.town);
        }
    }
    parts->reception = std::make_unique<ReceptionChannel>(
        *parts->live, config.reception, clock,
        [names = std::move(site_names)](const std::string& site) {
            const auto found = names.find(site);
            return found == names.end() ? site : found->second;
        },
        config.call_log ? std::move(config.call_log)
                        : ReceptionChannel::Records([store = parts->store.get()](const CallRecord& record) {
                              // Each ended call for the statistics; a failure loses that record only.
                              log_call_to_stderr(record);
                              if (auto added = store->add_call(call_row(record)); !added) {
                                  std::fprintf(stderr, "telecentre-backend: call %s not recorded: %s\n",
                                               record.call_id.c_str(), added.error().message.c_str());
                              }
                          }),
        [store = parts->store.get()](const OpenCall& call) {
            // Journaled while it lasts, so that a crash still leaves its record; a failure only
            // loses that (the call goes on, and add_call records it when it ends).
            if (auto journaled = store->journal_call(open_call_row(call)); !journaled) {
                std::fprintf(stderr, "telecentre-backend: call %s not journaled: %s\n", call.call_id.c_str(),
                             journaled.error().message.c_str());
            }
        });
    parts->reception_tick = config.reception_tick;
    parts->clock = clock;
    parts->callback_retention = config.callback_retention;
    parts->callback_purge_interval = config.callback_purge_interval;
    parts->call_heartbeat = config.call_heartbeat;
    parts->api = std::make_unique<Api>(*parts->store, *parts->live, std::move(config.clock));
    parts->api->set_ice_servers(config.ice_servers);
    if (config.conferences) {
        auto& settings = *config.conferences;
        parts->sfu = settings.sfu;
        if (!parts->sfu) {
            auto janus = JanusRooms::make(JanusConfig{settings.janus_http, settings.janus_admin,
                                                      settings.janus_api_secret, settings.janus_admin_secret});
            if (!janus) {
                return std::unexpected(janus.error());
            }
            parts->sfu = std::move(*janus);
        }
        ConferenceConfig conference;
        conference.janus_ws = settings.janus_ws;
        conference.ice = config.ice_servers;
        parts->api->enable_conferences(*parts->sfu, std::move(conference), settings.public_url);
        parts->conference_interval = settings.maintain_interval;
    }
    parts->metrics = std::make_unique<HttpMetrics>();
    if (config.metrics_token) {
        parts->api->enable_metrics(*parts->metrics, sha256_hex(*config.metrics_token));
    }
    auto log = config.request_log ? std::move(config.request_log) : RequestLogger(log_request_to_stderr);
    auto logger = RequestLogger([metrics = parts->metrics.get(), log = std::move(log)](const RequestLogEntry& entry) {
        metrics->observe(entry);
        log(entry);
    });
    Api* api = parts->api.get();
    parts->http = std::make_unique<HttpsServer>(
        std::move(options), [api](const HttpRequest& request) { return api->handle(request); }, std::move(logger),
        [api](const HttpRequest& request) { return api->upgrade(request); });
    return std::unique_ptr<Server>(new Server(std::move(parts)));
}

Server::Server(std::unique_ptr<Parts> parts) : m_parts(std::move(parts)) {}

Server::~Server() {
    // The sweeper and the HTTPS server go first: their threads call into the API, the hub and the
    // store.
    m_parts->sweeper = {};
    m_parts->reception_ticker = {};
    m_parts->call_toucher = {};
    m_parts->callback_purger = {};
    m_parts->conference_keeper = {};
    m_parts->http.reset();
}

std::expected<void, std::string> Server::start() {
    auto started = m_parts->http->start();
    if (started && m_parts->sweep_interval.count() > 0) {
        m_parts->sweeper = std::jthread(
            [&bookings = m_parts->api->bookings(), interval = m_parts->sweep_interval](const std::stop_token& stop) {
                every(stop, interval, [&bookings] { sweep_no_shows(bookings); });
            });
    }
    if (started && m_parts->reception_tick.count() > 0) {
        m_parts->reception_ticker = std::jthread(
            [&reception = *m_parts->reception, interval = m_parts->reception_tick](const std::stop_token& stop) {
                every(stop, interval, [&reception] { reception.tick(); }); // calls nobody accepted in time end
            });
    }
    if (started && m_parts->call_heartbeat.count() > 0) {
        m_parts->call_toucher = std::jthread([&store = *m_parts->store, clock = m_parts->clock,
                                              interval = m_parts->call_heartbeat](const std::stop_token& stop) {
            every(stop, interval, [&store, &clock] { touch_open_calls(store, clock()); });
        });
    }
    if (started && m_parts->callback_purge_interval.count() > 0) {
        m_parts->callback_purger =
            std::jthread([this, interval = m_parts->callback_purge_interval](const std::stop_token& stop) {
                every(stop, interval, [this] { (void)purge_callbacks(); }); // logged there; tried again next time
            });
    }
    if (started && m_parts->sfu && m_parts->conference_interval.count() > 0) {
        m_parts->conference_keeper =
            std::jthread([this, interval = m_parts->conference_interval](const std::stop_token& stop) {
                (void)maintain_conferences(); // Janus may have restarted while the backend was down
                every(stop, interval, [this] { (void)maintain_conferences(); });
            });
    }
    return started;
}

std::expected<ConferenceMaintenance, std::string> Server::maintain_conferences() {
    auto* conferences = m_parts->api->conferences();
    if (conferences == nullptr) {
        return ConferenceMaintenance{};
    }
    auto done = conferences->maintain();
    if (!done) {
        std::fprintf(stderr, "telecentre-backend: conference upkeep failed: %s\n", done.error().message.c_str());
        return std::unexpected(done.error().message);
    }
    if (done->ended > 0 || done->recreated > 0 || done->failed > 0) {
        std::fprintf(stderr,
                     "telecentre-backend: conference rooms: %d ended, %d made again, %d Janus request(s) failed\n",
                     done->ended, done->recreated, done->failed);
    }
    return *done;
}

std::expected<int, std::string> Server::purge_callbacks() {
    auto purged = m_parts->api->callbacks().purge(m_parts->clock() - m_parts->callback_retention);
    if (!purged) {
        std::fprintf(stderr, "telecentre-backend: callback purge failed: %s\n", purged.error().message.c_str());
        return std::unexpected(purged.error().message);
    }
    // The count only: a callback request is personal data, and logs are kept longer than it.
    if (*purged > 0) {
        std::fprintf(stderr, "telecentre-backend: purged %d handled callback request(s)\n", *purged);
    }
    return *purged;
}

std::uint16_t Server::port() const { return m_parts->http->port(); }

void Server::stop() {
    m_parts->sweeper = {};
    m_parts->reception_ticker = {};
    m_parts->call_toucher = {};
    // Calls end as server_restart while their parties can still be told; then the sessions close.
    m_parts->reception->shut_down();
    m_parts->callback_purger = {};
    m_parts->conference_keeper = {};
    m_parts->http->stop();
}

BookingService& Server::bookings() { return m_parts->api->bookings(); }

Store& Server::store() { return *m_parts->store; }

LiveHub& Server::live() { return *m_parts->live; }

ReceptionChannel& Server::reception() { return *m_parts->reception; }

const std::filesystem::path& Server::development_ca_file() const { return m_parts->development_ca_file; }

} // namespace telecentre::backend
