#pragma once
// The booking screens' fixture models, and a rig that drives them the way the app does: the
// kiosk and booking controllers over one model, commands from the screen dispatched to them,
// and the booking controller's requests collected for the test to answer.

#include "fixtures.hpp"
#include "telecentre/core/booking_controller.hpp"
#include "telecentre/core/booking_demo.hpp"
#include "telecentre/core/call_controller.hpp"
#include "telecentre/core/conference_controller.hpp"
#include "telecentre/core/kiosk_controller.hpp"
#include "telecentre/ui/kiosk_ui.hpp"
#include "ui_harness.hpp"

#include <memory>
#include <string>
#include <vector>

namespace telecentre::ui::test {

// A Paris wall-clock time on the fixture day (Monday 23 November 2026), as a UTC instant.
[[nodiscard]] wire::TimePoint paris_at(int hour, int minute = 0, int day_offset = 0);

class BookingRig {
public:
    explicit BookingRig(core::Language language, core::TimePoint now = fixture_now());

private:
    std::unique_ptr<core::KioskModel> m_model; // on the heap: the controllers keep a reference to it

public:
    core::KioskModel& model;
    core::KioskController kiosk;
    core::BookingController booking;
    core::CallController call;
    core::ConferenceController conference;
    core::TimePoint now;
    std::vector<core::BookingCommand> sent; // every request, oldest first

    // Hands the screen's commands to the controllers, then collects the requests they made.
    void apply(const std::vector<Command>& commands);
    void collect();
    // Answers the latest FetchAvailability with demo data for `site` (availability from the cache
    // when `stale`). Returns false when there was none to answer.
    bool answer_availability(const core::DemoSite& site, bool stale = false);
    template <class T> [[nodiscard]] const T* last() const {
        for (auto it = sent.rbegin(); it != sent.rend(); ++it) {
            if (const auto* found = std::get_if<T>(&*it)) {
                return found;
            }
        }
        return nullptr;
    }
};

// Every booking screen state worth looking at, in the given language.
[[nodiscard]] std::vector<ScreenCase> booking_cases(core::Language language);
[[nodiscard]] ScreenCase booking_case(const std::string& name, core::Language language);

// The demo site the fixtures use: Riom-ès-Montagnes' four offices, six desks, two meeting rooms
// and a visio room; `many` gives it twenty offices.
[[nodiscard]] core::DemoSite fixture_site(bool many = false);

} // namespace telecentre::ui::test
