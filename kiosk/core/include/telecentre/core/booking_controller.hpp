#pragma once
// The booking flow and the room's door panel: a state machine over KioskModel::booking. Events
// come in (the visitor's touches, badge taps, answers from the backend, the clock); requests for
// the backend go out as BookingCommands, which the app hands to whoever talks to the backend and
// answers later with the matching on_... event, carrying the command's request_id. An answer whose
// request the flow has moved past is ignored.
//
// Threading: UI thread only, like KioskController; answers reach it through the UI inbox.

#include "telecentre/core/booking_results.hpp"
#include "telecentre/core/kiosk_model.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace telecentre::core {

// Requests for the backend.
struct FetchAvailability {
    std::uint64_t request_id = 0;
    std::string site_id;
    wire::Date from{}; // the Paris date of the first day
    int days = 1;
    std::optional<wire::ResourceKind> kind;
};
struct SubmitBooking {
    std::uint64_t request_id = 0;
    wire::BookingRequest request; // badge, resource, start and end (UTC, on the slot grid)
};
struct CancelBooking {
    std::uint64_t request_id = 0;
    std::string booking_id;
    wire::BookingCancel cancel; // the holder's badge
};
struct FetchMemberBookings {
    std::uint64_t request_id = 0;
    std::string badge_uid;
};
struct CheckInBooking { // "I am here" on a door panel: the holder's badge
    std::uint64_t request_id = 0;
    std::string booking_id;
    std::string badge_uid;
};
// At any badge tap: how the bookings this member made here while offline have settled since.
struct FetchNews {
    std::uint64_t request_id = 0;
    std::string badge_uid;
};
using BookingCommand =
    std::variant<FetchAvailability, SubmitBooking, CancelBooking, FetchMemberBookings, CheckInBooking, FetchNews>;

// What may come back for a write.
struct JournaledOffline {}; // written to the journal; sent, and confirmed, once the link is back
struct RequestFailed {};    // neither answered nor journaled (the journal could not be written)
using BookingAnswer = std::variant<wire::Booking, wire::BookingError, JournaledOffline, RequestFailed>;

// A member's bookings: the backend's list, plus those still in the kiosk's journal.
struct MemberBookingsFound {
    wire::MemberBookings bookings;
    std::vector<wire::Booking> pending;  // booked offline here, not yet confirmed
    bool stale = false;                  // offline: the kiosk's copy, possibly out of date
    std::optional<TimePoint> fetched_at; // stale: when that copy came from the backend
};
using MemberBookingsAnswer = std::variant<MemberBookingsFound, wire::BookingError, RequestFailed>;

struct BookingTiming {
    std::chrono::milliseconds idle = std::chrono::seconds{90};        // browsing without a touch
    std::chrono::milliseconds badge = std::chrono::seconds{30};       // waiting for the badge
    std::chrono::milliseconds answer = std::chrono::seconds{20};      // waiting for the backend
    std::chrono::milliseconds result = std::chrono::seconds{20};      // the outcome stays this long
    std::chrono::milliseconds door_refresh = std::chrono::minutes{5}; // door panel's availability
    std::chrono::milliseconds news_after = std::chrono::seconds{3};   // the check-in greeting first
    std::chrono::milliseconds news_kept = std::chrono::minutes{2};    // news not shown by then is dropped
};

class BookingController {
public:
    BookingController(KioskModel& model, BookingTiming timing, Language default_language);

    // Room role: the one resource this terminal stands in (its home screen becomes the door
    // panel). Call before the first tick.
    void set_room(std::string resource_id);

    // The visitor's touches (from the views' commands). Each one restarts the inactivity timer.
    void open(TimePoint now);             // "Book" on the home screen
    void open_my_bookings(TimePoint now); // "My bookings" on the home screen: asks for the badge
    void exit(TimePoint now);             // back to the home screen
    void back(TimePoint now);             // one step back
    void pick_kind(wire::ResourceKind kind, TimePoint now);
    void show_week(TimePoint now);
    void show_day(LocalDay day, TimePoint now);
    void page_rows(int first_row, TimePoint now);
    void page_columns(int first_column, TimePoint now);
    void retry(TimePoint now); // the availability again, after a failure
    void pick_slot(const std::string& resource_id, wire::TimePoint start, TimePoint now);
    void step_length(int slots, TimePoint now); // +1 / -1 slot, within the allowed range
    void pick_length(LengthPreset preset, TimePoint now);
    void confirm(TimePoint now);         // the length chosen: ask for the badge
    void take_suggestion(TimePoint now); // slot_taken: book the suggested slot with the same badge
    void ask_cancel(std::size_t entry, TimePoint now);
    void confirm_cancel(TimePoint now);
    void keep_booking(TimePoint now);
    void open_search(TimePoint now);
    void clear_search(TimePoint now);
    void key_character(char32_t character, TimePoint now);
    void key_backspace(TimePoint now);
    void key_shift(TimePoint now);
    void key_accents(TimePoint now);
    void key_done(TimePoint now);
    void book_now(std::chrono::minutes length, TimePoint now); // door panel: 30 or 60 minutes
    void check_in(TimePoint now);                              // door panel: "I am here"

