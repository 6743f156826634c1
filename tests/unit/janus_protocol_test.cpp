// The pure part of the room terminal's Janus client: Janus's messages decoded into typed events
// (samples shaped like what Janus 1.1.2 sends, checked against the real one by
// tests/integration/janus_room_client_test.cpp), hostile input dropped without a crash, the
// requests encoded with the token, and the address check.
#include "telecentre/platform/janus_protocol.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace telecentre::platform;
using nlohmann::json;

TEST(JanusProtocol, TheJoinedEventGivesOurIdsAndThePublishersWithTheirStreams) {
    const auto message = decode_janus_message(R"({
        "janus": "event", "session_id": 4409837340562934, "transaction": "t1", "sender": 8377211020373713,
        "plugindata": {"plugin": "janus.plugin.videoroom", "data": {
            "videoroom": "joined", "room": 4321, "description": "Salle", "id": 6270473592960297,
            "private_id": 1994567899,
            "publishers": [{"id": 3091822530958475, "display": "Élodie", "talking": false,
                            "streams": [{"type": "audio", "mindex": 0, "mid": "0", "codec": "opus"},
                                        {"type": "video", "mindex": 1, "mid": "1", "codec": "vp8"},
                                        {"type": "video", "mindex": 2, "mid": "2", "disabled": true}]},
                           {"display": "no id: dropped"}]}}})");
    ASSERT_EQ(message.kind, JanusKind::event);
    EXPECT_EQ(message.transaction, "t1");
    EXPECT_EQ(message.session_id, 4409837340562934U);
    EXPECT_EQ(message.sender, 8377211020373713U);
    EXPECT_EQ(message.plugin, "janus.plugin.videoroom");
    const auto* joined = std::get_if<VideoRoomJoined>(&message.videoroom);
    ASSERT_NE(joined, nullptr);
    EXPECT_EQ(joined->room, 4321U);
    EXPECT_EQ(joined->id, 6270473592960297U);
    EXPECT_EQ(joined->private_id, 1994567899U);
    ASSERT_EQ(joined->publishers.size(), 1U);
    const auto& publisher = joined->publishers[0];
    EXPECT_EQ(publisher.id, 3091822530958475U);
    EXPECT_EQ(publisher.display, "Élodie");
    ASSERT_EQ(publisher.streams.size(), 3U);
    EXPECT_EQ(publisher.streams[1].type, "video");
    EXPECT_EQ(publisher.streams[1].mid, "1");
    EXPECT_EQ(publisher.streams[1].codec, "vp8");
    EXPECT_FALSE(publisher.streams[1].disabled);
    EXPECT_TRUE(publisher.streams[2].disabled);
}

TEST(JanusProtocol, RoomEventsAreTyped) {
    const auto event = [](const std::string& data) {
        return decode_janus_message(
                   R"({"janus":"event","sender":1,"plugindata":{"plugin":"janus.plugin.videoroom","data":)" + data +
                   "}}")
            .videoroom;
    };
    const auto publishers = event(R"({"videoroom":"event","room":4321,"publishers":[{"id":7,"display":"B"}]})");
    ASSERT_TRUE(std::holds_alternative<VideoRoomPublishers>(publishers));
    EXPECT_EQ(std::get<VideoRoomPublishers>(publishers).publishers.at(0).id, 7U);

    const auto unpublished = event(R"({"videoroom":"event","room":4321,"unpublished":7})");
    ASSERT_TRUE(std::holds_alternative<VideoRoomGone>(unpublished));
    EXPECT_EQ(std::get<VideoRoomGone>(unpublished).id, 7U);
    EXPECT_EQ(std::get<VideoRoomGone>(unpublished).how, JanusDeparture::unpublished);
    const auto leaving = event(R"({"videoroom":"event","room":4321,"leaving":7})");
    EXPECT_EQ(std::get<VideoRoomGone>(leaving).how, JanusDeparture::left);
    const auto kicked = event(R"({"videoroom":"event","room":4321,"leaving":7,"reason":"kicked"})");
    EXPECT_EQ(std::get<VideoRoomGone>(kicked).how, JanusDeparture::kicked);
    EXPECT_TRUE(std::holds_alternative<VideoRoomSelfGone>(event(R"({"videoroom":"event","leaving":"ok"})")));

    const auto talking = event(R"({"videoroom":"talking","room":4321,"id":7,"audio-level-dBov-avg":-42})");
    ASSERT_TRUE(std::holds_alternative<VideoRoomTalking>(talking));
    EXPECT_EQ(std::get<VideoRoomTalking>(talking).state, JanusTalking::started);
    EXPECT_EQ(std::get<VideoRoomTalking>(talking).level_dbov, -42);
    EXPECT_EQ(std::get<VideoRoomTalking>(event(R"({"videoroom":"stopped-talking","id":7})")).state,
              JanusTalking::stopped);

    const auto joining = event(R"({"videoroom":"event","room":4321,"joining":{"id":9,"display":"C"}})");
    EXPECT_EQ(std::get<VideoRoomJoining>(joining).display, "C");
    EXPECT_TRUE(std::holds_alternative<VideoRoomConfigured>(event(R"({"videoroom":"event","configured":"ok"})")));
    EXPECT_TRUE(std::holds_alternative<VideoRoomStarted>(event(R"({"videoroom":"event","started":"ok"})")));
    EXPECT_TRUE(std::holds_alternative<VideoRoomUpdating>(event(R"({"videoroom":"updating"})")));
    EXPECT_EQ(std::get<VideoRoomDestroyed>(event(R"({"videoroom":"destroyed","room":4321})")).room, 4321U);

    const auto refused = event(R"j({"videoroom":"event","error_code":433,"error":"Unauthorized (wrong pin)"})j");
    ASSERT_TRUE(std::holds_alternative<VideoRoomError>(refused));
    EXPECT_EQ(std::get<VideoRoomError>(refused).code, 433);
    EXPECT_EQ(std::get<VideoRoomError>(refused).reason, "Unauthorized (wrong pin)");
    EXPECT_EQ(std::get<VideoRoomOther>(event(R"({"videoroom":"slow_link"})")).name, "slow_link");
}

