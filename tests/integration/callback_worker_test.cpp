// The kiosk's callback worker (CallbackWorker over the real HttpsBackendClient) against the real
// backend program over TLS on 127.0.0.1: a visitor's request reaches the backend's table once,
// even when sent again with the same key; with the backend stopped it is answered "not sent",
// so the screen says so and keeps the text.

#include "callback_worker.hpp"
#include "child_process.hpp"
#include "telecentre/core/idempotency_key.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/platform/sqlite_database.hpp"
#include "temp_dir.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <mutex>

using namespace telecentre;
using namespace std::chrono_literals;
using telecentre::testing::ChildProcess;
using telecentre::testing::first_line;
using telecentre::testing::wait_until;

namespace {

// The answers the worker gives, by request id, for the test thread to wait on.
class Answers {
public:
    app::CallbackWorker::AnswerSink sink() {
        return [this](std::uint64_t request_id, bool accepted) {
            std::lock_guard lock(m_mutex);
            m_answers[request_id] = accepted;
        };
    }
    std::optional<bool> of(std::uint64_t request_id) {
        std::lock_guard lock(m_mutex);
        const auto found = m_answers.find(request_id);
        return found == m_answers.end() ? std::nullopt : std::optional(found->second);
    }

private:
    std::mutex m_mutex;
    std::map<std::uint64_t, bool> m_answers;
};

struct Backend {
    telecentre::testing::TempDir folder{"callbacks", telecentre::testing::KeepFolder::when_the_test_failed};
    std::filesystem::path dir = folder.path();
    std::optional<ChildProcess> process;
    std::string port;

    Backend() {
        process.emplace(std::vector<std::string>{TELECENTRE_BACKEND_EXE, "--data-dir", (dir / "backend").string(),
                                                 "--listen", "127.0.0.1:0", "--port-file", (dir / "port").string(),
                                                 "--demo"},
                        std::vector<std::string>{}, (dir / "backend.log").string());
        if (wait_until([&] { return !first_line(dir / "port").empty(); }, 30s)) {
            port = first_line(dir / "port");
        }
    }

    std::unique_ptr<platform::HttpsBackendClient> client() const {
        auto https = platform::HttpsClient::create(
            {"127.0.0.1", port, (dir / "backend/tls/ca.pem").string(), std::chrono::milliseconds{3000}, 5s});
        EXPECT_TRUE(https) << https.error();
        if (!https) {
            return nullptr;
        }
        return std::make_unique<platform::HttpsBackendClient>(std::move(*https),
                                                              first_line(dir / "backend/devices/murat.token"));
    }

    // The rows of the backend's callbacks table, one text per row.
    std::vector<std::string> rows() const {
        std::vector<std::string> found;
        auto database = platform::SqliteDatabase::open((dir / "backend" / "telecentre.db").string());
        EXPECT_TRUE(database) << database.error();
        if (!database) {
            return found;
        }
        auto result = database->query("SELECT id || '|' || site_id || '|' || visitor_name || '|' || phone || '|' || "
                                      "reason || '|' || coalesce(call_id, '-') FROM callbacks ORDER BY id");
        EXPECT_TRUE(result) << result.error();
        for (const auto& row : result ? *result : decltype(result)::value_type{}) {
            found.push_back(platform::as_text(row[0]));
        }
        return found;
    }
};

} // namespace

TEST(CallbackWorker, AVisitorsRequestReachesTheBackendOnceAndItsReplayIsTheSameRequest) {
    Backend backend;
    ASSERT_FALSE(backend.port.empty()) << "backend did not start";
    Answers answers;
    app::CallbackWorker worker{backend.client(), answers.sink(), core::make_idempotency_key()};

    const core::SubmitCallback submit{7, "Jeanne Dupré", "04 71 00 00 00", "Louer un bureau", "call_0a1b2c3d"};
    worker.post(submit);
    ASSERT_TRUE(wait_until([&] { return answers.of(7).has_value(); }, 30s)) << "no answer from the worker";
    EXPECT_TRUE(*answers.of(7)) << "the backend took it";

    const auto rows = backend.rows();
    ASSERT_EQ(rows.size(), 1u);
    const auto id = rows[0].substr(0, rows[0].find('|'));
    EXPECT_EQ(rows[0], id + "|murat|Jeanne Dupré|04 71 00 00 00|Louer un bureau|call_0a1b2c3d");

    // The same request with the worker's key (an answer lost on the way back) is the same one.
    auto direct = backend.client();
    ASSERT_TRUE(direct);
    auto replay = direct->request_callback(worker.idempotency_key(7), app::callback_request(submit));
    ASSERT_TRUE(replay) << replay.error().message;
    EXPECT_EQ(replay->id, id);
    EXPECT_EQ(replay->site_name, "La Cocotte numérique");
    EXPECT_EQ(backend.rows().size(), 1u);

    // A second request of the visitor (another id) is another one.
    worker.post({8, "Paul", "0612345678", "", ""});
    ASSERT_TRUE(wait_until([&] { return answers.of(8).has_value(); }, 30s)) << "no answer from the worker";
    EXPECT_TRUE(*answers.of(8));
    EXPECT_EQ(backend.rows().size(), 2u);
}

TEST(CallbackWorker, WithTheBackendDownTheRequestIsAnsweredNotSent) {
    Backend backend;
    ASSERT_FALSE(backend.port.empty()) << "backend did not start";
    Answers answers;
    app::CallbackWorker worker{backend.client(), answers.sink(), core::make_idempotency_key()};
    backend.process->stop();

    worker.post({1, "Jeanne", "0471000000", "", ""});
    ASSERT_TRUE(wait_until([&] { return answers.of(1).has_value(); }, 30s)) << "no answer from the worker";
    EXPECT_FALSE(*answers.of(1));
}
