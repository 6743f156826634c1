#include "telecentre/core/booking_controller.hpp"

#include "booking_controller_helpers.hpp"

#include <algorithm>

namespace telecentre::core {
using namespace std::chrono;
using detail::as_date;
using detail::Overloaded;
using detail::seconds_of;

BookingController::BookingController(KioskModel& model, BookingTiming timing, Language default_language)
    : m_model(model), m_timing(timing), m_default_language(default_language) {}

void BookingController::set_room(std::string resource_id) {
    m_model.role = KioskRole::room;
    m_model.booking.door.resource_id = std::move(resource_id);
    touch();
}

LocalDay BookingController::today(TimePoint now) { return wire::paris_day(seconds_of(now)); }

const wire::ResourceAvailability* BookingController::resource(const std::string& id) const {
    const auto& shown = m_model.booking.availability;
    return shown ? find_resource(shown->data, id) : nullptr;
}

void BookingController::enter(BookingStep step, TimePoint now) {
    m_model.booking.step = step;
    m_model.booking.step_since = now;
    m_model.booking.last_input = now;
    touch();
}

void BookingController::input(TimePoint now) {
    m_model.booking.last_input = now;
    touch();
}

void BookingController::reset_flow() {
    DoorPanel door = std::move(m_model.booking.door);
    m_model.booking = BookingModel{};
    m_model.booking.door = std::move(door);
    m_return_step.reset();
    m_availability_request = 0;
    m_availability_asked.reset();
    m_flow_active = false;
}

void BookingController::go_home(TimePoint now) {
    reset_flow();
    m_model.screen = Screen::home;
    m_model.screen_since = now;
    touch();
}

void BookingController::open(TimePoint now) {
    reset_flow();
    m_flow_active = true;
    m_model.screen = Screen::booking;
    m_model.screen_since = now;
    enter(BookingStep::kinds, now);
}

void BookingController::open_my_bookings(TimePoint now) {
    const bool from_kinds = in_flow() && m_model.booking.step == BookingStep::kinds;
    if (!from_kinds) {
        open(now);
    }
    ask_badge(BadgePurpose::my_bookings, now);
    m_return_step = from_kinds ? std::optional{BookingStep::kinds} : std::nullopt;
}

void BookingController::exit(TimePoint now) { go_home(now); }

void BookingController::back(TimePoint now) {
    if (!in_flow()) {
        return;
    }
    BookingModel& booking = m_model.booking;
    switch (booking.step) {
    case BookingStep::kinds: go_home(now); return;
    case BookingStep::grid:
        booking.kind.reset();
        booking.availability.reset();
        booking.loading = false;
        booking.load_failed = false;
        m_availability_request = 0;
        clear(booking.search);
        enter(BookingStep::kinds, now);
        return;
    case BookingStep::search: enter(BookingStep::grid, now); return;
    case BookingStep::length:
        booking.selection.reset();
        enter(BookingStep::grid, now);
        return;
    case BookingStep::badge:
    case BookingStep::my_bookings:
        if (!m_return_step) {
            go_home(now);
            return;
        }
        booking.badge_uid.clear();
        booking.member_bookings.reset();
        enter(*m_return_step, now);
        m_return_step.reset();
        return;
    case BookingStep::waiting: return; // the answer, or its timeout, moves on
    case BookingStep::result:
        // "Choose another slot" after a refusal: the grid again, fetched afresh since it changed.
        if (booking.outcome && booking.outcome->kind == OutcomeKind::refused && booking.kind) {
            booking.outcome.reset();
            booking.selection.reset();
            booking.badge_uid.clear();
            enter(BookingStep::grid, now);
            fetch(booking.view == GridView::week ? 7 : 1, now);
            return;
        }
        go_home(now);
        return;
    case BookingStep::cancel_confirm: keep_booking(now); return;
    }
}

void BookingController::fetch(int days, TimePoint now) {
    BookingModel& booking = m_model.booking;
    const LocalDay from = days > 1 ? today(now) : booking.day;
    m_availability_request = next_request();
    m_availability_asked = now;
    booking.loading = true;
    booking.load_failed = false;
    m_commands.emplace_back(FetchAvailability{.request_id = m_availability_request,
                                              .site_id = m_model.site_id,
                                              .from = as_date(from),
                                              .days = days,
                                              .kind = booking.kind});
    touch();
}

void BookingController::pick_kind(wire::ResourceKind kind, TimePoint now) {
    if (!in_flow() || m_model.booking.step != BookingStep::kinds) {
        return;
    }
    BookingModel& booking = m_model.booking;
    booking.kind = kind;
    booking.view = GridView::day;
    booking.day = today(now);
    booking.first_row = 0;
    booking.first_column = -1;
    booking.availability.reset();
    clear(booking.search);
    enter(BookingStep::grid, now);
    fetch(1, now);
}

void BookingController::show_week(TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || booking.step != BookingStep::grid) {
        return;
    }
    booking.view = GridView::week;
    input(now);
    const bool whole_week = booking.availability && covers_day(booking.availability->data, today(now)) &&
                            covers_day(booking.availability->data, today(now) + days{6});
    if (!whole_week) {
        fetch(7, now);
    }
}

