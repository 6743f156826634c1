// Booking changes reach the kiosks of the booking's site on the live channel, and only them.
#include "live_fixture.hpp"
#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/local_time.hpp"

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

class BookingLive : public LiveTest {
protected:
    // The next event on a session, skipping nothing: the channel carries only what we publish.
    static std::optional<wire::BookingEvent> next_event(WebSocketClient& session) {
        const auto event = session.read(seconds{10});
        if (event.kind != WebSocketEvent::Kind::text) {
            ADD_FAILURE() << "no message on the live channel";
            return std::nullopt;
        }
        auto decoded = wire::decode_booking_event(event.payload);
        EXPECT_TRUE(decoded) << decoded.error() << " in " << event.payload;
        return decoded ? std::optional(*decoded) : std::nullopt;
    }

    HttpReply post(const std::string& target, const std::string& body, const std::string& key) {
        auto headers = auth(m_murat_token);
        headers.emplace_back("Idempotency-Key", key);
        auto reply = client()->request("POST", target, body, headers);
        EXPECT_TRUE(reply) << reply.error();
        return reply ? *reply : HttpReply{};
    }
};

TEST_F(BookingLive, TheSitesKiosksFollowABookingFromCreationToCancellation) {
    auto murat = raw_session(m_murat_token);
    auto a2ex = raw_session(m_a2ex_token);
    ASSERT_TRUE(murat && a2ex);

    local_days day = wire::paris_day(now_seconds()) + days{2};
    while (weekday{day} != Tuesday) {
        day += days{1};
    }
    const auto ten = paris(day, 10, 0);
    const auto created =
        post("/v1/bookings",
             wire::encode(wire::BookingRequest{"04A1B2C3D4E5F6", "murat-bureau-1", ten, ten + hours{1}}), "live-1");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto booking = wire::decode_booking(created.body);
    ASSERT_TRUE(booking);

    auto event = next_event(*murat);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->type, "booking.created");
    EXPECT_EQ(event->booking.id, booking->id);
    EXPECT_EQ(event->booking.resource_id, "murat-bureau-1");

    // A replay changes nothing and publishes nothing; the cancellation is the next event.
    ASSERT_EQ(post("/v1/bookings",
                   wire::encode(wire::BookingRequest{"04A1B2C3D4E5F6", "murat-bureau-1", ten, ten + hours{1}}),
                   "live-1")
                  .status,
              201);
    ASSERT_EQ(
        post("/v1/bookings/" + booking->id + "/cancel", wire::encode(wire::BookingCancel{"04A1B2C3D4E5F6"}), "live-2")
            .status,
        200);
    event = next_event(*murat);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->type, "booking.cancelled");
    EXPECT_EQ(event->booking.status, wire::BookingStatus::cancelled);

    // Aurillac's kiosk heard nothing of Murat's bookings: the first thing it gets is a booking
    // of its own site, made after all of them.
    ASSERT_EQ(post("/v1/bookings",
                   wire::encode(wire::BookingRequest{"04A1B2C3D4E5F6", "aurillac-a2ex-bureau-1", ten, ten + hours{1}}),
                   "live-3")
                  .status,
              201);
    event = next_event(*a2ex);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->booking.site_id, "aurillac-a2ex");
}

} // namespace
} // namespace telecentre::backend::test
