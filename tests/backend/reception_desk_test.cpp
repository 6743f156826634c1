// The reception desk's rules, event by event with plain values: the queue, the first agent to
// accept, signalling only between the two parties, hang-ups, lost connections, unanswered calls
// and the records left for statistics.

#include "telecentre/backend/reception_desk.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/reception_codec.hpp"

#include <gtest/gtest.h>

namespace telecentre::backend {
namespace {

using namespace std::chrono_literals;

const wire::TimePoint kNine = *wire::parse_time("2026-11-23T08:00:00Z");

const DeskKiosk kMurat{1, "dev-murat", "murat", "La Cocotte numérique"};
const DeskKiosk kYdes{2, "dev-ydes", "ydes", "Télécentre de Ydes"};
const DeskKiosk kMauriac{3, "dev-mauriac", "mauriac", "Télécentre de Mauriac"};
const DeskAgent kCamille{10, "staff-camille", "Camille"};
const DeskAgent kHugo{11, "staff-hugo", "Hugo"};

// The messages one connection got, in order.
std::vector<std::string> to(const std::vector<Outbound>& out, ConnectionId connection) {
    std::vector<std::string> texts;
    for (const auto& message : out) {
        if (message.connection == connection) {
            texts.push_back(message.text);
        }
    }
    return texts;
}

// The last message of `type` one connection got.
std::optional<std::string> last(const std::vector<Outbound>& out, ConnectionId connection, std::string_view type) {
    std::optional<std::string> found;
    for (const auto& text : to(out, connection)) {
        if (text.find("\"type\":\"" + std::string(type) + "\"") != std::string::npos) {
            found = text;
        }
    }
    return found;
}

wire::CallSignal offer(std::string call_id) {
    return wire::CallSignal{std::move(call_id), wire::SignalKind::offer, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", {}, 0};
}

struct DeskTest : ::testing::Test {
    int next_id = 0;
    std::vector<CallRecord> records;
    std::vector<OpenCall> progress;
    ReceptionDesk desk{DeskOptions{.unanswered_after = 120s, .max_queue = 3},
                       [this] { return "call-" + std::to_string(++next_id); },
                       [this](const CallRecord& record) { records.push_back(record); },
                       [this](const OpenCall& call) { progress.push_back(call); }};

    void available(const DeskAgent& agent) {
        (void)desk.agent_connected(agent);
        ASSERT_TRUE(desk.agent_status(agent.connection, {true}));
    }
    std::vector<Outbound> call(const DeskKiosk& kiosk, wire::TimePoint at = kNine) {
        auto out = desk.request(kiosk, {"Jeanne", "Louer un bureau"}, at);
        EXPECT_TRUE(out) << (out ? "" : out.error());
        return out ? *out : std::vector<Outbound>{};
    }
};

TEST_F(DeskTest, ACallRingsEveryAgentAndTheKioskLearnsItsPlace) {
    available(kCamille);
    available(kHugo);
    const auto out = call(kMurat);
    const auto queued = wire::decode_call_queued(*last(out, kMurat.connection, "call.queued"));
    ASSERT_TRUE(queued) << queued.error();
    EXPECT_EQ(queued->call_id, "call-1");
    EXPECT_EQ(queued->position, 1);
    EXPECT_EQ(queued->agents_available, 2);
    for (const auto& agent : {kCamille, kHugo}) {
        const auto queue = wire::decode_reception_queue(*last(out, agent.connection, "reception.queue"));
        ASSERT_TRUE(queue) << queue.error();
        ASSERT_EQ(queue->calls.size(), 1u);
        EXPECT_EQ(queue->calls[0].site_name, "La Cocotte numérique");
        EXPECT_EQ(queue->calls[0].visitor_name, "Jeanne");
        EXPECT_EQ(queue->calls[0].reason, "Louer un bureau");
        EXPECT_EQ(queue->calls[0].queued_at, kNine);
    }
}

TEST_F(DeskTest, TheFirstAgentToAcceptGetsTheCallAndTheOthersStopRinging) {
    available(kCamille);
    available(kHugo);
    (void)call(kMurat);
    const auto accepted = desk.accept(kHugo.connection, {"call-1"}, kNine + 4s);
    ASSERT_TRUE(accepted) << accepted.error();
    const auto assigned = wire::decode_call_assigned(*last(*accepted, kHugo.connection, "call.assigned"));
    ASSERT_TRUE(assigned);
    EXPECT_EQ(assigned->call.site_id, "murat");
    const auto answered = wire::decode_call_answered(*last(*accepted, kMurat.connection, "call.answered"));
    ASSERT_TRUE(answered);
    EXPECT_EQ(answered->agent_name, "Hugo");
    const auto queue = wire::decode_reception_queue(*last(*accepted, kCamille.connection, "reception.queue"));
    ASSERT_TRUE(queue);
    EXPECT_TRUE(queue->calls.empty()) << "Camille's console stops ringing";
    EXPECT_EQ(queue->agents_available, 1) << "Hugo is busy";

    const auto late = desk.accept(kCamille.connection, {"call-1"}, kNine + 5s);
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error(), "this call is no longer waiting");
    EXPECT_EQ(desk.in_progress(), 1u);
}

TEST_F(DeskTest, SeveralKiosksQueueInOrderAndMoveUp) {
    available(kCamille);
    (void)call(kMurat, kNine);
    (void)call(kYdes, kNine + 1s);
    auto out = call(kMauriac, kNine + 2s);
    EXPECT_EQ(wire::decode_call_queued(*last(out, kMauriac.connection, "call.queued"))->position, 3);
    const auto queue = wire::decode_reception_queue(*last(out, kCamille.connection, "reception.queue"));
    ASSERT_EQ(queue->calls.size(), 3u);
    EXPECT_EQ(queue->calls[0].site_id, "murat");
    EXPECT_EQ(queue->calls[2].site_id, "mauriac");

    const auto accepted = desk.accept(kCamille.connection, {"call-1"}, kNine + 10s);
    ASSERT_TRUE(accepted);
    EXPECT_EQ(wire::decode_call_queued(*last(*accepted, kYdes.connection, "call.queued"))->position, 1);
    EXPECT_EQ(wire::decode_call_queued(*last(*accepted, kMauriac.connection, "call.queued"))->position, 2);
    EXPECT_EQ(wire::decode_call_queued(*last(*accepted, kYdes.connection, "call.queued"))->agents_available, 0)
        << "the only agent is busy now";

    // Done with Murat, Camille is free for Ydes, the next in line.
    ASSERT_TRUE(desk.hang_up(kCamille.connection, {"call-1"}, kNine + 70s));
    ASSERT_TRUE(desk.accept(kCamille.connection, {"call-2"}, kNine + 71s));
}

TEST_F(DeskTest, SignallingGoesOnlyBetweenTheTwoParties) {
    available(kCamille);
    available(kHugo);
    (void)call(kMurat);
    (void)call(kYdes);
    EXPECT_EQ(desk.signal(kMurat.connection, offer("call-1")).error(), "the call has not been answered yet");
    ASSERT_TRUE(desk.accept(kCamille.connection, {"call-1"}, kNine));

    const auto relayed = desk.signal(kMurat.connection, offer("call-1"));
    ASSERT_TRUE(relayed) << relayed.error();
    ASSERT_EQ(relayed->size(), 1u);
    EXPECT_EQ((*relayed)[0].connection, kCamille.connection);
    const auto decoded = wire::decode_call_signal((*relayed)[0].text);
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(decoded->sdp, offer("call-1").sdp);

    const wire::CallSignal candidate{
        "call-1", wire::SignalKind::candidate, {}, "candidate:1 1 UDP 2122252543 127.0.0.1 40000 typ host", 1};
    const auto back = desk.signal(kCamille.connection, candidate);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->size(), 1u);
    EXPECT_EQ((*back)[0].connection, kMurat.connection);

