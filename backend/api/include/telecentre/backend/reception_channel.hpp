#pragma once
// Visio-accueil on the live channel: the reception desk (reception_desk.hpp) fed by the live
// hub's messages and sessions. Kiosks send call.request / call.cancel / call.hangup /
// call.signal; staff consoles agent.status / call.accept / call.hangup / call.signal; every
// answer the desk gives goes to its connection through the hub. A session that closes ends its
// calls. docs/reception.md has the flow.
//
// Threading: handlers and listeners run on connection threads, tick() on the server's ticker;
// one mutex serialises the desk, and sends (which never block) happen under it so that the two
// parties of a call see its messages in order.

#include "telecentre/backend/live_hub.hpp"
#include "telecentre/backend/reception_desk.hpp"
#include "telecentre/backend/store.hpp"

#include <functional>
#include <mutex>
#include <string>

namespace telecentre::backend {

class ReceptionChannel {
public:
    using Clock = std::function<wire::TimePoint()>;
    // The name of a site for the agents' screens (its id when unknown).
    using SiteNames = std::function<std::string(const std::string& site_id)>;
    using Records = std::function<void(const CallRecord&)>;
    using Progress = std::function<void(const OpenCall&)>;

    // Registers its message types and session listeners on `live`, before the server starts.
    // `records` gets each call once it has ended, `progress` each call as it is queued and
    // answered; both are called under the desk's lock.
    ReceptionChannel(LiveHub& live, DeskOptions options, Clock clock, SiteNames site_names, Records records,
                     Progress progress = {});
    ReceptionChannel(const ReceptionChannel&) = delete;
    ReceptionChannel& operator=(const ReceptionChannel&) = delete;

    // Ends the calls nobody accepted in time.
    void tick();
    // The server is stopping: ends every call as server_restart, before the sessions close.
    void shut_down();

    [[nodiscard]] std::size_t waiting() const;
    [[nodiscard]] std::size_t in_progress() const;

private:
    void send(const std::vector<Outbound>& messages);
    [[nodiscard]] std::expected<void, std::string> sent(const ReceptionDesk::Result& result);

    LiveHub& m_live;
    Clock m_clock;
    SiteNames m_site_names;
    mutable std::mutex m_mutex;
    ReceptionDesk m_desk;
};

// "call <id> site=<site> outcome=<reason> waited=<s>s talked=<s>s" on stderr: no visitor data.
void log_call_to_stderr(const CallRecord& record);

// The record as the store keeps it.
[[nodiscard]] CallRow call_row(const CallRecord& record);
// The call's journal row: last seen when it was queued, or answered.
[[nodiscard]] OpenCallRow open_call_row(const OpenCall& call);

} // namespace telecentre::backend
