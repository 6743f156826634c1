#pragma once
// The kiosk's state as the screens see it: a plain value, owned by the UI thread, read by the
// views each frame and changed only by KioskController.

#include "telecentre/core/badge_reader.hpp"
#include "telecentre/core/booking_model.hpp"
#include "telecentre/core/call_model.hpp"
#include "telecentre/core/clock.hpp"
#include "telecentre/core/conference_model.hpp"
#include "telecentre/wire/types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace telecentre::core {

enum class Language { fr, en };

enum class Screen {
    home,
    checking,       // a badge was read; waiting for the decision (a fraction of a second)
    checkin_result, // greeting: in or out, pass, hours, today's bookings
    error,          // a refusal or a failure, with one clear action
    booking,        // the booking flow (BookingModel::step says which screen); BookingController drives it
    call,           // visio-accueil (CallModel::step says which screen); CallController drives it
    conference,     // room role: a conference (ConferenceModel::step); ConferenceController drives it
};

enum class ErrorKind {
    unknown_badge,      // action: ask reception / contact the animateur
    badge_revoked,      // action: contact the animateur
    pass_expired,       // action: renew the pass
    pass_suspended,     // action: contact the animateur
    reader_unavailable, // action: try again in a moment / talk to reception
    offline_unknown,    // offline and the badge is not in the cache: recorded, checked later
    storage_failure,    // the journal could not be written (disk full): told, and sent online only
};

enum class Connection { unknown, online, offline };

enum class DecisionSource { backend, offline_cache };

struct CheckinResult {
    wire::CheckinOutcome outcome = wire::CheckinOutcome::checked_in;
    std::string first_name;
    std::string display_name;
    std::optional<wire::PassState> pass_state;
    std::optional<wire::Date> pass_valid_until;
    std::optional<int> minutes_today; // unknown offline
    std::vector<wire::BookingSummary> bookings_today;
    DecisionSource source = DecisionSource::backend;
};

struct KioskModel {
    Screen screen = Screen::home;
    Language language = Language::fr;
    Connection connection = Connection::unknown;
    ReaderStatus reader;
    std::string site_id;
    std::string site_name;
    TimePoint now{};
    std::optional<CheckinResult> result;   // set on checkin_result (and on refusals, for the name)
    std::optional<ErrorKind> error;        // set on error
    std::uint64_t tap_id = 0;              // the tap the checking, result or error screen is about (0: none)
    int journal_pending = 0;               // taps waiting to reach the backend
    int bookings_pending = 0;              // bookings made offline, waiting to reach the backend
    TimePoint screen_since{};              // when the current screen was entered
    KioskRole role = KioskRole::reception; // room: home is the room's door panel
    BookingModel booking;                  // the booking screens and the door panel
    CallModel call;                        // visio-accueil
    ConferenceModel conference;            // room role: the room's conference
    ConferenceOffer conference_offer;      // room role: the door panel's "Démarrer la conférence"
    bool call_available = false;           // "Parler à l'accueil" is offered (configured, link up)
    bool callback_available = false;       // the backend takes callback requests
    bool camera_present = true;            // visio-accueil: the configured camera is plugged in
    bool microphone_present = true;        // and the microphone
    std::string reception_phone;           // the network's number, shown when a call cannot be had
    std::string reception_hours;           // its opening hours, in words
    std::uint64_t revision = 0;            // bumped on every change: the UI redraws when it moves
};

} // namespace telecentre::core