    EXPECT_EQ(desk.signal(kHugo.connection, offer("call-1")).error(), "not a party to this call");
    EXPECT_EQ(desk.signal(kYdes.connection, offer("call-1")).error(), "not a party to this call");
    EXPECT_EQ(desk.signal(kMurat.connection, offer("call-404")).error(), "no such call");
}

TEST_F(DeskTest, EitherSideHangsUpAndTheAgentIsFreeAgain) {
    available(kCamille);
    (void)call(kMurat);
    ASSERT_TRUE(desk.accept(kCamille.connection, {"call-1"}, kNine + 5s));
    EXPECT_EQ(desk.agents_available(), 0);
    auto out = desk.hang_up(kMurat.connection, {"call-1"}, kNine + 95s);
    ASSERT_TRUE(out);
    for (const auto connection : {kMurat.connection, kCamille.connection}) {
        const auto ended = wire::decode_call_ended(*last(*out, connection, "call.ended"));
        ASSERT_TRUE(ended);
        EXPECT_EQ(ended->reason, wire::CallEndReason::visitor_hung_up);
    }
    EXPECT_EQ(desk.agents_available(), 1);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].outcome, wire::CallEndReason::visitor_hung_up);
    EXPECT_EQ(records[0].site_id, "murat");
    EXPECT_EQ(records[0].device_id, "dev-murat");
    EXPECT_EQ(records[0].agent_id, "staff-camille");
    EXPECT_EQ(records[0].answered_at, kNine + 5s);
    EXPECT_EQ(records[0].ended_at, kNine + 95s);

    (void)call(kYdes);
    ASSERT_TRUE(desk.accept(kCamille.connection, {"call-2"}, kNine + 100s));
    out = desk.hang_up(kCamille.connection, {"call-2"}, kNine + 110s);
    ASSERT_TRUE(out);
    EXPECT_EQ(wire::decode_call_ended(*last(*out, kYdes.connection, "call.ended"))->reason,
              wire::CallEndReason::agent_hung_up);
    EXPECT_FALSE(desk.hang_up(kCamille.connection, {"call-2"}, kNine + 111s)) << "already over";
}

