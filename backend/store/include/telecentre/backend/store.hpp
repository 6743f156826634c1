#pragma once
// The backend's storage role. SqliteStore is the embedded implementation; a PostgreSQL store will
// implement the same interface, and the same tests will run against both.
//
// Threading: every Store method may be called from any thread. A transaction object belongs to
// the thread that opened it; while it lives it holds the store's write lock, so never call Store
// methods from a thread that holds an open transaction.

#include "telecentre/wire/types.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::backend {

struct StoreError {
    std::string message;
};

template <typename T> using StoreResult = std::expected<T, StoreError>;

// Opening hours of one weekday interval, in minutes after local midnight.
struct OpeningInterval {
    int iso_weekday = 1; // 1 = Monday ... 7 = Sunday
    int opens_minute = 0;
    int closes_minute = 0;
};

enum class ResourceKind { office, open_space, meeting_room, visio_room };
[[nodiscard]] const char* to_string(ResourceKind);

struct ResourceRecord {
    std::string id;
    std::string site_id;
    ResourceKind kind = ResourceKind::office;
    std::string name;
    int capacity = 1;
};

struct SiteRecord {
    std::string id;
    std::string name;
    std::optional<std::string> street;
    std::string postal_code;
    std::string town;
    std::string description;
    std::vector<OpeningInterval> opening_hours;
    std::vector<ResourceRecord> resources;
};

struct DeviceRecord {
    std::string id;
    std::string site_id;
    std::string name;
};

struct PassRecord {
    std::string kind;
    wire::PassDates dates;
    int monthly_fee_cents = 0;
};

struct MemberRecord {
    std::string id;
    std::string first_name;
    std::string last_name;
    std::string display_name;
    std::optional<std::string> home_site_id;
    bool erased = false;
    PassRecord pass;
};

struct BadgeRecord {
    std::string uid;
    std::string member_id;
    bool revoked = false;
};

struct PresenceSession {
    std::int64_t id = 0;
    std::string member_id;
    std::string site_id;
    wire::TimePoint in_at{};
    std::optional<wire::TimePoint> out_at;
    bool auto_closed = false;
};

enum class SessionClosing { by_member, automatic };

struct PresenceEvent {
    std::string id;
    std::string device_id;
    std::string site_id;
    std::string badge_uid;
    std::optional<std::string> member_id;
    wire::Direction direction = wire::Direction::automatic;
    wire::CheckinOutcome outcome = wire::CheckinOutcome::refused;
    wire::RefusalReason reason = wire::RefusalReason::none;
    wire::TimePoint at{};
    bool decided_offline = false;
    wire::TimePoint recorded_at{};
    std::optional<std::int64_t> session_id;
};

struct BookingRecord {
    std::string id;
    std::string resource_id;
    std::string member_id;
    wire::TimePoint start{};
    wire::TimePoint end{};
};

enum class BookingOutcome { added, already_there, overlaps };

// A booking as the check-in answer shows it, with its resource's name and kind.
struct BookingView {
    std::string id;
    std::string resource_name;
    ResourceKind resource_kind = ResourceKind::office;
    wire::TimePoint start{};
    wire::TimePoint end{};
};

// The first answer to a write, kept to replay it for the same (device, Idempotency-Key).
struct StoredAnswer {
    std::string request_hash;
    int status = 200;
    std::string body;
};

// Rows of the offline cache changed after a given counter value, read in one snapshot.
struct OfflineChanges {
    std::int64_t version = 0; // the change counter when the snapshot was taken
    std::vector<BadgeRecord> badges;
    std::vector<MemberRecord> members; // erased members included, flagged
};

// What staff tools (and tests) may change on a member; each set field is written.
struct MemberChange {
    std::string member_id;
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    std::optional<std::string> display_name;
    std::optional<bool> pass_suspended;
    std::optional<wire::Date> paid_until;
};

// The unit of work of one check-in: everything it reads and writes, inside one exclusive
// transaction (SQLite: BEGIN IMMEDIATE). Destroying it without commit() rolls back.
class CheckinTransaction {
public:
    virtual ~CheckinTransaction() = default;

