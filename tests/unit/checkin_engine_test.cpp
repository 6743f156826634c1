#include "telecentre/core/checkin_engine.hpp"

#include <deque>
#include <gtest/gtest.h>
#include <map>

using namespace telecentre;
using namespace telecentre::core;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 9h};

class FakeJournal final : public Journal {
public:
    std::vector<JournalEntry> entries;
    std::map<std::int64_t, std::string> states; // pending, delivered, rejected
    bool full_disk = false;

    std::expected<std::int64_t, std::string> append(const std::string& key,
                                                    const wire::CheckinRequest& request) override {
        if (full_disk) {
            return std::unexpected("disk full");
        }
        const auto sequence = static_cast<std::int64_t>(entries.size() + 1);
        entries.push_back({sequence, key, request, 0});
        states[sequence] = "pending";
        return sequence;
    }
    std::expected<std::optional<JournalEntry>, std::string> oldest_pending() override {
        for (const auto& entry : entries) {
            if (states[entry.sequence] == "pending") {
                return entry;
            }
        }
        return std::optional<JournalEntry>{};
    }
    std::expected<void, std::string> mark_delivered(std::int64_t sequence) override {
        states[sequence] = "delivered";
        return {};
    }
    std::expected<void, std::string> mark_rejected(std::int64_t sequence, const std::string&) override {
        states[sequence] = "rejected";
        return {};
    }
    std::expected<void, std::string> count_attempt(std::int64_t sequence) override {
        ++entries[static_cast<std::size_t>(sequence - 1)].attempts;
        return {};
    }
    int pending_count() override {
        return static_cast<int>(
            std::count_if(states.begin(), states.end(), [](const auto& state) { return state.second == "pending"; }));
    }
};

class FakeCache final : public MemberCache {
public:
    std::map<std::string, CachedBadgeHolder> badges;
    std::map<std::string, bool> inside_by_member;
    std::int64_t cache_version = 0;

    std::int64_t version() override { return cache_version; }
    std::expected<void, std::string> apply(const wire::OfflineCache& update) override {
        cache_version = update.version;
        for (const auto& badge : update.badges) {
            for (const auto& member : update.members) {
                if (member.id == badge.member_id) {
                    badges[badge.uid] = {badge.revoked, member};
                }
            }
        }
        return {};
    }
    std::optional<CachedBadgeHolder> find_badge(const std::string& uid) override {
        auto it = badges.find(uid);
        return it == badges.end() ? std::nullopt : std::optional{it->second};
    }
    bool inside(const std::string& member, std::chrono::local_days) override { return inside_by_member[member]; }
    std::expected<void, std::string> set_inside(const std::string& member, std::chrono::local_days,
                                                bool inside) override {
        inside_by_member[member] = inside;
        return {};
    }
};

// A backend that keeps its own idempotency table, like the real one, and can be taken down.
class FakeBackend final : public BackendClient {
public:
    bool down = false;
    int offline_cache_calls = 0;
    std::map<std::string, wire::CheckinResponse> answered;
    std::vector<std::string> recorded_keys; // each key recorded once, in arrival order
    std::map<std::string, bool> inside;
    std::map<std::string, int> reject_with_status; // badge uid -> 4xx

