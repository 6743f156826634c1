// Several kiosks (threads, each with its own TLS connection) at once: the store serialises
// check-ins, so the invariants below hold whatever the interleaving.
#include "backend_fixture.hpp"
#include "telecentre/wire/codec.hpp"

#include <thread>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

class Concurrency : public BackendTest {};

TEST_F(Concurrency, SimultaneousTapsOfOneMemberKeepPresenceConsistent) {
    constexpr int kThreads = 4;
    constexpr int kTapsEach = 5;
    const auto tuesday = recent_tuesday();
    std::vector<std::vector<HttpReply>> replies(kThreads);
    std::vector<std::string> failures(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            HttpsClient kiosk(m_server->port(), {m_ca.certificate_pem, std::nullopt});
            for (int i = 0; i < kTapsEach; ++i) {
                auto headers = auth(m_murat_token);
                headers.emplace_back("Idempotency-Key", "t" + std::to_string(t) + "-" + std::to_string(i));
                const auto at = paris(tuesday, 9, 0) + minutes{t * kTapsEach + i};
                auto reply =
                    kiosk.request("POST", "/v1/checkins", checkin_body("murat", kElodieActiveMurat, at), headers);
                if (!reply) {
                    failures[t] = reply.error();
                    return;
                }
                replies[t].push_back(*reply);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    int checked_in = 0;
    for (int t = 0; t < kThreads; ++t) {
        EXPECT_TRUE(failures[t].empty()) << failures[t];
        for (const auto& reply : replies[t]) {
            ASSERT_EQ(reply.status, 200) << reply.body;
            auto answer = wire::decode_checkin_response(reply.body);
            ASSERT_TRUE(answer) << answer.error();
            checked_in += answer->outcome == wire::CheckinOutcome::checked_in;
        }
    }
    auto events = store().presence_events(kElodieId);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), static_cast<std::size_t>(kThreads * kTapsEach));
    auto sessions = store().presence_sessions(kElodieId);
    ASSERT_TRUE(sessions);
    EXPECT_EQ(sessions->size(), static_cast<std::size_t>(checked_in));
    int open = 0;
    for (const auto& session : *sessions) {
        open += !session.out_at;
    }
    EXPECT_LE(open, 1);
}

TEST_F(Concurrency, SimultaneousReplaysOfOneKeyRecordOnce) {
    constexpr int kThreads = 4;
    const auto body = checkin_body("murat", kElodieActiveMurat, paris(recent_tuesday(), 9, 0));
    std::vector<std::string> bodies(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            HttpsClient kiosk(m_server->port(), {m_ca.certificate_pem, std::nullopt});
            auto headers = auth(m_murat_token);
            headers.emplace_back("Idempotency-Key", "same-journal-entry");
            auto reply = kiosk.request("POST", "/v1/checkins", body, headers);
            bodies[t] = reply && reply->status == 200 ? reply->body : "failed";
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const auto& answer : bodies) {
        EXPECT_EQ(answer, bodies[0]);
    }
    EXPECT_NE(bodies[0], "failed");
    auto events = store().presence_events(kElodieId);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 1u);
}

} // namespace
} // namespace telecentre::backend::test
