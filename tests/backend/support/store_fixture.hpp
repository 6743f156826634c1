#pragma once
// The Store contract tests run on both stores: each test gets a fresh migrated store, SQLite in
// a temporary folder or PostgreSQL in a new database of the test server (tests/support).
// Instantiate a suite with INSTANTIATE_TEST_SUITE_P(Stores, Suite, kBothStores, store_name).

#include "postgres_server.hpp"
#include "telecentre/backend/pg_store.hpp"
#include "telecentre/backend/sqlite_store.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace telecentre::backend::test {

enum class StoreKind { sqlite, postgresql };

inline const auto kBothStores = ::testing::Values(StoreKind::sqlite, StoreKind::postgresql);

// "sqlite" or "postgresql": the last part of each test's name, which ctest filters on to give
// the PostgreSQL ones the server fixture.
inline std::string store_name(const ::testing::TestParamInfo<StoreKind>& info) {
    return info.param == StoreKind::sqlite ? "sqlite" : "postgresql";
}

// The schema migrations of each store (the same versions in both dialects).
inline constexpr int kMigrationCount = 10;

class StoreFixture : public ::testing::TestWithParam<StoreKind> {
protected:
    void SetUp() override {
        if (GetParam() == StoreKind::postgresql) {
            auto server = telecentre::testing::PostgresServer::shared();
            ASSERT_TRUE(server) << server.error();
            auto database = (*server)->create_database();
            ASSERT_TRUE(database) << database.error();
            m_conninfo = *database;
        }
        auto opened = open_store();
        ASSERT_TRUE(opened) << opened.error().message;
        m_store = std::move(*opened);
        auto migrated = m_store->migrate();
        ASSERT_TRUE(migrated) << migrated.error().message;
        EXPECT_EQ(*migrated, kMigrationCount);
    }

    // Another Store on the same database, as a second process would open it.
    StoreResult<std::unique_ptr<Store>> open_store() {
        if (GetParam() == StoreKind::sqlite) {
            auto store = SqliteStore::open(m_dir.path() / "telecentre.db");
            if (!store) {
                return std::unexpected(store.error());
            }
            return std::unique_ptr<Store>(std::move(*store));
        }
        auto store = PgStore::open(m_conninfo);
        if (!store) {
            return std::unexpected(store.error());
        }
        return std::unique_ptr<Store>(std::move(*store));
    }

    telecentre::testing::TempDir m_dir;
    std::string m_conninfo;
    std::unique_ptr<Store> m_store;
};

} // namespace telecentre::backend::test