TEST_F(DeskTest, AVisitorWhoGivesUpWhileWaitingCancels) {
    available(kCamille);
    (void)call(kMurat);
    EXPECT_FALSE(desk.hang_up(kCamille.connection, {"call-1"}, kNine)) << "an agent does not cancel a waiting call";
    const auto out = desk.hang_up(kMurat.connection, {"call-1"}, kNine + 30s);
    ASSERT_TRUE(out);
    EXPECT_TRUE(wire::decode_reception_queue(*last(*out, kCamille.connection, "reception.queue"))->calls.empty());
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].outcome, wire::CallEndReason::cancelled);
    EXPECT_FALSE(records[0].answered_at);
    EXPECT_TRUE(records[0].agent_id.empty());
}

TEST_F(DeskTest, ALostConnectionEndsTheCallForTheOtherSide) {
    available(kCamille);
    available(kHugo);
    (void)call(kMurat);
    (void)call(kYdes);
    ASSERT_TRUE(desk.accept(kCamille.connection, {"call-1"}, kNine));
    ASSERT_TRUE(desk.accept(kHugo.connection, {"call-2"}, kNine));

    auto out = desk.disconnected(kCamille.connection, kNine + 60s); // the agent closed the browser
    EXPECT_TRUE(to(out, kCamille.connection).empty()) << "nothing goes to a closed connection";
    EXPECT_EQ(wire::decode_call_ended(*last(out, kMurat.connection, "call.ended"))->reason,
              wire::CallEndReason::agent_lost);

    out = desk.disconnected(kYdes.connection, kNine + 61s); // the kiosk was killed
    EXPECT_EQ(wire::decode_call_ended(*last(out, kHugo.connection, "call.ended"))->reason,
              wire::CallEndReason::kiosk_lost);
    EXPECT_EQ(desk.in_progress(), 0u);
    EXPECT_EQ(desk.agents_available(), 1) << "Hugo again; Camille is gone";
    EXPECT_TRUE(desk.disconnected(999, kNine + 62s).empty()) << "an unknown connection changes nothing";
}

TEST_F(DeskTest, ACallNobodyAcceptsEndsUnansweredInTime) {
    (void)desk.agent_connected(kCamille); // connected but away
    auto out = call(kMurat);
    EXPECT_EQ(wire::decode_call_queued(*last(out, kMurat.connection, "call.queued"))->agents_available, 0);
    ASSERT_EQ(desk.next_deadline(), kNine + 120s);
    EXPECT_TRUE(desk.tick(kNine + 119s).empty());
    out = desk.tick(kNine + 120s);
    EXPECT_EQ(wire::decode_call_ended(*last(out, kMurat.connection, "call.ended"))->reason,
              wire::CallEndReason::unanswered);
    EXPECT_EQ(desk.next_deadline(), std::nullopt);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].outcome, wire::CallEndReason::unanswered);
}

