// 100 kiosks (threads, each with its own TLS connection) ask for the same office at the same
// moment: the database lets exactly one booking in, whatever the interleaving.
#include "booking_fixture.hpp"

#include <latch>
#include <thread>

namespace telecentre::backend::test {
namespace {

constexpr int kClients = 100;

class BookingConcurrency : public BookingTest {
protected:
    // Every client books [start(i), end(i)) at once; returns the statuses.
    template <typename Slot> std::vector<int> race(Slot slot) {
        std::vector<int> statuses(kClients, 0);
        std::vector<std::string> failures(kClients);
        std::latch connected(kClients);
        std::vector<std::thread> clients;
        for (int i = 0; i < kClients; ++i) {
            clients.emplace_back([&, i] {
                HttpsClient kiosk(m_server->port(), {m_ca.certificate_pem, std::nullopt});
                auto ready = kiosk.connect();
                connected.arrive_and_wait(); // all handshakes done: the requests start together
                if (!ready) {
                    failures[i] = ready.error();
                    return;
                }
                auto headers = auth(i % 2 == 0 ? m_murat_token : m_a2ex_token);
                headers.emplace_back("Idempotency-Key", "race-" + std::to_string(i));
                const auto [start, end] = slot(i);
                const char* badge = i % 2 == 0 ? kElodieActiveMurat : kMarionActiveA2ex;
                auto reply =
                    kiosk.request("POST", "/v1/bookings",
                                  wire::encode(wire::BookingRequest{badge, kMuratOffice1, start, end}), headers);
                if (!reply) {
                    failures[i] = reply.error();
                    return;
                }
                statuses[i] = reply->status;
            });
        }
        for (auto& client : clients) {
            client.join();
        }
        for (const auto& failure : failures) {
            EXPECT_TRUE(failure.empty()) << failure;
        }
        return statuses;
    }

    // The confirmed bookings of the office that day, straight from the store.
    std::vector<wire::Booking> office_bookings() {
        auto reader = store().read();
        EXPECT_TRUE(reader);
        auto bookings = (*reader)->resource_bookings(kMuratOffice1, at(0), at(23));
        EXPECT_TRUE(bookings);
        return bookings ? *bookings : std::vector<wire::Booking>{};
    }
};

TEST_P(BookingConcurrency, OneOfAHundredIdenticalRequestsWins) {
    const auto statuses = race([this](int) { return std::pair{at(10), at(12)}; });
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kClients - 1);
    EXPECT_EQ(office_bookings().size(), 1u);
}

TEST_P(BookingConcurrency, OneOfAHundredOverlappingRequestsWins) {
    // Two-hour slots starting 10:00, 10:30, 11:00 or 11:30: any two of them overlap.
    const auto statuses = race([this](int i) {
        const auto start = at(10) + minutes{30 * (i % 4)};
        return std::pair{start, start + hours{2}};
    });
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kClients - 1);
    EXPECT_EQ(office_bookings().size(), 1u);
}

TEST_P(BookingConcurrency, BackToBackRequestsAllFitWhenTheyDoNotOverlap) {
    // Twenty half-hour slots 08:30-18:30, five clients each: twenty winners, no overlap.
    const auto statuses = race([this](int i) {
        const auto start = at(8, 30) + minutes{30 * (i % 20)};
        return std::pair{start, start + minutes{30}};
    });
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 20);
    const auto bookings = office_bookings();
    ASSERT_EQ(bookings.size(), 20u);
    for (std::size_t i = 1; i < bookings.size(); ++i) {
        EXPECT_LE(bookings[i - 1].end, bookings[i].start);
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, BookingConcurrency, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
