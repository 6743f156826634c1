#include "telecentre/backend/conference_service.hpp"

#include "telecentre/backend/crypto.hpp"
#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/local_time.hpp"

#include <algorithm>
#include <array>
#include <openssl/rand.h>

namespace telecentre::backend {

using namespace std::chrono;

namespace {

// JavaScript reads room numbers as doubles: drawn below 2^53, and far above the small numbers
// people type into Janus's own demo pages.
constexpr std::int64_t kFirstRoom = std::int64_t{1} << 40;
constexpr std::int64_t kRoomSpan = (std::int64_t{1} << 53) - kFirstRoom;

ConferenceError refused(int status, std::string code, std::string message) {
    return ConferenceError{status, std::move(code), std::move(message), std::nullopt};
}

ConferenceError storage(const StoreError& error) {
    return ConferenceError{500, "internal", error.message,
                           DomainError{ErrorKind::storage, error.message, error.retryable}};
}

ConferenceError storage(const DomainError& error) { return ConferenceError{500, "internal", error.message, error}; }

ConferenceError sfu_unavailable(const std::string& detail) {
    return refused(503, "sfu_unavailable", "the conference server does not answer: " + detail);
}

std::uint64_t random_u64() {
    std::array<unsigned char, 8> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        return 0;
    }
    std::uint64_t value = 0;
    for (unsigned char byte : bytes) {
        value = (value << 8) | byte;
    }
    return value;
}

// Six digits: typed by hand only in Janus's own tools; the link carries it for guests.
std::string random_pin() {
    std::string pin = std::to_string(random_u64() % 1000000);
    return std::string(6 - pin.size(), '0') + pin;
}

// 32 random bytes as base64url without padding: a URL path segment.
std::string random_token() {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        return {};
    }
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string token;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            token.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) {
        token.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
    }
    return token;
}

bool plausible_token(const std::string& token) {
    return token.size() == 43 && std::ranges::all_of(token, [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_';
           });
}

bool is_turn(const std::string& url) { return url.starts_with("turn:") || url.starts_with("turns:"); }

// The slot under way, in the site's local time (bookings start on the slot grid).
wire::TimePoint current_slot_start(wire::TimePoint now, int slot_minutes) {
    const auto local = wire::to_paris(now);
    const auto minute_of_day = floor<minutes>(local - floor<days>(local));
    return floor<minutes>(now) - minute_of_day % minutes{slot_minutes};
}

// A booking refusal as the terminal reads it: the booking rules' own reason as the code.
ConferenceError from_booking_answer(const BookingAnswer& answer) {
    auto refusal = wire::decode_booking_error(answer.body);
    if (!refusal) {
        return refused(answer.status, "booking_refused", "the booking was refused");
    }
    return refused(answer.status, wire::to_string(refusal->reason), refusal->message);
}

} // namespace

ConferenceService::ConferenceService(Store& store, BookingService& bookings, SfuRooms& sfu, ConferenceConfig config,
                                     Clock clock)
    : m_store(store), m_bookings(bookings), m_sfu(sfu), m_config(std::move(config)),
      m_clock(clock ? std::move(clock) : Clock([] { return floor<seconds>(system_clock::now()); })) {}

wire::TimePoint ConferenceService::now() const { return m_clock(); }

