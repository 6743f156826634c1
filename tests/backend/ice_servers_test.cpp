// The staff consoles' STUN/TURN servers: URL checks, the TURN REST API credentials (checked against
// `openssl dgst -sha1 -hmac`), and the JSON the console gets.
#include "telecentre/backend/ice_servers.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono_literals;

// 2026-11-17T23:06:40Z
const wire::TimePoint kNow{std::chrono::seconds{1'795'000'000} - 12h};

TEST(IceServers, TurnCredentialsAreTheSharedSecretsHmacOfExpiryAndUser) {
    // echo -n "1795000000:stf_0123456789abcdef" | openssl dgst -sha1 -hmac north-wind -binary | base64
    const auto credential = turn_credential("north-wind", "stf_0123456789abcdef", kNow + 12h);
    EXPECT_EQ(credential.username, "1795000000:stf_0123456789abcdef");
    EXPECT_EQ(credential.credential, "48KU//xTHpoUa1POY1SKnNinCXM=");
}

TEST(IceServers, TheConsoleGetsStunAsIsAndTurnWithItsOwnExpiringCredentials) {
    const IceServerConfig config{{"stun:stun.cybercantal.example:3478", "turn:turn.cybercantal.example:3478",
                                  "turns:turn.cybercantal.example:443?transport=tcp"},
                                 "north-wind",
                                 12h};
    const auto json = nlohmann::json::parse(encode_ice_servers(config, "stf_0123456789abcdef", kNow));
    ASSERT_EQ(json["ice_servers"].size(), 2u);
    EXPECT_EQ(json["ice_servers"][0], (nlohmann::json{{"urls", {"stun:stun.cybercantal.example:3478"}}}));
    const auto& turn = json["ice_servers"][1];
    EXPECT_EQ(turn["urls"], (nlohmann::json{"turn:turn.cybercantal.example:3478",
                                            "turns:turn.cybercantal.example:443?transport=tcp"}));
    EXPECT_EQ(turn["username"], "1795000000:stf_0123456789abcdef");
    EXPECT_EQ(turn["credential"], "48KU//xTHpoUa1POY1SKnNinCXM=");
    EXPECT_EQ(json["expires_at"], "2026-11-18T11:06:40Z");
    EXPECT_EQ(json.dump().find("north-wind"), std::string::npos) << "the secret itself never leaves";
}

TEST(IceServers, NoneConfiguredIsAnEmptyListLoopbackAndLanCallsNeedNoServer) {
    const auto json = nlohmann::json::parse(encode_ice_servers({}, "stf_1", kNow));
    EXPECT_TRUE(json["ice_servers"].empty());
    EXPECT_TRUE(json["expires_at"].is_null());
}

TEST(IceServers, BadUrlsAndTurnWithoutASecretAreRefusedClearly) {
    EXPECT_TRUE(validate({{"stun:stun.example:3478"}, "", 12h}));
    for (const char* url : {"http://stun.example", "stun:", "turn:?transport=udp", "stun:with space", "stun"}) {
        const auto checked = validate({{url}, "secret", 12h});
        ASSERT_FALSE(checked) << url;
        EXPECT_NE(checked.error().find("--ice-server"), std::string::npos) << checked.error();
    }
    const auto no_secret = validate({{"turn:turn.example:3478"}, "", 12h});
    ASSERT_FALSE(no_secret);
    EXPECT_NE(no_secret.error().find("--turn-secret-file"), std::string::npos);
}

} // namespace
} // namespace telecentre::backend::test
