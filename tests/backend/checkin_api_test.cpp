// POST /v1/checkins against a real backend over TLS.
#include "backend_fixture.hpp"
#include "telecentre/wire/codec.hpp"

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;
using wire::CheckinOutcome;
using wire::Direction;
using wire::RefusalReason;

class CheckinApi : public BackendTest {};

std::string error_code_of(const HttpReply& reply) {
    auto error = wire::decode_api_error(reply.body);
    return error ? error->code : "<not an ApiError: " + reply.body + ">";
}

std::string error_message_of(const HttpReply& reply) {
    auto error = wire::decode_api_error(reply.body);
    return error ? error->message : std::string();
}

TEST_F(CheckinApi, CheckInThenOutTogglesAndCountsMinutes) {
    const auto tuesday = recent_tuesday();
    const auto in = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 9, 0));
    EXPECT_EQ(in.outcome, CheckinOutcome::checked_in);
    EXPECT_EQ(in.reason, RefusalReason::none);
    ASSERT_TRUE(in.member);
    EXPECT_EQ(in.member->id, kElodieId);
    EXPECT_EQ(in.member->display_name, "Élodie V.");
    ASSERT_TRUE(in.pass);
    EXPECT_EQ(in.pass->state, wire::PassState::active);
    EXPECT_TRUE(in.presence.inside);
    EXPECT_EQ(in.presence.since, paris(tuesday, 9, 0));
    EXPECT_EQ(in.presence.minutes_today, 0);

    const auto out = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 12, 30));
    EXPECT_EQ(out.outcome, CheckinOutcome::checked_out);
    EXPECT_FALSE(out.presence.inside);
    EXPECT_FALSE(out.presence.since);
    EXPECT_EQ(out.presence.minutes_today, 210);

    // Back after lunch: the open afternoon session counts up to the tap time.
    const auto again = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 14, 0));
    EXPECT_EQ(again.outcome, CheckinOutcome::checked_in);
    EXPECT_EQ(again.presence.minutes_today, 210);
    const auto evening = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 17, 45));
    EXPECT_EQ(evening.outcome, CheckinOutcome::checked_out);
    EXPECT_EQ(evening.presence.minutes_today, 210 + 225);

    auto sessions = store().presence_sessions(kElodieId);
    ASSERT_TRUE(sessions);
    ASSERT_EQ(sessions->size(), 2u);
    EXPECT_FALSE((*sessions)[0].auto_closed);
    auto events = store().presence_events(kElodieId);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 4u);
}

TEST_F(CheckinApi, ReplayWithSameKeyReturnsTheFirstAnswerAndRecordsOnce) {
    const auto body = checkin_body("murat", kElodieActiveMurat, paris(recent_tuesday(), 9, 0));
    const auto first = post_checkin(m_murat_token, "journal-entry-1", body);
    const auto replay = post_checkin(m_murat_token, "journal-entry-1", body);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(replay.status, 200);
    EXPECT_EQ(replay.body, first.body);

    auto events = store().presence_events(kElodieId);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 1u);
    auto sessions = store().presence_sessions(kElodieId);
    ASSERT_TRUE(sessions);
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_FALSE((*sessions)[0].out_at) << "a replay must not toggle the member out";
}

TEST_F(CheckinApi, SameKeyWithDifferentBodyIsAConflict) {
    const auto tuesday = recent_tuesday();
    ASSERT_EQ(post_checkin(m_murat_token, "k", checkin_body("murat", kElodieActiveMurat, paris(tuesday, 9, 0))).status,
              200);
    const auto conflict =
        post_checkin(m_murat_token, "k", checkin_body("murat", kElodieActiveMurat, paris(tuesday, 9, 1)));
    EXPECT_EQ(conflict.status, 409);
    EXPECT_EQ(error_code_of(conflict), "idempotency_conflict");
    auto events = store().presence_events(kElodieId);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 1u);
}

TEST_F(CheckinApi, KioskOfAnotherSiteIsForbidden) {
    const auto reply =
        post_checkin(m_a2ex_token, "k", checkin_body("murat", kElodieActiveMurat, paris(recent_tuesday(), 9, 0)));
    EXPECT_EQ(reply.status, 403);
    EXPECT_EQ(error_code_of(reply), "forbidden_site");
}

TEST_F(CheckinApi, MissingTokenIsUnauthenticated) {
    auto reply = client()->request("POST", "/v1/checkins", checkin_body("murat", kElodieActiveMurat, now_seconds()),
                                   {{"Idempotency-Key", "k"}});
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 401);
    EXPECT_EQ(error_code_of(*reply), "unauthenticated");
}

TEST_F(CheckinApi, BadTokenIsUnauthenticated) {
    const std::string forged = "tck_" + std::string(64, 'a');
    EXPECT_EQ(post_checkin(forged, "k", checkin_body("murat", kElodieActiveMurat, now_seconds())).status, 401);
    const auto garbage = post_checkin("not-a-token", "k", checkin_body("murat", kElodieActiveMurat, now_seconds()));
    EXPECT_EQ(garbage.status, 401);
    EXPECT_EQ(error_code_of(garbage), "unauthenticated");
}

