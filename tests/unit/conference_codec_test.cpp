// The wire codecs of conference rooms: what the room terminal sends (start, extend), what the
// backend answers (the conference, the guest page's join descriptor), and the validation that
// decoding is for the backend.
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/conference_codec.hpp"

#include <gtest/gtest.h>

using namespace telecentre;

namespace {

wire::Conference sample_conference() {
    wire::Conference conference;
    conference.id = "conf_0123456789abcdef";
    conference.booking_id = "bk_visio";
    conference.site_id = "murat";
    conference.site_name = "La Cocotte numérique";
    conference.resource_id = "murat-salle-visio";
    conference.resource_name = "Salle de visioconférence";
    conference.host_name = "Élodie V.";
    conference.room = 9007199254740991; // the largest a browser reads exactly
    conference.pin = "482913";
    conference.janus_ws = "wss://telecentres.example/janus";
    conference.janus_token = "0123456789abcdef0123456789abcdef";
    conference.ice_servers = {
        wire::IceServer{{"stun:stun.example:3478"}, std::nullopt, std::nullopt},
        wire::IceServer{{"turn:turn.example:3478?transport=udp"}, "1767261600:guest", "c2VjcmV0"}};
    conference.started_at = *wire::parse_time("2026-12-01T09:02:00Z");
    conference.ends_at = *wire::parse_time("2026-12-01T11:00:00Z");
    return conference;
}

} // namespace

TEST(ConferenceCodec, AStartAndAnExtendGoThereAndBack) {
    const wire::ConferenceStart start{"murat-salle-visio", "04A1B2C3D4E5F6", 60, false};
    auto back = wire::decode_conference_start(wire::encode(start));
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->resource_id, start.resource_id);
    EXPECT_EQ(back->badge_uid, start.badge_uid);
    EXPECT_EQ(back->ad_hoc_minutes, 60);
    auto booked = wire::decode_conference_start(R"({"resource_id":"murat-salle-visio","badge_uid":"04A1B2C3"})");
    ASSERT_TRUE(booked) << booked.error();
    EXPECT_EQ(booked->ad_hoc_minutes, std::nullopt) << "no ad hoc booking unless asked";

    auto extend = wire::decode_conference_extend(wire::encode(wire::ConferenceExtend{"04A1B2C3", 30}));
    ASSERT_TRUE(extend) << extend.error();
    EXPECT_EQ(extend->minutes, 30);

    const wire::ConferenceStart automatic{"murat-salle-visio", {}, std::nullopt, true};
    EXPECT_EQ(wire::encode(automatic), R"({"automatic":true,"resource_id":"murat-salle-visio"})");
    auto by_itself = wire::decode_conference_start(wire::encode(automatic));
    ASSERT_TRUE(by_itself) << by_itself.error();
    EXPECT_TRUE(by_itself->automatic);
    EXPECT_TRUE(by_itself->badge_uid.empty());
}

TEST(ConferenceCodec, TerminalRequestsOutsideTheRulesAreRefusedWithTheField) {
    const auto error_of = [](const std::string& text) {
        auto decoded = wire::decode_conference_start(text);
        return decoded ? std::string("accepted") : decoded.error();
    };
    EXPECT_EQ(error_of(R"({"resource_id":"murat-salle-visio","badge_uid":"04a1b2c3"})"),
              "field \"badge_uid\" must be upper-case hex of 4 to 10 bytes");
    EXPECT_EQ(error_of(R"({"resource_id":"../etc","badge_uid":"04A1B2C3"})"), "field \"resource_id\" is not an id");
    EXPECT_EQ(error_of(R"({"resource_id":"murat-salle-visio","badge_uid":"04A1B2C3","ad_hoc_minutes":0})"),
              "field \"ad_hoc_minutes\" must be 1 to 240 minutes");
    EXPECT_EQ(error_of(R"({"resource_id":"murat-salle-visio","badge_uid":"04A1B2C3","ad_hoc_minutes":"60"})"),
              "field \"ad_hoc_minutes\" must be an integer");
    EXPECT_EQ(error_of(R"({"badge_uid":"04A1B2C3"})"), "missing field \"resource_id\"");
    EXPECT_EQ(error_of(R"({"resource_id":"murat-salle-visio"})"), "missing field \"badge_uid\"");
    EXPECT_EQ(error_of(R"({"resource_id":"murat-salle-visio","automatic":true,"badge_uid":"04A1B2C3"})"),
              "an automatic start has no badge_uid and no ad_hoc_minutes");
    EXPECT_EQ(error_of(R"({"resource_id":"murat-salle-visio","automatic":true,"ad_hoc_minutes":30})"),
              "an automatic start has no badge_uid and no ad_hoc_minutes");
    EXPECT_EQ(error_of(R"({"resource_id":"murat-salle-visio","automatic":"yes"})"),
              "field \"automatic\" must be true or false");
    EXPECT_EQ(error_of("[1,2"), "the body is not valid JSON");
    auto extend = wire::decode_conference_extend(R"({"badge_uid":"04A1B2C3","minutes":121})");
    ASSERT_FALSE(extend);
    EXPECT_EQ(extend.error(), "field \"minutes\" must be 1 to 120 minutes");
}

