#include "booking_steps.hpp"

#include "telecentre/wire/local_time.hpp"

namespace telecentre::backend::booking {

Step<MemberRecord> badge_holder(Reader& reader, const std::string& badge_uid) {
    auto holder = reader.find_badge_holder(badge_uid);
    if (!holder) {
        return std::unexpected(Stop{holder.error()});
    }
    if (!*holder || (*holder)->member.erased) {
        return std::unexpected(Stop{refuse(422, wire::BookingRefusal::unknown_badge, "this badge is not known")});
    }
    if ((*holder)->badge.revoked) {
        return std::unexpected(
            Stop{refuse(422, wire::BookingRefusal::badge_revoked, "this badge was revoked; ask the animateur")});
    }
    return std::move((*holder)->member);
}

Step<SiteCalendar> site_rules(Reader& reader, const std::string& site_id, wire::TimePoint around) {
    // Wide enough for the nearest-slot search on either side.
    const auto day = wire::paris_day(around);
    using std::chrono::days;
    return from_store(reader.site_calendar(site_id, wire::Date{(day - days{9}).time_since_epoch()},
                                           wire::Date{(day + days{9}).time_since_epoch()}));
}

} // namespace telecentre::backend::booking