ConferenceResult<wire::Conference> ConferenceService::start(const DeviceRecord& device,
                                                            const wire::ConferenceStart& request,
                                                            const std::string& link_base) {
    auto reader = m_store.read();
    if (!reader) {
        return std::unexpected(storage(reader.error()));
    }
    auto resource = (*reader)->find_resource(request.resource_id);
    if (!resource) {
        return std::unexpected(storage(resource.error()));
    }
    if (!*resource) {
        return std::unexpected(refused(404, "unknown_resource", "no resource \"" + request.resource_id + "\""));
    }
    if ((*resource)->site_id != device.site_id) {
        return std::unexpected(
            refused(403, "forbidden_site", "this device belongs to site \"" + device.site_id + "\""));
    }
    if ((*resource)->kind != ResourceKind::visio_room) {
        return std::unexpected(refused(422, "not_a_visio_room", "conferences are held in visio rooms"));
    }
    const auto at = now();
    // The room's confirmed bookings around now.
    auto around = (*reader)->resource_bookings(request.resource_id, at - hours{12}, at + m_config.early + minutes{1});
    if (!around) {
        return std::unexpected(storage(around.error()));
    }
    std::optional<MemberRecord> member;
    std::optional<wire::Booking> booking;
    bool someone_else = false;
    if (request.automatic) {
        // The terminal by itself (conference.auto_start): the booking under way, whoever holds it;
        // one that has not begun yet waits for its start or for its member's badge.
        for (const auto& candidate : *around) {
            if (candidate.start <= at && at < candidate.end) {
                booking = candidate;
                break;
            }
        }
        if (!booking) {
            return std::unexpected(refused(404, "no_booking", "the room holds no booking under way"));
        }
        auto found = (*reader)->find_member(booking->member_id);
        if (!found) {
            return std::unexpected(storage(found.error()));
        }
        if (!*found || (*found)->erased) {
            return std::unexpected(refused(404, "no_booking", "the booking's member is gone"));
        }
        member = std::move(**found);
    } else {
        auto holder = (*reader)->find_badge_holder(request.badge_uid);
        if (!holder) {
            return std::unexpected(storage(holder.error()));
        }
        if (!*holder || (*holder)->member.erased) {
            return std::unexpected(refused(422, "unknown_badge", "this badge is not known"));
        }
        if ((*holder)->badge.revoked) {
            return std::unexpected(refused(422, "badge_revoked", "this badge was revoked; ask the animateur"));
        }
        member = (*holder)->member;
        // The member's own booking, from `early` before its start.
        for (const auto& candidate : *around) {
            if (candidate.start - m_config.early <= at && at < candidate.end) {
                if (candidate.member_id == member->id) {
                    booking = candidate;
                    break;
                }
                someone_else = someone_else || candidate.start <= at;
            }
        }
    }
    // As at the entrance: a suspended or lapsed pass opens no room, whatever was booked before.
    const auto pass = wire::pass_state_on(member->pass.dates, wire::Date{wire::paris_day(at).time_since_epoch()});
    if (pass == wire::PassState::suspended || pass == wire::PassState::expired) {
        return std::unexpected(refused(403, "pass_not_valid", "this member's pass is expired or suspended today"));
    }
    reader->reset();
    if (!booking && request.ad_hoc_minutes && !someone_else) {
        auto rules = m_store.read();
        auto slot = rules ? (*rules)->booking_rules(device.site_id)
                          : StoreResult<wire::BookingRules>(std::unexpected(rules.error()));
        if (!slot) {
            return std::unexpected(storage(slot.error()));
        }
        const int slot_minutes = std::max(slot->slot_minutes, 1);
        const auto start = current_slot_start(at, slot_minutes);
        const auto wanted = at + minutes{*request.ad_hoc_minutes};
        const auto slots = (duration_cast<minutes>(wanted - start).count() + slot_minutes - 1) / slot_minutes;
        const wire::BookingRequest book{request.badge_uid, request.resource_id, start,
                                        start + minutes{slots * slot_minutes}};
        auto answer = m_bookings.book(device, "conference-" + random_hex(16), book);
        if (!answer) {
            return std::unexpected(storage(answer.error()));
        }
        if (answer->status != 201 && answer->status != 200) {
            return std::unexpected(from_booking_answer(*answer));
        }
        auto made = wire::decode_booking(answer->body);
        if (!made) {
            return std::unexpected(refused(500, "internal", "the new booking could not be read: " + made.error()));
        }
        booking = std::move(*made);
    }
    if (!booking) {
        if (someone_else) {
            return std::unexpected(refused(403, "not_your_booking", "the room is booked by another member now"));
        }
        return std::unexpected(refused(404, "no_booking", "this member holds no booking of the room now"));
    }

    ConferenceRow row;
    row.id = "conf_" + random_hex(8);
    row.booking_id = booking->id;
    row.room = kFirstRoom + static_cast<std::int64_t>(random_u64() % static_cast<std::uint64_t>(kRoomSpan));
    row.room_secret = random_hex(16);
    row.pin = random_pin();
    row.janus_token = random_hex(24);
    row.started_by = request.automatic ? std::string{"terminal"} : member->id;
    row.started_at = at;
    auto opened = m_store.open_conference(row);
    if (!opened) {
        return std::unexpected(storage(opened.error()));
    }
    // Starting its conference is attending the booking: the no-show release must not take the
    // room, and the conference with it, from a meeting whose host never tapped the door panel.
    auto attended = m_store.write([&](Transaction& transaction) -> StoreResult<UnitEnd> {
        if (auto written = transaction.check_in_booking(opened->first.booking_id, at); !written) {
            return std::unexpected(written.error());
        }
        return UnitEnd::commit;
    });
    if (!attended) {
        return std::unexpected(storage(attended.error()));
    }
    if (auto made = ensure_room(opened->first); !made) {
        if (opened->second) {
            // Not a conference anyone can join: ended at once, so the next tap starts afresh.
            (void)m_store.end_conference(opened->first.id, at);
        }
        return std::unexpected(made.error());
    }
    return answer_with_link(opened->first, link_base);
}