TEST(JanusProtocol, TheSubscriptionsOfferMapsEachMidToItsFeed) {
    const auto message = decode_janus_message(R"({
        "janus":"event","sender":2,"transaction":"t2",
        "plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"attached","room":4321,"streams":[
            {"type":"audio","active":true,"mindex":0,"mid":"0","ready":false,"send":true,
             "feed_id":3091822530958475,"feed_display":"Élodie","feed_mid":"0","codec":"opus"},
            {"type":"video","active":false,"mindex":1,"mid":"1"},
            "junk"]}},
        "jsep":{"type":"offer","sdp":"v=0\r\n"}})");
    ASSERT_EQ(message.kind, JanusKind::event);
    const auto* subscription = std::get_if<VideoRoomSubscription>(&message.videoroom);
    ASSERT_NE(subscription, nullptr);
    EXPECT_TRUE(subscription->first);
    EXPECT_TRUE(subscription->has_streams);
    ASSERT_EQ(subscription->streams.size(), 2U);
    EXPECT_EQ(subscription->streams[0].feed_id, 3091822530958475U);
    EXPECT_EQ(subscription->streams[0].feed_display, "Élodie");
    EXPECT_EQ(subscription->streams[0].type, "audio");
    EXPECT_TRUE(subscription->streams[0].active);
    EXPECT_EQ(subscription->streams[1].mindex, 1U);
    EXPECT_FALSE(subscription->streams[1].active);
    EXPECT_EQ(subscription->streams[1].feed_id, std::nullopt);
    ASSERT_TRUE(message.jsep);
    EXPECT_EQ(message.jsep->type, "offer");

    const auto updated = decode_janus_message(
        R"({"janus":"event","sender":2,"plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"updated","room":4321}}})");
    const auto* nothing = std::get_if<VideoRoomSubscription>(&updated.videoroom);
    ASSERT_NE(nothing, nullptr);
    EXPECT_FALSE(nothing->first);
    EXPECT_FALSE(nothing->has_streams) << "an update that changed nothing";
}

