// The translations between the booking screens' commands and answers and the booking engine's.

#include "booking_bridge.hpp"
#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/codec.hpp"

#include <gtest/gtest.h>

using namespace telecentre;
using namespace telecentre::app;

namespace {

const wire::TimePoint kTen = *wire::parse_time("2030-01-08T09:00:00Z");
const core::TimePoint kFetched = core::TimePoint{} + std::chrono::hours{500'000};

wire::Booking booking_of(const std::string& id) {
    wire::Booking booking;
    booking.id = id;
    booking.site_id = "site-1";
    booking.resource_id = "room-1";
    booking.start = kTen;
    booking.end = kTen + std::chrono::hours{1};
    return booking;
}

core::WriteResult write(core::WriteOutcome outcome) {
    core::WriteResult result;
    result.outcome = outcome;
    return result;
}

wire::Availability schedule() {
    wire::Availability availability;
    availability.site_id = "site-1";
    availability.days = 2;
    return availability;
}

TEST(BookingBridge, EachScreenCommandBecomesTheEngineCommandWithTheSameRequestId) {
    const wire::Date from = wire::Date{std::chrono::days{21'000}};
    const auto fetch =
        to_engine_command(core::FetchAvailability{1, "site-1", from, 7, wire::ResourceKind::meeting_room});
    const auto* availability = std::get_if<core::AvailabilityCommand>(&fetch);
    ASSERT_NE(availability, nullptr);
    EXPECT_EQ(availability->request_id, 1u);
    EXPECT_EQ(availability->query.site_id, "site-1");
    EXPECT_EQ(availability->query.from, from);
    EXPECT_EQ(availability->query.days, 7);
    EXPECT_EQ(availability->query.kind, wire::ResourceKind::meeting_room);

    const wire::BookingRequest request{"04A1B2", "room-1", kTen, kTen + std::chrono::minutes{30}};
    const auto book = to_engine_command(core::SubmitBooking{2, request});
    ASSERT_TRUE(std::holds_alternative<core::BookCommand>(book));
    EXPECT_EQ(std::get<core::BookCommand>(book).request_id, 2u);
    EXPECT_EQ(std::get<core::BookCommand>(book).request.resource_id, "room-1");

    const auto cancel = to_engine_command(core::CancelBooking{3, "b-1", {"04A1B2"}});
    ASSERT_TRUE(std::holds_alternative<core::CancelCommand>(cancel));
    EXPECT_EQ(std::get<core::CancelCommand>(cancel).booking_id, "b-1");
    EXPECT_EQ(std::get<core::CancelCommand>(cancel).cancel.badge_uid, "04A1B2");

    const auto member = to_engine_command(core::FetchMemberBookings{4, "04A1B2"});
    ASSERT_TRUE(std::holds_alternative<core::MemberBookingsCommand>(member));
    EXPECT_EQ(std::get<core::MemberBookingsCommand>(member).badge_uid, "04A1B2");

    const auto check_in = to_engine_command(core::CheckInBooking{5, "b-2", "04A1B2"});
    ASSERT_TRUE(std::holds_alternative<core::CheckInCommand>(check_in));
    EXPECT_EQ(std::get<core::CheckInCommand>(check_in).request_id, 5u);
    EXPECT_EQ(std::get<core::CheckInCommand>(check_in).booking_id, "b-2");
    EXPECT_EQ(std::get<core::CheckInCommand>(check_in).holder.badge_uid, "04A1B2");

    const auto news = to_engine_command(core::FetchNews{6, "04A1B2"});
    ASSERT_TRUE(std::holds_alternative<core::NewsCommand>(news));
    EXPECT_EQ(std::get<core::NewsCommand>(news).request_id, 6u);
    EXPECT_EQ(std::get<core::NewsCommand>(news).badge_uid, "04A1B2");
}

TEST(BookingBridge, OnlyWritesHaveAWriteKind) {
    EXPECT_EQ(write_kind_of(core::SubmitBooking{}), WriteKind::booking);
    EXPECT_EQ(write_kind_of(core::CancelBooking{}), WriteKind::cancel);
    EXPECT_EQ(write_kind_of(core::CheckInBooking{}), WriteKind::check_in);
    EXPECT_EQ(write_kind_of(core::FetchAvailability{}), std::nullopt);
    EXPECT_EQ(write_kind_of(core::FetchMemberBookings{}), std::nullopt);
}

TEST(BookingBridge, ALiveScheduleIsShownLive) {
    core::AvailabilityResult result;
    result.availability = schedule();
    result.fetched_at = kFetched;
    const auto answer = to_availability_answer(result);
    const auto* shown = std::get_if<AvailabilityShown>(&answer);
    ASSERT_NE(shown, nullptr);
    EXPECT_EQ(shown->origin, core::AvailabilityOrigin::live);
    EXPECT_EQ(shown->offline_since, std::nullopt);
    EXPECT_EQ(shown->availability.days, 2);
}

TEST(BookingBridge, AStaleScheduleIsShownFromTheCacheWithItsFetchTime) {
    core::AvailabilityResult result;
    result.availability = schedule();
    result.freshness = core::Freshness::stale;
    result.fetched_at = kFetched;
    const auto answer = to_availability_answer(result);
    const auto* shown = std::get_if<AvailabilityShown>(&answer);
    ASSERT_NE(shown, nullptr);
    EXPECT_EQ(shown->origin, core::AvailabilityOrigin::cache);
    EXPECT_EQ(shown->offline_since, kFetched);
}

TEST(BookingBridge, NoScheduleIsAFailure) {
    core::AvailabilityResult result;
    result.freshness = core::Freshness::stale;
    result.failure = core::BackendError{core::BackendFailure::unreachable, 0, "offline", "no link"};
    EXPECT_TRUE(std::holds_alternative<AvailabilityMissing>(to_availability_answer(result)));
}

TEST(BookingBridge, EachWriteOutcomeBecomesItsAnswer) {
    auto confirmed = write(core::WriteOutcome::confirmed);
    confirmed.booking = booking_of("b-1");
    const auto done = to_booking_answer(confirmed);
    ASSERT_TRUE(std::holds_alternative<wire::Booking>(done));
    EXPECT_EQ(std::get<wire::Booking>(done).id, "b-1");

    auto refused = write(core::WriteOutcome::refused);
    refused.refusal = wire::BookingError{wire::BookingRefusal::not_your_booking, "no", {}};
    const auto no = to_booking_answer(refused);
    ASSERT_TRUE(std::holds_alternative<wire::BookingError>(no));
    EXPECT_EQ(std::get<wire::BookingError>(no).reason, wire::BookingRefusal::not_your_booking);

    EXPECT_TRUE(std::holds_alternative<core::JournaledOffline>(to_booking_answer(write(core::WriteOutcome::pending))));
    EXPECT_TRUE(
        std::holds_alternative<core::RequestFailed>(to_booking_answer(write(core::WriteOutcome::needs_connection))));
    EXPECT_TRUE(std::holds_alternative<core::RequestFailed>(to_booking_answer(write(core::WriteOutcome::failed))));
}

TEST(BookingBridge, AnAnswerMissingWhatItShouldCarryIsAFailure) {
    EXPECT_TRUE(std::holds_alternative<core::RequestFailed>(to_booking_answer(write(core::WriteOutcome::confirmed))));
    EXPECT_TRUE(std::holds_alternative<core::RequestFailed>(to_booking_answer(write(core::WriteOutcome::refused))));
}

TEST(BookingBridge, AMembersListComesWithThePendingBookings) {
    core::MemberBookingsResult result;
    result.bookings = wire::MemberBookings{{"m-1", "Élodie", "Élodie V."}, {booking_of("b-1")}};
    result.pending = {booking_of("")};
    const auto answer = to_member_bookings_answer(result);
    const auto* found = std::get_if<core::MemberBookingsFound>(&answer);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->bookings.member.first_name, "Élodie");
    ASSERT_EQ(found->bookings.bookings.size(), 1u);
    EXPECT_EQ(found->pending.size(), 1u);
    EXPECT_FALSE(found->stale);
}

TEST(BookingBridge, AMembersListFromTheCacheSaysSoAndWhenItWasFetched) {
    core::MemberBookingsResult result;
    result.freshness = core::Freshness::stale;
    result.fetched_at = kFetched;
    result.bookings = wire::MemberBookings{{"m-1", "Élodie", "Élodie V."}, {booking_of("b-1")}};
    const auto answer = to_member_bookings_answer(result);
    const auto* found = std::get_if<core::MemberBookingsFound>(&answer);
    ASSERT_NE(found, nullptr);
    EXPECT_TRUE(found->stale);
    EXPECT_EQ(found->fetched_at, kFetched);
}

TEST(BookingBridge, OfflineWithNoListThePendingBookingsAreStillShown) {
    core::MemberBookingsResult result;
    result.freshness = core::Freshness::stale;
    result.pending = {booking_of("")};
    const auto answer = to_member_bookings_answer(result);
    const auto* found = std::get_if<core::MemberBookingsFound>(&answer);
    ASSERT_NE(found, nullptr);
    EXPECT_TRUE(found->bookings.bookings.empty());
    EXPECT_EQ(found->pending.size(), 1u);
}

TEST(BookingBridge, AMembersListRefusedOrMissingIsSaidSo) {
    core::MemberBookingsResult refused;
    refused.refusal = wire::BookingError{wire::BookingRefusal::badge_revoked, "revoked", {}};
    const auto no = to_member_bookings_answer(refused);
    ASSERT_TRUE(std::holds_alternative<wire::BookingError>(no));
    EXPECT_EQ(std::get<wire::BookingError>(no).reason, wire::BookingRefusal::badge_revoked);

    core::MemberBookingsResult nothing;
    nothing.freshness = core::Freshness::stale;
    EXPECT_TRUE(std::holds_alternative<core::RequestFailed>(to_member_bookings_answer(nothing)));
}

TEST(BookingBridge, OnlyBookingEventsRefreshTheScreens) {
    EXPECT_TRUE(is_booking_event(wire::encode(wire::BookingEvent{"booking.created", booking_of("b-1")})));
    EXPECT_TRUE(is_booking_event(wire::encode(wire::BookingEvent{"booking.checked_in", booking_of("b-1")})));
    EXPECT_FALSE(is_booking_event(R"({"type":"hello","site_id":"site-1"})"));
    EXPECT_FALSE(is_booking_event("not json"));
}

TEST(BookingBridge, SendsEveryCommandToTheEngineInOrder) {
    std::vector<core::BookingEngineCommand> posted;
    BookingBridge bridge{[&](core::BookingEngineCommand command) { posted.push_back(std::move(command)); }};
    bridge.send({core::FetchAvailability{1, "site-1", {}, 1, {}}, core::CheckInBooking{2, "b-1", "04A1B2"}});
    ASSERT_EQ(posted.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<core::AvailabilityCommand>(posted[0]));
    EXPECT_TRUE(std::holds_alternative<core::CheckInCommand>(posted[1]));
}

TEST(BookingBridge, NewsRepliesReachTheScreensEvenForAnOlderTap) {
    core::KioskModel model;
    core::BookingController controller{model, core::BookingTiming{}, core::Language::fr};
    BookingBridge bridge{[](core::BookingEngineCommand) {}};
    core::BookingNews news;
    news.state = core::BookingState::refused;
    news.request = {"04A1B2", "room-1", kTen, kTen + std::chrono::hours{1}};
    news.refusal = wire::BookingError{wire::BookingRefusal::slot_taken, "taken", std::nullopt};
    // Request 41 is not the controller's latest question: the engine told it once, so it is shown.
    bridge.deliver(core::NewsReply{41, "04A1B2", {news}}, controller, kFetched);
    ASSERT_EQ(model.screen, core::Screen::booking);
    ASSERT_TRUE(model.booking.outcome);
    EXPECT_TRUE(model.booking.outcome->made_offline);
    EXPECT_EQ(model.booking.badge_uid, "04A1B2");
}

} // namespace