TEST_F(DeskTest, AServerStoppingEndsEveryCallAsARestartAndRecordsEach) {
    available(kCamille);
    (void)call(kMurat, kNine);
    (void)call(kYdes, kNine + 1s);
    ASSERT_TRUE(desk.accept(kCamille.connection, {"call-1"}, kNine + 5s));
    const auto out = desk.shut_down(kNine + 65s);
    for (const ConnectionId party : {kMurat.connection, kCamille.connection, kYdes.connection}) {
        const auto ended = last(out, party, "call.ended");
        ASSERT_TRUE(ended) << "connection " << party << " is told";
        EXPECT_EQ(wire::decode_call_ended(*ended)->reason, wire::CallEndReason::server_restart);
    }
    EXPECT_EQ(desk.in_progress(), 0u);
    EXPECT_EQ(desk.waiting(), 0u);
    ASSERT_EQ(records.size(), 2u);
    for (const CallRecord& record : records) {
        EXPECT_EQ(record.outcome, wire::CallEndReason::server_restart);
        EXPECT_EQ(record.ended_at, kNine + 65s);
    }
    EXPECT_TRUE(desk.disconnected(kMurat.connection, kNine + 66s).empty()) << "nothing left to end";
}

// What the owner journals so that a crash still leaves a record: the call when it is queued and
// again when it is answered; nothing for a refused request, a refused accept or the end (the
// record says that).
TEST_F(DeskTest, ACallsProgressIsReportedWhenQueuedAndWhenAnswered) {
    available(kCamille);
    (void)call(kMurat, kNine);
    ASSERT_EQ(progress.size(), 1u);
    EXPECT_EQ(progress[0].call_id, "call-1");
    EXPECT_EQ(progress[0].site_id, "murat");
    EXPECT_EQ(progress[0].device_id, "dev-murat");
    EXPECT_EQ(progress[0].queued_at, kNine);
    EXPECT_EQ(progress[0].answered_at, std::nullopt);
    EXPECT_EQ(progress[0].agent_id, "");

    EXPECT_FALSE(desk.request(kMurat, {"", ""}, kNine + 1s)) << "this kiosk already has a call";
    ASSERT_TRUE(desk.accept(kCamille.connection, {"call-1"}, kNine + 7s));
    EXPECT_FALSE(desk.accept(kHugo.connection, {"call-1"}, kNine + 8s)) << "not an agent here";
    ASSERT_EQ(progress.size(), 2u);
    EXPECT_EQ(progress[1].call_id, "call-1");
    EXPECT_EQ(progress[1].queued_at, kNine);
    EXPECT_EQ(progress[1].answered_at, kNine + 7s);
    EXPECT_EQ(progress[1].agent_id, "staff-camille");

    ASSERT_TRUE(desk.hang_up(kMurat.connection, {"call-1"}, kNine + 60s));
    EXPECT_EQ(progress.size(), 2u) << "the end is the record's";
    ASSERT_EQ(records.size(), 1u);
}

TEST_F(DeskTest, AnAgentComingBackTellsTheWaitingKiosks) {
    (void)desk.agent_connected(kCamille);
    (void)call(kMurat);
    const auto out = desk.agent_status(kCamille.connection, {true});
    ASSERT_TRUE(out);
    EXPECT_EQ(wire::decode_call_queued(*last(*out, kMurat.connection, "call.queued"))->agents_available, 1);
    const auto same = desk.agent_status(kCamille.connection, {true});
    ASSERT_TRUE(same);
    EXPECT_TRUE(same->empty()) << "no change, no message";
}

TEST_F(DeskTest, WhatEachSideMayNotDo) {
    available(kCamille);
    (void)call(kMurat);
    EXPECT_EQ(desk.request(kMurat, {}, kNine).error(), "this kiosk already has a call");
    EXPECT_EQ(desk.request({kCamille.connection, "x", "murat", "x"}, {}, kNine).error(),
              "an agent's console cannot ask for a call");
    EXPECT_EQ(desk.accept(kYdes.connection, {"call-1"}, kNine).error(), "only a reception agent accepts a call");
    EXPECT_EQ(desk.agent_status(kYdes.connection, {true}).error(), "only a reception agent sets a status");
    (void)call(kYdes);
    (void)call(kMauriac);
    EXPECT_EQ(desk.request({4, "dev-4", "allanche", "Allanche"}, {}, kNine).error(),
              "the reception queue is full; try again in a moment");
    ASSERT_TRUE(desk.accept(kCamille.connection, {"call-1"}, kNine));
    EXPECT_EQ(desk.accept(kCamille.connection, {"call-2"}, kNine).error(), "finish the call in progress first");
}

} // namespace
} // namespace telecentre::backend
