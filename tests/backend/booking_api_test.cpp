// Booking over the real API and TLS: availability, book / move / cancel with idempotency, every
// rule's refusal, the slot-taken suggestion, a member's bookings, no-show release and check-in
// to a booking, under a fake server clock.
#include "booking_fixture.hpp"
#include "ical_parser.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;
using wire::BookingRefusal;

class BookingApi : public BookingTest {};

TEST_P(BookingApi, AvailabilityShowsTheSitesResourcesOpeningHoursAndRules) {
    const auto day = availability(m_murat_token, "murat", "from=" + day_text());
    EXPECT_EQ(day.site_id, "murat");
    EXPECT_EQ(day.days, 1);
    EXPECT_EQ(day.rules.slot_minutes, 30);
    ASSERT_EQ(day.open.size(), 1u);
    EXPECT_EQ(day.open[0].start, at(8, 30));
    EXPECT_EQ(day.open[0].end, at(18, 30));
    // 4 offices, 8 open-space desks, the meeting room and the visio room; offices first, in
    // natural order.
    ASSERT_EQ(day.resources.size(), 14u);
    EXPECT_EQ(day.resources[0].id, kMuratOffice1);
    EXPECT_EQ(day.resources[4].kind, wire::ResourceKind::open_space);
    const auto visio = std::find_if(day.resources.begin(), day.resources.end(),
                                    [](const auto& r) { return r.kind == wire::ResourceKind::visio_room; });
    ASSERT_NE(visio, day.resources.end());
    EXPECT_NE(std::find(visio->equipment.begin(), visio->equipment.end(), "webcam"), visio->equipment.end());

    const auto offices = availability(m_murat_token, "murat", "from=" + day_text() + "&days=7&kind=office");
    EXPECT_EQ(offices.resources.size(), 4u);
    // Monday to Friday 08:30-18:30 and Saturday morning: six open intervals in a week.
    EXPECT_EQ(offices.open.size(), 6u);

    const auto from = "from=" + day_text();
    for (const auto& bad : {std::string(), std::string("from=2026-13-01"), std::string("from=x"), from + "&days=0",
                            from + "&days=32", from + "&days=2x", from + "&kind=castle"}) {
        auto reply = client()->request("GET", "/v1/sites/murat/availability?" + bad, {}, auth(m_murat_token));
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->status, 400) << bad << ": " << reply->body;
    }
    auto unknown =
        client()->request("GET", "/v1/sites/nowhere/availability?from=" + day_text(), {}, auth(m_murat_token));
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
    auto anonymous = client()->request("GET", "/v1/sites/murat/availability?from=" + day_text());
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401);
}

TEST_P(BookingApi, ABookingShowsInAvailabilityWithItsHolderOnlyAtItsOwnSite) {
    const auto booking = booked(kElodieActiveMurat, kMuratOffice1, at(10), at(12));
    EXPECT_EQ(booking.site_id, "murat");
    EXPECT_EQ(booking.member_id, kElodieId);
    EXPECT_EQ(booking.holder, "Élodie V.");
    EXPECT_EQ(booking.status, wire::BookingStatus::confirmed);
    EXPECT_EQ(booking.kind, wire::ResourceKind::office);

    const auto here = availability(m_murat_token, "murat", "from=" + day_text() + "&kind=office");
    ASSERT_EQ(here.resources[0].busy.size(), 1u);
    EXPECT_EQ(here.resources[0].busy[0].booking_id, booking.id);
    EXPECT_EQ(here.resources[0].busy[0].start, at(10));
    EXPECT_EQ(here.resources[0].busy[0].holder, std::optional<std::string>("Élodie V."));

    const auto elsewhere = availability(m_a2ex_token, "murat", "from=" + day_text() + "&kind=office");
    ASSERT_EQ(elsewhere.resources[0].busy.size(), 1u);
    EXPECT_FALSE(elsewhere.resources[0].busy[0].holder) << "another site's kiosk does not name the holder";
}

TEST_P(BookingApi, AReplayReturnsTheFirstAnswerAndAReusedKeyIsAConflict) {
    const auto first = book(kElodieActiveMurat, kMuratOffice1, at(10), at(11), "same-key");
    ASSERT_EQ(first.status, 201) << first.body;
    const auto again = book(kElodieActiveMurat, kMuratOffice1, at(10), at(11), "same-key");
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.body, first.body);
    const auto other = book(kElodieActiveMurat, kMuratOffice1, at(14), at(15), "same-key");
    EXPECT_EQ(other.status, 409);
    EXPECT_NE(other.body.find("idempotency_conflict"), std::string::npos) << other.body;
    // A refusal is replayed too.
    const auto taken = book(kJulienFreeMurat, kMuratDesk1, at(7), at(8), "refused-key");
    EXPECT_EQ(taken.status, 422);
    const auto taken_again = book(kJulienFreeMurat, kMuratDesk1, at(7), at(8), "refused-key");
    EXPECT_EQ(taken_again.body, taken.body);

    const auto missing = book(kElodieActiveMurat, kMuratOffice2, at(10), at(11), "");
    EXPECT_EQ(missing.status, 400);
    EXPECT_NE(missing.body.find("idempotency_key_required"), std::string::npos);
}

