#pragma once
// Demo only (demo.local_bookings = true): answers BookingController's requests from made-up local
// data, so that the booking screens can be shown without the backend's booking endpoints. It
// remembers what was booked or cancelled during the run. The real implementation (a
// BookingClient over HTTPS, with the offline journal) replaces it; see docs/ui.md.
//
// Without the demo, answer_unavailable() answers every request at once as if offline with nothing
// cached, so the screens say so instead of waiting.
// Threading: UI thread; answers are posted back through `post` (the UI inbox), like real ones.

#include "telecentre/core/booking_controller.hpp"
#include "telecentre/core/booking_demo.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace telecentre::app {

class DemoBookingService {
public:
    using Post = std::function<void(std::function<void()>)>;

    DemoBookingService(core::DemoSite site, Post post);

    void handle(const core::BookingCommand& command, core::BookingController& controller, core::TimePoint now);

private:
    [[nodiscard]] wire::Availability availability(const core::FetchAvailability& fetch, wire::TimePoint now) const;
    [[nodiscard]] std::optional<std::string> member_of(const std::string& badge_uid) const;

    core::DemoSite m_site;
    Post m_post;
    std::vector<wire::Booking> m_made;
    std::vector<std::string> m_cancelled; // generated bookings cancelled during the run
    int m_next_id = 1;
};

void answer_unavailable(const core::BookingCommand& command, core::BookingController& controller, core::TimePoint now);

} // namespace telecentre::app
