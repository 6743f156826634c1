#include "live_state.hpp"

#include <algorithm>
#include <array>

namespace telecentre::backend {
namespace {

// The channel's own message types (live_session.cpp); handlers cannot take them over.
constexpr std::array<std::string_view, 5> kReservedTypes{"auth", "ping", "hello", "pong", "error"};

PublishResult deliver(const std::vector<std::shared_ptr<LiveSession>>& targets, const SharedText& text) {
    PublishResult result;
    for (const auto& session : targets) {
        if (session->deliver(text) == SendOutcome::queued) {
            ++result.queued;
        } else {
            ++result.dropped;
        }
    }
    return result;
}

} // namespace

void LiveHub::State::add(const std::shared_ptr<LiveSession>& session, LiveIdentity& identity) {
    std::lock_guard lock(mutex);
    identity.connection = ++last_connection;
    by_connection.emplace(identity.connection, session);
    if (identity.peer == LivePeer::device) {
        by_site[identity.site_id].push_back(session);
    } else {
        staff.emplace(identity.connection, session);
    }
    ++count;
}

void LiveHub::State::remove(const LiveSession* session, const LiveIdentity& identity) {
    std::lock_guard lock(mutex);
    if (by_connection.erase(identity.connection) > 0 && identity.peer == LivePeer::staff) {
        staff.erase(identity.connection);
        --count;
        return;
    }
    const auto site = by_site.find(identity.site_id);
    if (site == by_site.end()) {
        return;
    }
    auto& sessions = site->second;
    const auto found = std::find_if(sessions.begin(), sessions.end(),
                                    [session](const auto& candidate) { return candidate.get() == session; });
    if (found != sessions.end()) {
        sessions.erase(found);
        --count;
    }
    if (sessions.empty()) {
        by_site.erase(site);
    }
}

void LiveHub::State::tell(const std::vector<LiveSessionListener>& listeners,
                          const LiveIdentity& identity) const noexcept {
    for (const auto& listener : listeners) {
        try {
            listener(identity);
        } catch (...) {
            // A listener that fails must not take the connection down with it.
        }
    }
}

LiveMessageHandler LiveHub::State::handler(const std::string& type) const {
    std::lock_guard lock(mutex);
    const auto found = handlers.find(type);
    return found == handlers.end() ? LiveMessageHandler{} : found->second;
}

void LiveHub::State::log(const LiveLogEntry& entry) const noexcept {
    if (!logger) {
        return;
    }
    try {
        logger(entry);
    } catch (...) {
        // A failing log sink must not take a connection down with it.
    }
}

LiveHub::LiveHub(LiveOptions options, LiveLogger logger) : m_state(std::make_shared<State>()) {
    m_state->options = options;
    m_state->logger = std::move(logger);
}

LiveHub::~LiveHub() = default;

PublishResult LiveHub::publish(std::string_view site_id, std::string json_text) {
    auto text = std::make_shared<const std::string>(std::move(json_text));
    // Sending happens outside the lock, on a copy of the list: a session closing meanwhile
    // only finds its send refused.
    std::vector<std::shared_ptr<LiveSession>> targets;
    {
        std::lock_guard lock(m_state->mutex);
        const auto site = m_state->by_site.find(std::string(site_id));
        if (site != m_state->by_site.end()) {
            targets = site->second;
        }
    }
    return deliver(targets, text);
}

PublishResult LiveHub::publish_all(std::string json_text) {
    auto text = std::make_shared<const std::string>(std::move(json_text));
    std::vector<std::shared_ptr<LiveSession>> targets;
    {
        std::lock_guard lock(m_state->mutex);
        targets.reserve(m_state->count);
        for (const auto& [site, sessions] : m_state->by_site) {
            targets.insert(targets.end(), sessions.begin(), sessions.end());
        }
    }
    return deliver(targets, text);
}

PublishResult LiveHub::publish_staff(std::string json_text) {
    auto text = std::make_shared<const std::string>(std::move(json_text));
    std::vector<std::shared_ptr<LiveSession>> targets;
    {
        std::lock_guard lock(m_state->mutex);
        targets.reserve(m_state->staff.size());
        for (const auto& [connection, session] : m_state->staff) {
            targets.push_back(session);
        }
    }
    return deliver(targets, text);
}

SendOutcome LiveHub::send_to(ConnectionId connection, std::string json_text) {
    std::shared_ptr<LiveSession> target;
    {
        std::lock_guard lock(m_state->mutex);
        const auto found = m_state->by_connection.find(connection);
        if (found == m_state->by_connection.end()) {
            return SendOutcome::closed;
        }
        target = found->second;
    }
    return target->deliver(std::make_shared<const std::string>(std::move(json_text)));
}

void LiveHub::add_open_listener(LiveSessionListener listener) {
    std::lock_guard lock(m_state->mutex);
    m_state->open_listeners.push_back(std::move(listener));
}

void LiveHub::add_close_listener(LiveSessionListener listener) {
    std::lock_guard lock(m_state->mutex);
    m_state->close_listeners.push_back(std::move(listener));
}

std::size_t LiveHub::session_count() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->count;
}

std::size_t LiveHub::session_count(std::string_view site_id) const {
    std::lock_guard lock(m_state->mutex);
    const auto site = m_state->by_site.find(std::string(site_id));
    return site == m_state->by_site.end() ? 0 : site->second.size();
}

std::expected<void, std::string> LiveHub::add_message_handler(std::string type, LiveMessageHandler handler) {
    if (type.empty() || std::find(kReservedTypes.begin(), kReservedTypes.end(), type) != kReservedTypes.end()) {
        return std::unexpected("\"" + type + "\" is not a type a handler may take");
    }
    if (!handler) {
        return std::unexpected("no handler given for \"" + type + "\"");
    }
    std::lock_guard lock(m_state->mutex);
    if (!m_state->handlers.emplace(std::move(type), std::move(handler)).second) {
        return std::unexpected("that type has a handler already");
    }
    return {};
}

WebSocketAcceptance LiveHub::accept(LiveIdentity identity) {
    WebSocketAcceptance acceptance;
    acceptance.device_id = identity.peer == LivePeer::staff ? "staff:" + identity.staff_id : identity.device_id;
    acceptance.peer = std::make_shared<LiveSession>(m_state, std::move(identity), LiveAuthenticator{});
    return acceptance;
}

WebSocketAcceptance LiveHub::accept_with_auth_message(LiveAuthenticator authenticate) {
    WebSocketAcceptance acceptance;
    acceptance.peer = std::make_shared<LiveSession>(m_state, std::nullopt, std::move(authenticate));
    acceptance.first_message =
        WebSocketAcceptance::FirstMessageDeadline{m_state->options.auth_timeout, "authentication timed out"};
    return acceptance;
}

} // namespace telecentre::backend
