// iCalendar rendering: parsed back by an independent reader, with the line rules checked.
#include "ical_parser.hpp"
#include "telecentre/backend/calendar.hpp"

#include <gtest/gtest.h>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

wire::Booking sample(std::string id, std::string resource_name, wire::TimePoint start) {
    wire::Booking booking;
    booking.id = std::move(id);
    booking.site_id = "murat";
    booking.resource_id = "murat-salle-visio";
    booking.resource_name = std::move(resource_name);
    booking.kind = wire::ResourceKind::visio_room;
    booking.member_id = "m-elodie-vermenouze";
    booking.holder = "Élodie V.";
    booking.start = start;
    booking.end = start + hours{2};
    return booking;
}

TEST(Calendar, RendersEventsAParserReadsBack) {
    const auto start = sys_days{2026y / December / 8} + hours{9};
    CalendarFeed feed{"Télécentres du Cantal — Élodie V.",
                      {{"murat", "La Cocotte numérique, Maison des services, 4 rue Faubourg Notre-Dame, 15300 Murat"}},
                      false};
    const std::vector<wire::Booking> bookings{sample("bk_1", "Salle de visioconférence", start),
                                              sample("bk_2", "Bureau; \"calme\", vue\\montagne", start + days{1})};
    const auto text = render_calendar(feed, bookings, sys_days{2026y / November / 23} + hours{8});
    const auto calendar = parse_icalendar(text);
    EXPECT_TRUE(calendar.problems.empty()) << calendar.problems.front();
    EXPECT_EQ(calendar.properties.at("VERSION"), "2.0");
    EXPECT_EQ(calendar.properties.at("X-WR-CALNAME"), feed.name);
    ASSERT_EQ(calendar.events.size(), 2u);
    const auto& first = calendar.events[0];
    EXPECT_EQ(first.at("UID"), "bk_1@telecentre");
    EXPECT_EQ(first.at("DTSTART"), "20261208T090000Z");
    EXPECT_EQ(first.at("DTEND"), "20261208T110000Z");
    EXPECT_EQ(first.at("DTSTAMP"), "20261123T080000Z");
    EXPECT_EQ(first.at("SUMMARY"), "Salle de visioconférence");
    EXPECT_EQ(first.at("LOCATION"), feed.site_places.at("murat")) << "long, folded and unfolded intact";
    EXPECT_EQ(first.at("STATUS"), "CONFIRMED");
    EXPECT_EQ(calendar.events[1].at("SUMMARY"), "Bureau; \"calme\", vue\\montagne");
    EXPECT_NE(text.find("Bureau\\; \"calme\"\\, vue\\\\montagne"), std::string::npos) << "escaped on the wire";
}

TEST(Calendar, FoldsNeverSplitACharacter) {
    // 200 two-byte characters: every possible fold position lands on or next to a boundary.
    std::string long_name;
    for (int i = 0; i < 200; ++i) {
        long_name += "é";
    }
    const auto text = render_calendar({long_name, {}, true}, {}, sys_days{2026y / November / 23});
    const auto calendar = parse_icalendar(text);
    EXPECT_TRUE(calendar.problems.empty()) << calendar.problems.front();
    EXPECT_EQ(calendar.properties.at("X-WR-CALNAME"), long_name);
}

TEST(Calendar, AResourceFeedNamesTheHolderAndControlCharactersAreDropped) {
    auto booking = sample("bk_3", "Salle\x01 de réunion\nétage", sys_days{2026y / December / 8} + hours{13});
    const auto text =
        render_calendar({"Salle de réunion — murat", {}, true}, std::vector{booking}, sys_days{2026y / November / 23});
    const auto calendar = parse_icalendar(text);
    ASSERT_TRUE(calendar.problems.empty()) << calendar.problems.front();
    ASSERT_EQ(calendar.events.size(), 1u);
    EXPECT_EQ(calendar.events[0].at("SUMMARY"), "Salle de réunion\nétage — Élodie V.");
}

} // namespace
} // namespace telecentre::backend::test
