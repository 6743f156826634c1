// The Cookie header reader the staff session relies on, with ordinary and hostile headers.
#include "telecentre/backend/cookies.hpp"

#include <gtest/gtest.h>
#include <optional>
#include <string>

namespace telecentre::backend::test {
namespace {

const std::string kToken(64, 'a');

// What is wrong with the tc_staff cookie of `header`, or nothing when it is found.
std::optional<CookieProblem> problem(const std::string& header) {
    const auto found = find_cookie(header, "tc_staff");
    return found ? std::nullopt : std::optional<CookieProblem>(found.error());
}

TEST(Cookies, FindsTheCookieAmongOthers) {
    EXPECT_EQ(find_cookie("tc_staff=" + kToken, "tc_staff"), kToken);
    EXPECT_EQ(find_cookie("theme=dark; tc_staff=" + kToken + "; lang=fr", "tc_staff"), kToken);
    EXPECT_EQ(find_cookie("theme=dark;tc_staff=" + kToken + ";lang=fr", "tc_staff"), kToken);
    EXPECT_EQ(find_cookie("  tc_staff = " + kToken + " ;", "tc_staff"), kToken) << "spaces around are dropped";
    EXPECT_EQ(find_cookie("a=1;; ;tc_staff=" + kToken, "tc_staff"), kToken) << "empty pairs are skipped";
    EXPECT_EQ(find_cookie("x=\"quoted, with; odd\\chars\"; tc_staff=" + kToken, "tc_staff"), kToken)
        << "a quote protects no ';': the odd pieces are pairs of their own, not ours";
    EXPECT_EQ(find_cookie("x=\"quoted\"; junk; =; tc_staff=" + kToken, "tc_staff"), kToken)
        << "other cookies are not judged";
    EXPECT_EQ(find_cookie("tc_staff=a=b", "tc_staff"), "a=b") << "the value runs to the next ';'";
}

TEST(Cookies, AbsentWhenNotThere) {
    EXPECT_EQ(problem(""), CookieProblem::absent);
    EXPECT_EQ(problem(";;;"), CookieProblem::absent);
    EXPECT_EQ(problem("tc_staffx=" + kToken), CookieProblem::absent);
    EXPECT_EQ(problem("xtc_staff=" + kToken), CookieProblem::absent);
    EXPECT_EQ(problem("TC_STAFF=" + kToken), CookieProblem::absent) << "names are exact";
    EXPECT_EQ(problem("tc_staff"), CookieProblem::absent) << "a name without '='";
}

TEST(Cookies, ANameGivenTwiceIsRefusedNotGuessed) {
    EXPECT_EQ(problem("tc_staff=" + kToken + "; tc_staff=" + std::string(64, 'b')), CookieProblem::repeated);
    EXPECT_EQ(problem("tc_staff=" + kToken + "; tc_staff=" + kToken), CookieProblem::repeated);
    EXPECT_EQ(problem("tc_staff=; tc_staff=" + kToken), CookieProblem::repeated);
}

TEST(Cookies, ValuesOutsideCookieOctetsAreMalformed) {
    for (const std::string& value : {std::string(), "\"" + kToken + "\"", "\"" + kToken, kToken + "\\",
                                     kToken.substr(0, 10) + " " + kToken.substr(10), kToken + ",x", "é" + kToken,
                                     std::string("a\x01z"), std::string("a\x7fz"), std::string(513, 'a')}) {
        EXPECT_EQ(problem("tc_staff=" + value), CookieProblem::malformed) << value;
    }
    EXPECT_EQ(find_cookie("tc_staff=" + std::string(512, 'a'), "tc_staff"), std::string(512, 'a'));
}

TEST(Cookies, OversizedOrOverfullHeadersAreRefusedWhole) {
    const std::string padding(kMaxCookieHeader, 'p');
    EXPECT_EQ(problem("tc_staff=" + kToken + "; pad=" + padding), CookieProblem::too_large);
    std::string many = "tc_staff=" + kToken;
    for (std::size_t i = 1; i < kMaxCookiePairs; ++i) {
        many += "; c" + std::to_string(i) + "=1";
    }
    EXPECT_EQ(find_cookie(many, "tc_staff"), kToken) << "64 pairs are fine";
    EXPECT_EQ(problem(many + "; one=more"), CookieProblem::too_large);
    EXPECT_EQ(find_cookie(std::string(5000, ';') + "tc_staff=" + kToken, "tc_staff"), kToken)
        << "separators alone are cheap and count for nothing";
}

} // namespace
} // namespace telecentre::backend::test
