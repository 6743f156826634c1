#include "telecentre/backend/server.hpp"

#include "telecentre/backend/api.hpp"
#include "telecentre/backend/https_server.hpp"
#include "telecentre/backend/sqlite_store.hpp"
#include "telecentre/platform/tls/certificate_authority.hpp"

#include <system_error>

namespace telecentre::backend {

struct Server::Parts {
    std::unique_ptr<Store> store;
    std::unique_ptr<LiveHub> live;
    std::unique_ptr<Api> api;
    std::unique_ptr<HttpsServer> http;
    std::filesystem::path development_ca_file;
};

std::expected<std::unique_ptr<Store>, std::string> open_data_store(const std::filesystem::path& data_dir) {
    std::error_code error;
    std::filesystem::create_directories(data_dir, error);
    if (error) {
        return std::unexpected("cannot create " + data_dir.string() + ": " + error.message());
    }
    // The folder holds the database and private keys: nobody else needs to list it.
    std::filesystem::permissions(data_dir, std::filesystem::perms::owner_all, error);
    auto store = SqliteStore::open(data_dir / "telecentre.db");
    if (!store) {
        return std::unexpected(store.error().message);
    }
    if (auto migrated = (*store)->migrate(); !migrated) {
        return std::unexpected(migrated.error().message);
    }
    return std::unique_ptr<Store>(std::move(*store));
}

std::expected<std::unique_ptr<Server>, std::string> Server::open(ServerConfig config) {
    auto parts = std::make_unique<Parts>();
    auto store = open_data_store(config.data_dir);
    if (!store) {
        return std::unexpected(store.error());
    }
    parts->store = std::move(*store);

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

    parts->live = std::make_unique<LiveHub>(config.live, config.live_log ? std::move(config.live_log)
                                                                         : LiveLogger(log_live_to_stderr));
    parts->api = std::make_unique<Api>(*parts->store, *parts->live, std::move(config.clock));
    auto logger = config.request_log ? std::move(config.request_log) : RequestLogger(log_request_to_stderr);
    Api* api = parts->api.get();
    parts->http = std::make_unique<HttpsServer>(
        std::move(options), [api](const HttpRequest& request) { return api->handle(request); }, std::move(logger),
        [api](const HttpRequest& request) { return api->upgrade(request); });
    return std::unique_ptr<Server>(new Server(std::move(parts)));
}

Server::Server(std::unique_ptr<Parts> parts) : m_parts(std::move(parts)) {}

Server::~Server() {
    // The HTTPS server goes first: its threads call into the API, the hub and the store.
    m_parts->http.reset();
}

std::expected<void, std::string> Server::start() { return m_parts->http->start(); }

std::uint16_t Server::port() const { return m_parts->http->port(); }

void Server::stop() { m_parts->http->stop(); }

Store& Server::store() { return *m_parts->store; }

LiveHub& Server::live() { return *m_parts->live; }

const std::filesystem::path& Server::development_ca_file() const { return m_parts->development_ca_file; }

} // namespace telecentre::backend