TEST_F(CheckinApi, MissingIdempotencyKeyIsRejected) {
    auto reply = client()->request("POST", "/v1/checkins", checkin_body("murat", kElodieActiveMurat, now_seconds()),
                                   auth(m_murat_token));
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 400);
    EXPECT_EQ(error_code_of(*reply), "idempotency_key_required");
    const auto too_long =
        post_checkin(m_murat_token, std::string(129, 'k'), checkin_body("murat", kElodieActiveMurat, now_seconds()));
    EXPECT_EQ(too_long.status, 400);
    EXPECT_EQ(error_code_of(too_long), "invalid_idempotency_key");
}

TEST_F(CheckinApi, MalformedJsonIsRejected) {
    const auto reply = post_checkin(m_murat_token, "k", R"({"site": "murat", "badge_uid": )");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_code_of(reply), "malformed_json");
    EXPECT_NE(error_message_of(reply).find("JSON"), std::string::npos) << reply.body;
}

TEST_F(CheckinApi, MissingFieldIsNamed) {
    const auto reply =
        post_checkin(m_murat_token, "k", R"({"site":"murat","direction":"auto","at":"2026-11-23T09:00:00Z"})");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_code_of(reply), "invalid_request");
    EXPECT_NE(error_message_of(reply).find("badge_uid"), std::string::npos) << reply.body;
}

TEST_F(CheckinApi, WrongFieldValueIsNamed) {
    const auto reply = post_checkin(
        m_murat_token, "k",
        R"({"site":"murat","badge_uid":"04A1B2C3D4E5F6","direction":"sideways","at":"2026-11-23T09:00:00Z"})");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_code_of(reply), "invalid_request");
    EXPECT_NE(error_message_of(reply).find("direction"), std::string::npos) << reply.body;
    const auto lower_case = post_checkin(m_murat_token, "k2", checkin_body("murat", "04a1b2c3d4e5f6", now_seconds()));
    EXPECT_EQ(lower_case.status, 400);
    EXPECT_NE(error_message_of(lower_case).find("badge_uid"), std::string::npos) << lower_case.body;
}

TEST_F(CheckinApi, UnknownBadgeIsRefused) {
    const auto answer = checkin(m_murat_token, "murat", "0400000000DEAD", now_seconds());
    EXPECT_EQ(answer.outcome, CheckinOutcome::refused);
    EXPECT_EQ(answer.reason, RefusalReason::unknown_badge);
    EXPECT_FALSE(answer.member);
    EXPECT_FALSE(answer.pass);
    EXPECT_FALSE(answer.event_id.empty());
}

TEST_F(CheckinApi, RevokedBadgeIsRefusedWithoutNamingItsHolder) {
    const auto answer = checkin(m_murat_token, "murat", kElodieRevoked, now_seconds());
    EXPECT_EQ(answer.outcome, CheckinOutcome::refused);
    EXPECT_EQ(answer.reason, RefusalReason::badge_revoked);
    EXPECT_FALSE(answer.member);
    auto sessions = store().presence_sessions(kElodieId);
    ASSERT_TRUE(sessions);
    EXPECT_TRUE(sessions->empty());
}

TEST_F(CheckinApi, ExpiredPassIsRefusedWithMemberAndPass) {
    const auto answer = checkin(m_murat_token, "murat", kThomasExpiredMurat, now_seconds());
    EXPECT_EQ(answer.outcome, CheckinOutcome::refused);
    EXPECT_EQ(answer.reason, RefusalReason::pass_expired);
    ASSERT_TRUE(answer.member);
    EXPECT_EQ(answer.member->first_name, "Thomas");
    ASSERT_TRUE(answer.pass);
    EXPECT_EQ(answer.pass->state, wire::PassState::expired);
    EXPECT_FALSE(answer.presence.inside);
}

TEST_F(CheckinApi, SuspendedPassIsRefusedWithMemberAndPass) {
    const auto answer = checkin(m_a2ex_token, "aurillac-a2ex", kNadiaSuspendedA2ex, now_seconds());
    EXPECT_EQ(answer.outcome, CheckinOutcome::refused);
    EXPECT_EQ(answer.reason, RefusalReason::pass_suspended);
    ASSERT_TRUE(answer.member);
    EXPECT_EQ(answer.member->first_name, "Nadia");
    ASSERT_TRUE(answer.pass);
    EXPECT_EQ(answer.pass->state, wire::PassState::suspended);
}

TEST_F(CheckinApi, FreePeriodMemberChecksIn) {
    const auto answer = checkin(m_murat_token, "murat", kJulienFreeMurat, now_seconds());
    EXPECT_EQ(answer.outcome, CheckinOutcome::checked_in);
    ASSERT_TRUE(answer.pass);
    EXPECT_EQ(answer.pass->state, wire::PassState::free_period);
}

