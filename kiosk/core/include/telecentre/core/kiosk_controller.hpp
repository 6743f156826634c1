#pragma once
// The kiosk's screen state machine. Pure logic: events in, model changes out.
// Threading: UI thread only; everything arrives through the UI inbox and the views' commands.

#include "telecentre/core/decision.hpp"
#include "telecentre/core/kiosk_model.hpp"

#include <chrono>
#include <optional>

namespace telecentre::core {

struct ScreenTiming {
    std::chrono::milliseconds result = std::chrono::seconds{7};    // greeting stays this long
    std::chrono::milliseconds error = std::chrono::seconds{15};    // a refusal stays longer, to be read
    std::chrono::milliseconds checking = std::chrono::seconds{10}; // waiting for a decision
};

class KioskController {
public:
    KioskController(KioskModel& model, ScreenTiming timing, Language default_language = Language::fr);

    // Events from services (through the UI inbox).
    void on_tap_seen(std::uint64_t tap_id, TimePoint now);
    void on_decision(const Decision& decision, TimePoint now);
    void on_reader_status(const ReaderStatus& status, TimePoint now);
    void on_connection(Connection connection, int journal_pending);
    // The booking engine's journal: bookings made offline and not yet sent.
    void on_bookings_pending(int pending);
    void on_site(std::string site_name);
    void on_tick(TimePoint now);

    // Commands from the views.
    void set_language(Language language);
    void go_home(TimePoint now);

    // When the model next changes by itself (a screen times out, the clock's minute turns).
    [[nodiscard]] TimePoint next_deadline() const;

private:
    void enter(Screen screen, TimePoint now);
    [[nodiscard]] std::optional<TimePoint> screen_deadline() const;
    void touch() { ++m_model.revision; }

    KioskModel& m_model;
    ScreenTiming m_timing;
    Language m_default_language;
};

} // namespace telecentre::core
