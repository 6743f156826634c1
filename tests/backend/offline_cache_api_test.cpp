// GET /v1/sites/{site}/offline-cache: full first, then only what changed.
#include "backend_fixture.hpp"
#include "telecentre/wire/codec.hpp"

#include <algorithm>

namespace telecentre::backend::test {
namespace {

class OfflineCacheApi : public BackendTest {
protected:
    wire::OfflineCache fetch(const std::string& target) {
        auto reply = client()->request("GET", target, {}, auth(m_murat_token));
        EXPECT_TRUE(reply) << reply.error();
        if (!reply) {
            return {};
        }
        EXPECT_EQ(reply->status, 200) << reply->body;
        auto cache = wire::decode_offline_cache(reply->body);
        EXPECT_TRUE(cache) << cache.error();
        return cache ? *cache : wire::OfflineCache{};
    }
};

const wire::CachedBadge* find_badge(const wire::OfflineCache& cache, const std::string& uid) {
    auto it = std::find_if(cache.badges.begin(), cache.badges.end(), [&](const auto& b) { return b.uid == uid; });
    return it == cache.badges.end() ? nullptr : &*it;
}

TEST_F(OfflineCacheApi, FullCacheThenOnlyTheChangedMember) {
    const auto full = fetch("/v1/sites/murat/offline-cache");
    EXPECT_TRUE(full.full);
    EXPECT_GT(full.version, 0);
    EXPECT_EQ(full.site_name, "La Cocotte numérique");
    EXPECT_EQ(full.members.size(), 15u);
    EXPECT_EQ(full.badges.size(), 17u);
    const auto* active = find_badge(full, kElodieActiveMurat);
    ASSERT_NE(active, nullptr);
    EXPECT_EQ(active->member_id, kElodieId);
    EXPECT_FALSE(active->revoked);
    const auto* revoked = find_badge(full, kElodieRevoked);
    ASSERT_NE(revoked, nullptr);
    EXPECT_TRUE(revoked->revoked);
    EXPECT_EQ(fetch("/v1/sites/murat/offline-cache?since=0").version, full.version);

    // Nothing changed: an empty delta at the same version.
    const auto unchanged = fetch("/v1/sites/murat/offline-cache?since=" + std::to_string(full.version));
    EXPECT_FALSE(unchanged.full);
    EXPECT_EQ(unchanged.version, full.version);
    EXPECT_TRUE(unchanged.members.empty());
    EXPECT_TRUE(unchanged.badges.empty());

    MemberChange change;
    change.member_id = "m-julien-chambon";
    change.display_name = "Julien C. (fablab)";
    ASSERT_TRUE(store().change_member(change));
    const auto delta = fetch("/v1/sites/murat/offline-cache?since=" + std::to_string(full.version));
    EXPECT_FALSE(delta.full);
    EXPECT_GT(delta.version, full.version);
    ASSERT_EQ(delta.members.size(), 1u);
    EXPECT_EQ(delta.members[0].id, "m-julien-chambon");
    EXPECT_EQ(delta.members[0].display_name, "Julien C. (fablab)");
    EXPECT_TRUE(delta.badges.empty());

    // A pass change alone also brings its member back.
    MemberChange suspend;
    suspend.member_id = "m-marion-lavergne";
    suspend.pass_suspended = true;
    ASSERT_TRUE(store().change_member(suspend));
    const auto pass_delta = fetch("/v1/sites/murat/offline-cache?since=" + std::to_string(delta.version));
    ASSERT_EQ(pass_delta.members.size(), 1u);
    EXPECT_EQ(pass_delta.members[0].id, "m-marion-lavergne");
    EXPECT_TRUE(pass_delta.members[0].pass.suspended);
}

TEST_F(OfflineCacheApi, ErasedMemberIsFlaggedInTheDeltaAndLeftOutOfTheFullCache) {
    const auto full = fetch("/v1/sites/murat/offline-cache");
    ASSERT_TRUE(store().erase_member("m-julien-chambon"));
    const auto delta = fetch("/v1/sites/murat/offline-cache?since=" + std::to_string(full.version));
    ASSERT_EQ(delta.members.size(), 1u);
    EXPECT_TRUE(delta.members[0].erased);
    EXPECT_TRUE(delta.members[0].first_name.empty());
    ASSERT_EQ(delta.badges.size(), 2u);
    EXPECT_TRUE(delta.badges[0].revoked && delta.badges[1].revoked);

    const auto refreshed = fetch("/v1/sites/murat/offline-cache");
    EXPECT_EQ(refreshed.members.size(), 14u);
    EXPECT_EQ(find_badge(refreshed, kJulienFreeMurat), nullptr);
}

TEST_F(OfflineCacheApi, SinceAheadOfTheBackendGivesAFullCache) {
    const auto reset = fetch("/v1/sites/murat/offline-cache?since=999999");
    EXPECT_TRUE(reset.full);
    EXPECT_EQ(reset.members.size(), 15u);
}

TEST_F(OfflineCacheApi, OtherSitesCacheIsForbidden) {
    auto reply = client()->request("GET", "/v1/sites/murat/offline-cache", {}, auth(m_a2ex_token));
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 403);
    auto error = wire::decode_api_error(reply->body);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, "forbidden_site");
}

TEST_F(OfflineCacheApi, BadSinceIsRejected) {
    auto reply = client()->request("GET", "/v1/sites/murat/offline-cache?since=-3", {}, auth(m_murat_token));
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 400);
    auto error = wire::decode_api_error(reply->body);
    ASSERT_TRUE(error);
    EXPECT_NE(error->message.find("since"), std::string::npos);
}

} // namespace
} // namespace telecentre::backend::test