TEST_F(CheckinApi, StaleSessionFromYesterdayIsAutoClosedAtClosingTime) {
    const auto tuesday = recent_tuesday();
    const auto wednesday = tuesday + days{1};
    ASSERT_EQ(checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 10, 0)).outcome,
              CheckinOutcome::checked_in);

    // She never tapped out on Tuesday; Wednesday's tap is a new arrival, not a departure.
    const auto next_day = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(wednesday, 9, 0));
    EXPECT_EQ(next_day.outcome, CheckinOutcome::checked_in);
    EXPECT_EQ(next_day.presence.minutes_today, 0);

    auto sessions = store().presence_sessions(kElodieId);
    ASSERT_TRUE(sessions);
    ASSERT_EQ(sessions->size(), 2u);
    const auto& stale = (*sessions)[0];
    EXPECT_TRUE(stale.auto_closed);
    ASSERT_TRUE(stale.out_at);
    EXPECT_EQ(*stale.out_at, paris(tuesday, 18, 30)) << "Murat closes at 18:30 on weekdays";
    EXPECT_FALSE((*sessions)[1].out_at);
}

TEST_F(CheckinApi, CheckingInAtAnotherSiteClosesTheOpenSession) {
    const auto tuesday = recent_tuesday();
    (void)checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 9, 0));
    const auto at_a2ex = checkin(m_a2ex_token, "aurillac-a2ex", kElodieActiveMurat, paris(tuesday, 14, 0));
    EXPECT_EQ(at_a2ex.outcome, CheckinOutcome::checked_in);
    EXPECT_EQ(at_a2ex.presence.minutes_today, 300);
    auto sessions = store().presence_sessions(kElodieId);
    ASSERT_TRUE(sessions);
    ASSERT_EQ(sessions->size(), 2u);
    EXPECT_EQ((*sessions)[0].site_id, "murat");
    EXPECT_EQ((*sessions)[0].out_at, paris(tuesday, 14, 0));
    EXPECT_EQ((*sessions)[1].site_id, "aurillac-a2ex");
}

TEST_F(CheckinApi, ExplicitDirectionsFromOfflineKiosksAreAppliedAsGiven) {
    const auto tuesday = recent_tuesday();
    const auto out_first = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 8, 0), Direction::out);
    EXPECT_EQ(out_first.outcome, CheckinOutcome::checked_out);
    const auto in = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 9, 0), Direction::in);
    const auto in_again = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 9, 5), Direction::in);
    EXPECT_EQ(in.outcome, CheckinOutcome::checked_in);
    EXPECT_EQ(in_again.outcome, CheckinOutcome::checked_in);
    EXPECT_EQ(in_again.presence.since, paris(tuesday, 9, 0)) << "in while inside keeps the session";

    auto sessions = store().presence_sessions(kElodieId);
    ASSERT_TRUE(sessions);
    EXPECT_EQ(sessions->size(), 1u);
    auto events = store().presence_events(kElodieId);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 3u) << "every request is one event";
}

TEST_F(CheckinApi, AnswerListsTodaysBookings) {
    const auto tuesday = recent_tuesday();
    ASSERT_EQ(
        store().add_booking({"b-1", "murat-bureau-2", kElodieId, paris(tuesday, 9, 0), paris(tuesday, 12, 0), {}, ""}),
        BookingOutcome::added);
    ASSERT_EQ(store().add_booking({"b-2",
                                   "murat-salle-visio",
                                   kElodieId,
                                   paris(tuesday + days{1}, 9, 0),
                                   paris(tuesday + days{1}, 10, 0),
                                   {},
                                   ""}),
              BookingOutcome::added);
    const auto answer = checkin(m_murat_token, "murat", kElodieActiveMurat, paris(tuesday, 8, 45));
    ASSERT_EQ(answer.bookings_today.size(), 1u);
    EXPECT_EQ(answer.bookings_today[0].id, "b-1");
    EXPECT_EQ(answer.bookings_today[0].resource_name, "Bureau 2");
    EXPECT_EQ(answer.bookings_today[0].resource_kind, "office");
    EXPECT_EQ(answer.bookings_today[0].start, paris(tuesday, 9, 0));
}

TEST_F(CheckinApi, RequestsAreLoggedWithDeviceButWithoutToken) {
    (void)checkin(m_murat_token, "murat", kElodieActiveMurat, paris(recent_tuesday(), 9, 0));
    const auto entries = logged();
    ASSERT_FALSE(entries.empty());
    const auto& entry = entries.back();
    EXPECT_EQ(entry.method, "POST");
    EXPECT_EQ(entry.path, "/v1/checkins");
    EXPECT_EQ(entry.status, 200);
    EXPECT_TRUE(entry.device_id.starts_with("dev_"));
    EXPECT_EQ(entry.device_id.find(m_murat_token), std::string::npos);
}

} // namespace
} // namespace telecentre::backend::test
