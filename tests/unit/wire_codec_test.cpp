#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/local_time.hpp"

#include <gtest/gtest.h>

using namespace telecentre::wire;
using namespace std::chrono;

TEST(WireCodec, TimesRoundTripAndRejectOtherForms) {
    const auto time = parse_time("2026-11-23T09:05:07Z");
    ASSERT_TRUE(time);
    EXPECT_EQ(format_time(*time), "2026-11-23T09:05:07Z");
    EXPECT_FALSE(parse_time("2026-11-23 09:05:07"));
    EXPECT_FALSE(parse_time("2026-02-30T09:05:07Z"));
    EXPECT_FALSE(parse_time("2026-11-23T09:05:07+01:00"));
}

TEST(WireCodec, CheckinRequestRoundTrips) {
    CheckinRequest request{"murat", "04A1B2C3D4E5F6", Direction::automatic, *parse_time("2026-11-23T09:05:07Z"), true};
    const auto decoded = decode_checkin_request(encode(request));
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(decoded->site, "murat");
    EXPECT_EQ(decoded->badge_uid, "04A1B2C3D4E5F6");
    EXPECT_EQ(decoded->at, request.at);
    EXPECT_TRUE(decoded->decided_offline);
}

TEST(WireCodec, MalformedInputNamesTheProblem) {
    EXPECT_EQ(decode_checkin_request("{not json").error(), "the body is not valid JSON");
    EXPECT_EQ(decode_checkin_request(R"({"site":"murat"})").error(), "missing field \"badge_uid\"");
    const auto wrong = decode_checkin_request(
        R"({"site":"murat","badge_uid":"04","direction":"sideways","at":"2026-11-23T09:05:07Z"})");
    EXPECT_EQ(wrong.error(), "field \"direction\" has an unknown value \"sideways\"");
    EXPECT_FALSE(decode_checkin_request("[]"));
    EXPECT_FALSE(decode_checkin_request(R"({"site":5})"));
}

TEST(WireCodec, CheckinResponseRoundTrips) {
    CheckinResponse response;
    response.event_id = "e1";
    response.outcome = CheckinOutcome::checked_in;
    response.member = Member{"m1", "Camille", "Camille Durand"};
    response.pass =
        Pass{"pass_actifs_mobiles", PassState::free_period, *parse_date("2027-01-31"), *parse_date("2027-01-31"), 6000};
    response.presence = {true, parse_time("2026-11-23T08:00:00Z").value(), 65};
    response.bookings_today.push_back(
        {"b1", "Bureau 2", "office", *parse_time("2026-11-23T09:00:00Z"), *parse_time("2026-11-23T12:00:00Z")});
    const auto decoded = decode_checkin_response(encode(response));
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(decoded->member->first_name, "Camille");
    EXPECT_EQ(decoded->pass->state, PassState::free_period);
    EXPECT_EQ(decoded->presence.minutes_today, 65);
    ASSERT_EQ(decoded->bookings_today.size(), 1u);
    EXPECT_EQ(decoded->bookings_today[0].resource_name, "Bureau 2");
}

TEST(WireCodec, OfflineCacheRoundTrips) {
    OfflineCache cache;
    cache.version = 12;
    cache.full = false;
    cache.site_name = "Ydes";
    const auto day = *parse_date("2026-05-01");
    cache.members.push_back({"m1", "Léa", "Léa Roux", {day, day + days{183}, day + days{400}, false}, false});
    cache.badges.push_back({"04A1B2C3", "m1", true});
    const auto decoded = decode_offline_cache(encode(cache));
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(decoded->version, 12);
    EXPECT_FALSE(decoded->full);
    EXPECT_EQ(decoded->members[0].pass.paid_until, day + days{400});
    EXPECT_TRUE(decoded->badges[0].revoked);
}

TEST(PassRule, FreePeriodThenPaidThenExpiredAndSuspensionWins) {
    const auto joined = *parse_date("2026-01-01");
    PassDates pass{joined, *parse_date("2026-06-30"), *parse_date("2026-09-30"), false};
    EXPECT_EQ(pass_state_on(pass, *parse_date("2026-03-01")), PassState::free_period);
    EXPECT_EQ(pass_state_on(pass, *parse_date("2026-06-30")), PassState::free_period);
    EXPECT_EQ(pass_state_on(pass, *parse_date("2026-07-01")), PassState::active);
    EXPECT_EQ(pass_state_on(pass, *parse_date("2026-10-01")), PassState::expired);
    pass.suspended = true;
    EXPECT_EQ(pass_state_on(pass, *parse_date("2026-03-01")), PassState::suspended);
    EXPECT_EQ(pass_valid_until(pass), *parse_date("2026-09-30"));
}

TEST(ParisTime, WinterAndSummerOffsetsAndTheSwitchDays) {
    EXPECT_EQ(paris_offset(*parse_time("2026-01-15T12:00:00Z")), hours{1});
    EXPECT_EQ(paris_offset(*parse_time("2026-07-15T12:00:00Z")), hours{2});
    // 2026: summer time starts on 29 March at 01:00 UTC and ends on 25 October at 01:00 UTC.
    EXPECT_EQ(paris_offset(*parse_time("2026-03-29T00:59:59Z")), hours{1});
    EXPECT_EQ(paris_offset(*parse_time("2026-03-29T01:00:00Z")), hours{2});
    EXPECT_EQ(paris_offset(*parse_time("2026-10-25T00:59:59Z")), hours{2});
    EXPECT_EQ(paris_offset(*parse_time("2026-10-25T01:00:00Z")), hours{1});
    // 23:30 UTC on a winter day is already the next day in Paris.
    EXPECT_EQ(paris_day(*parse_time("2026-11-23T23:30:00Z")), local_days{year{2026} / 11 / 24});
    EXPECT_EQ(paris_day_start(local_days{year{2026} / 11 / 24}), *parse_time("2026-11-23T23:00:00Z"));
}
