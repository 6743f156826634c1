#include "booking_steps.hpp"

#include "telecentre/wire/local_time.hpp"

namespace telecentre::backend::booking {

Step<MemberRecord> badge_holder(Reader& reader, const std::string& badge_uid) {
    auto badge = reader.find_badge(badge_uid);
    if (!badge) {
        return std::unexpected(Stop{badge.error()});
    }
    if (!*badge) {
        return std::unexpected(Stop{refuse(422, wire::BookingRefusal::unknown_badge, "this badge is not known")});
    }
    auto member = reader.find_member((*badge)->member_id);
    if (!member) {
        return std::unexpected(Stop{member.error()});
    }
    if (!*member || (*member)->erased) {
        return std::unexpected(Stop{refuse(422, wire::BookingRefusal::unknown_badge, "this badge is not known")});
    }
    if ((*badge)->revoked) {
        return std::unexpected(
            Stop{refuse(422, wire::BookingRefusal::badge_revoked, "this badge was revoked; ask the animateur")});
    }
    return std::move(**member);
}

Step<SiteRules> site_rules(Reader& reader, const std::string& site_id, wire::TimePoint around) {
    SiteRules site;
    auto rules = reader.booking_rules(site_id);
    if (!rules) {
        return std::unexpected(Stop{rules.error()});
    }
    site.rules = std::move(*rules);
    auto hours = reader.opening_hours(site_id);
    if (!hours) {
        return std::unexpected(Stop{hours.error()});
    }
    site.hours = std::move(*hours);
    // Wide enough for the nearest-slot search on either side.
    const auto day = wire::paris_day(around);
    using std::chrono::days;
    auto closures = reader.closures(site_id, wire::Date{(day - days{9}).time_since_epoch()},
                                    wire::Date{(day + days{9}).time_since_epoch()});
    if (!closures) {
        return std::unexpected(Stop{closures.error()});
    }
    site.closures = std::move(*closures);
    return site;
}

} // namespace telecentre::backend::booking
