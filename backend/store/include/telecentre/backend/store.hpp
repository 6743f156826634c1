#pragma once
// The backend's storage role. SqliteStore is the embedded implementation, PgStore the one for a
// network that outgrows a file; the same test suite runs against both.
//
// Threading: every Store method may be called from any thread. A Reader or Transaction object
// belongs to the thread that opened it. A Transaction holds a write lock (SQLite: the one writer;
// PostgreSQL: row locks), so never open a second one from a thread that holds one.

#include "telecentre/wire/booking.hpp"
#include "telecentre/wire/types.hpp"

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telecentre::backend {

struct StoreError {
    std::string message;
    // The transaction lost a race it may win when run again from the start (PostgreSQL:
    // serialization failure, deadlock, a concurrent insert of the same key). Domain services
    // re-run their whole unit of work a few times before giving up.
    bool retryable = false;
    // The write was refused because a unique value is taken (a staff login): not a failure of
    // the store, and running it again will not help.
    bool duplicate = false;
};

template <typename T> using StoreResult = std::expected<T, StoreError>;

// Opening hours of one weekday interval, in minutes after local midnight.
struct OpeningInterval {
    int iso_weekday = 1; // 1 = Monday ... 7 = Sunday
    int opens_minute = 0;
    int closes_minute = 0;
};

using wire::ResourceKind;

struct ResourceRecord {
    std::string id;
    std::string site_id;
    ResourceKind kind = ResourceKind::office;
    std::string name;
    int capacity = 1;
    std::vector<std::string> equipment; // e.g. "screen", "webcam", "whiteboard"
};

// The network's rules for a site that has none of its own: 30-minute slots, up to 60 days ahead,
// 30 minutes of grace before a no-show is released; open space free during the pass's free months.
[[nodiscard]] wire::BookingRules default_booking_rules();

// Whole days a site is closed (public holidays, works), inclusive. A closure without a site
// closes the whole network.
struct ClosureRecord {
    std::optional<std::string> site_id;
    wire::Date first_day{};
    wire::Date last_day{};
    std::string reason;
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

// A badge and its member (every badge has one).
struct BadgeHolder {
    BadgeRecord badge;
    MemberRecord member;
};

// What the booking rules need to know about one site.
struct SiteCalendar {
    wire::BookingRules rules;
    std::vector<OpeningInterval> opening_hours;
    std::vector<ClosureRecord> closures;
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

// A new booking as written. Reads return wire::Booking, which adds the resource and holder.
struct BookingRecord {
    std::string id;
    std::string resource_id;
    std::string member_id;
    wire::TimePoint start{};
    wire::TimePoint end{};
    wire::TimePoint created_at{};
    std::string created_by_device; // empty when made by staff tools or the demo seed
};

enum class BookingOutcome { added, already_there, overlaps };

// What a calendar feed's secret URL opens.
enum class CalendarSubjectKind { member, resource };
struct CalendarSubject {
    CalendarSubjectKind kind = CalendarSubjectKind::member;
    std::string id;
};

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

// Staff accounts of the web console. An animateur belongs to one site; the others see the whole
// network. Logins are lower-case (the domain lowercases them before they reach the store).
enum class StaffRole { admin, animateur, reception };

[[nodiscard]] inline std::string_view to_string(StaffRole role) {
    switch (role) {
    case StaffRole::admin: return "admin";
    case StaffRole::animateur: return "animateur";
    case StaffRole::reception: return "reception";
    }
    return "reception";
}

[[nodiscard]] inline std::optional<StaffRole> staff_role_from(std::string_view text) {
    for (auto role : {StaffRole::admin, StaffRole::animateur, StaffRole::reception}) {
        if (text == to_string(role)) {
            return role;
        }
    }
    return std::nullopt;
}

// A visio-accueil call once it has ended, for the statistics: where, when, who answered, how it
// ended. No visitor data.
struct CallRow {
    std::string id;
    std::string site_id;
    std::string device_id;
    wire::TimePoint queued_at{};
    std::optional<wire::TimePoint> answered_at;
    wire::TimePoint ended_at{};
    std::optional<std::string> agent_id; // the staff member who answered
    std::string outcome;                 // wire::CallEndReason's name, or kCallInterrupted
};

// The outcome of a call the backend never saw end because it died first (kill -9, a power cut):
// written at the next start from the call's journal row (OpenCallRow), ended at its last_seen_at.
// No live message carries it: nobody was left to tell.
inline constexpr std::string_view kCallInterrupted = "interrupted";

// A visio-accueil call while it waits or runs (migration 0008's calls_open), journaled so that a
// backend killed in the middle of it still leaves its record. No visitor data.
struct OpenCallRow {
    std::string id;
    std::string site_id;
    std::string device_id;
    wire::TimePoint queued_at{};
    std::optional<wire::TimePoint> answered_at;
    std::optional<std::string> agent_id; // the staff member who answered
    wire::TimePoint last_seen_at{};      // the last time the backend knew the call was going on
};

// A visio-accueil callback request (migration 0007): a visitor's name and phone number, left at a
// kiosk for reception staff to call back; personal data, deleted once handled and past retention.
struct CallbackRow {
    std::string id;
    std::string site_id;
    std::string device_id;
    std::optional<std::string> call_id; // the call that led to it, when the kiosk knew it
    std::string visitor_name;
    std::string phone;
    std::string reason;
    wire::TimePoint requested_at{};
    std::optional<wire::TimePoint> handled_at;
    std::optional<std::string> handled_by; // the staff member who marked it handled
    std::string site_name;                 // filled by reads (the site's name); ignored when adding
};

// How Store::add_callback went: a new row; the row an earlier request with the same (device,
// Idempotency-Key) and the same request hash added; or that key used for a different request.
enum class CallbackAdd { added, replayed, conflict };
struct CallbackAdded {
    CallbackAdd outcome = CallbackAdd::added;
    CallbackRow callback; // added, replayed: the row as stored; conflict: empty
};

// A conference room (migration 0009): the Janus VideoRoom room made for a booking of a visio room.
struct ConferenceRow {
    std::string id;
    std::string booking_id;
    std::int64_t room = 0;   // the Janus room number
    std::string room_secret; // guards destroying the Janus room: never answered nor logged
    std::string pin;         // guards joining it
    std::string janus_token; // lets the terminal and the guests into Janus (stored-token auth)
    std::string started_by;  // the member's id, or the staff member's
    wire::TimePoint started_at{};
    std::optional<wire::TimePoint> ended_at;
    // Filled by reads (ignored when adding), from the booking as it is now.
    wire::TimePoint ends_at{}; // the booking's end
    bool booking_confirmed = true;
    std::string member_id; // the booking's holder
    std::string host_name; // their display name
    std::string resource_id;
    std::string resource_name;
    std::string site_id;
    std::string site_name;
};

// A guest link of a conference: only the SHA-256 of its token is kept.
struct GuestLinkRow {
    std::string token_hash;
    std::string conference_id;
    wire::TimePoint created_at{};
    wire::TimePoint expires_at{};
};

struct StaffRecord {
    std::string id;
    std::string login;
    std::string display_name;
    StaffRole role = StaffRole::reception;
    std::optional<std::string> site_id;
    bool disabled = false;
};

// Usage statistics (docs/statistics.md): what the database aggregates for one period, in one
// snapshot. Times are UTC instants; the caller turns Paris-local days and months into them.
// What Store::usage computes: the evaluation report needs only the totals (presence, users,
// passes); the statistics need everything.
enum class UsageDetail { totals, everything };

struct UsageQuery {
    // Bucket edges b0 < b1 < ... < bn: presence time is summed per bucket [b_i, b_i+1), clipped
    // to it. The period is [b0, bn); every other figure is for the whole period.
    std::vector<wire::TimePoint> bounds;
    // The period's Paris-local days (inclusive), for passes valid at some point in it.
    wire::Date first_day{};
    wire::Date last_day{};
    std::optional<std::string> site_id; // one site, or every site
    UsageDetail detail = UsageDetail::everything;
};

struct SiteBucketSeconds {
    std::string site_id;
    int bucket = 0;
    std::int64_t seconds = 0;
};

struct SiteCount {
    std::string site_id;
    std::int64_t count = 0;
};

// Check-ins (sessions begun) at one site in one Paris-local weekday and hour of the day, over
// the period. `hour` is the first UTC hour of them: its Paris-local weekday and hour are theirs.
struct HourCount {
    std::string site_id;
    wire::TimePoint hour{};
    std::int64_t count = 0;
};

struct KindSeconds {
    std::string site_id;
    ResourceKind kind = ResourceKind::office;
    std::int64_t seconds = 0;
};

struct SiteBookings {
    std::string site_id;
    std::int64_t bookings = 0; // confirmed or released as no-show, begun in the period
    std::int64_t no_shows = 0; // of those, without a presence session of the member at the site during it
};

struct SiteCalls {
    std::string site_id;
    std::int64_t calls = 0;    // queued in the period
    std::int64_t answered = 0; // of those, answered by an agent
    std::int64_t answer_seconds_total = 0;
    std::int64_t answer_seconds_max = 0;
    std::int64_t answered_within_minute = 0;
};

struct UsageAggregates {
    std::vector<SiteBucketSeconds> presence_seconds; // closed sessions only, clipped to each bucket
    std::vector<SiteCount> users;                    // distinct members with a closed session in the period
    std::int64_t network_users = 0;                  // distinct across the sites asked for
    std::vector<SiteCount> pass_members;             // by home site
    std::int64_t network_pass_members = 0;           // every member, with a home site or not
    std::vector<HourCount> checkins;
    std::vector<KindSeconds> booked_seconds; // confirmed bookings of offices and open space, clipped
    std::vector<SiteBookings> bookings;
    std::vector<SiteCalls> calls;
};

// A site's yearly cost as a network administrator entered it (migration 0010).
struct SiteCost {
    std::string site_id;
    int year = 0;
    std::int64_t cost_cents = 0;
};

// Reads that see one consistent snapshot. Booking reads return confirmed bookings only unless
// they say otherwise.
class Reader {
public:
    virtual ~Reader() = default;

    [[nodiscard]] virtual StoreResult<std::optional<BadgeRecord>> find_badge(const std::string& uid) = 0;
    [[nodiscard]] virtual StoreResult<std::optional<MemberRecord>> find_member(const std::string& id) = 0;
    [[nodiscard]] virtual StoreResult<std::vector<OpeningInterval>> opening_hours(const std::string& site_id) = 0;
    [[nodiscard]] virtual StoreResult<std::optional<ResourceRecord>> find_resource(const std::string& id) = 0;
    // In a stable order: kind, then name's natural order (Bureau 2 before Bureau 10), then id.
    [[nodiscard]] virtual StoreResult<std::vector<ResourceRecord>> site_resources(const std::string& site_id) = 0;
    // The site's rules, or the network defaults where the site has none.
    [[nodiscard]] virtual StoreResult<wire::BookingRules> booking_rules(const std::string& site_id) = 0;
    // Closures of the site or of the whole network touching [first_day, last_day].
    [[nodiscard]] virtual StoreResult<std::vector<ClosureRecord>>
    closures(const std::string& site_id, wire::Date first_day, wire::Date last_day) = 0;

    // Reads that a request makes together, as one: the same answers as the calls they stand for
    // (find_badge then find_member of its member; booking_rules, opening_hours and closures), in
    // fewer round trips where the store is a server. The defaults make those calls one after the
    // other. Inside a Transaction, find_badge_holder keeps the member's row as read until commit
    // but, unlike find_member, lets other transactions read it the same way (PostgreSQL: FOR
    // SHARE, where find_member takes FOR UPDATE): what a booking needs, not what a check-in needs.
    [[nodiscard]] virtual StoreResult<std::optional<BadgeHolder>> find_badge_holder(const std::string& uid);
    [[nodiscard]] virtual StoreResult<SiteCalendar> site_calendar(const std::string& site_id, wire::Date first_day,
                                                                  wire::Date last_day);

    // Any status.
    [[nodiscard]] virtual StoreResult<std::optional<wire::Booking>> find_booking(const std::string& id) = 0;
    // Confirmed bookings overlapping [from, to), by start.
    [[nodiscard]] virtual StoreResult<std::vector<wire::Booking>>
    site_bookings(const std::string& site_id, wire::TimePoint from, wire::TimePoint to) = 0;
    [[nodiscard]] virtual StoreResult<std::vector<wire::Booking>>
    resource_bookings(const std::string& resource_id, wire::TimePoint from, wire::TimePoint to) = 0;
    [[nodiscard]] virtual StoreResult<std::vector<wire::Booking>>
    member_bookings(const std::string& member_id, wire::TimePoint from, wire::TimePoint to) = 0;
    // Confirmed, not checked in, started at or before `started_by`: candidates for the no-show release.
    [[nodiscard]] virtual StoreResult<std::vector<wire::Booking>> unattended_bookings(wire::TimePoint started_by) = 0;

    [[nodiscard]] virtual StoreResult<std::optional<PresenceSession>> open_session(const std::string& member_id) = 0;
    // Sessions that overlap [from, to), open ones included.
    [[nodiscard]] virtual StoreResult<std::vector<PresenceSession>>
    sessions_between(const std::string& member_id, wire::TimePoint from, wire::TimePoint to) = 0;

    // Revoked feeds are not found.
    [[nodiscard]] virtual StoreResult<std::optional<CalendarSubject>>
    find_calendar_feed(const std::string& token_hash) = 0;
};

// The unit of work of one write (a check-in, a booking): everything it reads and writes, inside
// one transaction that excludes conflicting writers (SQLite: BEGIN IMMEDIATE). Destroying it
// without commit() rolls back.
class Transaction : public Reader {
public:
    [[nodiscard]] virtual StoreResult<std::optional<StoredAnswer>> find_answer(const std::string& device_id,
                                                                               const std::string& key) = 0;
    [[nodiscard]] virtual StoreResult<void> save_answer(const std::string& device_id, const std::string& key,
                                                        const StoredAnswer& answer, wire::TimePoint now) = 0;

    [[nodiscard]] virtual StoreResult<std::int64_t>
    start_session(const std::string& member_id, const std::string& site_id, wire::TimePoint in_at) = 0;
    [[nodiscard]] virtual StoreResult<void> close_session(std::int64_t session_id, wire::TimePoint out_at,
                                                          SessionClosing closing) = 0;
    [[nodiscard]] virtual StoreResult<void> record_event(const PresenceEvent& event) = 0;

    // Adds a confirmed booking unless it would overlap a confirmed booking of the same resource;
    // the database itself refuses the overlap (exclusion constraint, or the check under the
    // write lock), so two transactions can never both add one.
    [[nodiscard]] virtual StoreResult<BookingOutcome> insert_booking(const BookingRecord& booking) = 0;
    // Moves a confirmed booking, with the same guarantee.
    [[nodiscard]] virtual StoreResult<BookingOutcome> move_booking(const std::string& id, wire::TimePoint start,
                                                                   wire::TimePoint end) = 0;
    // Cancels (status cancelled) or releases (status no_show) a confirmed booking.
    [[nodiscard]] virtual StoreResult<void> close_booking(const std::string& id, wire::BookingStatus status,
                                                          wire::TimePoint at) = 0;
    [[nodiscard]] virtual StoreResult<void> check_in_booking(const std::string& id, wire::TimePoint at) = 0;

    // Adds a feed token and revokes the subject's earlier ones: one live link per subject.
    [[nodiscard]] virtual StoreResult<void> add_calendar_feed(const std::string& token_hash,
                                                              const CalendarSubject& subject, wire::TimePoint now) = 0;

    [[nodiscard]] virtual StoreResult<void> commit() = 0;
};

// How a unit of work given to Store::write ends: its writes kept, or undone (a refused request
// that wrote nothing worth keeping, an idempotency conflict).
enum class UnitEnd { commit, roll_back };
using WriteUnit = std::function<StoreResult<UnitEnd>(Transaction&)>;

class Store {
public:
    virtual ~Store() = default;

    // Runs `unit` in a write transaction; when this returns success and the unit said commit,
    // its writes are durable. The unit must not call Transaction::commit() nor other Store
    // methods, and may run on another thread than the caller (which waits). The default opens a
    // transaction of its own per unit (begin(), unit, commit()); SqliteStore groups the units
    // that arrive together into one transaction, each in a savepoint, so one fsync covers many.
    // An error from the unit undoes its writes and is returned as is (retryable included).
    [[nodiscard]] virtual StoreResult<void> write(const WriteUnit& unit);

    // Applies the migrations not applied yet; returns how many ran (0 the second time).
    [[nodiscard]] virtual StoreResult<int> migrate() = 0;

    [[nodiscard]] virtual StoreResult<std::unique_ptr<Transaction>> begin() = 0;
    // Readers may run beside the writer and beside each other.
    [[nodiscard]] virtual StoreResult<std::unique_ptr<Reader>> read() = 0;

    [[nodiscard]] virtual StoreResult<std::vector<SiteRecord>> list_sites() = 0;
    [[nodiscard]] virtual StoreResult<std::optional<SiteRecord>> find_site(const std::string& id) = 0;

    [[nodiscard]] virtual StoreResult<DeviceRecord> add_device(const DeviceRecord& device,
                                                               const std::string& token_hash, wire::TimePoint now) = 0;
    // Revoked devices are not found.
    [[nodiscard]] virtual StoreResult<std::optional<DeviceRecord>>
    find_device_by_token_hash(const std::string& token_hash) = 0;

    // Staff accounts (docs/backend.md, "Staff accounts"). A login already taken is an error with
    // `duplicate` set. The password hash is the encoded string of the domain's hasher.
    [[nodiscard]] virtual StoreResult<StaffRecord> add_staff(const StaffRecord& staff, const std::string& password_hash,
                                                             wire::TimePoint now) = 0;
    // Disabled staff are found too (flagged), with their password hash.
    [[nodiscard]] virtual StoreResult<std::optional<std::pair<StaffRecord, std::string>>>
    find_staff_by_login(const std::string& login) = 0;
    [[nodiscard]] virtual StoreResult<void> set_staff_password(const std::string& staff_id,
                                                               const std::string& password_hash) = 0;
    // Ends the account's use: no log-in, and its sessions are no longer found.
    [[nodiscard]] virtual StoreResult<void> disable_staff(const std::string& staff_id, wire::TimePoint now) = 0;
    // Sessions are keyed by the SHA-256 of their token.
    [[nodiscard]] virtual StoreResult<void> add_staff_session(const std::string& token_hash,
                                                              const std::string& staff_id, wire::TimePoint expires_at,
                                                              wire::TimePoint now) = 0;
    // The session's staff member; nothing when the session is unknown, expired (expires_at <= now),
    // revoked, or its account disabled.
    [[nodiscard]] virtual StoreResult<std::optional<StaffRecord>> find_staff_session(const std::string& token_hash,
                                                                                     wire::TimePoint now) = 0;
    // Revoking an unknown or already revoked session is not an error.
    [[nodiscard]] virtual StoreResult<void> revoke_staff_session(const std::string& token_hash,
                                                                 wire::TimePoint now) = 0;

    // Visio-accueil's call records (each written once, when the call ends). Adding one also
    // deletes the call's journal row, in the same transaction.
    [[nodiscard]] virtual StoreResult<void> add_call(const CallRow& call) = 0;
    // The journal of the calls waiting or in progress (see OpenCallRow). journal_call inserts the
    // call's row when it is queued and updates it when it is answered (answered_at, agent_id);
    // last_seen_at never goes back, there or in touch_open_calls.
    [[nodiscard]] virtual StoreResult<void> journal_call(const OpenCallRow& call) = 0;
    // Every journaled call was still going on at `now` (one statement for all); returns how many
    // rows moved forward.
    [[nodiscard]] virtual StoreResult<int> touch_open_calls(wire::TimePoint now) = 0;
    // The journaled calls, by queued_at.
    [[nodiscard]] virtual StoreResult<std::vector<OpenCallRow>> open_calls() = 0;
    // For a server about to serve: the journaled calls are those a backend that did not stop
    // cleanly left behind. Each becomes a call record, outcome kCallInterrupted, ended at its
    // last_seen_at (never before it was answered), and its journal row goes, all in one
    // transaction; returns how many records were written.
    [[nodiscard]] virtual StoreResult<int> recover_open_calls() = 0;
    // Calls that ended in [from, to), by end.
    [[nodiscard]] virtual StoreResult<std::vector<CallRow>> calls_ended_between(wire::TimePoint from,
                                                                                wire::TimePoint to) = 0;

    // Visio-accueil's callback requests. Adding is idempotent by (device_id, idempotency_key):
    // the key and the request's hash are kept on the row, so the purge takes them too.
    [[nodiscard]] virtual StoreResult<CallbackAdded>
    add_callback(const CallbackRow& callback, const std::string& idempotency_key, const std::string& request_hash) = 0;
    [[nodiscard]] virtual StoreResult<std::optional<CallbackRow>> find_callback(const std::string& id) = 0;
    // Of one site, or of every site: the open ones (oldest first), then those handled at or after
    // `handled_since` (most recently handled first).
    [[nodiscard]] virtual StoreResult<std::vector<CallbackRow>>
    list_callbacks(const std::optional<std::string>& site_id, wire::TimePoint handled_since) = 0;
    // Marks it handled by `staff_id` at `now`; one already handled keeps its first handling.
    // Nothing when the id is unknown.
    [[nodiscard]] virtual StoreResult<std::optional<CallbackRow>>
    mark_callback_handled(const std::string& id, const std::string& staff_id, wire::TimePoint now) = 0;
    // Deletes the requests handled before `handled_before` (open ones stay); returns how many.
    [[nodiscard]] virtual StoreResult<int> purge_handled_callbacks(wire::TimePoint handled_before) = 0;

    // Conference rooms (docs/conference.md). Opening one adds it unless its booking has an open
    // one already; the answer is the booking's open conference either way, and whether it is
    // the one given.
    [[nodiscard]] virtual StoreResult<std::pair<ConferenceRow, bool>>
    open_conference(const ConferenceRow& conference) = 0;
    [[nodiscard]] virtual StoreResult<std::optional<ConferenceRow>> find_conference(const std::string& id) = 0;
    // Every conference not ended, by start.
    [[nodiscard]] virtual StoreResult<std::vector<ConferenceRow>> open_conferences() = 0;
    // Sets ended_at; an ended one keeps its first end.
    [[nodiscard]] virtual StoreResult<void> end_conference(const std::string& id, wire::TimePoint at) = 0;
    [[nodiscard]] virtual StoreResult<void> add_guest_link(const GuestLinkRow& link) = 0;
    // The link and its conference, whatever their state (the caller tells expired from ended).
    [[nodiscard]] virtual StoreResult<std::optional<std::pair<GuestLinkRow, ConferenceRow>>>
    find_guest_link(const std::string& token_hash) = 0;
    // Deletes the links that expired before `expired_before`; returns how many. Until then, a
    // guest who opens an old link is told the conference ended rather than that it never was.
    [[nodiscard]] virtual StoreResult<int> purge_guest_links(wire::TimePoint expired_before) = 0;

    [[nodiscard]] virtual StoreResult<std::vector<MemberRecord>> list_members() = 0;
    [[nodiscard]] virtual StoreResult<void> change_member(const MemberChange& change) = 0;
    // Blanks the names, revokes every badge and flags the member erased (kiosks drop them).
    [[nodiscard]] virtual StoreResult<void> erase_member(const std::string& member_id) = 0;
    [[nodiscard]] virtual StoreResult<void> revoke_badge(const std::string& uid, wire::TimePoint now) = 0;
    [[nodiscard]] virtual StoreResult<OfflineChanges> offline_changes_since(std::int64_t since) = 0;

    // Adds a confirmed booking in its own transaction (demo seed, tests): already_there when one
    // with the same id exists.
    [[nodiscard]] virtual StoreResult<BookingOutcome> add_booking(const BookingRecord& booking) = 0;
    // Staff tools and tests: the rules of one site.
    [[nodiscard]] virtual StoreResult<void> set_booking_rules(const std::string& site_id,
                                                              const wire::BookingRules& rules) = 0;
    [[nodiscard]] virtual StoreResult<void> add_closure(const ClosureRecord& closure) = 0;

    // Usage statistics (docs/statistics.md): every aggregate of `query`, read in one snapshot.
    [[nodiscard]] virtual StoreResult<UsageAggregates> usage(const UsageQuery& query) = 0;
    // Sets (or replaces) a site's cost for a year; the site must exist.
    [[nodiscard]] virtual StoreResult<void> set_site_cost(const SiteCost& cost, const std::string& staff_id,
                                                          wire::TimePoint now) = 0;
    // The costs entered for `year`, by site id.
    [[nodiscard]] virtual StoreResult<std::vector<SiteCost>> site_costs(int year) = 0;
    // Adds a site with its opening hours and resources (equipment is not written), and a member
    // with their pass (MemberRecord::pass; an erased flag is written as given): staff tools,
    // the activity simulation and tests.
    [[nodiscard]] virtual StoreResult<void> add_site(const SiteRecord& site) = 0;
    [[nodiscard]] virtual StoreResult<void> add_member(const MemberRecord& member) = 0;

    // For statistics and tests.
    [[nodiscard]] virtual StoreResult<std::vector<PresenceEvent>> presence_events(const std::string& member_id) = 0;
    [[nodiscard]] virtual StoreResult<std::vector<PresenceSession>> presence_sessions(const std::string& member_id) = 0;
};

} // namespace telecentre::backend