void BookingController::show_day(LocalDay day, TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || booking.step != BookingStep::grid) {
        return;
    }
    booking.view = GridView::day;
    booking.day = day;
    booking.first_column = -1;
    input(now);
    if (!booking.availability || !covers_day(booking.availability->data, day)) {
        fetch(1, now);
    }
}

void BookingController::page_rows(int first_row, TimePoint now) {
    if (in_flow()) {
        m_model.booking.first_row = std::max(0, first_row);
        input(now);
    }
}

void BookingController::page_columns(int first_column, TimePoint now) {
    if (in_flow()) {
        m_model.booking.first_column = std::max(0, first_column);
        input(now);
    }
}

void BookingController::retry(TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::grid && m_model.booking.kind) {
        input(now);
        fetch(m_model.booking.view == GridView::week ? 7 : 1, now);
    }
}

void BookingController::pick_slot(const std::string& resource_id, wire::TimePoint start, TimePoint now) {
    BookingModel& booking = m_model.booking;
    const wire::ResourceAvailability* found = resource(resource_id);
    if (!in_flow() || booking.step != BookingStep::grid || found == nullptr) {
        return;
    }
    const wire::Availability& data = booking.availability->data;
    const LongestBooking longest = longest_booking(data, *found, start, seconds_of(now));
    if (longest.length.count() <= 0) {
        return; // taken meanwhile, or over
    }
    booking.selection = BookingSelection{.resource_id = found->id,
                                         .resource_name = found->name,
                                         .kind = found->kind,
                                         .start = start,
                                         .length = std::min(longest.length, minutes{data.rules.slot_minutes}),
                                         .longest = longest};
    m_return_step = BookingStep::grid;
    enter(BookingStep::length, now);
}

void BookingController::step_length(int slots, TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || booking.step != BookingStep::length || !booking.selection || !booking.availability) {
        return;
    }
    const minutes slot{booking.availability->data.rules.slot_minutes};
    const minutes wanted = booking.selection->length + slot * slots;
    booking.selection->length = std::clamp(wanted, slot, std::max(slot, booking.selection->longest.length));
    input(now);
}

void BookingController::pick_length(LengthPreset preset, TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || booking.step != BookingStep::length || !booking.selection || !booking.availability) {
        return;
    }
    if (const auto length =
            preset_length(preset, booking.selection->longest, booking.availability->data.rules.slot_minutes)) {
        booking.selection->length = *length;
        input(now);
    }
}

void BookingController::confirm(TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::length && m_model.booking.selection) {
        ask_badge(BadgePurpose::book, now);
        m_return_step = BookingStep::length;
    }
}

void BookingController::ask_badge(BadgePurpose purpose, TimePoint now) {
    m_model.booking.badge_purpose = purpose;
    m_model.booking.badge_uid.clear();
    m_return_step.reset();
    enter(BookingStep::badge, now);
}

bool BookingController::wants_badge() const { return in_flow() && m_model.booking.step == BookingStep::badge; }

