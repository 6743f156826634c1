// The staff console's session endpoints through the real HTTPS server, on both stores: log in
// (POST /v1/staff/session), who am I (GET /v1/staff/me), log out (DELETE), with the server's
// fake clock for the session's end.
#include "booking_fixture.hpp"
#include "telecentre/backend/ice_servers.hpp"
#include "telecentre/backend/staff_service.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::backend::test {
namespace {

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kCookieAttributes = "; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=";

// BookingTest for its server on either store and its fake clock; bookings play no part here.
class StaffApi : public BookingTest {
protected:
    void SetUp() override {
        BookingTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        StaffService staff(store());
        auto added = staff.add_staff("accueil", "Accueil du réseau", StaffRole::reception, std::nullopt, kPassword);
        ASSERT_TRUE(added) << added.error().message;
        m_staff_id = added->id;
    }

    HttpReply log_in(const std::string& body, const std::string& content_type = "application/json") {
        auto reply = client()->request("POST", "/v1/staff/session", body, {{"Content-Type", content_type}});
        EXPECT_TRUE(reply) << reply.error();
        return reply ? *reply : HttpReply{};
    }

    // Logs in as accueil and gives the session token from the cookie.
    std::string session_token() {
        const auto reply = log_in(R"({"login":"accueil","password":")" + std::string(kPassword) + "\"}");
        EXPECT_EQ(reply.status, 200) << reply.body;
        const auto cookie = reply.header("set-cookie").value_or("");
        const std::string prefix = "tc_staff=";
        EXPECT_TRUE(cookie.starts_with(prefix)) << cookie;
        return cookie.substr(prefix.size(), cookie.find(';') - prefix.size());
    }

    HttpReply with_cookie(const std::string& method, const std::string& target, const std::string& cookie) {
        Headers headers;
        if (!cookie.empty()) {
            headers.emplace_back("Cookie", cookie);
        }
        auto reply = client()->request(method, target, {}, headers);
        EXPECT_TRUE(reply) << reply.error();
        return reply ? *reply : HttpReply{};
    }

    static std::string error_code(const HttpReply& reply) {
        const auto json = nlohmann::json::parse(reply.body, nullptr, false);
        return json.is_object() && json.contains("error") ? json["error"].value("code", "") : "";
    }

    std::string m_staff_id;
};

TEST_P(StaffApi, LogInSetsAStrictSessionCookieAndMeAnswers) {
    const auto reply = log_in(R"({"login":"Accueil","password":"correct horse battery"})");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto me = nlohmann::json::parse(reply.body);
    EXPECT_EQ(me["id"], m_staff_id);
    EXPECT_EQ(me["login"], "accueil");
    EXPECT_EQ(me["display_name"], "Accueil du réseau");
    EXPECT_EQ(me["role"], "reception");
    EXPECT_TRUE(me["site_id"].is_null());
    EXPECT_EQ(me.size(), 5u);

    const auto cookie = reply.header("set-cookie").value_or("");
    ASSERT_EQ(cookie.size(), std::string("tc_staff=").size() + 64 + std::string(kCookieAttributes).size() + 5)
        << cookie;
    const auto token = cookie.substr(9, 64);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << cookie;
    EXPECT_EQ(cookie, "tc_staff=" + token + kCookieAttributes + "43200");
    EXPECT_EQ(reply.header("cache-control"), "no-store");

    const auto again = with_cookie("GET", "/v1/staff/me", "lang=fr; tc_staff=" + token);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(nlohmann::json::parse(again.body), me);

    for (const auto& entry : logged()) {
        EXPECT_EQ(entry.path.find(token), std::string::npos);
        EXPECT_EQ(entry.device_id.find(token), std::string::npos);
        EXPECT_EQ(entry.path.find(kPassword), std::string::npos);
    }
}

// A console's STUN/TURN servers: for a logged-in staff member only, with TURN credentials of
// their own that expire, and never the shared secret.
class StaffIceApi : public StaffApi {
protected:
    void configure(ServerConfig& config) override {
        StaffApi::configure(config);
        config.ice_servers = {{"stun:stun.cybercantal.example:3478", "turn:turn.cybercantal.example:3478"},
                              "north-wind",
                              std::chrono::hours{12}};
    }
};

TEST_P(StaffIceApi, AConsoleGetsItsIceServersWithCredentialsOfItsOwn) {
    const auto token = session_token();
    const auto reply = with_cookie("GET", "/v1/staff/ice-servers", "tc_staff=" + token);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.header("cache-control"), "no-store");
    const auto json = nlohmann::json::parse(reply.body);
    ASSERT_EQ(json["ice_servers"].size(), 2u);
    const auto& turn = json["ice_servers"][1];
    const auto username = turn["username"].get<std::string>();
    EXPECT_TRUE(username.ends_with(":" + m_staff_id)) << username;
    const auto expiry = std::stoll(username.substr(0, username.find(':')));
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(server_now().time_since_epoch()).count();
    EXPECT_EQ(expiry, now + 12 * 3600);
    EXPECT_EQ(turn["credential"],
              turn_credential("north-wind", m_staff_id, server_now() + std::chrono::hours{12}).credential);
    EXPECT_EQ(reply.body.find("north-wind"), std::string::npos);

    const auto anonymous = with_cookie("GET", "/v1/staff/ice-servers", "");
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(anonymous.body.find("turn:"), std::string::npos);
    const auto post = client()->request("POST", "/v1/staff/ice-servers", "{}", {{"Content-Type", "application/json"}});
    ASSERT_TRUE(post) << post.error();
    EXPECT_EQ(post->status, 405);
}