TEST_P(BookingApi, EachRuleRefusesWithItsReason) {
    struct Case {
        const char* what;
        const char* badge;
        std::string resource;
        wire::TimePoint start;
        wire::TimePoint end;
        int status;
        BookingRefusal reason;
    };
    const std::vector<Case> cases{
        {"outside opening hours", kElodieActiveMurat, kMuratOffice1, at(18), at(19), 422,
         BookingRefusal::outside_opening_hours},
        {"before opening", kElodieActiveMurat, kMuratOffice1, at(8), at(9), 422, BookingRefusal::outside_opening_hours},
        {"too long", kElodieActiveMurat, "murat-salle-visio", at(9), at(13), 422, BookingRefusal::too_long},
        {"too far ahead", kElodieActiveMurat, kMuratOffice1, at(10) + days{70}, at(11) + days{70}, 422,
         BookingRefusal::too_far_ahead},
        {"not allowed by the pass", kJulienFreeMurat, kMuratOffice1, at(10), at(11), 422,
         BookingRefusal::not_allowed_by_pass},
        {"pass expired", kThomasExpiredMurat, kMuratDesk1, at(10), at(11), 422, BookingRefusal::pass_not_valid},
        {"pass suspended", kNadiaSuspendedA2ex, kMuratDesk1, at(10), at(11), 422, BookingRefusal::pass_not_valid},
        {"end before start", kElodieActiveMurat, kMuratOffice1, at(11), at(10), 422,
         BookingRefusal::invalid_time_range},
        {"empty", kElodieActiveMurat, kMuratOffice1, at(11), at(11), 422, BookingRefusal::invalid_time_range},
        {"in the past", kElodieActiveMurat, kMuratOffice1, at(10) - days{3}, at(11) - days{3}, 422,
         BookingRefusal::in_the_past},
        {"off the grid", kElodieActiveMurat, kMuratOffice1, at(10, 10), at(11), 422, BookingRefusal::off_grid},
        {"unknown resource", kElodieActiveMurat, "murat-bureau-99", at(10), at(11), 422,
         BookingRefusal::unknown_resource},
        {"unknown badge", "04FFEEDDCCBBAA", kMuratOffice1, at(10), at(11), 422, BookingRefusal::unknown_badge},
        {"revoked badge", kElodieRevoked, kMuratOffice1, at(10), at(11), 422, BookingRefusal::badge_revoked},
    };
    for (const auto& c : cases) {
        const auto reply = book(c.badge, c.resource, c.start, c.end);
        EXPECT_EQ(reply.status, c.status) << c.what << ": " << reply.body;
        EXPECT_EQ(refusal(reply).reason, c.reason) << c.what << ": " << reply.body;
        EXPECT_FALSE(refusal(reply).message.empty()) << c.what;
    }
    // Nothing was written by any of them.
    const auto day = availability(m_murat_token, "murat", "from=" + day_text());
    for (const auto& resource : day.resources) {
        EXPECT_TRUE(resource.busy.empty()) << resource.id;
    }
    // The current slot may still be booked (09:00-10:00 at 09:10 on the Monday).
    const auto running = book(kElodieActiveMurat, kMuratOffice1, at(9) - days{1}, at(10) - days{1});
    EXPECT_EQ(running.status, 201) << running.body;
}

TEST_P(BookingApi, AClosureDayIsRefused) {
    ASSERT_TRUE(store().add_closure(
        {"murat", wire::Date{m_day.time_since_epoch()}, wire::Date{m_day.time_since_epoch()}, "Travaux"}));
    const auto reply = book(kElodieActiveMurat, kMuratOffice1, at(10), at(11));
    EXPECT_EQ(reply.status, 422);
    EXPECT_EQ(refusal(reply).reason, BookingRefusal::site_closed);
    EXPECT_TRUE(availability(m_murat_token, "murat", "from=" + day_text()).open.empty());
    // Another site is open that day.
    EXPECT_EQ(availability(m_murat_token, "aurillac-a2ex", "from=" + day_text()).open.size(), 1u);
}

