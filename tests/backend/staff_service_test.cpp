// Staff accounts and log-in sessions through StaffService, on both stores with a fake clock;
// the scrypt password hashes on their own.
#include "store_fixture.hpp"
#include "telecentre/backend/crypto.hpp"
#include "telecentre/backend/password_hash.hpp"
#include "telecentre/backend/staff_service.hpp"

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

const wire::TimePoint kNine = sys_days{2026y / December / 1} + hours{9};
constexpr std::string_view kPassword = "correct horse battery";

class StaffServiceTest : public StoreFixture {
protected:
    void SetUp() override {
        StoreFixture::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        m_staff = std::make_unique<StaffService>(*m_store, [this] { return m_now; });
    }

    StaffRecord add_reception() {
        auto added = m_staff->add_staff("Accueil", "Accueil du réseau", StaffRole::reception, std::nullopt, kPassword);
        EXPECT_TRUE(added) << added.error().message;
        return added ? *added : StaffRecord{};
    }

    wire::TimePoint m_now = kNine;
    std::unique_ptr<StaffService> m_staff;
};

TEST_P(StaffServiceTest, AnAccountIsCheckedBeforeItIsAdded) {
    const auto staff = add_reception();
    EXPECT_EQ(staff.login, "accueil") << "logins are case-insensitive, kept lower-case";
    EXPECT_TRUE(staff.id.starts_with("stf_"));
    EXPECT_EQ(staff.role, StaffRole::reception);

    const auto kind_of = [&](std::string_view login, StaffRole role, std::optional<std::string> site,
                             std::string_view password, const std::string& name = "Nom") {
        auto added = m_staff->add_staff(login, name, role, site, password);
        return added ? std::optional<ErrorKind>{} : std::optional<ErrorKind>{added.error().kind};
    };
    EXPECT_EQ(kind_of("ACCUEIL", StaffRole::admin, {}, kPassword), ErrorKind::already_exists);
    EXPECT_EQ(kind_of("ab", StaffRole::admin, {}, kPassword), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of(std::string(65, 'a'), StaffRole::admin, {}, kPassword), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of("jean dupont", StaffRole::admin, {}, kPassword), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of("jean@dupont", StaffRole::admin, {}, kPassword), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of("jean", StaffRole::admin, {}, "123456789"), ErrorKind::invalid_request);
    // Ten characters, not ten bytes: "é" is two bytes.
    EXPECT_EQ(kind_of("jean", StaffRole::admin, {}, "ééééééééé"), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of("jean", StaffRole::admin, {}, std::string(1025, 'x')), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of("jean", StaffRole::admin, {}, kPassword, ""), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of("jean", StaffRole::admin, {}, kPassword, "a\nb"), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of("anim", StaffRole::animateur, {}, kPassword), ErrorKind::invalid_request);
    EXPECT_EQ(kind_of("anim", StaffRole::animateur, "nowhere", kPassword), ErrorKind::not_found);
    EXPECT_EQ(kind_of("anim.murat", StaffRole::animateur, "murat", kPassword), std::nullopt);
    EXPECT_EQ(kind_of("jean_d-2", StaffRole::admin, {}, "éééééééééé"), std::nullopt);
}

TEST_P(StaffServiceTest, TheRightPasswordOpensASessionForTwelveHours) {
    const auto staff = add_reception();
    auto session = m_staff->log_in("ACCUEIL", kPassword);
    ASSERT_TRUE(session) << session.error().message;
    EXPECT_EQ(session->staff.id, staff.id);
    EXPECT_EQ(session->expires_at, kNine + hours{12});
    EXPECT_EQ(session->token.size(), 64u);
    EXPECT_EQ(session->token.find_first_not_of("0123456789abcdef"), std::string::npos);

    auto me = m_staff->authenticate(session->token);
    ASSERT_TRUE(me) << me.error().message;
    EXPECT_EQ(me->login, "accueil");

    // Only the token's hash is kept: the hash itself is no token.
    auto by_hash = m_staff->authenticate(sha256_hex(session->token));
    ASSERT_FALSE(by_hash);
    EXPECT_EQ(by_hash.error().kind, ErrorKind::unauthenticated);

    m_now = kNine + hours{11} + minutes{59};
    EXPECT_TRUE(m_staff->authenticate(session->token));
    m_now = kNine + hours{12};
    auto expired = m_staff->authenticate(session->token);
    ASSERT_FALSE(expired);
    EXPECT_EQ(expired.error().kind, ErrorKind::unauthenticated);
}

