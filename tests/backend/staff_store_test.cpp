// The Store contract for staff accounts and sessions (migration 0005), on both stores.
#include "store_fixture.hpp"

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

const wire::TimePoint kNine = sys_days{2026y / December / 1} + hours{9};
const std::string kHash = "scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
const std::string kTokenHash(64, 'a');

class StaffStoreTest : public StoreFixture {
protected:
    StaffRecord add(const std::string& id, const std::string& login, StaffRole role,
                    std::optional<std::string> site = std::nullopt) {
        auto added =
            m_store->add_staff(StaffRecord{id, login, "Agent " + login, role, std::move(site), false}, kHash, kNine);
        EXPECT_TRUE(added) << added.error().message;
        return added ? *added : StaffRecord{};
    }
};

TEST_P(StaffStoreTest, AnAccountIsFoundByItsLoginWithItsHash) {
    add("stf_1", "accueil", StaffRole::reception);
    add("stf_2", "anim.murat", StaffRole::animateur, "murat");
    auto found = m_store->find_staff_by_login("anim.murat");
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(*found);
    const auto& [staff, hash] = **found;
    EXPECT_EQ(staff.id, "stf_2");
    EXPECT_EQ(staff.login, "anim.murat");
    EXPECT_EQ(staff.display_name, "Agent anim.murat");
    EXPECT_EQ(staff.role, StaffRole::animateur);
    EXPECT_EQ(staff.site_id, "murat");
    EXPECT_FALSE(staff.disabled);
    EXPECT_EQ(hash, kHash);

    auto reception = m_store->find_staff_by_login("accueil");
    ASSERT_TRUE(reception && *reception);
    EXPECT_EQ((*reception)->first.site_id, std::nullopt);
    auto nobody = m_store->find_staff_by_login("nobody");
    ASSERT_TRUE(nobody);
    EXPECT_FALSE(*nobody);
}

TEST_P(StaffStoreTest, ALoginTakenIsFlaggedAsDuplicate) {
    add("stf_1", "accueil", StaffRole::reception);
    auto again =
        m_store->add_staff(StaffRecord{"stf_2", "accueil", "Someone else", StaffRole::admin, {}, false}, kHash, kNine);
    ASSERT_FALSE(again);
    EXPECT_TRUE(again.error().duplicate) << again.error().message;
    EXPECT_FALSE(again.error().retryable);
    // The store still works, and the first account is untouched.
    auto found = m_store->find_staff_by_login("accueil");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->first.id, "stf_1");
}

TEST_P(StaffStoreTest, TheSchemaRefusesWhatTheDomainNeverWrites) {
    auto upper =
        m_store->add_staff(StaffRecord{"stf_1", "Accueil", "A", StaffRole::reception, {}, false}, kHash, kNine);
    EXPECT_FALSE(upper) << "logins are stored lower-case";
    auto lonely = m_store->add_staff(StaffRecord{"stf_2", "anim", "A", StaffRole::animateur, {}, false}, kHash, kNine);
    EXPECT_FALSE(lonely) << "an animateur has a site";
    auto nowhere =
        m_store->add_staff(StaffRecord{"stf_3", "anim", "A", StaffRole::animateur, "nowhere", false}, kHash, kNine);
    EXPECT_FALSE(nowhere) << "the site exists";
}

TEST_P(StaffStoreTest, ASessionLastsUntilItExpiresIsRevokedOrItsAccountDisabled) {
    const auto staff = add("stf_1", "accueil", StaffRole::reception);
    const std::string other_hash(64, 'b');
    ASSERT_TRUE(m_store->add_staff_session(kTokenHash, staff.id, kNine + hours{12}, kNine));
    ASSERT_TRUE(m_store->add_staff_session(other_hash, staff.id, kNine + hours{12}, kNine));

    auto live = m_store->find_staff_session(kTokenHash, kNine + hours{11} + minutes{59});
    ASSERT_TRUE(live) << live.error().message;
    ASSERT_TRUE(*live);
    EXPECT_EQ((*live)->id, "stf_1");
    EXPECT_EQ((*live)->login, "accueil");
    auto expired = m_store->find_staff_session(kTokenHash, kNine + hours{12});
    ASSERT_TRUE(expired);
    EXPECT_FALSE(*expired) << "expires_at is the first instant it no longer works";
    auto unknown = m_store->find_staff_session(std::string(64, 'c'), kNine);
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);

    ASSERT_TRUE(m_store->revoke_staff_session(kTokenHash, kNine + hours{1}));
    ASSERT_TRUE(m_store->revoke_staff_session(kTokenHash, kNine + hours{2})) << "revoking twice is fine";
    ASSERT_TRUE(m_store->revoke_staff_session(std::string(64, 'd'), kNine)) << "so is an unknown session";
    auto revoked = m_store->find_staff_session(kTokenHash, kNine + hours{1});
    ASSERT_TRUE(revoked);
    EXPECT_FALSE(*revoked);
    auto still = m_store->find_staff_session(other_hash, kNine + hours{1});
    ASSERT_TRUE(still && *still) << "one session's end leaves the others";

    ASSERT_TRUE(m_store->disable_staff(staff.id, kNine + hours{2}));
    auto disabled = m_store->find_staff_session(other_hash, kNine + hours{2});
    ASSERT_TRUE(disabled);
    EXPECT_FALSE(*disabled);
    auto account = m_store->find_staff_by_login("accueil");
    ASSERT_TRUE(account && *account);
    EXPECT_TRUE((*account)->first.disabled);
    EXPECT_FALSE(m_store->disable_staff("stf_nobody", kNine));
}

TEST_P(StaffStoreTest, APasswordChangeReplacesTheHash) {
    const auto staff = add("stf_1", "accueil", StaffRole::reception);
    ASSERT_TRUE(m_store->set_staff_password(staff.id, "scrypt$other"));
    auto found = m_store->find_staff_by_login("accueil");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->second, "scrypt$other");
    EXPECT_FALSE(m_store->set_staff_password("stf_nobody", "x"));
}

INSTANTIATE_TEST_SUITE_P(Stores, StaffStoreTest, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