    // A badge tap, routed here instead of to check-in while wants_badge().
    [[nodiscard]] bool wants_badge() const;
    void on_badge(const std::string& badge_uid, TimePoint now);

    // Every badge tap, whoever it goes to (check-in or these screens): asks how the member's
    // offline bookings settled. What comes back is shown once the screen is free: at once on the
    // home screen, after `news_after` of a check-in greeting, when a booking flow ends. A booking
    // that lost its slot is shown with the nearest free slot, booked with one touch.
    void on_member_tap(const std::string& badge_uid, TimePoint now);
    // Every answer is kept, even to an older tap: the engine tells each piece of news only once.
    void on_news(const std::string& badge_uid, std::vector<BookingNews> news, TimePoint now);

    // Answers, matched to their command by request_id.
    void on_availability(std::uint64_t request_id, wire::Availability availability, AvailabilityOrigin origin,
                         std::optional<TimePoint> offline_since, TimePoint now);
    void on_availability_failed(std::uint64_t request_id, TimePoint now);
    void on_booking_answer(std::uint64_t request_id, const BookingAnswer& answer, TimePoint now);
    void on_member_bookings(std::uint64_t request_id, const MemberBookingsAnswer& answer, TimePoint now);
    void on_cancel_answer(std::uint64_t request_id, const BookingAnswer& answer, TimePoint now);
    void on_check_in_answer(std::uint64_t request_id, const BookingAnswer& answer, TimePoint now);

    // Something changed on the backend (a BookingEvent on the live channel): fetch again what is
    // shown, the door panel's day and the grid, so that neither waits for its next refresh.
    void refresh(TimePoint now);

    // Timeouts back home; the door panel's periodic refresh.
    void on_tick(TimePoint now);
    [[nodiscard]] std::optional<TimePoint> next_deadline() const;

    // The requests made since the last call, oldest first.
    [[nodiscard]] std::vector<BookingCommand> take_commands();

private:
    [[nodiscard]] bool in_flow() const { return m_model.screen == Screen::booking; }
    [[nodiscard]] const wire::ResourceAvailability* resource(const std::string& id) const;
    [[nodiscard]] static LocalDay today(TimePoint now);
    [[nodiscard]] std::optional<TimePoint> step_deadline() const;
    void enter(BookingStep step, TimePoint now);
    void input(TimePoint now);
    void reset_flow();
    void go_home(TimePoint now);
    void fetch(int days, TimePoint now);
    void fetch_door(TimePoint now);
    void ask_badge(BadgePurpose purpose, TimePoint now);
    void submit(const BookingSelection& selection, TimePoint now);
    void show_news(TimePoint now);
    [[nodiscard]] std::optional<TimePoint> news_deadline() const;
    void touch() { ++m_model.revision; }
    std::uint64_t next_request() { return ++m_last_request; }

    KioskModel& m_model;
    BookingTiming m_timing;
    Language m_default_language;
    std::vector<BookingCommand> m_commands;
    std::uint64_t m_last_request = 0;
    std::uint64_t m_availability_request = 0;
    std::uint64_t m_door_request = 0;
    std::optional<TimePoint> m_availability_asked;
    std::optional<TimePoint> m_door_asked;
    std::optional<BookingStep> m_return_step; // where "back" leads from the badge and my-bookings steps
    bool m_flow_active = false;               // a flow was opened and not yet ended

    struct QueuedNews {
        std::string badge_uid;
        BookingNews news;
        TimePoint received{};
    };
    std::deque<QueuedNews> m_news; // to show, oldest first
};

} // namespace telecentre::core