void BookingController::on_badge(const std::string& badge_uid, TimePoint now) {
    if (!wants_badge() || badge_uid.empty()) {
        return;
    }
    BookingModel& booking = m_model.booking;
    booking.badge_uid = badge_uid;
    switch (booking.badge_purpose) {
    case BadgePurpose::book:
        if (booking.selection) {
            submit(*booking.selection, now);
        }
        return;
    case BadgePurpose::my_bookings:
        booking.awaited_request = next_request();
        m_commands.emplace_back(FetchMemberBookings{.request_id = booking.awaited_request, .badge_uid = badge_uid});
        enter(BookingStep::waiting, now);
        return;
    case BadgePurpose::check_in:
        if (booking.check_in) {
            booking.awaited_request = next_request();
            m_commands.emplace_back(CheckInBooking{.request_id = booking.awaited_request,
                                                   .booking_id = booking.check_in->booking_id,
                                                   .badge_uid = badge_uid});
            enter(BookingStep::waiting, now);
        }
        return;
    }
}

void BookingController::submit(const BookingSelection& selection, TimePoint now) {
    BookingModel& booking = m_model.booking;
    booking.selection = selection;
    booking.outcome.reset();
    booking.awaited_request = next_request();
    m_commands.emplace_back(SubmitBooking{.request_id = booking.awaited_request,
                                          .request = {.badge_uid = booking.badge_uid,
                                                      .resource_id = selection.resource_id,
                                                      .start = selection.start,
                                                      .end = selection.end()}});
    enter(BookingStep::waiting, now);
}

void BookingController::take_suggestion(TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || booking.step != BookingStep::result || !booking.outcome || !booking.outcome->error ||
        !booking.outcome->error->suggestion || booking.badge_uid.empty() || !booking.selection) {
        return;
    }
    const wire::SlotSuggestion suggestion = *booking.outcome->error->suggestion;
    BookingSelection selection = *booking.selection;
    selection.resource_id = suggestion.resource_id;
    if (const wire::ResourceAvailability* other = resource(suggestion.resource_id)) {
        selection.resource_name = other->name;
        selection.kind = other->kind;
    }
    selection.start = suggestion.start;
    selection.length = duration_cast<minutes>(suggestion.end - suggestion.start);
    selection.longest =
        LongestBooking{.length = selection.length, .limit = LengthLimit::next_booking, .limit_at = suggestion.end};
    submit(selection, now);
}

void BookingController::on_availability(std::uint64_t request_id, wire::Availability availability,
                                        AvailabilityOrigin origin, std::optional<TimePoint> offline_since,
                                        TimePoint now) {
    ShownAvailability shown{std::move(availability), origin, offline_since, now};
    if (request_id != 0 && request_id == m_door_request) {
        m_model.booking.door.today = std::move(shown);
        m_model.booking.door.loading = false;
        m_door_request = 0;
        touch();
        return;
    }
    if (request_id == 0 || request_id != m_availability_request || !in_flow()) {
        return;
    }
    m_availability_request = 0;
    m_availability_asked.reset();
    m_model.booking.availability = std::move(shown);
    m_model.booking.loading = false;
    m_model.booking.load_failed = false;
    touch();
}

void BookingController::on_availability_failed(std::uint64_t request_id, TimePoint /*now*/) {
    if (request_id != 0 && request_id == m_door_request) {
        m_model.booking.door.loading = false;
        m_door_request = 0;
        touch();
        return;
    }
    if (request_id == 0 || request_id != m_availability_request || !in_flow()) {
        return;
    }
    m_availability_request = 0;
    m_availability_asked.reset();
    m_model.booking.loading = false;
    m_model.booking.load_failed = true;
    touch();
}