TEST_P(StaffServiceTest, WrongPasswordUnknownLoginAndDisabledAccountLookAlike) {
    const auto staff = add_reception();
    auto wrong = m_staff->log_in("accueil", "not the password");
    auto unknown = m_staff->log_in("nobody", kPassword);
    auto malformed = m_staff->log_in("no body!", kPassword);
    auto empty = m_staff->log_in("accueil", "");
    ASSERT_TRUE(m_store->disable_staff(staff.id, kNine));
    auto disabled = m_staff->log_in("accueil", kPassword);
    for (const auto* refused : {&wrong, &unknown, &malformed, &empty, &disabled}) {
        ASSERT_FALSE(*refused);
        EXPECT_EQ(refused->error().kind, ErrorKind::unauthenticated);
        EXPECT_EQ(refused->error().message, wrong.error().message);
    }
}

TEST_P(StaffServiceTest, LoggingOutEndsThatSessionOnly) {
    add_reception();
    auto first = m_staff->log_in("accueil", kPassword);
    auto second = m_staff->log_in("accueil", kPassword);
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->token, second->token);
    ASSERT_TRUE(m_staff->log_out(first->token));
    EXPECT_FALSE(m_staff->authenticate(first->token));
    EXPECT_TRUE(m_staff->authenticate(second->token));
    EXPECT_TRUE(m_staff->log_out(first->token)) << "twice is fine";
    EXPECT_TRUE(m_staff->log_out("garbage")) << "so is a malformed token";
    EXPECT_FALSE(m_staff->authenticate(""));
    EXPECT_FALSE(m_staff->authenticate(std::string(64, 'g')));
}

TEST_P(StaffServiceTest, ANewPasswordReplacesTheOld) {
    add_reception();
    ASSERT_TRUE(m_staff->set_password("accueil", "another long password"));
    EXPECT_FALSE(m_staff->log_in("accueil", kPassword));
    EXPECT_TRUE(m_staff->log_in("accueil", "another long password"));
    EXPECT_FALSE(m_staff->set_password("accueil", "short"));
    EXPECT_FALSE(m_staff->set_password("nobody", "another long password"));
}

INSTANTIATE_TEST_SUITE_P(Stores, StaffServiceTest, kBothStores, store_name);

TEST(PasswordHash, IsSelfDescribingSaltedAndVerifies) {
    const auto hash = hash_password(kPassword);
    EXPECT_TRUE(hash.starts_with("scrypt$16384$8$1$")) << hash;
    EXPECT_EQ(std::count(hash.begin(), hash.end(), '$'), 5);
    EXPECT_EQ(hash.find(kPassword), std::string::npos);
    EXPECT_TRUE(verify_password(kPassword, hash));
    EXPECT_FALSE(verify_password("correct horse battery ", hash));
    EXPECT_FALSE(verify_password("", hash));
    EXPECT_NE(hash_password(kPassword), hash) << "a fresh salt each time";
}

TEST(PasswordHash, OtherParametersStillVerify) {
    const auto cheap = hash_password(kPassword, ScryptParameters{1024, 4, 2});
    EXPECT_TRUE(cheap.starts_with("scrypt$1024$4$2$")) << cheap;
    EXPECT_TRUE(verify_password(kPassword, cheap));
}

TEST(PasswordHash, TamperedOrMalformedHashesNeverMatch) {
    const auto hash = hash_password(kPassword, ScryptParameters{1024, 8, 1});
    auto flipped = hash;
    flipped[flipped.size() - 3] = flipped[flipped.size() - 3] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_password(kPassword, flipped));
    const auto tail = hash.substr(std::string_view("scrypt$1024$8$1$").size());
    for (const std::string& bad :
         {std::string(), std::string("scrypt"), "bcrypt$1024$8$1$" + tail, "scrypt$1000$8$1$" + tail,
          "scrypt$01024$8$1$" + tail, "scrypt$1024$0$1$" + tail, "scrypt$1024$8$0$" + tail,
          "scrypt$1073741824$8$1$" + tail, "scrypt$1024$8$1$" + tail + "$", "scrypt$1024$8$1$!!!!$" + tail,
          "scrypt$-1024$8$1$" + tail, "scrypt$1024$8$1$" + tail.substr(0, tail.find('$') + 1)}) {
        EXPECT_FALSE(verify_password(kPassword, bad)) << bad;
    }
}

} // namespace
} // namespace telecentre::backend::test
