// The wire codecs of callback requests: what the kiosk sends, what the backend answers and lists,
// and the request's validation (the backend's rules, checked on decoding).
#include "telecentre/wire/callback_codec.hpp"
#include "telecentre/wire/codec.hpp"

#include <gtest/gtest.h>

using namespace telecentre;

TEST(CallbackCodec, ARequestGoesThereAndBack) {
    const wire::CallbackRequest request{"Jeanne Dupré", "+33 4 71 00 00 00", "Louer un bureau", "call_0a1b"};
    auto back = wire::decode_callback_request(wire::encode(request));
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->visitor_name, request.visitor_name);
    EXPECT_EQ(back->phone, request.phone);
    EXPECT_EQ(back->reason, request.reason);
    EXPECT_EQ(back->call_id, request.call_id);
    EXPECT_EQ(wire::encode(wire::CallbackRequest{"J", "0471000000", "", std::nullopt}),
              R"({"phone":"0471000000","reason":"","visitor_name":"J"})")
        << "no call_id when there was no call";
}

TEST(CallbackCodec, ACallbackAndAListGoThereAndBackWithTheirNulls) {
    wire::Callback open;
    open.id = "cb_0123456789abcdef";
    open.site_id = "murat";
    open.site_name = "La Cocotte numérique";
    open.visitor_name = "Jeanne";
    open.phone = "0471000000";
    open.requested_at = *wire::parse_time("2026-12-01T09:00:00Z");
    wire::Callback handled = open;
    handled.id = "cb_fedcba9876543210";
    handled.call_id = "call_1";
    handled.handled_at = *wire::parse_time("2026-12-01T10:00:00Z");
    handled.handled_by = "stf_0123456789abcdef";

    const auto text = wire::encode(open);
    EXPECT_NE(text.find(R"("handled_at":null)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("call_id":null)"), std::string::npos) << text;
    auto list = wire::decode_callback_list(wire::encode(wire::CallbackList{{open, handled}}));
    ASSERT_TRUE(list) << list.error();
    ASSERT_EQ(list->callbacks.size(), 2u);
    EXPECT_EQ(list->callbacks[0].handled_at, std::nullopt);
    EXPECT_EQ(list->callbacks[1].handled_at, handled.handled_at);
    EXPECT_EQ(list->callbacks[1].handled_by, handled.handled_by);
    EXPECT_EQ(list->callbacks[1].call_id, "call_1");
    EXPECT_EQ(wire::encode_callbacks_changed(), R"({"type":"callbacks.changed"})");
}

TEST(CallbackCodec, PhoneNumbersAndControlCharacters) {
    EXPECT_TRUE(wire::valid_callback_phone("0471000000"));
    EXPECT_TRUE(wire::valid_callback_phone("+33 (0)4 71.00-00-00"));
    EXPECT_FALSE(wire::valid_callback_phone("04710"));
    EXPECT_FALSE(wire::valid_callback_phone("+33 (0) 4 7 -.-"));
    EXPECT_FALSE(wire::valid_callback_phone("0471000000 ext 12"));
    EXPECT_FALSE(wire::valid_callback_phone("+33 4 71 00 00 00 00 0"));
    EXPECT_FALSE(wire::has_control_characters("Jeanne Dupré — accueil"));
    EXPECT_TRUE(wire::has_control_characters("Jeanne\r"));
    EXPECT_TRUE(wire::has_control_characters("Jeanne\x7F"));
    EXPECT_TRUE(wire::has_control_characters("Jeanne\xC2\x9B"));
    EXPECT_FALSE(wire::has_control_characters("\xC2\xA0"));
}