void BookingController::on_booking_answer(std::uint64_t request_id, const BookingAnswer& answer, TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || request_id == 0 || request_id != booking.awaited_request) {
        return;
    }
    booking.awaited_request = 0;
    BookingOutcome outcome;
    outcome.asked = booking.selection;
    std::visit(Overloaded{
                   [&](const wire::Booking& made) {
                       outcome.kind = OutcomeKind::confirmed;
                       outcome.booking = made;
                   },
                   [&](const wire::BookingError& error) {
                       outcome.kind = OutcomeKind::refused;
                       outcome.error = error;
                   },
                   [&](const JournaledOffline&) { outcome.kind = OutcomeKind::pending; },
                   [&](const RequestFailed&) { outcome.kind = OutcomeKind::failed; },
               },
               answer);
    booking.outcome = std::move(outcome);
    m_return_step.reset();
    enter(BookingStep::result, now);
}

std::optional<TimePoint> BookingController::step_deadline() const {
    if (!in_flow()) {
        return std::nullopt;
    }
    const BookingModel& booking = m_model.booking;
    switch (booking.step) {
    case BookingStep::badge: return booking.step_since + m_timing.badge;
    case BookingStep::waiting: return booking.step_since + m_timing.answer;
    case BookingStep::result: return booking.step_since + m_timing.result;
    case BookingStep::kinds:
    case BookingStep::grid:
    case BookingStep::search:
    case BookingStep::length:
    case BookingStep::my_bookings:
    case BookingStep::cancel_confirm: return booking.last_input + m_timing.idle;
    }
    return std::nullopt;
}

void BookingController::on_tick(TimePoint now) {
    // A check-in tap (or anything else) took the screen: forget this flow and its badge.
    if (!in_flow() && m_flow_active) {
        reset_flow();
        touch();
    }
    BookingModel& booking = m_model.booking;
    if (in_flow() && booking.loading && m_availability_asked && now >= *m_availability_asked + m_timing.answer) {
        on_availability_failed(m_availability_request, now);
    }
    if (const auto deadline = step_deadline(); deadline && now >= *deadline) {
        if (booking.step == BookingStep::waiting) {
            // No answer in time: say so rather than wait for ever.
            booking.awaited_request = 0;
            booking.outcome = BookingOutcome{};
            booking.outcome->kind =
                booking.badge_purpose == BadgePurpose::my_bookings ? OutcomeKind::unavailable : OutcomeKind::failed;
            booking.outcome->asked = booking.selection;
            enter(BookingStep::result, now);
        } else {
            // The visitor walked away: the next one starts afresh, in the kiosk's language.
            m_model.language = m_default_language;
            go_home(now);
        }
    }

    DoorPanel& door = m_model.booking.door;
    if (m_model.role == KioskRole::room && !door.resource_id.empty()) {
        if (door.loading && m_door_asked && now >= *m_door_asked + m_timing.answer) {
            door.loading = false;
            m_door_request = 0;
            touch();
        }
        const bool stale_day = door.today && first_day(door.today->data) != wire::paris_day(seconds_of(now));
        const auto retry_after = door.today ? m_timing.door_refresh : m_timing.answer;
        if (!door.loading && (!m_door_asked || now >= *m_door_asked + retry_after || stale_day)) {
            fetch_door(now);
        }
    }

    if (const auto when = news_deadline(); when && now >= *when) {
        show_news(now);
    }
}

std::optional<TimePoint> BookingController::next_deadline() const {
    std::optional<TimePoint> next = step_deadline();
    const auto earliest = [&](TimePoint candidate) { next = next ? std::min(*next, candidate) : candidate; };
    if (m_availability_asked && m_model.booking.loading) {
        earliest(*m_availability_asked + m_timing.answer);
    }
    if (m_model.role == KioskRole::room && !m_model.booking.door.resource_id.empty()) {
        if (m_model.booking.door.loading && m_door_asked) {
            earliest(*m_door_asked + m_timing.answer);
        } else if (m_door_asked) {
            earliest(*m_door_asked + (m_model.booking.door.today ? m_timing.door_refresh : m_timing.answer));
        }
    }
    if (const auto news = news_deadline()) {
        earliest(*news);
    }
    return next;
}

std::vector<BookingCommand> BookingController::take_commands() {
    std::vector<BookingCommand> taken;
    taken.swap(m_commands);
    return taken;
}

} // namespace telecentre::core
