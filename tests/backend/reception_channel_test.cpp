// The reception desk on the live hub, with in-memory connections: kiosks and consoles as the
// hub sees them after authentication, their messages, what each one receives, and a connection
// that goes away mid-call.

#include "telecentre/backend/reception_channel.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/reception_codec.hpp"

#include <gtest/gtest.h>
#include <mutex>

namespace telecentre::backend {
namespace {

using namespace std::chrono_literals;

class FakeConnection final : public WebSocketConnection {
public:
    SendOutcome send_text(SharedText text) override {
        std::lock_guard lock(m_mutex);
        m_sent.push_back(*text);
        return SendOutcome::queued;
    }
    void close(std::uint16_t, std::string) override {}

    [[nodiscard]] std::vector<std::string> take() {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_sent, {});
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_sent;
};

// One authenticated session: its peer (what the server drives) and its connection. Closed at the
// end as the server closes every session it opened (the hub and its sessions refer to each other
// until then).
struct Client {
    std::shared_ptr<WebSocketPeer> peer;
    std::shared_ptr<FakeConnection> connection = std::make_shared<FakeConnection>();

    Client() = default;
    Client(Client&&) = default;
    Client& operator=(Client&&) = delete;
    ~Client() {
        if (peer) {
            peer->on_closed({1000, "the test is over"});
        }
    }
    void close(WebSocketClosed closed) {
        peer->on_closed(closed);
        peer.reset();
    }

    void say(const std::string& text) const { peer->on_message(MessageKind::text, text); }
    // The messages received since the last look, the hello left out.
    std::vector<std::string> received() const {
        auto all = connection->take();
        std::erase_if(all, [](const std::string& text) { return text.find(R"("type":"hello")") != std::string::npos; });
        return all;
    }
};

std::optional<std::string> find(const std::vector<std::string>& messages, std::string_view type) {
    std::optional<std::string> found;
    for (const auto& text : messages) {
        if (text.find("\"type\":\"" + std::string(type) + "\"") != std::string::npos) {
            found = text;
        }
    }
    return found;
}

struct ChannelTest : ::testing::Test {
    LiveHub hub;
    wire::TimePoint now = *wire::parse_time("2026-11-23T08:00:00Z");
    std::vector<CallRecord> records;
    ReceptionChannel channel{hub, DeskOptions{}, [this] { return now; },
                             [](const std::string& site) { return site == "murat" ? "La Cocotte numérique" : site; },
                             [this](const CallRecord& record) { records.push_back(record); }};

    Client open(LiveIdentity identity) {
        Client client;
        client.peer = hub.accept(std::move(identity)).peer;
        client.peer->on_open(client.connection);
        return client;
    }
};

TEST_F(ChannelTest, AKioskCallsAnAgentAnswersAndTheyTalkThroughTheDesk) {
    Client kiosk = open(LiveIdentity::device("dev-murat", "murat"));
    Client camille = open(LiveIdentity::staff("staff-camille", "Camille"));
    Client hugo = open(LiveIdentity::staff("staff-hugo", "Hugo"));
    ASSERT_TRUE(find(camille.received(), "reception.queue")) << "a console gets the queue when it connects";
    camille.say(wire::encode(wire::AgentStatus{true}));
    hugo.say(wire::encode(wire::AgentStatus{true}));

    kiosk.say(wire::encode(wire::CallRequest{"Jeanne", "Un renseignement"}));
    const auto queued = wire::decode_call_queued(*find(kiosk.received(), "call.queued"));
    ASSERT_TRUE(queued) << queued.error();
    EXPECT_EQ(queued->agents_available, 2);
    const auto ringing = wire::decode_reception_queue(*find(hugo.received(), "reception.queue"));
    ASSERT_TRUE(ringing);
    ASSERT_EQ(ringing->calls.size(), 1u);
    EXPECT_EQ(ringing->calls[0].site_name, "La Cocotte numérique");
    const std::string call_id = queued->call_id;

    camille.say(wire::encode_call_ref("call.accept", {call_id}));
    EXPECT_EQ(wire::decode_call_answered(*find(kiosk.received(), "call.answered"))->agent_name, "Camille");
    EXPECT_TRUE(find(camille.received(), "call.assigned"));
    EXPECT_TRUE(wire::decode_reception_queue(*find(hugo.received(), "reception.queue"))->calls.empty());

    kiosk.say(wire::encode(wire::CallSignal{call_id, wire::SignalKind::offer, "v=0\r\n", {}, 0}));
    EXPECT_TRUE(find(camille.received(), "call.signal"));
    EXPECT_FALSE(find(hugo.received(), "call.signal")) << "only the other party";

    hugo.say(wire::encode(wire::CallSignal{call_id, wire::SignalKind::answer, "v=0\r\n", {}, 0}));
    const auto refused = find(hugo.received(), "error");
    ASSERT_TRUE(refused);
    EXPECT_NE(refused->find("not a party to this call"), std::string::npos) << *refused;
    EXPECT_TRUE(kiosk.received().empty());

    camille.say(wire::encode_call_ref("call.hangup", {call_id}));
    EXPECT_EQ(wire::decode_call_ended(*find(kiosk.received(), "call.ended"))->reason,
              wire::CallEndReason::agent_hung_up);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].agent_id, "staff-camille");
    EXPECT_EQ(records[0].device_id, "dev-murat");
}

