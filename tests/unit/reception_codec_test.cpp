// The visio-accueil messages: each one encoded and decoded back, and what the backend refuses
// from a kiosk or a browser — another type, missing or oversized fields, control characters in
// a typed name, an SDP or candidate that is not one.

#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/reception_codec.hpp"

#include <gtest/gtest.h>

using namespace telecentre::wire;

namespace {

const TimePoint kNine = *parse_time("2026-11-23T08:00:00Z");

TEST(ReceptionCodec, EveryMessageComesBackAsItWasSent) {
    const auto request = decode_call_request(encode(CallRequest{"Jeanne Dupré", "Réserver la salle visio"}));
    ASSERT_TRUE(request) << request.error();
    EXPECT_EQ(request->visitor_name, "Jeanne Dupré");
    EXPECT_EQ(request->reason, "Réserver la salle visio");

    EXPECT_EQ(decode_call_ref(encode_call_ref("call.accept", {"c-1"}), "call.accept")->call_id, "c-1");
    EXPECT_TRUE(decode_agent_status(encode(AgentStatus{true}))->available);

    const CallSignal candidate{
        "c-1", SignalKind::candidate, {}, "candidate:1 1 UDP 2122252543 127.0.0.1 4000 typ host", 1};
    const auto signal = decode_call_signal(encode(candidate));
    ASSERT_TRUE(signal) << signal.error();
    EXPECT_EQ(signal->kind, SignalKind::candidate);
    EXPECT_EQ(signal->candidate, candidate.candidate);
    EXPECT_EQ(signal->mline_index, 1);
    const auto done = decode_call_signal(encode(CallSignal{"c-1", SignalKind::end_of_candidates, {}, {}, 0}));
    ASSERT_TRUE(done) << done.error();
    EXPECT_EQ(done->kind, SignalKind::end_of_candidates);

    const auto queued = decode_call_queued(encode(CallQueued{"c-1", 2, 3}));
    ASSERT_TRUE(queued);
    EXPECT_EQ(queued->position, 2);
    EXPECT_EQ(queued->agents_available, 3);
    EXPECT_EQ(decode_call_answered(encode(CallAnswered{"c-1", "Camille"}))->agent_name, "Camille");
    EXPECT_EQ(decode_call_ended(encode(CallEnded{"c-1", CallEndReason::agent_lost}))->reason,
              CallEndReason::agent_lost);

    const QueuedCall waiting{"c-1", "murat", "La Cocotte numérique", "Jeanne", "Un renseignement", kNine};
    const auto queue = decode_reception_queue(encode(ReceptionQueue{1, {waiting}}));
    ASSERT_TRUE(queue) << queue.error();
    ASSERT_EQ(queue->calls.size(), 1u);
    EXPECT_EQ(queue->calls[0].site_name, "La Cocotte numérique");
    EXPECT_EQ(queue->calls[0].queued_at, kNine);
    EXPECT_EQ(decode_call_assigned(encode(CallAssigned{waiting}))->call.reason, "Un renseignement");
}

TEST(ReceptionCodec, NameAndReasonAreOptional) {
    const auto request = decode_call_request(R"({"type":"call.request"})");
    ASSERT_TRUE(request) << request.error();
    EXPECT_TRUE(request->visitor_name.empty());
    EXPECT_TRUE(request->reason.empty());
}

TEST(ReceptionCodec, MalformedOrHostileMessagesAreRefused) {
    EXPECT_FALSE(decode_call_request("not json"));
    EXPECT_FALSE(decode_call_request(R"({"type":"call.cancel"})")) << "another type";
    EXPECT_FALSE(decode_call_request(R"({"type":"call.request","visitor_name":42})"));
    EXPECT_FALSE(decode_call_request(R"({"type":"call.request","visitor_name":"a\nb"})")) << "control character";
    EXPECT_FALSE(decode_call_request(R"({"type":"call.request","visitor_name":")" + std::string(81, 'x') + "\"}"))
        << "over the name's limit";
    EXPECT_FALSE(decode_call_ref(R"({"type":"call.accept","call_id":""})", "call.accept"));
    EXPECT_FALSE(decode_call_ref(R"({"type":"call.accept"})", "call.accept"));
    EXPECT_FALSE(decode_agent_status(R"({"type":"agent.status","available":"yes"})"));

    EXPECT_FALSE(decode_call_signal(R"({"type":"call.signal","call_id":"c","signal":{"kind":"offer","sdp":"hello"}})"))
        << "not an SDP";
    EXPECT_FALSE(decode_call_signal(R"({"type":"call.signal","call_id":"c","signal":{"kind":"offer","sdp":"v=0)" +
                                    std::string(kSdpLimit, 'a') + "\"}}"))
        << "over the SDP limit";
    EXPECT_FALSE(decode_call_signal(
        R"({"type":"call.signal","call_id":"c","signal":{"kind":"candidate","candidate":"candidate:1\r\na=x","sdp_mline_index":0}})"))
        << "two lines";
    EXPECT_FALSE(decode_call_signal(
        R"({"type":"call.signal","call_id":"c","signal":{"kind":"candidate","candidate":"candidate:1","sdp_mline_index":99}})"))
        << "m-line out of range";
    EXPECT_FALSE(decode_call_signal(R"({"type":"call.signal","call_id":"c","signal":{"kind":"renegotiate"}})"));
    EXPECT_FALSE(decode_call_signal(R"({"type":"call.signal","call_id":"c"})"));
    EXPECT_FALSE(decode_call_ended(R"({"type":"call.ended","call_id":"c","reason":"bored"})"));
}

} // namespace