TEST(JanusProtocol, CoreMessagesAreTyped) {
    EXPECT_EQ(decode_janus_message(R"({"janus":"ack","session_id":1,"transaction":"k"})").kind, JanusKind::ack);
    const auto created =
        decode_janus_message(R"({"janus":"success","transaction":"c","data":{"id":4409837340562934}})");
    EXPECT_EQ(created.kind, JanusKind::success);
    EXPECT_EQ(created.data_id, 4409837340562934U);
    const auto refused = decode_janus_message(
        R"j({"janus":"error","transaction":"c","error":{"code":403,"reason":"Unauthorized request (wrong or missing secret/token)"}})j");
    EXPECT_EQ(refused.kind, JanusKind::error);
    EXPECT_EQ(refused.error_code, 403);
    EXPECT_EQ(refused.error_reason, "Unauthorized request (wrong or missing secret/token)");

    const auto candidate = decode_janus_message(
        R"({"janus":"trickle","session_id":1,"sender":2,"candidate":{"sdpMid":"0","sdpMLineIndex":0,"candidate":"candidate:1 1 udp 2015363327 10.99.0.1 20011 typ host"}})");
    EXPECT_EQ(candidate.kind, JanusKind::trickle);
    EXPECT_EQ(candidate.candidate.mline_index, 0U);
    EXPECT_EQ(candidate.candidate.mid, "0");
    EXPECT_FALSE(candidate.candidate.completed);
    EXPECT_TRUE(
        decode_janus_message(R"({"janus":"trickle","sender":2,"candidate":{"completed":true}})").candidate.completed);

    EXPECT_EQ(decode_janus_message(R"({"janus":"webrtcup","session_id":1,"sender":2})").kind, JanusKind::webrtcup);
    const auto media =
        decode_janus_message(R"({"janus":"media","sender":2,"mid":"1","type":"video","receiving":true})");
    EXPECT_EQ(media.kind, JanusKind::media);
    EXPECT_EQ(media.media_type, "video");
    EXPECT_TRUE(media.receiving);
    const auto slow =
        decode_janus_message(R"({"janus":"slowlink","sender":2,"mid":"1","media":"video","uplink":true,"lost":12})");
    EXPECT_EQ(slow.lost, 12U);
    EXPECT_TRUE(slow.uplink);
    EXPECT_EQ(decode_janus_message(R"({"janus":"hangup","sender":2,"reason":"DTLS alert"})").reason, "DTLS alert");
    EXPECT_EQ(decode_janus_message(R"({"janus":"detached","sender":2})").kind, JanusKind::detached);
    EXPECT_EQ(decode_janus_message(R"({"janus":"timeout","session_id":1})").kind, JanusKind::timeout);
    EXPECT_EQ(decode_janus_message(R"({"janus":"server_info"})").kind, JanusKind::unknown);
}

TEST(JanusProtocol, HostileInputIsDroppedWithAReasonNeverAThrow) {
    for (const std::string text :
         {"", "not json", "[1,2]", "42", "{\"janus\":", R"({"transaction":"t"})", R"({"janus":"error"})",
          R"({"janus":"error","error":"a string"})", R"({"janus":"event"})", R"({"janus":"event","plugindata":7})",
          R"({"janus":"event","plugindata":{"plugin":"janus.plugin.videoroom"}})", R"({"janus":"trickle"})",
          R"({"janus":"trickle","candidate":{"candidate":""}})", R"({"janus":["event"]})"}) {
        const auto message = decode_janus_message(text);
        EXPECT_EQ(message.kind, JanusKind::malformed) << text;
        EXPECT_FALSE(message.problem.empty()) << text;
    }
    // Fields of the wrong type read as absent.
    const auto odd = decode_janus_message(
        R"({"janus":"event","sender":"2","session_id":-5,"transaction":17,"plugindata":{"plugin":"janus.plugin.videoroom",
            "data":{"videoroom":"joined","id":"x","private_id":1.5,"publishers":{"id":1}}},"jsep":{"type":"pranswer","sdp":"v=0"}})");
    EXPECT_EQ(odd.kind, JanusKind::event);
    EXPECT_EQ(odd.sender, 0U);
    EXPECT_EQ(odd.session_id, 0U);
    EXPECT_TRUE(odd.transaction.empty());
    EXPECT_EQ(std::get<VideoRoomJoined>(odd.videoroom).id, 0U);
    EXPECT_TRUE(std::get<VideoRoomJoined>(odd.videoroom).publishers.empty());
    EXPECT_FALSE(odd.jsep) << "only offers and answers";
    // Deep nesting and a large message do not crash the decoder.
    std::string deep(100'000, '[');
    EXPECT_EQ(decode_janus_message(deep).kind, JanusKind::malformed);
    const std::string big = R"({"janus":"event","sender":1,"plugindata":{"plugin":"p","data":{"videoroom":")" +
                            std::string(2'000'000, 'x') + R"("}}})";
    EXPECT_EQ(decode_janus_message(big).kind, JanusKind::event);
}

