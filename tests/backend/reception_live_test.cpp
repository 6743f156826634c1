// Visio-accueil through the real backend over TLS: a kiosk (device token) asks for a call on the
// live channel, a reception agent's console (staff session cookie, from a page of this server)
// sees it ring, accepts it, and the two exchange signalling; a console that goes away ends the
// call for the kiosk. Consoles from another origin, or without a session, are refused.

#include "live_fixture.hpp"
#include "telecentre/backend/staff_service.hpp"
#include "telecentre/wire/callback_codec.hpp"
#include "telecentre/wire/reception_codec.hpp"

#include <sqlite3.h>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

class ReceptionLive : public LiveTest {
protected:
    // A reception agent logged in: the session token of the cookie.
    std::string agent_token(const std::string& login, const std::string& name, StaffRole role = StaffRole::reception) {
        StaffService staff{store()};
        auto added = staff.add_staff(login, name, role,
                                     role == StaffRole::animateur ? std::optional<std::string>("murat") : std::nullopt,
                                     "un mot de passe assez long");
        EXPECT_TRUE(added) << added.error().message;
        auto session = staff.log_in(login, "un mot de passe assez long");
        EXPECT_TRUE(session) << session.error().message;
        return session ? session->token : std::string{};
    }

    std::unique_ptr<WebSocketClient> console(const std::string& token,
                                             const std::string& origin = "https://127.0.0.1") {
        auto client = raw_client();
        auto connected = client->connect("/v1/live", {{"Cookie", "tc_staff=" + token}, {"Origin", origin}});
        EXPECT_TRUE(connected) << connected.error().status << " " << connected.error().body;
        return connected ? std::move(client) : nullptr;
    }

    // Camille available at her console and a call from the Murat kiosk in the queue; call_id is
    // empty when any step failed (reported).
    struct WaitingCall {
        std::unique_ptr<WebSocketClient> agent;
        std::unique_ptr<WebSocketClient> kiosk;
        std::string call_id;
    };
    WaitingCall waiting_call(const wire::CallRequest& request) {
        WaitingCall call;
        call.agent = console(agent_token("camille", "Camille"));
        call.kiosk = raw_session(m_murat_token);
        if (!call.agent || !call.kiosk) {
            ADD_FAILURE() << "no console or no kiosk session";
            return call;
        }
        EXPECT_TRUE(call.agent->send_text(wire::encode(wire::AgentStatus{true})));
        EXPECT_TRUE(call.kiosk->send_text(wire::encode(request)));
        const auto queued = wire::decode_call_queued(next(*call.kiosk, "call.queued"));
        EXPECT_TRUE(queued) << queued.error();
        if (queued) {
            call.call_id = queued->call_id;
        }
        return call;
    }

    // Reads until a message of `type` comes (others are skipped); empty when none in time.
    static std::string next(WebSocketClient& session, std::string_view type) {
        const auto deadline = steady_clock::now() + seconds{10};
        while (steady_clock::now() < deadline) {
            const auto event = session.read(seconds{10});
            if (event.kind != WebSocketEvent::Kind::text) {
                ADD_FAILURE() << "the connection ended while waiting for " << type;
                return {};
            }
            if (event.payload.find("\"type\":\"" + std::string(type) + "\"") != std::string::npos) {
                return event.payload;
            }
        }
        return {};
    }
};

