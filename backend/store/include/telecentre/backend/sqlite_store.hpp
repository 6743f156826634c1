#pragma once
// The embedded Store: one SQLite file in WAL mode.
//
// Threading: one writer connection shared by all threads and serialised by a mutex; a
// Transaction holds that mutex until it commits or rolls back (SQLite has one writer at a time
// anyway, and a booking or check-in takes well under a millisecond). Readers get connections of
// their own, so reads run beside the writer and beside each other. write() units that arrive
// together are committed as one group by a committer thread: one fsync for many writes.

#include "telecentre/backend/store.hpp"

#include <filesystem>
#include <memory>

namespace telecentre::backend {

class SqliteStore final : public Store {
public:
    // Opens or creates the database file. Does not migrate: call migrate().
    [[nodiscard]] static StoreResult<std::unique_ptr<SqliteStore>> open(const std::filesystem::path& file);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    [[nodiscard]] StoreResult<int> migrate() override;
    [[nodiscard]] StoreResult<void> write(const WriteUnit& unit) override;
    [[nodiscard]] StoreResult<std::unique_ptr<Transaction>> begin() override;
    [[nodiscard]] StoreResult<std::unique_ptr<Reader>> read() override;
    [[nodiscard]] StoreResult<std::vector<SiteRecord>> list_sites() override;
    [[nodiscard]] StoreResult<std::optional<SiteRecord>> find_site(const std::string& id) override;
    [[nodiscard]] StoreResult<DeviceRecord> add_device(const DeviceRecord& device, const std::string& token_hash,
                                                       wire::TimePoint now) override;
    [[nodiscard]] StoreResult<std::optional<DeviceRecord>>
    find_device_by_token_hash(const std::string& token_hash) override;
    [[nodiscard]] StoreResult<StaffRecord> add_staff(const StaffRecord& staff, const std::string& password_hash,
                                                     wire::TimePoint now) override;
    [[nodiscard]] StoreResult<std::optional<std::pair<StaffRecord, std::string>>>
    find_staff_by_login(const std::string& login) override;
    [[nodiscard]] StoreResult<void> set_staff_password(const std::string& staff_id,
                                                       const std::string& password_hash) override;
    [[nodiscard]] StoreResult<void> disable_staff(const std::string& staff_id, wire::TimePoint now) override;
    [[nodiscard]] StoreResult<void> add_staff_session(const std::string& token_hash, const std::string& staff_id,
                                                      wire::TimePoint expires_at, wire::TimePoint now) override;
    [[nodiscard]] StoreResult<std::optional<StaffRecord>> find_staff_session(const std::string& token_hash,
                                                                             wire::TimePoint now) override;
    [[nodiscard]] StoreResult<void> revoke_staff_session(const std::string& token_hash, wire::TimePoint now) override;
    [[nodiscard]] StoreResult<void> add_call(const CallRow& call) override;
    [[nodiscard]] StoreResult<void> journal_call(const OpenCallRow& call) override;
    [[nodiscard]] StoreResult<int> touch_open_calls(wire::TimePoint now) override;
    [[nodiscard]] StoreResult<std::vector<OpenCallRow>> open_calls() override;
    [[nodiscard]] StoreResult<int> recover_open_calls() override;
    [[nodiscard]] StoreResult<std::vector<CallRow>> calls_ended_between(wire::TimePoint from,
                                                                        wire::TimePoint to) override;
    [[nodiscard]] StoreResult<CallbackAdded> add_callback(const CallbackRow& callback,
                                                          const std::string& idempotency_key,
                                                          const std::string& request_hash) override;
    [[nodiscard]] StoreResult<std::optional<CallbackRow>> find_callback(const std::string& id) override;
    [[nodiscard]] StoreResult<std::vector<CallbackRow>> list_callbacks(const std::optional<std::string>& site_id,
                                                                       wire::TimePoint handled_since) override;
    [[nodiscard]] StoreResult<std::optional<CallbackRow>>
    mark_callback_handled(const std::string& id, const std::string& staff_id, wire::TimePoint now) override;
    [[nodiscard]] StoreResult<int> purge_handled_callbacks(wire::TimePoint handled_before) override;
    [[nodiscard]] StoreResult<std::pair<ConferenceRow, bool>> open_conference(const ConferenceRow& conference) override;
    [[nodiscard]] StoreResult<std::optional<ConferenceRow>> find_conference(const std::string& id) override;
    [[nodiscard]] StoreResult<std::vector<ConferenceRow>> open_conferences() override;
    [[nodiscard]] StoreResult<void> end_conference(const std::string& id, wire::TimePoint at) override;
    [[nodiscard]] StoreResult<void> add_guest_link(const GuestLinkRow& link) override;
    [[nodiscard]] StoreResult<std::optional<std::pair<GuestLinkRow, ConferenceRow>>>
    find_guest_link(const std::string& token_hash) override;
    [[nodiscard]] StoreResult<int> purge_guest_links(wire::TimePoint expired_before) override;
    [[nodiscard]] StoreResult<std::vector<MemberRecord>> list_members() override;
    [[nodiscard]] StoreResult<void> change_member(const MemberChange& change) override;
    [[nodiscard]] StoreResult<void> erase_member(const std::string& member_id) override;
    [[nodiscard]] StoreResult<void> revoke_badge(const std::string& uid, wire::TimePoint now) override;
    [[nodiscard]] StoreResult<OfflineChanges> offline_changes_since(std::int64_t since) override;
    [[nodiscard]] StoreResult<BookingOutcome> add_booking(const BookingRecord& booking) override;
    [[nodiscard]] StoreResult<void> set_booking_rules(const std::string& site_id,
                                                      const wire::BookingRules& rules) override;
    [[nodiscard]] StoreResult<void> add_closure(const ClosureRecord& closure) override;
    [[nodiscard]] StoreResult<UsageAggregates> usage(const UsageQuery& query) override;
    [[nodiscard]] StoreResult<void> set_site_cost(const SiteCost& cost, const std::string& staff_id,
                                                  wire::TimePoint now) override;
    [[nodiscard]] StoreResult<std::vector<SiteCost>> site_costs(int year) override;
    [[nodiscard]] StoreResult<void> add_site(const SiteRecord& site) override;
    [[nodiscard]] StoreResult<void> add_member(const MemberRecord& member) override;
    [[nodiscard]] StoreResult<std::vector<PresenceEvent>> presence_events(const std::string& member_id) override;
    [[nodiscard]] StoreResult<std::vector<PresenceSession>> presence_sessions(const std::string& member_id) override;

    struct State; // the connection and its lock, defined in the .cpp files

private:
    explicit SqliteStore(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace telecentre::backend