TEST_P(BookingApi, ASiteCanChangeItsRules) {
    auto rules = default_booking_rules();
    rules.slot_minutes = 60;
    rules.kinds[0].free_period_allowed = true; // offices for everyone at this site
    ASSERT_TRUE(store().set_booking_rules("murat", rules));
    EXPECT_EQ(refusal(book(kElodieActiveMurat, kMuratOffice1, at(10, 30), at(11, 30))).reason,
              BookingRefusal::off_grid);
    EXPECT_EQ(book(kJulienFreeMurat, kMuratOffice1, at(10), at(11)).status, 201);
    EXPECT_EQ(availability(m_murat_token, "murat", "from=" + day_text()).rules.slot_minutes, 60);
}

TEST_P(BookingApi, ATakenSlotIsRefusedWithTheNearestFreeSlot) {
    booked(kElodieActiveMurat, kMuratOffice1, at(10), at(12));
    // Same time, another office is free: it is suggested.
    const auto overlap = book(kMarionActiveA2ex, kMuratOffice1, at(11), at(12));
    EXPECT_EQ(overlap.status, 409) << overlap.body;
    auto error = refusal(overlap);
    EXPECT_EQ(error.reason, BookingRefusal::slot_taken);
    ASSERT_TRUE(error.suggestion);
    EXPECT_EQ(error.suggestion->resource_id, kMuratOffice2);
    EXPECT_EQ(error.suggestion->start, at(11));
    EXPECT_EQ(error.suggestion->resource_name, "Bureau 2") << "named, for a kiosk without the schedule";

    // Every office taken 10-12: the same office at the nearest time.
    for (const char* office : {kMuratOffice2, "murat-bureau-3", "murat-bureau-4"}) {
        booked(kElodieActiveMurat, office, at(10), at(12));
    }
    error = refusal(book(kMarionActiveA2ex, kMuratOffice1, at(10, 30), at(11, 30)));
    ASSERT_TRUE(error.suggestion);
    EXPECT_EQ(error.suggestion->resource_id, kMuratOffice1);
    // 09:00-10:00 and 12:00-13:00 are equally near; later wins (the member is already here).
    EXPECT_EQ(error.suggestion->start, at(12));
    EXPECT_EQ(error.suggestion->end, at(13));
}

TEST_P(BookingApi, TheHolderMovesAndCancelsOthersGet403) {
    const auto booking = booked(kElodieActiveMurat, kMuratOffice1, at(10), at(11));
    const auto path = "/v1/bookings/" + booking.id;

    const auto stranger =
        send("PATCH", path, wire::encode(wire::BookingChange{kMarionActiveA2ex, at(14), at(15)}), m_murat_token);
    EXPECT_EQ(stranger.status, 403);
    EXPECT_EQ(refusal(stranger).reason, BookingRefusal::not_your_booking);
    const auto stranger_cancel =
        send("POST", path + "/cancel", wire::encode(wire::BookingCancel{kJulienFreeMurat}), m_murat_token);
    EXPECT_EQ(stranger_cancel.status, 403);

    const auto moved =
        send("PATCH", path, wire::encode(wire::BookingChange{kElodieActiveMurat, at(14), at(16)}), m_murat_token);
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(wire::decode_booking(moved.body)->start, at(14));
    // Its old slot is free again; its new one is not.
    EXPECT_EQ(book(kMarionActiveA2ex, kMuratOffice1, at(10), at(11)).status, 201);
    EXPECT_EQ(book(kMarionActiveA2ex, kMuratOffice1, at(15), at(16)).status, 409);
    // Moving onto someone else's booking is refused, and the booking stays where it was.
    const auto clash =
        send("PATCH", path, wire::encode(wire::BookingChange{kElodieActiveMurat, at(10), at(11)}), m_murat_token);
    EXPECT_EQ(clash.status, 409);
    EXPECT_EQ(refusal(clash).reason, BookingRefusal::slot_taken);
    const auto rules =
        send("PATCH", path, wire::encode(wire::BookingChange{kElodieActiveMurat, at(17), at(19)}), m_murat_token);
    EXPECT_EQ(refusal(rules).reason, BookingRefusal::outside_opening_hours);

    const auto cancelled =
        send("POST", path + "/cancel", wire::encode(wire::BookingCancel{kElodieActiveMurat}), m_murat_token);
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(wire::decode_booking(cancelled.body)->status, wire::BookingStatus::cancelled);
    EXPECT_EQ(book(kMarionActiveA2ex, kMuratOffice1, at(15), at(16)).status, 201);
    const auto twice =
        send("POST", path + "/cancel", wire::encode(wire::BookingCancel{kElodieActiveMurat}), m_murat_token);
    EXPECT_EQ(refusal(twice).reason, BookingRefusal::booking_not_changeable);

    const auto unknown = send("POST", "/v1/bookings/bk_0000/cancel",
                              wire::encode(wire::BookingCancel{kElodieActiveMurat}), m_murat_token);
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(refusal(unknown).reason, BookingRefusal::unknown_booking);
}

