// SqliteStore::write groups concurrent units into one transaction: each unit's writes stand or
// fall alone, and units in one group see each other's writes (so an overlap is still refused).
#include "telecentre/backend/sqlite_store.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <latch>
#include <thread>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

class GroupCommit : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = SqliteStore::open(m_dir.path() / "telecentre.db");
        ASSERT_TRUE(opened) << opened.error().message;
        m_store = std::move(*opened);
        ASSERT_TRUE(m_store->migrate());
    }

    static BookingRecord booking(int n, int hour) {
        const auto day = sys_days{2026y / December / 1};
        return {"b" + std::to_string(n),
                "ydes-bureau-1",
                "m-antoine-veyrines",
                day + hours{hour},
                day + hours{hour + 1},
                day,
                ""};
    }

    telecentre::testing::TempDir m_dir;
    std::unique_ptr<SqliteStore> m_store;
};

TEST_F(GroupCommit, EachUnitStandsOrFallsAlone) {
    constexpr int kUnits = 48;
    std::vector<StoreResult<void>> results(kUnits);
    std::vector<BookingOutcome> outcomes(kUnits, BookingOutcome::already_there);
    std::latch start(kUnits);
    std::vector<std::thread> threads;
    for (int n = 0; n < kUnits; ++n) {
        threads.emplace_back([&, n] {
            start.arrive_and_wait();
            // Units 0-23 take hours 0-23; units 24-47 ask for the same hours again.
            results[n] = m_store->write([&](Transaction& tx) -> StoreResult<UnitEnd> {
                auto added = tx.insert_booking(booking(n, n % 24));
                if (!added) {
                    return std::unexpected(added.error());
                }
                outcomes[n] = *added;
                if (n == 5) {
                    return std::unexpected(StoreError{"unit 5 fails after writing"});
                }
                return n == 7 ? UnitEnd::roll_back : UnitEnd::commit;
            });
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto kept =
        (*reader)->resource_bookings("ydes-bureau-1", sys_days{2026y / November / 30}, sys_days{2026y / December / 3});
    ASSERT_TRUE(kept) << kept.error().message;

    EXPECT_FALSE(results[5]);
    // Where both units of an hour committed, exactly one got it; units 5 and 7 kept nothing,
    // so their partner may have got the hour after them.
    std::size_t committed_additions = 0;
    for (int n = 0; n < kUnits; ++n) {
        const bool committed = n != 5 && n != 7;
        committed_additions += committed && outcomes[n] == BookingOutcome::added;
        if (n < 24 && n != 5 && n != 7) {
            EXPECT_EQ((outcomes[n] == BookingOutcome::added) + (outcomes[n + 24] == BookingOutcome::added), 1)
                << "hour " << n;
        }
    }
    EXPECT_EQ(kept->size(), committed_additions);
    for (std::size_t i = 1; i < kept->size(); ++i) {
        EXPECT_LE((*kept)[i - 1].end, (*kept)[i].start) << "no overlap survives";
    }
    for (const auto& row : *kept) {
        EXPECT_NE(row.id, "b5");
        EXPECT_NE(row.id, "b7");
    }
}

TEST_F(GroupCommit, WritesSurviveReopeningTheFile) {
    ASSERT_TRUE(m_store->write([](Transaction& tx) -> StoreResult<UnitEnd> {
        auto added = tx.insert_booking(booking(1, 9));
        if (!added) {
            return std::unexpected(added.error());
        }
        return UnitEnd::commit;
    }));
    m_store.reset();
    auto reopened = SqliteStore::open(m_dir.path() / "telecentre.db");
    ASSERT_TRUE(reopened);
    auto reader = (*reopened)->read();
    ASSERT_TRUE(reader);
    auto found = (*reader)->find_booking("b1");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->holder, "Antoine V.");
}

} // namespace
} // namespace telecentre::backend::test