ConferenceResult<ConferenceRow> ConferenceService::going_on(const DeviceRecord& device,
                                                            const std::string& conference_id) {
    auto conference = m_store.find_conference(conference_id);
    if (!conference) {
        return std::unexpected(storage(conference.error()));
    }
    if (!*conference) {
        return std::unexpected(refused(404, "not_found", "no conference \"" + conference_id + "\""));
    }
    if ((*conference)->site_id != device.site_id) {
        return std::unexpected(
            refused(403, "forbidden_site", "this device belongs to site \"" + device.site_id + "\""));
    }
    if ((*conference)->ended_at || !(*conference)->booking_confirmed || now() >= (*conference)->ends_at) {
        return std::unexpected(refused(410, "gone", "this conference has ended"));
    }
    return std::move(**conference);
}

ConferenceResult<wire::Conference> ConferenceService::guest_link(const DeviceRecord& device,
                                                                 const std::string& conference_id,
                                                                 const std::string& link_base) {
    auto conference = going_on(device, conference_id);
    if (!conference) {
        return std::unexpected(conference.error());
    }
    return answer_with_link(*conference, link_base);
}

ConferenceResult<wire::Conference> ConferenceService::extend(const DeviceRecord& device,
                                                             const std::string& conference_id,
                                                             const wire::ConferenceExtend& request,
                                                             const std::string& link_base) {
    auto conference = going_on(device, conference_id);
    if (!conference) {
        return std::unexpected(conference.error());
    }
    const ConferenceRow& row = *conference;
    auto booking = m_store.read();
    if (!booking) {
        return std::unexpected(storage(booking.error()));
    }
    auto current = (*booking)->find_booking(row.booking_id);
    booking->reset();
    if (!current || !*current) {
        return std::unexpected(current ? refused(404, "not_found", "the booking is gone") : storage(current.error()));
    }
    // The booking service checks the badge is the holder's and that the room is free that long.
    const wire::BookingChange change{request.badge_uid, (*current)->start, row.ends_at + minutes{request.minutes}};
    auto answer = m_bookings.change(device, "conference-extend-" + random_hex(16), row.booking_id, change);
    if (!answer) {
        return std::unexpected(storage(answer.error()));
    }
    if (answer->status != 200 && answer->status != 201) {
        return std::unexpected(from_booking_answer(*answer));
    }
    auto extended = m_store.find_conference(conference_id);
    if (!extended || !*extended) {
        return std::unexpected(extended ? refused(404, "not_found", "the conference is gone")
                                        : storage(extended.error()));
    }
    return answer_with_link(**extended, link_base);
}

ConferenceResult<wire::JoinDescriptor> ConferenceService::join(const std::string& token) {
    if (!plausible_token(token)) {
        return std::unexpected(refused(404, "not_found", "no such guest link"));
    }
    auto found = m_store.find_guest_link(sha256_hex(token));
    if (!found) {
        return std::unexpected(storage(found.error()));
    }
    if (!*found) {
        return std::unexpected(refused(404, "not_found", "no such guest link"));
    }
    const auto& [link, conference] = **found;
    const auto at = now();
    if (conference.ended_at || !conference.booking_confirmed || at >= link.expires_at ||
        at >= conference.ends_at + m_config.grace) {
        return std::unexpected(refused(410, "gone", "this guest link has expired or its conference has ended"));
    }
    if (auto made = ensure_room(conference); !made) {
        return std::unexpected(made.error());
    }
    wire::JoinDescriptor descriptor;
    descriptor.conference = conference.id;
    descriptor.room = conference.room;
    descriptor.pin = conference.pin;
    descriptor.janus_ws = m_config.janus_ws;
    descriptor.janus_token = conference.janus_token;
    descriptor.ice_servers = ice_servers("guest-" + conference.id);
    descriptor.site = conference.site_name;
    descriptor.resource = conference.resource_name;
    descriptor.host_name = conference.host_name;
    descriptor.ends_at = conference.ends_at;
    return descriptor;
}