TEST_P(StaffApi, AWrongPasswordAndAnUnknownLoginGetTheSameAnswer) {
    const auto wrong = log_in(R"({"login":"accueil","password":"not the password"})");
    const auto unknown = log_in(R"({"login":"personne","password":"correct horse battery"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(error_code(wrong), "invalid_credentials") << wrong.body;
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(unknown.body, wrong.body);
    EXPECT_FALSE(wrong.header("set-cookie"));
    EXPECT_FALSE(unknown.header("set-cookie"));

    ASSERT_TRUE(store().disable_staff(m_staff_id, server_now()));
    const auto disabled = log_in(R"({"login":"accueil","password":"correct horse battery"})");
    EXPECT_EQ(disabled.status, 401);
    EXPECT_EQ(disabled.body, wrong.body);
}

TEST_P(StaffApi, MalformedLogInsAreRefusedAsSuch) {
    const auto malformed = log_in(R"({"login":"accueil","password":)");
    EXPECT_EQ(malformed.status, 400);
    EXPECT_EQ(error_code(malformed), "malformed_json");
    for (const char* body :
         {R"({"login":"accueil"})", R"({"login":"accueil","password":12345678901})", R"([])", R"("accueil")"}) {
        const auto reply = log_in(body);
        EXPECT_EQ(reply.status, 400) << body;
        EXPECT_EQ(error_code(reply), "invalid_request") << body;
    }
    const auto form = log_in("login=accueil&password=correct+horse+battery", "application/x-www-form-urlencoded");
    EXPECT_EQ(form.status, 415) << "a cross-site form cannot log anyone in";
    const auto get = with_cookie("GET", "/v1/staff/session", "");
    EXPECT_EQ(get.status, 405);
    const auto post_me = client()->request("POST", "/v1/staff/me", "{}", {{"Content-Type", "application/json"}});
    ASSERT_TRUE(post_me);
    EXPECT_EQ(post_me->status, 405);
}

TEST_P(StaffApi, LoggingOutRevokesTheSessionAndClearsTheCookie) {
    const auto token = session_token();
    const auto out = with_cookie("DELETE", "/v1/staff/session", "tc_staff=" + token);
    EXPECT_EQ(out.status, 204) << out.body;
    EXPECT_EQ(out.header("set-cookie"), std::string("tc_staff=") + kCookieAttributes + "0");
    const auto me = with_cookie("GET", "/v1/staff/me", "tc_staff=" + token);
    EXPECT_EQ(me.status, 401);
    EXPECT_EQ(error_code(me), "unauthenticated");

    const auto without = with_cookie("DELETE", "/v1/staff/session", "");
    EXPECT_EQ(without.status, 204) << "logging out without a session still clears the cookie";
    EXPECT_TRUE(without.header("set-cookie"));
}

TEST_P(StaffApi, ASessionEndsAfterTwelveHours) {
    const auto start = server_now();
    const auto token = session_token();
    set_now(start + hours{11} + minutes{59});
    EXPECT_EQ(with_cookie("GET", "/v1/staff/me", "tc_staff=" + token).status, 200);
    set_now(start + hours{12});
    const auto expired = with_cookie("GET", "/v1/staff/me", "tc_staff=" + token);
    EXPECT_EQ(expired.status, 401);
    EXPECT_EQ(error_code(expired), "unauthenticated");
}

TEST_P(StaffApi, OnlyOneClearSessionCookieAuthenticates) {
    const auto token = session_token();
    const auto status_with = [&](const std::string& cookie) {
        return with_cookie("GET", "/v1/staff/me", cookie).status;
    };
    EXPECT_EQ(status_with(""), 401);
    EXPECT_EQ(status_with("tc_staff=" + token + "; tc_staff=" + std::string(64, 'a')), 401)
        << "a second cookie of that name (planted by a neighbour site) is not guessed at";
    EXPECT_EQ(status_with("tc_staff=\"" + token + "\""), 401);
    EXPECT_EQ(status_with("tc_staff=" + std::string(64, 'a')), 401);
    EXPECT_EQ(status_with("tc_staff=" + token.substr(0, 63)), 401);
    EXPECT_EQ(status_with("TC_STAFF=" + token), 401);
    EXPECT_EQ(status_with("Authorization=Bearer " + m_murat_token), 401);
    const auto kiosk = client()->request("GET", "/v1/staff/me", {}, auth(m_murat_token));
    ASSERT_TRUE(kiosk);
    EXPECT_EQ(kiosk->status, 401) << "a kiosk's token is no staff session";
    EXPECT_EQ(status_with("tc_staff=" + token), 200);
}

TEST_P(StaffApi, AnAnimateurComesWithItsSite) {
    StaffService staff(store());
    ASSERT_TRUE(staff.add_staff("anim.murat", "Animatrice Murat", StaffRole::animateur, "murat", kPassword));
    const auto reply = log_in(R"({"login":"anim.murat","password":"correct horse battery"})");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto me = nlohmann::json::parse(reply.body);
    EXPECT_EQ(me["role"], "animateur");
    EXPECT_EQ(me["site_id"], "murat");
}

INSTANTIATE_TEST_SUITE_P(Stores, StaffApi, kBothStores, store_name);
INSTANTIATE_TEST_SUITE_P(Stores, StaffIceApi, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