TEST_P(BookingApi, AMembersBookingsAcrossSitesByBadge) {
    booked(kElodieActiveMurat, kMuratOffice1, at(14), at(15));
    booked(kElodieActiveMurat, "aurillac-a2ex-bureau-1", at(10), at(11));
    booked(kMarionActiveA2ex, kMuratOffice2, at(10), at(11));
    const auto reply =
        send("POST", "/v1/bookings/by-badge", wire::encode(wire::BookingCancel{kElodieActiveMurat}), m_murat_token, "");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto list = wire::decode_member_bookings(reply.body);
    ASSERT_TRUE(list) << list.error();
    EXPECT_EQ(list->member.id, kElodieId);
    ASSERT_EQ(list->bookings.size(), 2u);
    EXPECT_EQ(list->bookings[0].site_id, "aurillac-a2ex") << "sorted by start";
    EXPECT_EQ(list->bookings[1].resource_id, kMuratOffice1);

    const auto unknown =
        send("POST", "/v1/bookings/by-badge", wire::encode(wire::BookingCancel{"04FFEEDDCCBBAA"}), m_murat_token, "");
    EXPECT_EQ(refusal(unknown).reason, BookingRefusal::unknown_badge);
    const auto malformed = send("POST", "/v1/bookings/by-badge", R"({"badge_uid": 12)", m_murat_token, "");
    EXPECT_EQ(malformed.status, 400);
    const auto lowercase =
        send("POST", "/v1/bookings/by-badge", R"({"badge_uid": "04a1b2c3d4e5f6"})", m_murat_token, "");
    EXPECT_EQ(lowercase.status, 400);
}

TEST_P(BookingApi, NoShowsAreReleasedAfterTheGraceTimeAndArrivalsAreNot) {
    const auto missed = booked(kElodieActiveMurat, kMuratOffice1, at(10), at(12));
    const auto attended = booked(kMarionActiveA2ex, kMuratOffice2, at(10), at(12));
    const auto later = booked(kElodieActiveMurat, kMuratOffice1, at(14), at(15));

    set_now(at(10, 5));
    // Marion taps in at Murat at 10:05: her booking counts as attended.
    const auto tap = checkin(m_murat_token, "murat", kMarionActiveA2ex, at(10, 5));
    EXPECT_EQ(tap.outcome, wire::CheckinOutcome::checked_in);
    EXPECT_EQ(m_server->bookings().release_no_shows(), 0) << "still within the 30 minutes of grace";

    set_now(at(10, 31));
    EXPECT_EQ(m_server->bookings().release_no_shows(), 1);
    EXPECT_EQ(m_server->bookings().release_no_shows(), 0) << "released once";

    auto reader = store().read();
    ASSERT_TRUE(reader);
    const auto released = (*reader)->find_booking(missed.id);
    ASSERT_TRUE(released && *released);
    EXPECT_EQ((*released)->status, wire::BookingStatus::no_show);
    const auto kept = (*reader)->find_booking(attended.id);
    ASSERT_TRUE(kept && *kept);
    EXPECT_EQ((*kept)->status, wire::BookingStatus::confirmed);
    EXPECT_EQ((*kept)->checked_in_at, std::optional(at(10, 5)));
    const auto untouched = (*reader)->find_booking(later.id);
    EXPECT_EQ((*untouched)->status, wire::BookingStatus::confirmed);
    // The released slot is free for someone else.
    EXPECT_EQ(book(kMarionActiveA2ex, kMuratOffice1, at(11), at(12)).status, 201);
}

TEST_P(BookingApi, AMemberAlreadyInsideIsNotANoShow) {
    set_now(at(8, 40));
    EXPECT_EQ(checkin(m_murat_token, "murat", kElodieActiveMurat, at(8, 40)).outcome, wire::CheckinOutcome::checked_in);
    set_now(at(8, 45));
    const auto booking = booked(kElodieActiveMurat, kMuratOffice1, at(11), at(12));
    set_now(at(11, 45));
    EXPECT_EQ(m_server->bookings().release_no_shows(), 0);
    auto reader = store().read();
    const auto found = (*reader)->find_booking(booking.id);
    EXPECT_EQ((*found)->status, wire::BookingStatus::confirmed);
    EXPECT_TRUE((*found)->checked_in_at);
}