    std::expected<wire::CheckinResponse, BackendError> checkin(const std::string& key,
                                                               const wire::CheckinRequest& request) override {
        if (down) {
            return std::unexpected(BackendError{BackendFailure::unreachable, 0, "", "connection refused"});
        }
        if (auto status = reject_with_status.find(request.badge_uid); status != reject_with_status.end()) {
            return std::unexpected(BackendError{BackendFailure::rejected, status->second, "forbidden_site", "no"});
        }
        if (auto it = answered.find(key); it != answered.end()) {
            return it->second;
        }
        wire::CheckinResponse response;
        response.event_id = "ev-" + key;
        response.member = wire::Member{"m-" + request.badge_uid, "Camille", "Camille Durand"};
        bool& now_inside = inside[request.badge_uid];
        now_inside = !now_inside;
        response.outcome = now_inside ? wire::CheckinOutcome::checked_in : wire::CheckinOutcome::checked_out;
        response.presence.inside = now_inside;
        response.presence.minutes_today = 42;
        recorded_keys.push_back(key);
        answered[key] = response;
        return response;
    }
    std::expected<wire::OfflineCache, BackendError> offline_cache(const std::string&, std::int64_t) override {
        ++offline_cache_calls;
        if (down) {
            return std::unexpected(BackendError{BackendFailure::unreachable, 0, "", "connection refused"});
        }
        wire::OfflineCache cache;
        cache.version = 7;
        cache.site_name = "Murat – La Cocotte numérique";
        const auto day = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};
        cache.members.push_back(
            {"m-04A1B2C3", "Camille", "Camille Durand", {day, day + std::chrono::days{400}, day, false}, false});
        cache.members.push_back({"m-04EEEEEE", "Paul", "Paul Martin", {day, day, day, false}, false});
        cache.badges.push_back({"04A1B2C3", "m-04A1B2C3", false});
        cache.badges.push_back({"04EEEEEE", "m-04EEEEEE", false});
        cache.badges.push_back({"04DDDDDD", "m-04A1B2C3", true});
        return cache;
    }
};

struct EngineTest : ::testing::Test {
    FakeClock clock{kStart};
    FakeJournal journal;
    FakeCache cache;
    FakeBackend backend;
    std::vector<Decision> decisions;
    Connection last_connection = Connection::unknown;
    int last_pending = -1;
    std::string site_name;
    int key_counter = 0;
    CheckinEngine engine{"murat",
                         journal,
                         cache,
                         backend,
                         clock,
                         [this] { return "key-" + std::to_string(++key_counter); },
                         EngineTiming{},
                         {[this](const Decision& d) { decisions.push_back(d); },
                          [this](Connection c, int pending) {
                              last_connection = c;
                              last_pending = pending;
                          },
                          [this](const std::string& name) { site_name = name; }}};

    void tap(std::uint64_t id, const std::string& uid) { engine.handle_tap(id, *BadgeUid::from_hex(uid)); }
};

} // namespace

TEST_F(EngineTest, OnlineTapIsDeliveredAndAnsweredFromTheBackend) {
    engine.pump();
    EXPECT_EQ(site_name, "Murat – La Cocotte numérique");
    tap(1, "04A1B2C3");
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_FALSE(decisions[0].error);
    ASSERT_TRUE(decisions[0].result);
    EXPECT_EQ(decisions[0].result->source, DecisionSource::backend);
    EXPECT_EQ(decisions[0].result->minutes_today, 42);
    EXPECT_EQ(journal.pending_count(), 0);
    EXPECT_EQ(backend.recorded_keys.size(), 1u);
    EXPECT_EQ(last_connection, Connection::online);
}

TEST_F(EngineTest, OfflineTapIsDecidedFromTheCacheAndToggles) {
    engine.pump(); // cache filled
    backend.down = true;
    tap(1, "04A1B2C3");
    tap(2, "04A1B2C3");
    ASSERT_EQ(decisions.size(), 2u);
    EXPECT_EQ(decisions[0].result->source, DecisionSource::offline_cache);
    EXPECT_EQ(decisions[0].result->outcome, wire::CheckinOutcome::checked_in);
    EXPECT_EQ(decisions[1].result->outcome, wire::CheckinOutcome::checked_out);
    EXPECT_FALSE(decisions[1].result->minutes_today);
    EXPECT_EQ(last_connection, Connection::offline);
    EXPECT_EQ(last_pending, 2);
    EXPECT_TRUE(journal.entries[1].request.decided_offline) << "the second tap knew the link was down";
}

TEST_F(EngineTest, OfflineRefusalsComeFromTheCache) {
    engine.pump();
    backend.down = true;
    tap(1, "04EEEEEE");
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0].error, ErrorKind::pass_expired);
    EXPECT_EQ(decisions[0].result->first_name, "Paul");
    tap(2, "04DDDDDD");
    EXPECT_EQ(decisions[1].error, ErrorKind::badge_revoked);
    tap(3, "0411223344");
    EXPECT_EQ(decisions[2].error, ErrorKind::offline_unknown);
    EXPECT_EQ(journal.pending_count(), 3) << "refused and unknown taps are journaled too";
}

