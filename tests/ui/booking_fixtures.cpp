#include "booking_fixtures.hpp"

#include "telecentre/ui/command_dispatch.hpp"
#include "ui_harness.hpp"

#include <stdexcept>

namespace telecentre::ui::test {

using namespace std::chrono;

wire::TimePoint paris_at(int hour, int minute, int day_offset) {
    return wire::from_paris(local_days{2026y / November / 23d} + days{day_offset} + hours{hour} + minutes{minute});
}

core::DemoSite fixture_site(bool many) {
    core::DemoSite site;
    site.site_id = "riom";
    if (many) {
        site.offices = 20;
    }
    return site;
}

BookingRig::BookingRig(core::Language language, core::TimePoint at)
    : m_model(std::make_unique<core::KioskModel>(base_model(language))), model(*m_model),
      kiosk(model, core::ScreenTiming{}, core::Language::fr), booking(model, core::BookingTiming{}, core::Language::fr),
      call(model, core::CallTiming{}, core::Language::fr), conference(model, core::ConferenceTiming{}), now(at) {
    model.language = language;
    model.now = at;
    model.screen_since = at;
}

void BookingRig::apply(const std::vector<Command>& commands) {
    for (const Command& command : commands) {
        dispatch(command, model, kiosk, booking, call, &conference, now);
    }
    collect();
}

void BookingRig::collect() {
    for (core::BookingCommand& command : booking.take_commands()) {
        sent.push_back(std::move(command));
    }
}

bool BookingRig::answer_availability(const core::DemoSite& site, bool stale) {
    collect();
    const auto* fetch = last<core::FetchAvailability>();
    if (fetch == nullptr) {
        return false;
    }
    const wire::Availability data = core::demo_availability(site, core::LocalDay{fetch->from.time_since_epoch()},
                                                            fetch->days, fetch->kind, floor<seconds>(now));
    booking.on_availability(fetch->request_id, data,
                            stale ? core::AvailabilityOrigin::cache : core::AvailabilityOrigin::live,
                            stale ? std::optional{time_point_cast<milliseconds>(paris_at(9, 12))} : std::nullopt, now);
    return true;
}

namespace {

using core::Language;

BookingRig grid_rig(Language language, wire::ResourceKind kind, bool many = false, bool stale = false) {
    BookingRig rig(language);
    rig.booking.open(rig.now);
    rig.booking.pick_kind(kind, rig.now);
    rig.answer_availability(fixture_site(many), stale);
    return rig;
}

BookingRig length_rig(Language language) {
    BookingRig rig = grid_rig(language, wire::ResourceKind::meeting_room);
    // The first free slot from 14:00 on the first room.
    const auto& data = rig.model.booking.availability->data;
    for (int minute = 0; minute < 240; minute += 30) {
        const wire::TimePoint start = paris_at(14) + std::chrono::minutes{minute};
        if (core::longest_booking(data, data.resources[0], start, floor<seconds>(rig.now)).length.count() > 0) {
            rig.booking.pick_slot(data.resources[0].id, start, rig.now);
            break;
        }
    }
    rig.booking.step_length(+1, rig.now);
    return rig;
}

BookingRig answered_rig(Language language, const core::BookingAnswer& answer) {
    BookingRig rig = length_rig(language);
    rig.booking.confirm(rig.now);
    rig.booking.on_badge("04A1B2C3D4E5F6", rig.now);
    rig.collect();
    rig.booking.on_booking_answer(rig.last<core::SubmitBooking>()->request_id, answer, rig.now);
    return rig;
}

wire::Booking member_booking(std::string id, std::string resource, wire::ResourceKind kind, wire::TimePoint start,
                             wire::TimePoint end, std::string site = "riom") {
    wire::Booking booking;
    booking.id = std::move(id);
    booking.site_id = std::move(site);
    booking.resource_id = "r-" + booking.id;
    booking.resource_name = std::move(resource);
    booking.kind = kind;
    booking.member_id = "m-elodie-vermenouze";
    booking.holder = "Élodie V.";
    booking.start = start;
    booking.end = end;
    return booking;
}

BookingRig my_bookings_rig(Language language, int count, bool stale = false) {
    BookingRig rig(language);
    rig.booking.open_my_bookings(rig.now);
    rig.booking.on_badge("04A1B2C3D4E5F6", rig.now);
    rig.collect();
    core::MemberBookingsFound found;
    found.bookings.member = {"m-elodie-vermenouze", "Élodie", "Élodie Vermenouze"};
    const std::vector<wire::Booking> pool{
        member_booking("b1", "Salle du Puy Mary", wire::ResourceKind::meeting_room, paris_at(14), paris_at(15, 30)),
        member_booking("b2", "Bureau 2", wire::ResourceKind::office, paris_at(9, 0, 1), paris_at(12, 30, 1)),
        member_booking("b3", "Poste 4", wire::ResourceKind::open_space, paris_at(13, 30, 3), paris_at(18, 30, 3),
                       "aurillac-a2ex"),
    };
    for (int i = 0; i < count; ++i) {
        wire::Booking booking = pool[static_cast<std::size_t>(i) % pool.size()];
        booking.id += "-" + std::to_string(i);
        booking.start += days{7 * (i / 3)};
        booking.end += days{7 * (i / 3)};
        found.bookings.bookings.push_back(booking);
    }
    if (count > 0) {
        found.pending.push_back(member_booking("journal-1", "Salle visio du Lioran", wire::ResourceKind::visio_room,
                                               paris_at(10, 0, 2), paris_at(11, 0, 2)));
    }
    if (stale) {
        found.stale = true;
        found.fetched_at = rig.now - hours{2} - minutes{17};
    }
    rig.booking.on_member_bookings(rig.last<core::FetchMemberBookings>()->request_id, found, rig.now);
    return rig;
}

// A room terminal for the first meeting room, its day shaped for the case.
enum class Door { free, busy, closed, stale, loading };
BookingRig door_rig(Language language, Door door) {
    const core::TimePoint at = door == Door::closed ? time_point_cast<milliseconds>(paris_at(19, 30)) : fixture_now();
    BookingRig rig(language, at);
    rig.booking.set_room("riom-meeting-room-1");
    rig.booking.on_tick(rig.now);
    if (door == Door::loading) {
        return rig;
    }
    rig.collect();
    wire::Availability data = core::demo_availability(
        fixture_site(), core::LocalDay{local_days{2026y / November / 23d}}, 1, std::nullopt, floor<seconds>(rig.now));
    for (auto& resource : data.resources) {
        if (resource.id != "riom-meeting-room-1") {
            continue;
        }
        resource.busy.clear();
        const auto add = [&](int from_hour, int from_minute, int to_hour, int to_minute, const char* who, bool in) {
            wire::BusyInterval busy;
            busy.start = paris_at(from_hour, from_minute);
            busy.end = paris_at(to_hour, to_minute);
            busy.booking_id = "door-" + std::to_string(from_hour) + std::to_string(from_minute);
            busy.holder = who;
            busy.checked_in = in;
            resource.busy.push_back(busy);
        };
        if (door == Door::busy) {
            add(9, 30, 11, 0, "Élodie V.", false);
        }
        add(11, 30, 12, 30, "Julien C.", false);
        add(14, 0, 15, 30, "Marie-Françoise L.", false);
        add(16, 0, 17, 0, "Łukasz P.", false);
    }
    rig.booking.on_availability(
        rig.last<core::FetchAvailability>()->request_id, data,
        door == Door::stale ? core::AvailabilityOrigin::cache : core::AvailabilityOrigin::live,
        door == Door::stale ? std::optional{time_point_cast<milliseconds>(paris_at(8, 55))} : std::nullopt, rig.now);
    return rig;
}

} // namespace

std::vector<ScreenCase> booking_cases(Language language) {
    std::vector<ScreenCase> cases;
    {
        BookingRig rig(language);
        rig.booking.open(rig.now);
        cases.push_back({"booking_kinds", rig.model});
    }
    cases.push_back({"booking_grid_day", grid_rig(language, wire::ResourceKind::office).model});
    cases.push_back({"booking_grid_day_offline", grid_rig(language, wire::ResourceKind::office, false, true).model});
    cases.push_back({"booking_grid_day_many", grid_rig(language, wire::ResourceKind::office, true).model});
    {
        BookingRig rig = grid_rig(language, wire::ResourceKind::office, true);
        rig.booking.page_rows(5, rig.now);
        rig.booking.page_columns(12, rig.now);
        cases.push_back({"booking_grid_day_paged", rig.model});
    }
    for (const bool many : {false, true}) {
        BookingRig rig = grid_rig(language, wire::ResourceKind::office, many);
        rig.booking.show_week(rig.now);
        rig.answer_availability(fixture_site(many));
        cases.push_back({many ? "booking_grid_week_many" : "booking_grid_week", rig.model});
    }
    {
        BookingRig rig = grid_rig(language, wire::ResourceKind::open_space);
        rig.booking.show_week(rig.now);
        rig.answer_availability(fixture_site());
        rig.booking.show_day(core::LocalDay{local_days{2026y / November / 29d}}, rig.now); // a Sunday
        cases.push_back({"booking_grid_closed_day", rig.model});
    }
    {
        BookingRig rig(language);
        rig.booking.open(rig.now);
        rig.booking.pick_kind(wire::ResourceKind::visio_room, rig.now);
        cases.push_back({"booking_grid_loading", rig.model});
        rig.now += seconds{21};
        rig.booking.on_tick(rig.now);
        cases.push_back({"booking_grid_failed", rig.model});
    }
    {
        BookingRig rig = grid_rig(language, wire::ResourceKind::meeting_room);
        rig.booking.open_search(rig.now);
        for (const char32_t c : std::u32string_view{U"puy"}) {
            rig.booking.key_character(c, rig.now);
        }
        cases.push_back({"booking_search", rig.model});
        rig.booking.key_shift(rig.now);
        rig.booking.key_accents(rig.now);
        cases.push_back({"booking_search_accents", rig.model});
        rig.booking.key_accents(rig.now);
        rig.booking.key_shift(rig.now);
        rig.booking.key_done(rig.now);
        cases.push_back({"booking_grid_filtered", rig.model});
        rig.booking.open_search(rig.now);
        rig.booking.key_character(U'z', rig.now);
        rig.booking.key_done(rig.now);
        cases.push_back({"booking_grid_no_match", rig.model});
    }
    cases.push_back({"booking_length", length_rig(language).model});
    {
        BookingRig rig = grid_rig(language, wire::ResourceKind::office);
        const auto& data = rig.model.booking.availability->data;
        rig.booking.pick_slot(data.resources[1].id, paris_at(17, 30), rig.now);
        cases.push_back({"booking_length_until_closing", rig.model});
    }
    {
        BookingRig rig = length_rig(language);
        rig.booking.confirm(rig.now);
        cases.push_back({"booking_badge", rig.model});
        rig.booking.on_badge("04A1B2C3D4E5F6", rig.now);
        cases.push_back({"booking_waiting", rig.model});
    }
    {
        wire::Booking made;
        made.id = "bk-1";
        made.resource_name = "Salle du Puy Mary";
        made.kind = wire::ResourceKind::meeting_room;
        made.start = paris_at(14);
        made.end = paris_at(15);
        cases.push_back({"booking_confirmed", answered_rig(language, made).model});
    }
    cases.push_back({"booking_pending", answered_rig(language, core::JournaledOffline{}).model});
    {
        wire::BookingError taken;
        taken.reason = wire::BookingRefusal::slot_taken;
        taken.suggestion = wire::SlotSuggestion{"riom-meeting-room-2", paris_at(16), paris_at(17), ""};
        cases.push_back({"booking_refused_slot_taken", answered_rig(language, taken).model});
        wire::BookingError pass;
        pass.reason = wire::BookingRefusal::not_allowed_by_pass;
        cases.push_back({"booking_refused_pass", answered_rig(language, pass).model});
    }
    cases.push_back({"booking_failed", answered_rig(language, core::RequestFailed{}).model});
    // At a later tap on the home screen: how the bookings made offline settled.
    for (const core::BookingState state :
         {core::BookingState::refused, core::BookingState::confirmed, core::BookingState::failed}) {
        BookingRig rig(language);
        core::BookingNews news;
        news.state = state;
        news.request = {"04A1B2C3D4E5F6", "riom-office-1", paris_at(10), paris_at(11)};
        news.resource_name = "Bureau 1";
        news.kind = wire::ResourceKind::office;
        if (state == core::BookingState::refused) {
            news.refusal =
                wire::BookingError{wire::BookingRefusal::slot_taken, "taken",
                                   wire::SlotSuggestion{"riom-office-2", paris_at(10), paris_at(11), "Bureau 2"}};
        } else if (state == core::BookingState::confirmed) {
            wire::Booking made;
            made.id = "bk-7";
            made.resource_id = "riom-office-1";
            made.resource_name = "Bureau 1";
            made.kind = wire::ResourceKind::office;
            made.start = paris_at(10);
            made.end = paris_at(11);
            news.booking = made;
        }
        rig.booking.on_news("04A1B2C3D4E5F6", {news}, rig.now);
        const char* name = state == core::BookingState::refused     ? "booking_news_lost_race"
                           : state == core::BookingState::confirmed ? "booking_news_confirmed"
                                                                    : "booking_news_failed";
        cases.push_back({name, rig.model});
    }
    cases.push_back({"my_bookings", my_bookings_rig(language, 3).model});
    cases.push_back({"my_bookings_none", my_bookings_rig(language, 0).model});
    cases.push_back({"my_bookings_offline", my_bookings_rig(language, 3, true).model});
    {
        BookingRig rig = my_bookings_rig(language, 9);
        rig.booking.ask_cancel(1, rig.now);
        cases.push_back({"my_bookings_cancel_confirm", rig.model});
        rig.booking.confirm_cancel(rig.now);
        rig.collect();
        rig.booking.on_cancel_answer(rig.last<core::CancelBooking>()->request_id, core::JournaledOffline{}, rig.now);
        cases.push_back({"my_bookings_many", rig.model});
    }
    {
        BookingRig rig(language);
        rig.booking.open_my_bookings(rig.now);
        rig.booking.on_badge("04A1B2C3D4E5F6", rig.now);
        rig.collect();
        rig.booking.on_member_bookings(rig.last<core::FetchMemberBookings>()->request_id, core::RequestFailed{},
                                       rig.now);
        cases.push_back({"my_bookings_unavailable", rig.model});
    }
    cases.push_back({"door_free", door_rig(language, Door::free).model});
    cases.push_back({"door_busy", door_rig(language, Door::busy).model});
    cases.push_back({"door_closed", door_rig(language, Door::closed).model});
    cases.push_back({"door_offline", door_rig(language, Door::stale).model});
    cases.push_back({"door_loading", door_rig(language, Door::loading).model});
    {
        BookingRig rig = door_rig(language, Door::busy);
        rig.booking.check_in(rig.now);
        rig.booking.on_badge("04A1B2C3D4E5F6", rig.now);
        rig.collect();
        rig.booking.on_check_in_answer(rig.last<core::CheckInBooking>()->request_id, wire::Booking{}, rig.now);
        cases.push_back({"door_checked_in", rig.model});
    }
    return cases;
}

ScreenCase booking_case(const std::string& name, Language language) {
    for (ScreenCase& candidate : booking_cases(language)) {
        if (candidate.name == name) {
            return candidate;
        }
    }
    throw std::invalid_argument("no booking case named " + name);
}

} // namespace telecentre::ui::test