ConferenceResult<ConferenceMaintenance> ConferenceService::maintain() {
    auto open = m_store.open_conferences();
    if (!open) {
        return std::unexpected(storage(open.error()));
    }
    ConferenceMaintenance done;
    const auto at = now();
    if (auto purged = m_store.purge_guest_links(at - days{7}); !purged) {
        return std::unexpected(storage(purged.error()));
    }
    for (const auto& conference : *open) {
        if (!conference.booking_confirmed || at >= conference.ends_at + m_config.grace) {
            auto destroyed = m_sfu.destroy_room(conference.room, conference.room_secret);
            auto forgotten = destroyed ? m_sfu.remove_token(conference.janus_token) : destroyed;
            if (!forgotten) {
                ++done.failed;
                continue; // the row stays open: destroyed next time
            }
            if (auto ended = m_store.end_conference(conference.id, at); !ended) {
                return std::unexpected(storage(ended.error()));
            }
            ++done.ended;
            continue;
        }
        auto exists = m_sfu.room_exists(conference.room);
        if (!exists) {
            ++done.failed;
        } else if (!*exists) {
            if (ensure_room(conference)) {
                ++done.recreated;
            } else {
                ++done.failed;
            }
        }
    }
    return done;
}

ConferenceResult<void> ConferenceService::ensure_room(const ConferenceRow& conference) {
    SfuRooms::Room room;
    room.number = conference.room;
    room.secret = conference.room_secret;
    room.pin = conference.pin;
    room.description = conference.resource_name + " - " + conference.site_name;
    if (auto made = m_sfu.create_room(room); !made) {
        return std::unexpected(sfu_unavailable(made.error()));
    }
    // Rooms and tokens live in the SFU's memory and go together when it restarts.
    if (auto let_in = m_sfu.add_token(conference.janus_token); !let_in) {
        return std::unexpected(sfu_unavailable(let_in.error()));
    }
    return {};
}

ConferenceResult<wire::Conference> ConferenceService::answer_with_link(const ConferenceRow& row,
                                                                       const std::string& link_base) {
    const auto at = now();
    const std::string token = random_token();
    if (token.empty()) {
        return std::unexpected(refused(500, "internal", "no random bytes for a guest link"));
    }
    const GuestLinkRow link{sha256_hex(token), row.id, at, row.ends_at + m_config.grace};
    if (auto added = m_store.add_guest_link(link); !added) {
        return std::unexpected(storage(added.error()));
    }
    wire::Conference conference;
    conference.id = row.id;
    conference.booking_id = row.booking_id;
    conference.site_id = row.site_id;
    conference.site_name = row.site_name;
    conference.resource_id = row.resource_id;
    conference.resource_name = row.resource_name;
    conference.host_name = row.host_name;
    conference.room = row.room;
    conference.pin = row.pin;
    conference.janus_ws = m_config.janus_ws;
    conference.janus_token = row.janus_token;
    conference.ice_servers = ice_servers("room-" + row.id);
    conference.started_at = row.started_at;
    conference.ends_at = row.ends_at;
    conference.ended_at = row.ended_at;
    conference.guest_url = link_base + "/join/" + token;
    conference.guest_link_expires_at = link.expires_at;
    return conference;
}

std::vector<wire::IceServer> ConferenceService::ice_servers(const std::string& user) const {
    std::vector<wire::IceServer> servers;
    wire::IceServer stun;
    wire::IceServer turn;
    for (const auto& url : m_config.ice.urls) {
        (is_turn(url) ? turn : stun).urls.push_back(url);
    }
    if (!stun.urls.empty()) {
        servers.push_back(std::move(stun));
    }
    if (!turn.urls.empty()) {
        const auto credential = turn_credential(m_config.ice.turn_secret, user, now() + m_config.ice.turn_lifetime);
        turn.username = credential.username;
        turn.credential = credential.credential;
        servers.push_back(std::move(turn));
    }
    return servers;
}

} // namespace telecentre::backend
