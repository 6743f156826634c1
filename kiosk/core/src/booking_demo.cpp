#include "telecentre/core/booking_demo.hpp"

#include <algorithm>
#include <array>

namespace telecentre::core {
namespace {

using namespace std::chrono;

// A small, fixed mixing function: the same resource and day always get the same bookings.
std::uint32_t mix(std::uint32_t value) {
    value ^= value >> 16U;
    value *= 0x7feb352dU;
    value ^= value >> 15U;
    value *= 0x846ca68bU;
    value ^= value >> 16U;
    return value;
}

constexpr std::array kHolders{"Élodie V.",  "Julien M.",          "Thomas R.", "Nadia B.",
                              "Camille D.", "Marie-Françoise L.", "Łukasz P.", "Aurélien C."};
constexpr std::array kMeetingRooms{"Salle du Puy Mary", "Salle du Plomb du Cantal", "Salle de la Margeride",
                                   "Salle des Monts du Cantal"};
constexpr std::array kVisioRooms{"Salle visio du Lioran", "Salle visio de l’Aubrac"};

std::string numbered(const char* stem, int number) { return std::string{stem} + " " + std::to_string(number); }

std::string resource_name(wire::ResourceKind kind, int index) {
    switch (kind) {
    case wire::ResourceKind::office: return numbered("Bureau", index + 1);
    case wire::ResourceKind::open_space: return numbered("Poste", index + 1);
    case wire::ResourceKind::meeting_room:
        return index < static_cast<int>(kMeetingRooms.size()) ? kMeetingRooms[static_cast<std::size_t>(index)]
                                                              : numbered("Salle de réunion", index + 1);
    case wire::ResourceKind::visio_room:
        return index < static_cast<int>(kVisioRooms.size()) ? kVisioRooms[static_cast<std::size_t>(index)]
                                                            : numbered("Salle visio", index + 1);
    }
    return numbered("Ressource", index + 1);
}

std::vector<wire::OpenInterval> opening(LocalDay day) {
    const auto at = [day](int hour, int minute) { return wire::from_paris(day + hours{hour} + minutes{minute}); };
    const weekday week_day{day};
    if (week_day == Sunday) {
        return {};
    }
    if (week_day == Saturday) {
        return {{at(9, 0), at(12, 0)}};
    }
    return {{at(8, 30), at(12, 30)}, {at(13, 30), at(18, 30)}};
}

} // namespace

wire::BookingRules demo_rules() {
    wire::BookingRules rules;
    rules.slot_minutes = 30;
    rules.max_days_ahead = 60;
    rules.no_show_grace_minutes = 30;
    rules.kinds = {{wire::ResourceKind::office, 600, false},
                   {wire::ResourceKind::open_space, 600, true},
                   {wire::ResourceKind::meeting_room, 240, false},
                   {wire::ResourceKind::visio_room, 180, false}};
    return rules;
}

wire::Availability demo_availability(const DemoSite& site, LocalDay from, int days,
                                     std::optional<wire::ResourceKind> kind, wire::TimePoint generated_at) {
    wire::Availability availability;
    availability.site_id = site.site_id;
    availability.from = wire::Date{from.time_since_epoch()};
    availability.days = days;
    availability.generated_at = generated_at;
    availability.rules = demo_rules();
    for (int d = 0; d < days; ++d) {
        const auto open = opening(from + std::chrono::days{d});
        availability.open.insert(availability.open.end(), open.begin(), open.end());
    }

    const std::array counts{std::pair{wire::ResourceKind::office, site.offices},
                            std::pair{wire::ResourceKind::open_space, site.open_space},
                            std::pair{wire::ResourceKind::meeting_room, site.meeting_rooms},
                            std::pair{wire::ResourceKind::visio_room, site.visio_rooms}};
    std::uint32_t serial = 0;
    for (const auto& [resource_kind, count] : counts) {
        if (kind && *kind != resource_kind) {
            continue;
        }
        for (int i = 0; i < count; ++i) {
            wire::ResourceAvailability resource;
            resource.kind = resource_kind;
            std::string kind_id = wire::to_string(resource_kind);
            std::ranges::replace(kind_id, '_', '-');
            resource.id = site.site_id + "-" + kind_id + "-" + std::to_string(i + 1); // murat-meeting-room-1
            resource.name = resource_name(resource_kind, i);
            resource.capacity = resource_kind == wire::ResourceKind::meeting_room ? 8
                                : resource_kind == wire::ResourceKind::visio_room ? 4
                                                                                  : 1;
            // Up to three bookings a day, each in one opening interval, on the slot grid.
            for (int d = 0; d < days; ++d) {
                const LocalDay day = from + std::chrono::days{d};
                const auto day_number = static_cast<std::uint32_t>(day.time_since_epoch().count());
                for (const wire::OpenInterval& interval : opening(day)) {
                    const auto slots = static_cast<std::uint32_t>((interval.end - interval.start) / minutes{30});
                    const std::uint32_t seed =
                        mix(day_number * 131U + serial * 7919U +
                            static_cast<std::uint32_t>((interval.start - day_span(day).start).count()));
                    if (seed % 3U == 0U || slots < 2U) {
                        continue; // this half-day stays free
                    }
                    const std::uint32_t length = 2U + (seed >> 4U) % std::min(6U, slots - 1U);
                    const std::uint32_t start = (seed >> 8U) % (slots - length + 1U);
                    wire::BusyInterval busy;
                    busy.start = interval.start + minutes{30 * start};
                    busy.end = busy.start + minutes{30 * length};
                    busy.booking_id = resource.id + "-" + std::to_string(day_number) + "-" + std::to_string(start);
                    busy.holder = kHolders[(seed >> 12U) % kHolders.size()];
                    busy.checked_in = busy.start < generated_at && (seed >> 20U) % 2U == 0U;
                    resource.busy.push_back(std::move(busy));
                }
            }
            ++serial;
            availability.resources.push_back(std::move(resource));
        }
    }
    return availability;
}

} // namespace telecentre::core
