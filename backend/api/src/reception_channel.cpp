#include "telecentre/backend/reception_channel.hpp"

#include "telecentre/backend/crypto.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/reception_codec.hpp"

#include <cstdio>

namespace telecentre::backend {
namespace {

std::expected<void, std::string> refuse(std::string why) { return std::unexpected(std::move(why)); }

} // namespace

ReceptionChannel::ReceptionChannel(LiveHub& live, DeskOptions options, Clock clock, SiteNames site_names,
                                   Records records, Progress progress)
    : m_live(live), m_clock(std::move(clock)), m_site_names(std::move(site_names)),
      m_desk(
          options, [] { return "call_" + random_hex(12); }, std::move(records), std::move(progress)) {
    const auto kiosk_of = [this](const LiveIdentity& from) {
        return DeskKiosk{from.connection, from.device_id, from.site_id, m_site_names(from.site_id)};
    };
    const auto add = [this](std::string type, LiveMessageHandler handler) {
        if (auto added = m_live.add_message_handler(std::move(type), std::move(handler)); !added) {
            std::fprintf(stderr, "telecentre-backend: %s\n", added.error().c_str());
        }
    };
    add("call.request", [this, kiosk_of](const LiveIdentity& from, std::string_view text) {
        if (from.peer != LivePeer::device) {
            return refuse("only a kiosk asks for a call");
        }
        auto request = wire::decode_call_request(text);
        if (!request) {
            return refuse(request.error());
        }
        std::lock_guard lock(m_mutex);
        return sent(m_desk.request(kiosk_of(from), *request, m_clock()));
    });
    for (const char* type : {"call.cancel", "call.hangup"}) {
        add(type, [this, type](const LiveIdentity& from, std::string_view text) {
            auto ref = wire::decode_call_ref(text, type);
            if (!ref) {
                return refuse(ref.error());
            }
            std::lock_guard lock(m_mutex);
            return sent(m_desk.hang_up(from.connection, *ref, m_clock()));
        });
    }
    add("call.accept", [this](const LiveIdentity& from, std::string_view text) {
        auto ref = wire::decode_call_ref(text, "call.accept");
        if (!ref) {
            return refuse(ref.error());
        }
        std::lock_guard lock(m_mutex);
        return sent(m_desk.accept(from.connection, *ref, m_clock()));
    });
    add("agent.status", [this](const LiveIdentity& from, std::string_view text) {
        auto status = wire::decode_agent_status(text);
        if (!status) {
            return refuse(status.error());
        }
        std::lock_guard lock(m_mutex);
        return sent(m_desk.agent_status(from.connection, *status));
    });
    add("call.signal", [this](const LiveIdentity& from, std::string_view text) {
        auto signal = wire::decode_call_signal(text);
        if (!signal) {
            return refuse(signal.error());
        }
        std::lock_guard lock(m_mutex);
        return sent(m_desk.signal(from.connection, *signal));
    });
    m_live.add_open_listener([this](const LiveIdentity& session) {
        // Reception agents and administrators answer calls; an animateur's console does not ring.
        if (session.peer == LivePeer::staff && (session.staff_role == "reception" || session.staff_role == "admin")) {
            std::lock_guard lock(m_mutex);
            send(m_desk.agent_connected(DeskAgent{session.connection, session.staff_id, session.display_name}));
        }
    });
    m_live.add_close_listener([this](const LiveIdentity& session) {
        std::lock_guard lock(m_mutex);
        send(m_desk.disconnected(session.connection, m_clock()));
    });
}

void ReceptionChannel::send(const std::vector<Outbound>& messages) {
    for (const Outbound& message : messages) {
        (void)m_live.send_to(message.connection, message.text); // a closed one is told by its listener
    }
}

std::expected<void, std::string> ReceptionChannel::sent(const ReceptionDesk::Result& result) {
    if (!result) {
        return std::unexpected(result.error());
    }
    send(*result);
    return {};
}

void ReceptionChannel::tick() {
    std::lock_guard lock(m_mutex);
    send(m_desk.tick(m_clock()));
}

void ReceptionChannel::shut_down() {
    std::lock_guard lock(m_mutex);
    send(m_desk.shut_down(m_clock()));
}

std::size_t ReceptionChannel::waiting() const {
    std::lock_guard lock(m_mutex);
    return m_desk.waiting();
}

std::size_t ReceptionChannel::in_progress() const {
    std::lock_guard lock(m_mutex);
    return m_desk.in_progress();
}

CallRow call_row(const CallRecord& record) {
    return CallRow{record.call_id,
                   record.site_id,
                   record.device_id,
                   record.queued_at,
                   record.answered_at,
                   record.ended_at,
                   record.agent_id.empty() ? std::nullopt : std::optional(record.agent_id),
                   wire::to_string(record.outcome)};
}

OpenCallRow open_call_row(const OpenCall& call) {
    return OpenCallRow{call.call_id,
                       call.site_id,
                       call.device_id,
                       call.queued_at,
                       call.answered_at,
                       call.agent_id.empty() ? std::nullopt : std::optional(call.agent_id),
                       call.answered_at.value_or(call.queued_at)};
}

void log_call_to_stderr(const CallRecord& record) {
    using std::chrono::seconds;
    const auto waited = (record.answered_at.value_or(record.ended_at) - record.queued_at).count();
    const auto talked = record.answered_at ? (record.ended_at - *record.answered_at).count() : 0;
    std::fprintf(stderr, "%s call %s site=%s outcome=%s waited=%llds talked=%llds\n",
                 wire::format_time(record.ended_at).c_str(), record.call_id.c_str(), record.site_id.c_str(),
                 wire::to_string(record.outcome), static_cast<long long>(waited), static_cast<long long>(talked));
}

} // namespace telecentre::backend
