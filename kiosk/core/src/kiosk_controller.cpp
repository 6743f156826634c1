#include "telecentre/core/kiosk_controller.hpp"

namespace telecentre::core {

KioskController::KioskController(KioskModel& model, ScreenTiming timing, Language default_language)
    : m_model(model), m_timing(timing), m_default_language(default_language) {
    m_model.language = default_language;
}

void KioskController::enter(Screen screen, TimePoint now) {
    m_model.screen = screen;
    m_model.screen_since = now;
    if (screen == Screen::home) {
        m_model.result.reset();
        m_model.error.reset();
        m_model.tap_id = 0;
    }
    touch();
}

void KioskController::on_tap_seen(std::uint64_t tap_id, TimePoint now) {
    m_model.tap_id = tap_id;
    m_model.result.reset();
    m_model.error.reset();
    enter(Screen::checking, now);
}

void KioskController::on_decision(const Decision& decision, TimePoint now) {
    // A late answer for a tap the screen has moved past is not shown: the newest tap wins.
    if (decision.tap_id != m_model.tap_id) {
        return;
    }
    m_model.result = decision.result;
    m_model.error = decision.error;
    enter(decision.error ? Screen::error : Screen::checkin_result, now);
}

void KioskController::on_reader_status(const ReaderStatus& status, TimePoint now) {
    const bool was_unavailable = m_model.reader.state == ReaderState::unavailable;
    m_model.reader = status;
    touch();
    if (status.state == ReaderState::unavailable && !was_unavailable && m_model.screen == Screen::home) {
        m_model.error = ErrorKind::reader_unavailable;
        enter(Screen::error, now);
    } else if (status.state == ReaderState::ready && m_model.screen == Screen::error &&
               m_model.error == ErrorKind::reader_unavailable) {
        enter(Screen::home, now);
    }
}

void KioskController::on_connection(Connection connection, int journal_pending) {
    if (connection != m_model.connection || journal_pending != m_model.journal_pending) {
        m_model.connection = connection;
        m_model.journal_pending = journal_pending;
        touch();
    }
}

void KioskController::on_bookings_pending(int pending) {
    if (pending != m_model.bookings_pending) {
        m_model.bookings_pending = pending;
        touch();
    }
}

void KioskController::on_site(std::string site_name) {
    if (!site_name.empty() && site_name != m_model.site_name) {
        m_model.site_name = std::move(site_name);
        touch();
    }
}

void KioskController::on_tick(TimePoint now) {
    const auto previous_minute = std::chrono::floor<std::chrono::minutes>(m_model.now);
    m_model.now = now;
    if (std::chrono::floor<std::chrono::minutes>(now) != previous_minute) {
        touch(); // the clock on screen changes
    }
    if (const auto end = screen_deadline(); end && now >= *end) {
        // The next person should not inherit the previous visitor's language.
        m_model.language = m_default_language;
        enter(Screen::home, now);
    }
}

void KioskController::set_language(Language language) {
    if (m_model.language != language) {
        m_model.language = language;
        touch();
    }
}

void KioskController::go_home(TimePoint now) { enter(Screen::home, now); }

std::optional<TimePoint> KioskController::screen_deadline() const {
    switch (m_model.screen) {
    case Screen::home: return std::nullopt;
    case Screen::booking: return std::nullopt;    // BookingController times its own screens out
    case Screen::call: return std::nullopt;       // and CallController its own
    case Screen::conference: return std::nullopt; // and ConferenceController
    case Screen::checking: return m_model.screen_since + m_timing.checking;
    case Screen::checkin_result: return m_model.screen_since + m_timing.result;
    case Screen::error:
        // The reader error stays while the reader is away; it clears when the reader is back.
        if (m_model.error == ErrorKind::reader_unavailable && m_model.reader.state == ReaderState::unavailable) {
            return std::nullopt;
        }
        return m_model.screen_since + m_timing.error;
    }
    return std::nullopt;
}

TimePoint KioskController::next_deadline() const {
    const TimePoint next_minute = std::chrono::ceil<std::chrono::minutes>(m_model.now + std::chrono::milliseconds{1});
    const auto end = screen_deadline();
    return end ? std::min(*end, next_minute) : next_minute;
}

} // namespace telecentre::core