TEST(JanusProtocol, RequestsCarryTheTokenTheIdsAndTheirBody) {
    const JanusEnvelope envelope{"tx1", "secret-token", 11, 22};
    const auto join = json::parse(encode_join_publisher(envelope, 4321, "482913", "Salle visio"));
    EXPECT_EQ(join["janus"], "message");
    EXPECT_EQ(join["transaction"], "tx1");
    EXPECT_EQ(join["token"], "secret-token");
    EXPECT_EQ(join["session_id"], 11);
    EXPECT_EQ(join["handle_id"], 22);
    EXPECT_EQ(join["body"], json::parse(R"({"request":"join","ptype":"publisher","room":4321,"pin":"482913",
                                             "display":"Salle visio"})"));

    const auto create = json::parse(encode_janus_create(JanusEnvelope{"tx2", "secret-token", 0, 0}));
    EXPECT_EQ(create, json::parse(R"({"janus":"create","transaction":"tx2","token":"secret-token"})"));
    EXPECT_FALSE(json::parse(encode_janus_keepalive(JanusEnvelope{"k", "", 11, 0})).contains("token"));

    const auto publish = json::parse(encode_publish(envelope, JanusPublishStep::first, "Salle", "v=0\r\n"));
    EXPECT_EQ(publish["body"]["request"], "publish");
    EXPECT_EQ(publish["jsep"], json::parse(R"({"type":"offer","sdp":"v=0\r\n"})"));
    EXPECT_EQ(json::parse(encode_publish(envelope, JanusPublishStep::again, "Salle", "v=0"))["body"]["request"],
              "configure");

    const auto subscriber =
        json::parse(encode_join_subscriber(envelope, 4321, "482913", 1994567899, {{7, ""}, {8, "1"}}));
    EXPECT_EQ(subscriber["body"], json::parse(R"({"request":"join","ptype":"subscriber","room":4321,"pin":"482913",
        "private_id":1994567899,"streams":[{"feed":7},{"feed":8,"mid":"1"}]})"));
    const auto update = json::parse(encode_update_subscription(envelope, {{9, ""}}, {{7, ""}}));
    EXPECT_EQ(update["body"],
              json::parse(R"({"request":"update","subscribe":[{"feed":9}],"unsubscribe":[{"feed":7}]})"));
    const auto start = json::parse(encode_start(envelope, "v=0\r\n"));
    EXPECT_EQ(start["body"]["request"], "start");
    EXPECT_EQ(start["jsep"]["type"], "answer");
    EXPECT_EQ(json::parse(encode_leave(envelope))["body"]["request"], "leave");

    JanusCandidate candidate;
    candidate.mline_index = 1;
    candidate.mid = "1";
    candidate.candidate = "candidate:1 1 UDP 2015363327 10.99.0.2 40000 typ host";
    const auto trickle = json::parse(encode_janus_trickle(envelope, candidate));
    EXPECT_EQ(trickle["candidate"], json::parse(R"({"sdpMLineIndex":1,"sdpMid":"1",
        "candidate":"candidate:1 1 UDP 2015363327 10.99.0.2 40000 typ host"})"));
    JanusCandidate done;
    done.completed = true;
    EXPECT_EQ(json::parse(encode_janus_trickle(envelope, done))["candidate"], json::parse(R"({"completed":true})"));
}

TEST(JanusProtocol, PlainTextOnlyToLoopback) {
    const auto local = parse_janus_url("ws://127.0.0.1:8188/janus");
    ASSERT_TRUE(local) << local.error();
    EXPECT_EQ(local->transport, JanusTransport::plain);
    EXPECT_EQ(local->host, "127.0.0.1");
    EXPECT_EQ(local->port, "8188");
    EXPECT_EQ(local->target, "/janus");
    EXPECT_TRUE(parse_janus_url("ws://127.42.1.9:8188"));
    EXPECT_EQ(parse_janus_url("ws://127.42.1.9:8188")->target, "/");

    const auto secure = parse_janus_url("wss://telecentres.example/janus");
    ASSERT_TRUE(secure) << secure.error();
    EXPECT_EQ(secure->transport, JanusTransport::tls);
    EXPECT_EQ(secure->port, "443");
    EXPECT_EQ(parse_janus_url("wss://[2001:db8::1]:8989/janus")->host, "2001:db8::1");

    for (const auto* refused : {"ws://10.0.0.5:8188/janus", "ws://localhost:8188", "ws://128.0.0.1:8188",
                                "ws://127.0.0.1.evil.example:8188", "ws://[::1]:8188", "ws://127.0.0.256:8188"}) {
        const auto parsed = parse_janus_url(refused);
        ASSERT_FALSE(parsed) << refused;
        EXPECT_NE(parsed.error().find("ws:// is allowed only to a 127.x.y.z address"), std::string::npos)
            << parsed.error();
    }
    for (const auto* broken : {"http://127.0.0.1:8088/janus", "wss://", "wss://host:0/", "wss://host:99999/",
                               "wss://host:http/", "wss://user:pw@host/", "wss://[::1/"}) {
        EXPECT_FALSE(parse_janus_url(broken)) << broken;
    }
}