TEST_F(ReceptionLive, AKioskCallsAnAgentAcceptsTheyExchangeSignallingThenTheAgentLeaves) {
    auto camille = console(agent_token("camille", "Camille"));
    ASSERT_TRUE(camille);
    ASSERT_FALSE(next(*camille, "reception.queue").empty()) << "a console gets the queue when it connects";
    ASSERT_TRUE(camille->send_text(wire::encode(wire::AgentStatus{true})));

    auto kiosk = raw_session(m_murat_token);
    ASSERT_TRUE(kiosk);
    ASSERT_TRUE(kiosk->send_text(wire::encode(wire::CallRequest{"Jeanne", "Louer un bureau"})));
    const auto queued = wire::decode_call_queued(next(*kiosk, "call.queued"));
    ASSERT_TRUE(queued) << queued.error();
    EXPECT_EQ(queued->position, 1);
    EXPECT_EQ(queued->agents_available, 1);

    // The console rings with the site's name and the visitor's reason.
    std::optional<wire::ReceptionQueue> ringing;
    while (!ringing || ringing->calls.empty()) {
        auto queue = wire::decode_reception_queue(next(*camille, "reception.queue"));
        ASSERT_TRUE(queue) << queue.error();
        ringing = *queue;
    }
    EXPECT_EQ(ringing->calls[0].site_id, "murat");
    EXPECT_FALSE(ringing->calls[0].site_name.empty());
    EXPECT_EQ(ringing->calls[0].reason, "Louer un bureau");

    ASSERT_TRUE(camille->send_text(wire::encode_call_ref("call.accept", {queued->call_id})));
    const auto answered = wire::decode_call_answered(next(*kiosk, "call.answered"));
    ASSERT_TRUE(answered) << answered.error();
    EXPECT_EQ(answered->agent_name, "Camille");
    ASSERT_FALSE(next(*camille, "call.assigned").empty());

    const wire::CallSignal offer{
        queued->call_id, wire::SignalKind::offer, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", {}, 0};
    ASSERT_TRUE(kiosk->send_text(wire::encode(offer)));
    const auto relayed = wire::decode_call_signal(next(*camille, "call.signal"));
    ASSERT_TRUE(relayed) << relayed.error();
    EXPECT_EQ(relayed->sdp, offer.sdp);
    const wire::CallSignal answer{
        queued->call_id, wire::SignalKind::answer, "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\n", {}, 0};
    ASSERT_TRUE(camille->send_text(wire::encode(answer)));
    EXPECT_EQ(wire::decode_call_signal(next(*kiosk, "call.signal"))->sdp, answer.sdp);

    camille.reset(); // the agent closes the browser
    const auto ended = wire::decode_call_ended(next(*kiosk, "call.ended"));
    ASSERT_TRUE(ended) << ended.error();
    EXPECT_EQ(ended->reason, wire::CallEndReason::agent_lost);
    EXPECT_TRUE(wait_until([&] { return m_server->reception().in_progress() == 0; }, kWait));

    // The statistics keep the call, without the visitor's name or reason.
    const auto now = floor<seconds>(system_clock::now());
    auto calls = store().calls_ended_between(now - hours{1}, now + hours{1});
    ASSERT_TRUE(calls) << calls.error().message;
    ASSERT_EQ(calls->size(), 1u);
    EXPECT_EQ((*calls)[0].id, queued->call_id);
    EXPECT_EQ((*calls)[0].site_id, "murat");
    EXPECT_EQ((*calls)[0].outcome, "agent_lost");
    EXPECT_TRUE((*calls)[0].answered_at);
    EXPECT_TRUE((*calls)[0].agent_id && !(*calls)[0].agent_id->empty());
}

// The journal that lets a call outlive a crash (docs/reception.md, "The desk"): written when the
// call is queued and answered, before the parties hear of it, and gone with its record.
TEST_F(ReceptionLive, ACallIsJournaledWhileItLastsAndClosedWithItsRecord) {
    auto [camille, kiosk, call_id] = waiting_call(wire::CallRequest{"Jeanne", "Louer un bureau"});
    ASSERT_FALSE(call_id.empty());
    auto open = store().open_calls();
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].id, call_id);
    EXPECT_EQ((*open)[0].site_id, "murat");
    EXPECT_EQ((*open)[0].device_id, m_murat_device);
    EXPECT_EQ((*open)[0].answered_at, std::nullopt);

    ASSERT_TRUE(camille->send_text(wire::encode_call_ref("call.accept", {call_id})));
    ASSERT_FALSE(next(*kiosk, "call.answered").empty());
    open = store().open_calls();
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 1u);
    ASSERT_TRUE((*open)[0].answered_at);
    EXPECT_EQ((*open)[0].last_seen_at, *(*open)[0].answered_at);
    EXPECT_TRUE((*open)[0].agent_id && (*open)[0].agent_id->starts_with("stf_"));

    ASSERT_TRUE(kiosk->send_text(wire::encode_call_ref("call.hangup", {call_id})));
    ASSERT_FALSE(next(*camille, "call.ended").empty());
    EXPECT_TRUE(wait_until([&] { return m_server->reception().in_progress() == 0; }, kWait));
    open = store().open_calls();
    ASSERT_TRUE(open) << open.error().message;
    EXPECT_TRUE(open->empty());
    const auto now = floor<seconds>(system_clock::now());
    auto calls = store().calls_ended_between(now - hours{1}, now + hours{1});
    ASSERT_TRUE(calls) << calls.error().message;
    ASSERT_EQ(calls->size(), 1u);
    EXPECT_EQ((*calls)[0].outcome, "visitor_hung_up");
}