TEST(ConferenceCodec, AConferenceGoesThereAndBackWithItsIceServersAndNulls) {
    auto conference = sample_conference();
    const auto text = wire::encode(conference);
    EXPECT_NE(text.find(R"("guest_url":null)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("room":9007199254740991)"), std::string::npos) << text;
    auto back = wire::decode_conference(text);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->room, conference.room);
    EXPECT_EQ(back->pin, conference.pin);
    EXPECT_EQ(back->janus_token, conference.janus_token);
    EXPECT_EQ(back->host_name, conference.host_name);
    ASSERT_EQ(back->ice_servers.size(), 2u);
    EXPECT_EQ(back->ice_servers[0].username, std::nullopt);
    EXPECT_EQ(back->ice_servers[1].username, "1767261600:guest");
    EXPECT_EQ(back->ice_servers[1].credential, "c2VjcmV0");
    EXPECT_EQ(back->ends_at, conference.ends_at);
    EXPECT_EQ(back->guest_url, std::nullopt);

    conference.guest_url = "https://telecentres.example/join/abc";
    conference.guest_link_expires_at = *wire::parse_time("2026-12-01T11:10:00Z");
    auto with_link = wire::decode_conference(wire::encode(conference));
    ASSERT_TRUE(with_link) << with_link.error();
    EXPECT_EQ(with_link->guest_url, conference.guest_url);
    EXPECT_EQ(with_link->guest_link_expires_at, conference.guest_link_expires_at);

    conference.room = std::int64_t{1} << 53;
    auto too_large = wire::decode_conference(wire::encode(conference));
    ASSERT_FALSE(too_large);
    EXPECT_EQ(too_large.error(), "field \"room\" is not a room number");
    conference = sample_conference();
    conference.janus_ws = "http://telecentres.example/janus";
    auto not_ws = wire::decode_conference(wire::encode(conference));
    ASSERT_FALSE(not_ws);
    EXPECT_EQ(not_ws.error(), "field \"janus_ws\" must be a ws:// or wss:// URL");
}

TEST(ConferenceCodec, TheJoinDescriptorHasTheGuestPagesShape) {
    wire::JoinDescriptor descriptor;
    descriptor.conference = "conf_0123456789abcdef";
    descriptor.room = 1234;
    descriptor.pin = "482913";
    descriptor.janus_ws = "ws://127.0.0.1:8188/janus";
    descriptor.janus_token = "fedcba9876543210fedcba9876543210";
    descriptor.site = "La Cocotte numérique";
    descriptor.resource = "Salle de visioconférence";
    descriptor.host_name = "Élodie V.";
    descriptor.ends_at = *wire::parse_time("2026-12-01T11:00:00Z");
    descriptor.language = "en";
    const auto text = wire::encode(descriptor);
    // The page reads janus.ws and ice_servers as RTCPeerConnection takes them.
    EXPECT_NE(text.find(R"("janus":{"token":"fedcba9876543210fedcba9876543210","ws":"ws://127.0.0.1:8188/janus"})"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"("ice_servers":[])"), std::string::npos) << text;
    auto back = wire::decode_join_descriptor(text);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->room, 1234);
    EXPECT_EQ(back->janus_ws, descriptor.janus_ws);
    EXPECT_EQ(back->janus_token, descriptor.janus_token);
    EXPECT_EQ(back->language, "en");
    descriptor.language = "de";
    EXPECT_FALSE(wire::decode_join_descriptor(wire::encode(descriptor)));
}
