#pragma once
// BackendTest with a booking day and helpers to book, read availability and decode refusals.
// "Now" is a Monday 09:10 in Paris a few days ahead (the server's fake clock); bookings go on
// the Tuesday after, when every seeded site is open. Each suite runs on both stores:
// INSTANTIATE_TEST_SUITE_P(Stores, Suite, kBothStores, store_name).

#include "backend_fixture.hpp"
#include "store_fixture.hpp"
#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/local_time.hpp"

namespace telecentre::backend::test {

using namespace std::chrono;

inline constexpr const char* kMuratOffice1 = "murat-bureau-1";
inline constexpr const char* kMuratOffice2 = "murat-bureau-2";
inline constexpr const char* kMuratDesk1 = "murat-poste-1";
inline constexpr const char* kMarionActiveA2ex = "043A7F129C4480";

class BookingTest : public BackendTest, public ::testing::WithParamInterface<StoreKind> {
protected:
    void SetUp() override {
        if (GetParam() == StoreKind::postgresql) {
            auto server = telecentre::testing::PostgresServer::shared();
            ASSERT_TRUE(server) << server.error();
            auto database = (*server)->create_database();
            ASSERT_TRUE(database) << database.error();
            m_database = *database;
        }
        BackendTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        // "Now" is a Monday 09:10 in Paris a few days ahead; bookings go on the Tuesday after.
        local_days monday = wire::paris_day(now_seconds()) + days{2};
        while (weekday{monday} != Monday) {
            monday += days{1};
        }
        m_day = monday + days{1};
        set_now(paris(monday, 9, 10));
    }

    [[nodiscard]] wire::TimePoint at(int hour, int minute = 0) const { return paris(m_day, hour, minute); }

    HttpReply send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& token, std::optional<std::string> key = std::nullopt) {
        auto headers = auth(token);
        headers.emplace_back("Content-Type", "application/json");
        if (!key) {
            key = "bk-key-" + std::to_string(++m_next_key);
        }
        if (!key->empty()) {
            headers.emplace_back("Idempotency-Key", *key);
        }
        auto reply = client()->request(method, target, body, headers);
        EXPECT_TRUE(reply) << reply.error();
        return reply ? *reply : HttpReply{};
    }

    HttpReply book(const std::string& badge, const std::string& resource, wire::TimePoint start, wire::TimePoint end,
                   std::optional<std::string> key = std::nullopt) {
        return send("POST", "/v1/bookings", wire::encode(wire::BookingRequest{badge, resource, start, end}),
                    m_murat_token, std::move(key));
    }

    wire::Booking booked(const std::string& badge, const std::string& resource, wire::TimePoint start,
                         wire::TimePoint end) {
        const auto reply = book(badge, resource, start, end);
        EXPECT_EQ(reply.status, 201) << reply.body;
        auto booking = wire::decode_booking(reply.body);
        EXPECT_TRUE(booking) << booking.error();
        return booking ? *booking : wire::Booking{};
    }

    // The refusal a reply carries; fails the test when it carries none.
    static wire::BookingError refusal(const HttpReply& reply) {
        auto decoded = wire::decode_booking_error(reply.body);
        EXPECT_TRUE(decoded) << decoded.error() << " in " << reply.body;
        return decoded ? *decoded : wire::BookingError{};
    }

    wire::Availability availability(const std::string& token, const std::string& site, const std::string& query) {
        auto reply = client()->request("GET", "/v1/sites/" + site + "/availability?" + query, {}, auth(token));
        EXPECT_TRUE(reply) << reply.error();
        EXPECT_EQ(reply->status, 200) << reply->body;
        auto decoded = wire::decode_availability(reply->body);
        EXPECT_TRUE(decoded) << decoded.error();
        return decoded ? *decoded : wire::Availability{};
    }

    [[nodiscard]] std::string day_text() const { return wire::format_date(wire::Date{m_day.time_since_epoch()}); }

    void configure(ServerConfig& config) override { config.database = m_database; }

    local_days m_day{};
    std::optional<std::string> m_database; // PostgreSQL: this test's database
};

} // namespace telecentre::backend::test