// A store that refuses the journal's writes (here a trigger) costs the call nothing: it is queued,
// answered and ended as usual, and its record is written when it ends.
TEST_F(ReceptionLive, AJournalThatFailsDoesNotBreakTheCall) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((m_dir.path() / "data" / "telecentre.db").c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    EXPECT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER journal_broken_insert BEFORE INSERT ON calls_open BEGIN "
                           "SELECT RAISE(ABORT, 'journal broken'); END; "
                           "CREATE TRIGGER journal_broken_update BEFORE UPDATE ON calls_open BEGIN "
                           "SELECT RAISE(ABORT, 'journal broken'); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);

    auto [camille, kiosk, call_id] = waiting_call(wire::CallRequest{"", ""});
    ASSERT_FALSE(call_id.empty());
    ASSERT_TRUE(camille->send_text(wire::encode_call_ref("call.accept", {call_id})));
    ASSERT_FALSE(next(*kiosk, "call.answered").empty());
    ASSERT_FALSE(next(*camille, "call.assigned").empty());
    EXPECT_EQ(m_server->reception().in_progress(), 1u);
    auto open = store().open_calls();
    ASSERT_TRUE(open) << open.error().message;
    EXPECT_TRUE(open->empty()) << "nothing was journaled";

    ASSERT_TRUE(camille->send_text(wire::encode_call_ref("call.hangup", {call_id})));
    EXPECT_EQ(wire::decode_call_ended(next(*kiosk, "call.ended"))->reason, wire::CallEndReason::agent_hung_up);
    EXPECT_TRUE(wait_until([&] { return m_server->reception().in_progress() == 0; }, kWait));
    const auto now = floor<seconds>(system_clock::now());
    auto calls = store().calls_ended_between(now - hours{1}, now + hours{1});
    ASSERT_TRUE(calls) << calls.error().message;
    ASSERT_EQ(calls->size(), 1u);
    EXPECT_EQ((*calls)[0].id, call_id);
    EXPECT_EQ((*calls)[0].outcome, "agent_hung_up");
}

