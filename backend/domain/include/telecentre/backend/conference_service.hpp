#pragma once
// Conference rooms (docs/conference.md): the member who holds a booking of a visio room starts
// its conference from the room's terminal with a badge tap (or books the free room on the spot
// and starts at once); the backend makes a Janus VideoRoom room with a secret and a PIN of its
// own, hands out guest links (only their hash is kept), answers the guest page's descriptor,
// and destroys the room a grace period after the booking ends. Janus forgets its rooms when it
// restarts: maintain() makes them again, and every start or join makes sure its room is there.
//
// Threading: every method may be called from any thread; the SfuRooms given must allow that.

#include "telecentre/backend/booking_service.hpp"
#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/ice_servers.hpp"
#include "telecentre/backend/store.hpp"
#include "telecentre/wire/conference.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>

namespace telecentre::backend {

// The SFU's rooms, as the conference service needs them (Janus VideoRoom: sfu/janus_rooms.hpp).
// Errors are messages for the operator's log; they never carry the secrets.
class SfuRooms {
public:
    struct Room {
        std::int64_t number = 0;
        std::string secret;      // guards destroying and editing the room
        std::string pin;         // guards joining it
        std::string description; // shown in Janus's own tools
        int publishers = 10;     // the terminal and up to 9 others
    };

    virtual ~SfuRooms() = default;
    // Makes the room; one already there with that number is success.
    [[nodiscard]] virtual std::expected<void, std::string> create_room(const Room& room) = 0;
    // Destroys it; one already gone is success.
    [[nodiscard]] virtual std::expected<void, std::string> destroy_room(std::int64_t number,
                                                                        const std::string& secret) = 0;
    [[nodiscard]] virtual std::expected<bool, std::string> room_exists(std::int64_t number) = 0;
    // Stored-token authentication: a token that lets its holder use the conference plugin and
    // nothing else (guests and terminals never hold the SFU's API secret). Adding one already
    // there is success, and so is removing one already gone.
    [[nodiscard]] virtual std::expected<void, std::string> add_token(const std::string& token) = 0;
    [[nodiscard]] virtual std::expected<void, std::string> remove_token(const std::string& token) = 0;
};

struct ConferenceConfig {
    std::string janus_ws;           // Janus's WebSocket API as terminals and guests reach it
    IceServerConfig ice;            // STUN/TURN for terminals and guests (TURN credentials made per answer)
    std::chrono::minutes early{15}; // a conference may start this long before its booking
    std::chrono::minutes grace{10}; // the room stays this long after the booking's end
};

// A refused or failed request: the HTTP status, a stable code the terminal and the page read,
// and an English message for logs. A store failure is carried as it is (the API maps it).
struct ConferenceError {
    int status = 500;
    std::string code;
    std::string message;
    std::optional<DomainError> storage;
};

template <typename T> using ConferenceResult = std::expected<T, ConferenceError>;

struct ConferenceMaintenance {
    int ended = 0;     // rooms destroyed: their booking ended (plus grace) or was cancelled
    int recreated = 0; // rooms made again in an SFU that had lost them
    int failed = 0;    // SFU requests that failed (tried again next time)
};

class ConferenceService {
public:
    using Clock = std::function<wire::TimePoint()>;

    ConferenceService(Store& store, BookingService& bookings, SfuRooms& sfu, ConferenceConfig config, Clock clock = {});

    // From a room terminal of the resource's site, with the tapping member's badge: the booking
    // they hold of the room now (from `early` before its start to its end) gets its conference,
    // the one already open if there is one. With ad_hoc_minutes and no booking, the room is
    // booked from the current slot first (the booking rules apply). The answer carries a fresh
    // guest link: `link_base` + "/join/" + token, link_base being the backend as guests reach it
    // ("https://host[:port]").
    [[nodiscard]] ConferenceResult<wire::Conference>
    start(const DeviceRecord& device, const wire::ConferenceStart& start, const std::string& link_base);
    // A device of the conference's site: the conference as it is now, with a fresh guest link.
    [[nodiscard]] ConferenceResult<wire::Conference>
    guest_link(const DeviceRecord& device, const std::string& conference_id, const std::string& link_base);
    // The booking's member moves its end later (the booking rules apply: the room must be free).
    [[nodiscard]] ConferenceResult<wire::Conference> extend(const DeviceRecord& device,
                                                            const std::string& conference_id,
                                                            const wire::ConferenceExtend& extend,
                                                            const std::string& link_base);
    [[nodiscard]] const ConferenceConfig& config() const { return m_config; }
    // The guest page: 404 not_found for a token never issued, 410 gone once expired or ended.
    [[nodiscard]] ConferenceResult<wire::JoinDescriptor> join(const std::string& token);
    // Destroys the rooms whose booking ended `grace` ago (or was cancelled) and makes again
    // those the SFU lost. The server calls it every 30 s and at start.
    [[nodiscard]] ConferenceResult<ConferenceMaintenance> maintain();

private:
    [[nodiscard]] wire::TimePoint now() const;
    // The conference a device of its site may act on: it exists and its booking is under way.
    [[nodiscard]] ConferenceResult<ConferenceRow> going_on(const DeviceRecord& device,
                                                           const std::string& conference_id);
    [[nodiscard]] ConferenceResult<void> ensure_room(const ConferenceRow& conference);
    [[nodiscard]] ConferenceResult<wire::Conference> answer_with_link(const ConferenceRow& conference,
                                                                      const std::string& link_base);
    [[nodiscard]] std::vector<wire::IceServer> ice_servers(const std::string& user) const;

    Store& m_store;
    BookingService& m_bookings;
    SfuRooms& m_sfu;
    ConferenceConfig m_config;
    Clock m_clock;
};

} // namespace telecentre::backend