TEST_F(EngineTest, JournalIsReplayedInOrderExactlyOnceWhenTheBackendReturns) {
    engine.pump();
    backend.down = true;
    for (int i = 0; i < 5; ++i) {
        tap(static_cast<std::uint64_t>(i + 1), "04A1B2C3");
    }
    engine.pump(); // still down, backing off
    EXPECT_EQ(backend.recorded_keys.size(), 0u);
    backend.down = false;
    clock.advance(1min);
    engine.pump();
    ASSERT_EQ(backend.recorded_keys.size(), 5u);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(backend.recorded_keys[static_cast<std::size_t>(i)], "key-" + std::to_string(i + 1));
    }
    EXPECT_EQ(journal.pending_count(), 0);
    EXPECT_EQ(last_connection, Connection::online);
    EXPECT_EQ(last_pending, 0);
}

TEST_F(EngineTest, RetriesBackOffWhileTheBackendIsDown) {
    engine.pump();
    backend.down = true;
    tap(1, "04A1B2C3");
    const auto first_wake = engine.next_wakeup();
    EXPECT_EQ(first_wake, kStart + 1s);
    clock.set(first_wake);
    engine.pump();
    EXPECT_EQ(engine.next_wakeup(), first_wake + 2s);
    clock.advance(2s);
    engine.pump();
    EXPECT_EQ(engine.next_wakeup(), first_wake + 2s + 4s);
}

TEST_F(EngineTest, ARefusedEntryDoesNotBlockTheOnesBehindIt) {
    engine.pump();
    backend.reject_with_status["04EEEEEE"] = 403;
    tap(1, "04EEEEEE");
    tap(2, "04A1B2C3");
    EXPECT_EQ(journal.states[1], "rejected");
    EXPECT_EQ(journal.states[2], "delivered");
    EXPECT_EQ(decisions[1].result->source, DecisionSource::backend);
}

TEST_F(EngineTest, AFullDiskStillDeliversOnline) {
    engine.pump();
    journal.full_disk = true;
    tap(1, "04A1B2C3");
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_FALSE(decisions[0].error);
    EXPECT_EQ(backend.recorded_keys.size(), 1u);
}

TEST_F(EngineTest, AFullDiskWhileOfflineIsTold) {
    engine.pump();
    journal.full_disk = true;
    backend.down = true;
    tap(1, "04A1B2C3");
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0].error, ErrorKind::storage_failure);
}

TEST_F(EngineTest, CacheIsRefreshedPeriodically) {
    engine.pump();
    EXPECT_EQ(backend.offline_cache_calls, 1);
    clock.advance(1min);
    engine.pump();
    EXPECT_EQ(backend.offline_cache_calls, 1);
    clock.advance(5min);
    engine.pump();
    EXPECT_EQ(backend.offline_cache_calls, 2);
}

TEST_F(EngineTest, StartingWhileTheBackendIsDownSleepsUntilTheNextRetry) {
    backend.down = true;
    for (int round = 0; round < 5; ++round) {
        engine.pump();
        const auto wake = engine.next_wakeup();
        EXPECT_GT(wake, clock.now()) << "round " << round << ": the worker would spin";
        clock.set(wake);
    }
    EXPECT_EQ(last_connection, Connection::offline);
}

TEST_F(EngineTest, StartingDownWithAJournalToDeliverSleepsUntilTheNextRetry) {
    backend.down = true;
    ASSERT_TRUE(journal.append("left-from-before", {"murat", "04A1B2C3", wire::Direction::automatic, {}, false}));
    for (int round = 0; round < 5; ++round) {
        engine.pump();
        const auto wake = engine.next_wakeup();
        EXPECT_GT(wake, clock.now()) << "round " << round << ": the worker would spin";
        clock.set(wake);
    }
    backend.down = false;
    engine.pump();
    EXPECT_EQ(journal.pending_count(), 0);
    EXPECT_EQ(backend.offline_cache_calls, 1) << "the cache is fetched once the link is back";
}