TEST_F(ChannelTest, AKioskLostMidCallEndsItForTheAgent) {
    Client kiosk = open(LiveIdentity::device("dev-murat", "murat"));
    Client camille = open(LiveIdentity::staff("staff-camille", "Camille"));
    camille.say(wire::encode(wire::AgentStatus{true}));
    kiosk.say(wire::encode(wire::CallRequest{}));
    const auto call_id = wire::decode_call_queued(*find(kiosk.received(), "call.queued"))->call_id;
    camille.say(wire::encode_call_ref("call.accept", {call_id}));
    (void)camille.received();

    kiosk.close({1006, "the link was lost"});
    EXPECT_EQ(wire::decode_call_ended(*find(camille.received(), "call.ended"))->reason,
              wire::CallEndReason::kiosk_lost);
    EXPECT_EQ(channel.in_progress(), 0u);
}

TEST_F(ChannelTest, EachSideMayOnlySayItsOwnThingsAndMalformedMessagesAreRefused) {
    Client kiosk = open(LiveIdentity::device("dev-murat", "murat"));
    Client camille = open(LiveIdentity::staff("staff-camille", "Camille"));
    (void)camille.received();

    camille.say(wire::encode(wire::CallRequest{}));
    EXPECT_TRUE(find(camille.received(), "error")) << "a console does not ask for a call";
    kiosk.say(wire::encode(wire::AgentStatus{true}));
    EXPECT_TRUE(find(kiosk.received(), "error")) << "a kiosk is not an agent";
    kiosk.say(R"({"type":"call.request","visitor_name":"a\u0007b"})");
    EXPECT_TRUE(find(kiosk.received(), "error")) << "control characters";
    kiosk.say(R"({"type":"call.signal","call_id":"x","signal":{"kind":"offer","sdp":"nonsense"}})");
    EXPECT_TRUE(find(kiosk.received(), "error"));
    kiosk.say(R"({"type":"call.accept","call_id":"x"})");
    EXPECT_TRUE(find(kiosk.received(), "error"));
    EXPECT_EQ(channel.waiting(), 0u);
}

TEST_F(ChannelTest, ACallNobodyAcceptsEndsAtTheTick) {
    Client kiosk = open(LiveIdentity::device("dev-murat", "murat"));
    kiosk.say(wire::encode(wire::CallRequest{}));
    EXPECT_EQ(wire::decode_call_queued(*find(kiosk.received(), "call.queued"))->agents_available, 0);
    now += DeskOptions{}.unanswered_after;
    channel.tick();
    EXPECT_EQ(wire::decode_call_ended(*find(kiosk.received(), "call.ended"))->reason, wire::CallEndReason::unanswered);
    ASSERT_EQ(records.size(), 1u);
}

} // namespace
} // namespace telecentre::backend