    [[nodiscard]] virtual StoreResult<std::optional<StoredAnswer>> find_answer(const std::string& device_id,
                                                                               const std::string& key) = 0;
    [[nodiscard]] virtual StoreResult<void> save_answer(const std::string& device_id, const std::string& key,
                                                        const StoredAnswer& answer, wire::TimePoint now) = 0;

    [[nodiscard]] virtual StoreResult<std::optional<BadgeRecord>> find_badge(const std::string& uid) = 0;
    [[nodiscard]] virtual StoreResult<std::optional<MemberRecord>> find_member(const std::string& id) = 0;
    [[nodiscard]] virtual StoreResult<std::vector<OpeningInterval>> opening_hours(const std::string& site_id) = 0;

    [[nodiscard]] virtual StoreResult<std::optional<PresenceSession>> open_session(const std::string& member_id) = 0;
    [[nodiscard]] virtual StoreResult<std::int64_t>
    start_session(const std::string& member_id, const std::string& site_id, wire::TimePoint in_at) = 0;
    [[nodiscard]] virtual StoreResult<void> close_session(std::int64_t session_id, wire::TimePoint out_at,
                                                          SessionClosing closing) = 0;
    // Sessions that overlap [from, to), open ones included.
    [[nodiscard]] virtual StoreResult<std::vector<PresenceSession>>
    sessions_between(const std::string& member_id, wire::TimePoint from, wire::TimePoint to) = 0;
    [[nodiscard]] virtual StoreResult<std::vector<BookingView>>
    bookings_between(const std::string& member_id, wire::TimePoint from, wire::TimePoint to) = 0;

    [[nodiscard]] virtual StoreResult<void> record_event(const PresenceEvent& event) = 0;
    [[nodiscard]] virtual StoreResult<void> commit() = 0;
};

class Store {
public:
    virtual ~Store() = default;

    // Applies the migrations not applied yet; returns how many ran (0 the second time).
    [[nodiscard]] virtual StoreResult<int> migrate() = 0;

    [[nodiscard]] virtual StoreResult<std::unique_ptr<CheckinTransaction>> begin_checkin() = 0;

    [[nodiscard]] virtual StoreResult<std::vector<SiteRecord>> list_sites() = 0;
    [[nodiscard]] virtual StoreResult<std::optional<SiteRecord>> find_site(const std::string& id) = 0;

    [[nodiscard]] virtual StoreResult<DeviceRecord> add_device(const DeviceRecord& device,
                                                               const std::string& token_hash, wire::TimePoint now) = 0;
    // Revoked devices are not found.
    [[nodiscard]] virtual StoreResult<std::optional<DeviceRecord>>
    find_device_by_token_hash(const std::string& token_hash) = 0;

    [[nodiscard]] virtual StoreResult<std::vector<MemberRecord>> list_members() = 0;
    [[nodiscard]] virtual StoreResult<void> change_member(const MemberChange& change) = 0;
    // Blanks the names, revokes every badge and flags the member erased (kiosks drop them).
    [[nodiscard]] virtual StoreResult<void> erase_member(const std::string& member_id) = 0;
    [[nodiscard]] virtual StoreResult<void> revoke_badge(const std::string& uid, wire::TimePoint now) = 0;
    [[nodiscard]] virtual StoreResult<OfflineChanges> offline_changes_since(std::int64_t since) = 0;

    // Adds a confirmed booking, unless one with the same id exists or it would overlap another
    // confirmed booking of the same resource.
    [[nodiscard]] virtual StoreResult<BookingOutcome> add_booking(const BookingRecord& booking) = 0;

    // For statistics and tests.
    [[nodiscard]] virtual StoreResult<std::vector<PresenceEvent>> presence_events(const std::string& member_id) = 0;
    [[nodiscard]] virtual StoreResult<std::vector<PresenceSession>> presence_sessions(const std::string& member_id) = 0;
};

} // namespace telecentre::backend
