// Booking reads: availability, a member's bookings, calendar feeds. They run on a Reader (a
// snapshot beside the writer), so a kiosk grid never waits for bookings being written.
#include "booking_steps.hpp"
#include "telecentre/backend/booking_rules.hpp"
#include "telecentre/backend/booking_service.hpp"
#include "telecentre/backend/calendar.hpp"
#include "telecentre/backend/crypto.hpp"
#include "telecentre/wire/local_time.hpp"

namespace telecentre::backend {

using namespace booking;
using namespace std::chrono;

std::expected<wire::Availability, DomainError> BookingService::availability(const DeviceRecord& device,
                                                                            const AvailabilityQuery& query) {
    if (query.days < 1 || query.days > 31) {
        return std::unexpected(DomainError{ErrorKind::invalid_request, "days must be between 1 and 31"});
    }
    auto reader = m_store.read();
    if (!reader) {
        return std::unexpected(storage_error(reader.error()));
    }
    Reader& snapshot = **reader;
    auto resources = snapshot.site_resources(query.site_id);
    if (!resources) {
        return std::unexpected(storage_error(resources.error()));
    }
    if (resources->empty()) {
        // Every seeded site has resources; none means no such site.
        return std::unexpected(DomainError{ErrorKind::not_found, "no site \"" + query.site_id + "\""});
    }
    const local_days first{query.from.time_since_epoch()};
    const auto from = wire::paris_day_start(first);
    const auto to = wire::paris_day_start(first + days{query.days});

    wire::Availability availability;
    availability.site_id = query.site_id;
    availability.from = query.from;
    availability.days = query.days;
    availability.generated_at = now();
    auto calendar = snapshot.site_calendar(query.site_id, query.from, query.from + days{query.days - 1});
    auto bookings = snapshot.site_bookings(query.site_id, from, to);
    for (const StoreError* failure : {calendar ? nullptr : &calendar.error(), bookings ? nullptr : &bookings.error()}) {
        if (failure) {
            return std::unexpected(storage_error(*failure));
        }
    }
    availability.rules = std::move(calendar->rules);
    availability.open = open_intervals(calendar->opening_hours, calendar->closures, first, query.days);
    // A site's own kiosks and door panels name the holder; elsewhere only "taken" is shown.
    const bool name_holders = device.site_id == query.site_id;
    for (const auto& resource : *resources) {
        if (query.kind && resource.kind != *query.kind) {
            continue;
        }
        wire::ResourceAvailability entry{resource.id,       resource.kind,      resource.name,
                                         resource.capacity, resource.equipment, {}};
        for (const auto& booking : *bookings) {
            if (booking.resource_id == resource.id) {
                entry.busy.push_back({booking.start, booking.end, booking.id,
                                      name_holders ? std::optional(booking.holder) : std::nullopt,
                                      booking.checked_in_at.has_value()});
            }
        }
        availability.resources.push_back(std::move(entry));
    }
    return availability;
}

std::expected<BookingAnswer, DomainError> BookingService::member_bookings(const DeviceRecord&,
                                                                          const std::string& badge_uid) {
    auto reader = m_store.read();
    if (!reader) {
        return std::unexpected(storage_error(reader.error()));
    }
    auto member = badge_holder(**reader, badge_uid);
    if (!member) {
        if (auto* refusal = std::get_if<Refusal>(&member.error())) {
            return BookingAnswer{refusal->status, wire::encode(refusal->error), false};
        }
        return std::unexpected(storage_error(std::get<StoreError>(member.error())));
    }
    const auto at = now();
    auto bookings = (*reader)->member_bookings(member->id, at, at + days{366});
    if (!bookings) {
        return std::unexpected(storage_error(bookings.error()));
    }
    const wire::MemberBookings list{{member->id, member->first_name, member->display_name}, std::move(*bookings)};
    return BookingAnswer{200, wire::encode(list), false};
}

std::expected<std::string, DomainError> BookingService::issue_calendar_feed(const CalendarSubject& subject) {
    auto reader = m_store.read();
    if (!reader) {
        return std::unexpected(storage_error(reader.error()));
    }
    const bool member = subject.kind == CalendarSubjectKind::member;
    bool exists = false;
    if (member) {
        auto found = (*reader)->find_member(subject.id);
        if (!found) {
            return std::unexpected(storage_error(found.error()));
        }
        exists = found->has_value() && !(*found)->erased;
    } else {
        auto found = (*reader)->find_resource(subject.id);
        if (!found) {
            return std::unexpected(storage_error(found.error()));
        }
        exists = found->has_value();
    }
    if (!exists) {
        return std::unexpected(DomainError{ErrorKind::not_found, member ? "no such member: " + subject.id
                                                                        : "no such resource: " + subject.id});
    }
    reader->reset(); // a SQLite snapshot must not stay open across the write
    // 32 random bytes: the URL is the only key to the feed, so it must not be guessable.
    auto token = random_hex(32);
    auto written = m_store.write([&](Transaction& tx) -> StoreResult<UnitEnd> {
        if (auto added = tx.add_calendar_feed(sha256_hex(token), subject, now()); !added) {
            return std::unexpected(added.error());
        }
        return UnitEnd::commit;
    });
    if (!written) {
        return std::unexpected(storage_error(written.error()));
    }
    return token;
}

std::expected<std::string, DomainError> BookingService::calendar(const std::string& token) {
    auto reader = m_store.read();
    if (!reader) {
        return std::unexpected(storage_error(reader.error()));
    }
    auto subject = (*reader)->find_calendar_feed(sha256_hex(token));
    if (!subject) {
        return std::unexpected(storage_error(subject.error()));
    }
    if (!*subject) {
        return std::unexpected(DomainError{ErrorKind::not_found, "no such calendar"});
    }
    // The last month and the year ahead: enough for a calendar app, bounded for the server.
    const auto at = now();
    const auto from = at - days{31};
    const auto to = at + days{366};
    CalendarFeed feed;
    StoreResult<std::vector<wire::Booking>> bookings;
    if ((*subject)->kind == CalendarSubjectKind::member) {
        auto member = (*reader)->find_member((*subject)->id);
        if (!member) {
            return std::unexpected(storage_error(member.error()));
        }
        if (!*member || (*member)->erased) {
            return std::unexpected(DomainError{ErrorKind::not_found, "no such calendar"});
        }
        feed.name = "Télécentres du Cantal — " + (*member)->display_name;
        bookings = (*reader)->member_bookings((*subject)->id, from, to);
    } else {
        auto resource = (*reader)->find_resource((*subject)->id);
        if (!resource) {
            return std::unexpected(storage_error(resource.error()));
        }
        if (!*resource) {
            return std::unexpected(DomainError{ErrorKind::not_found, "no such calendar"});
        }
        feed.name = (*resource)->name + " — " + (*resource)->site_id;
        feed.name_holders = true;
        bookings = (*reader)->resource_bookings((*subject)->id, from, to);
    }
    if (!bookings) {
        return std::unexpected(storage_error(bookings.error()));
    }
    auto sites = m_store.list_sites();
    if (!sites) {
        return std::unexpected(storage_error(sites.error()));
    }
    for (const auto& site : *sites) {
        std::string place = site.name;
        if (site.street) {
            place += ", " + *site.street;
        }
        place += ", " + site.postal_code + " " + site.town;
        feed.site_places.emplace(site.id, std::move(place));
    }
    return render_calendar(feed, *bookings, at);
}

} // namespace telecentre::backend
