// What the kiosk sends for a callback request: the visitor's text cut to the backend's byte
// limits without splitting a character, and the call it follows when there was one.
#include "callback_worker.hpp"

#include <gtest/gtest.h>

using namespace telecentre;

TEST(CallbackRequest, TextIsCutToTheBackendsByteLimitsOnACharacterBoundary) {
    core::SubmitCallback submit{1, "", "0471000000", "", ""};
    for (int i = 0; i < 41; ++i) {
        submit.name += "é"; // two bytes each: 82 in all
    }
    submit.reason = "a" + std::string(200, 'b');
    const auto request = app::callback_request(submit);
    EXPECT_EQ(request.visitor_name.size(), 80u);
    EXPECT_EQ(request.visitor_name.substr(78), "é");
    EXPECT_EQ(request.reason.size(), 200u);
    EXPECT_EQ(request.phone, "0471000000");
    EXPECT_FALSE(request.call_id) << "no call was made";

    submit.name = "a" + submit.name; // now a character would be split at byte 80
    EXPECT_EQ(app::callback_request(submit).visitor_name.size(), 79u);
}

TEST(CallbackRequest, TheCallItFollowsIsNamed) {
    const auto request = app::callback_request({1, "Jeanne", "0471000000", "Un bureau", "call_0a1b"});
    EXPECT_EQ(request.visitor_name, "Jeanne");
    EXPECT_EQ(request.reason, "Un bureau");
    EXPECT_EQ(request.call_id, "call_0a1b");
}
