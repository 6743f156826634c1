#include "live_state.hpp"
#include "telecentre/wire/live_codec.hpp"

namespace telecentre::backend {
namespace {

constexpr auto kPolicyViolation = static_cast<std::uint16_t>(wire::LiveCloseCode::policy_violation);

// Who a log line is about: the device, or "staff:<id>" for a console.
std::string log_name(const LiveIdentity& identity) {
    return identity.peer == LivePeer::staff ? "staff:" + identity.staff_id : identity.device_id;
}

// A client-chosen type echoed in an error stays short.
std::string quoted_type(const std::string& type) { return "\"" + type.substr(0, 64) + "\""; }

} // namespace

LiveSession::LiveSession(std::shared_ptr<LiveHub::State> hub, std::optional<LiveIdentity> identity,
                         LiveAuthenticator authenticate)
    : m_hub(std::move(hub)), m_identity(std::move(identity)), m_authenticate(std::move(authenticate)) {}

void LiveSession::on_open(const std::shared_ptr<WebSocketConnection>& connection) {
    m_connection = connection;
    m_opened_at = std::chrono::steady_clock::now();
    if (m_identity) {
        greet();
    }
}

void LiveSession::on_message(MessageKind kind, std::string_view payload) {
    if (m_identity) {
        handle(kind, payload);
    } else {
        authenticate(kind, payload);
    }
}

void LiveSession::on_closed(const WebSocketClosed& closed) {
    if (m_registered) {
        m_hub->remove(this, *m_identity);
        m_registered = false;
        m_hub->tell(m_hub->close_listeners, *m_identity);
    }
    LiveLogEntry entry;
    entry.event = LiveLogEntry::Event::closed;
    if (m_identity) {
        entry.device_id = log_name(*m_identity);
        entry.site_id = m_identity->site_id;
    }
    entry.duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_opened_at);
    entry.close_code = closed.code;
    entry.reason = closed.reason;
    m_hub->log(entry);
}

SendOutcome LiveSession::deliver(const SharedText& text) const {
    const auto connection = m_connection.lock();
    return connection ? connection->send_text(text) : SendOutcome::closed;
}

// Browsers cannot set headers on a WebSocket, so a connection may authenticate with its first
// message instead; the token goes through the same check as a bearer header. Anything else
// first is closed: an unauthenticated client gets no second chance on the same connection.
void LiveSession::authenticate(MessageKind kind, std::string_view payload) {
    const auto token = kind == MessageKind::text ? wire::decode_live_auth(payload)
                                                 : std::expected<std::string, std::string>(std::unexpected("binary"));
    if (!token) {
        return close(kPolicyViolation, R"(authenticate first: {"type":"auth","token":"..."})");
    }
    auto identity = m_authenticate ? m_authenticate(*token)
                                   : std::unexpected(LiveAuthFailure{kPolicyViolation, "not authenticated"});
    if (!identity) {
        return close(identity.error().close_code, identity.error().reason);
    }
    m_identity = std::move(*identity);
    greet();
}

void LiveSession::handle(MessageKind kind, std::string_view payload) {
    if (kind != MessageKind::text) {
        return send(wire::encode(wire::LiveError{"invalid_message", "messages are JSON text, not binary"}));
    }
    auto type = wire::live_message_type(payload);
    if (!type) {
        return send(wire::encode(type.error()));
    }
    if (*type == "ping") {
        return send(wire::encode_live_pong());
    }
    if (*type == "auth") {
        return send(wire::encode(wire::LiveError{"already_authenticated", "this connection is authenticated"}));
    }
    const auto handler = m_hub->handler(*type);
    if (!handler) {
        return send(wire::encode(wire::LiveError{"unknown_type", "unknown message type " + quoted_type(*type)}));
    }
    if (auto handled = handler(*m_identity, payload); !handled) {
        send(wire::encode(wire::LiveError{"refused", handled.error()}));
    }
}

// The hello is queued before the session joins its site, so it is always the first message.
void LiveSession::greet() {
    send(wire::encode(wire::LiveHello{m_identity->site_id, m_identity->device_id}));
    m_hub->add(shared_from_this(), *m_identity);
    m_registered = true;
    m_hub->log(LiveLogEntry{LiveLogEntry::Event::opened, log_name(*m_identity), m_identity->site_id, {}, 0, {}});
    m_hub->tell(m_hub->open_listeners, *m_identity);
}

void LiveSession::send(std::string text) const { (void)deliver(std::make_shared<const std::string>(std::move(text))); }

void LiveSession::close(std::uint16_t code, std::string reason) const {
    if (const auto connection = m_connection.lock()) {
        connection->close(code, std::move(reason));
    }
}

} // namespace telecentre::backend