TEST_P(BookingApi, TheCheckinAnswerListsTodaysBookings) {
    booked(kElodieActiveMurat, kMuratOffice1, at(14), at(16));
    set_now(at(9));
    const auto tap = checkin(m_murat_token, "murat", kElodieActiveMurat, at(9));
    ASSERT_EQ(tap.bookings_today.size(), 1u);
    EXPECT_EQ(tap.bookings_today[0].resource_name, "Bureau 1");
    EXPECT_EQ(tap.bookings_today[0].resource_kind, "office");
}

TEST_P(BookingApi, TheDoorPanelChecksTheHolderIntoTheBooking) {
    const auto booking = booked(kElodieActiveMurat, "murat-salle-reunion", at(14), at(15));
    const auto path = "/v1/bookings/" + booking.id + "/check-in";
    const auto body = wire::encode(wire::BookingCancel{kElodieActiveMurat});
    set_now(at(13, 30));
    EXPECT_EQ(refusal(send("POST", path, body, m_murat_token)).reason, BookingRefusal::booking_not_changeable)
        << "too early";
    set_now(at(13, 50));
    EXPECT_EQ(send("POST", path, wire::encode(wire::BookingCancel{kMarionActiveA2ex}), m_murat_token).status, 403);
    const auto here = send("POST", path, body, m_murat_token);
    ASSERT_EQ(here.status, 200) << here.body;
    EXPECT_EQ(wire::decode_booking(here.body)->checked_in_at, std::optional(at(13, 50)));
    set_now(at(14, 40));
    EXPECT_EQ(m_server->bookings().release_no_shows(), 0) << "attended";
}

TEST_P(BookingApi, AMembersCalendarFeedHasASecretUrlAndListsTheirBookings) {
    const auto visio = booked(kElodieActiveMurat, "murat-salle-visio", at(14), at(16));
    booked(kMarionActiveA2ex, kMuratOffice1, at(10), at(11));
    const auto issued =
        send("POST", "/v1/calendar-feeds", wire::encode(wire::BookingCancel{kElodieActiveMurat}), m_murat_token, "");
    ASSERT_EQ(issued.status, 201) << issued.body;
    const auto path = nlohmann::json::parse(issued.body).at("path").get<std::string>();
    ASSERT_TRUE(path.starts_with("/calendar/") && path.ends_with(".ics")) << path;

    // No device token: the URL is the key, as calendar apps subscribe with nothing else.
    auto feed = client()->request("GET", path);
    ASSERT_TRUE(feed) << feed.error();
    ASSERT_EQ(feed->status, 200) << feed->body;
    EXPECT_EQ(feed->header("content-type"), "text/calendar; charset=utf-8");
    const auto calendar = parse_icalendar(feed->body);
    EXPECT_TRUE(calendar.problems.empty()) << calendar.problems.front();
    ASSERT_EQ(calendar.events.size(), 1u) << "only her bookings";
    EXPECT_EQ(calendar.events[0].at("UID"), visio.id + "@telecentre");
    EXPECT_EQ(calendar.events[0].at("SUMMARY"), "Salle de visioconférence");
    EXPECT_NE(calendar.events[0].at("LOCATION").find("15300 Murat"), std::string::npos);

    // A cancelled booking leaves the feed.
    send("POST", "/v1/bookings/" + visio.id + "/cancel", wire::encode(wire::BookingCancel{kElodieActiveMurat}),
         m_murat_token);
    EXPECT_TRUE(parse_icalendar(client()->request("GET", path)->body).events.empty());

    // A new link replaces the old one; guesses and the old link find nothing.
    const auto again =
        send("POST", "/v1/calendar-feeds", wire::encode(wire::BookingCancel{kElodieActiveMurat}), m_murat_token, "");
    ASSERT_EQ(again.status, 201);
    EXPECT_EQ(client()->request("GET", path)->status, 404);
    EXPECT_EQ(client()->request("GET", nlohmann::json::parse(again.body).at("path").get<std::string>())->status, 200);
    EXPECT_EQ(client()->request("GET", "/calendar/" + std::string(64, 'a') + ".ics")->status, 404);
    EXPECT_EQ(client()->request("GET", "/calendar/../etc/passwd")->status, 404);

    // The secret never reaches the request log.
    const auto token = path.substr(10, 64);
    for (const auto& entry : logged()) {
        EXPECT_EQ(entry.path.find(token), std::string::npos) << entry.path;
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, BookingApi, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