TEST_F(ReceptionLive, AConsoleNeedsASessionAndThisServersOrigin) {
    const std::string token = agent_token("hugo", "Hugo");
    auto elsewhere = raw_client();
    auto refused =
        elsewhere->connect("/v1/live", {{"Cookie", "tc_staff=" + token}, {"Origin", "https://evil.example"}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().status, 403);

    auto no_origin = raw_client();
    refused = no_origin->connect("/v1/live", {{"Cookie", "tc_staff=" + token}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().status, 403);

    auto forged = raw_client();
    refused =
        forged->connect("/v1/live", {{"Cookie", "tc_staff=" + std::string(64, 'a')}, {"Origin", "https://127.0.0.1"}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().status, 401);
}

TEST_F(ReceptionLive, AnAnimateursConsoleDoesNotRing) {
    auto animateur = console(agent_token("lea", "Léa", StaffRole::animateur));
    ASSERT_TRUE(animateur);
    ASSERT_FALSE(next(*animateur, "hello").empty());
    ASSERT_TRUE(animateur->send_text(wire::encode(wire::AgentStatus{true})));
    const auto answer = next(*animateur, "error");
    EXPECT_NE(answer.find("only a reception agent"), std::string::npos) << answer;
}

// Hostile and out-of-order signalling over the real channel: each is refused with an error on the
// sender's own connection, nothing reaches the other party, no connection is closed, and the call
// goes on as if nothing had happened.
TEST_F(ReceptionLive, HostileOrOutOfOrderSignallingIsRefusedAndTheCallGoesOn) {
    auto [camille, kiosk, id] = waiting_call(wire::CallRequest{"", ""});
    ASSERT_FALSE(id.empty());
    auto intruder = raw_session(m_a2ex_token); // another site's kiosk
    ASSERT_TRUE(intruder);
    const auto refused = [](WebSocketClient& session, const std::string& text) {
        ASSERT_TRUE(session.send_text(text));
        const auto error = next(session, "error");
        EXPECT_NE(error.find("\"code\":\"refused\""), std::string::npos) << text.substr(0, 120) << " -> " << error;
    };
    const auto offer = [&](std::string sdp) {
        return wire::encode(wire::CallSignal{id, wire::SignalKind::offer, std::move(sdp), {}, 0});
    };

    refused(*kiosk, offer("v=0\r\n"));                           // before anyone accepted
    refused(*kiosk, wire::encode_call_ref("call.accept", {id})); // a kiosk cannot accept
    refused(*camille, wire::encode(wire::CallRequest{"", ""}));  // a console cannot ask for a call
    refused(*camille, wire::encode_call_ref("call.accept", {"call_000000000000000000000000"})); // unknown
    ASSERT_TRUE(camille->send_text(wire::encode_call_ref("call.accept", {id})));
    ASSERT_FALSE(next(*kiosk, "call.answered").empty());

    refused(*intruder, offer("v=0\r\n"));                            // not a party
    refused(*kiosk, offer("v=0\r\n" + std::string(49 * 1024, 'a'))); // larger than an SDP may be
    refused(*kiosk, offer("not an sdp"));
    refused(*kiosk, R"({"type":"call.signal","call_id":")" + id + R"(","signal":{"kind":"candidate",)" +
                        R"("candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host\r\na=evil","sdp_mline_index":0}})");
    refused(*kiosk, R"({"type":"call.signal","call_id":")" + id + R"(","signal":{"kind":"shout"}})");
    refused(*kiosk, R"({"type":"call.hangup","call_id":42})");
    ASSERT_TRUE(kiosk->send_text(R"({"type":"call.signal",)"));
    EXPECT_NE(next(*kiosk, "error").find("malformed_json"), std::string::npos);

    // Nothing of that reached the agent; the real offer does, and the call is still on.
    ASSERT_TRUE(kiosk->send_text(offer("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n")));
    const auto relayed = wire::decode_call_signal(next(*camille, "call.signal"));
    ASSERT_TRUE(relayed) << relayed.error();
    EXPECT_EQ(relayed->sdp, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n");
    EXPECT_EQ(m_server->reception().in_progress(), 1u);
    ASSERT_TRUE(kiosk->send_text(wire::encode_call_ref("call.hangup", {id})));
    EXPECT_EQ(wire::decode_call_ended(next(*camille, "call.ended"))->reason, wire::CallEndReason::visitor_hung_up);
}

TEST_F(ReceptionLive, EveryConsoleHearsThatTheCallbackRequestsChangedAndKiosksDoNot) {
    const std::string agent = agent_token("camille", "Camille");
    auto reception = console(agent);
    ASSERT_TRUE(reception);
    auto animateur = console(agent_token("lea", "Léa", StaffRole::animateur));
    ASSERT_TRUE(animateur);
    ASSERT_FALSE(next(*reception, "hello").empty());
    ASSERT_FALSE(next(*animateur, "hello").empty());
    auto kiosk = raw_session(m_a2ex_token);
    ASSERT_TRUE(kiosk);

    auto https = client();
    auto posted = https->request("POST", "/v1/callbacks",
                                 wire::encode(wire::CallbackRequest{"Jeanne", "0612345678", "", std::nullopt}),
                                 {{"Authorization", "Bearer " + m_murat_token},
                                  {"Content-Type", "application/json"},
                                  {"Idempotency-Key", "cb-live-1"}});
    ASSERT_TRUE(posted) << posted.error();
    ASSERT_EQ(posted->status, 201) << posted->body;
    const auto changed = next(*reception, "callbacks.changed");
    EXPECT_EQ(changed, wire::encode_callbacks_changed()) << "nothing of the visitor on the channel";
    EXPECT_FALSE(next(*animateur, "callbacks.changed").empty()) << "an animateur's console hears it too";

    auto callback = wire::decode_callback(posted->body);
    ASSERT_TRUE(callback) << callback.error();
    auto handled = https->request("POST", "/v1/callbacks/" + callback->id + "/handled", "{}",
                                  {{"Cookie", "tc_staff=" + agent}, {"Content-Type", "application/json"}});
    ASSERT_TRUE(handled) << handled.error();
    ASSERT_EQ(handled->status, 200) << handled->body;
    EXPECT_FALSE(next(*reception, "callbacks.changed").empty()) << "handled: the consoles fetch the list again";
    EXPECT_FALSE(next(*animateur, "callbacks.changed").empty());

    // The kiosk's channel carries none of it: what was published before its pong came before it.
    ASSERT_TRUE(kiosk->send_text(R"({"type":"ping"})"));
    while (true) {
        const auto event = kiosk->read(seconds{10});
        ASSERT_EQ(event.kind, WebSocketEvent::Kind::text) << "no pong";
        EXPECT_EQ(event.payload.find("callbacks.changed"), std::string::npos) << event.payload;
        if (event.payload.find(R"("type":"pong")") != std::string::npos) {
            break;
        }
    }
}

} // namespace
} // namespace telecentre::backend::test
