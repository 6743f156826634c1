#include "fixtures.hpp"

#include "ui_harness.hpp"

#include <stdexcept>

namespace telecentre::ui::test {
namespace {

using namespace std::chrono;

wire::TimePoint paris_today(int hour, int minute) {
    // 23 November 2026 is winter time: Paris is UTC+1.
    return sys_days{2026y / November / 23d} + hours{hour - 1} + minutes{minute};
}

core::CheckinResult camille() {
    core::CheckinResult result;
    result.outcome = wire::CheckinOutcome::checked_in;
    result.first_name = "Camille";
    result.display_name = "Camille Delmas";
    result.pass_state = wire::PassState::active;
    result.pass_valid_until = sys_days{2026y / December / 31d};
    result.minutes_today = 200;
    result.bookings_today = {
        {"b2", "Salle de visioconférence", "room", paris_today(14, 0), paris_today(15, 30)},
        {"b1", "Poste bureautique n° 3", "desk", paris_today(10, 0), paris_today(12, 0)},
    };
    result.source = core::DecisionSource::backend;
    return result;
}

const char* error_name(core::ErrorKind kind) {
    switch (kind) {
    case core::ErrorKind::unknown_badge: return "error_unknown_badge";
    case core::ErrorKind::badge_revoked: return "error_badge_revoked";
    case core::ErrorKind::pass_expired: return "error_pass_expired";
    case core::ErrorKind::pass_suspended: return "error_pass_suspended";
    case core::ErrorKind::reader_unavailable: return "error_reader_unavailable";
    case core::ErrorKind::offline_unknown: return "error_offline_unknown";
    case core::ErrorKind::storage_failure: return "error_storage_failure";
    }
    return "error";
}

constexpr std::array kAllErrors{
    core::ErrorKind::unknown_badge,   core::ErrorKind::badge_revoked,      core::ErrorKind::pass_expired,
    core::ErrorKind::pass_suspended,  core::ErrorKind::reader_unavailable, core::ErrorKind::offline_unknown,
    core::ErrorKind::storage_failure,
};

} // namespace

core::KioskModel result_model(core::Language language) {
    core::KioskModel model = base_model(language);
    model.screen = core::Screen::checkin_result;
    model.result = camille();
    return model;
}

core::KioskModel error_model(core::Language language, core::ErrorKind kind) {
    core::KioskModel model = base_model(language);
    model.screen = core::Screen::error;
    model.error = kind;
    // Refusals of a known badge come with the member, so the screen can use their name.
    if (kind == core::ErrorKind::badge_revoked || kind == core::ErrorKind::pass_expired ||
        kind == core::ErrorKind::pass_suspended) {
        core::CheckinResult result = camille();
        result.outcome = wire::CheckinOutcome::refused;
        result.bookings_today.clear();
        result.minutes_today.reset();
        result.pass_state =
            kind == core::ErrorKind::pass_suspended ? wire::PassState::suspended : wire::PassState::expired;
        result.pass_valid_until = sys_days{2026y / October / 31d};
        model.result = result;
    }
    if (kind == core::ErrorKind::offline_unknown) {
        model.connection = core::Connection::offline;
        model.journal_pending = 2;
    }
    if (kind == core::ErrorKind::reader_unavailable) {
        model.reader.state = core::ReaderState::unavailable;
    }
    return model;
}

std::vector<ScreenCase> screen_cases(core::Language language) {
    std::vector<ScreenCase> cases;

    core::KioskModel home = base_model(language);
    cases.push_back({"home", home});

    core::KioskModel offline = base_model(language);
    offline.connection = core::Connection::offline;
    offline.journal_pending = 3;
    offline.bookings_pending = 1;
    cases.push_back({"home_offline", offline});

    core::KioskModel reader_down = base_model(language);
    reader_down.reader.state = core::ReaderState::unavailable;
    reader_down.connection = core::Connection::unknown;
    cases.push_back({"home_reader_unavailable", reader_down});

    core::KioskModel starting = base_model(language);
    starting.reader.state = core::ReaderState::starting;
    cases.push_back({"home_reader_starting", starting});

    core::KioskModel checking = base_model(language);
    checking.screen = core::Screen::checking;
    cases.push_back({"checking", checking});

    cases.push_back({"result_in", result_model(language)});

    core::KioskModel out = result_model(language);
    out.now += hours{8} + minutes{24};
    out.screen_since = out.now;
    out.result->outcome = wire::CheckinOutcome::checked_out;
    out.result->minutes_today = 425;
    out.result->pass_state = wire::PassState::free_period;
    out.result->pass_valid_until = sys_days{2027y / January / 1d};
    out.result->bookings_today.clear();
    cases.push_back({"result_out", out});

    core::KioskModel from_cache = result_model(language);
    from_cache.connection = core::Connection::offline;
    from_cache.result->source = core::DecisionSource::offline_cache;
    from_cache.result->minutes_today.reset();
    from_cache.result->bookings_today.clear();
    cases.push_back({"result_offline", from_cache});

    core::KioskModel busy = result_model(language);
    busy.result->first_name = "Marie-Françoise";
    for (int i = 0; i < 7; ++i) {
        // std::to_string alone: g++ 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
        busy.result->bookings_today.push_back({std::to_string(i), "Espace de coworking, bureau partagé", "desk",
                                               paris_today(15 + i / 2, 30 * (i % 2)),
                                               paris_today(16 + i / 2, 30 * (i % 2))});
    }
    cases.push_back({"result_many_bookings", busy});

    for (const core::ErrorKind kind : kAllErrors) {
        cases.push_back({error_name(kind), error_model(language, kind)});
    }

    core::KioskModel anonymous_expired = error_model(language, core::ErrorKind::pass_expired);
    anonymous_expired.result.reset();
    cases.push_back({"error_pass_expired_anonymous", anonymous_expired});
    return cases;
}

ScreenCase screen_case(const std::string& name, core::Language language) {
    for (ScreenCase& candidate : screen_cases(language)) {
        if (candidate.name == name) {
            return candidate;
        }
    }
    throw std::invalid_argument("no screen case named " + name);
}

} // namespace telecentre::ui::test
