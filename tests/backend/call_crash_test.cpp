// Visio-accueil's call records survive a backend killed mid-call: the real telecentre-backend
// program, a kiosk's call answered by the demo reception agent over the live channel, SIGKILL,
// and a restart on the same data, which records the call as interrupted, ended when the killed
// backend last saw it going on. On SQLite and on PostgreSQL.
#include "backend_fixture.hpp"
#include "child_process.hpp"
#include "postgres_server.hpp"
#include "telecentre/wire/reception_codec.hpp"
#include "temp_dir.hpp"
#include "wait_until.hpp"
#include "websocket_client.hpp"

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace telecentre::backend::test {
namespace {

using telecentre::testing::PostgresServer;
using telecentre::testing::TempDir;
using telecentre::testing::wait_until;
using namespace std::chrono;

constexpr auto kPatience = seconds(60); // a first run under ASan makes keys and a database
constexpr auto kWait = seconds(20);

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string first_line(const std::filesystem::path& path) {
    std::string text = read_text(path);
    return text.substr(0, text.find('\n'));
}

struct RunningBackend {
    std::optional<ChildProcess> process;
    std::uint16_t port = 0;
};

// Starts the program on `data` with `options` and its stderr in `log`, and waits for its ready
// line.
void start_backend(RunningBackend& backend, const std::filesystem::path& data, const std::filesystem::path& log,
                   const std::vector<std::string>& options) {
    std::vector<std::string> argv{"/bin/sh",
                                  "-c",
                                  "exec \"$0\" \"$@\" 2>>" + log.string(),
                                  TELECENTRE_BACKEND_EXE,
                                  "--data-dir",
                                  data.string(),
                                  "--listen",
                                  "127.0.0.1:0"};
    argv.insert(argv.end(), options.begin(), options.end());
    auto child = ChildProcess::spawn(argv);
    ASSERT_TRUE(child) << child.error();
    backend.process.emplace(std::move(*child));
    const std::string ready = "telecentre-backend listening on https://127.0.0.1:";
    for (int line_number = 0; line_number < 5 && backend.port == 0; ++line_number) {
        auto line = backend.process->read_line(kPatience);
        ASSERT_TRUE(line) << line.error() << "\n" << read_text(log);
        if (line->starts_with(ready)) {
            backend.port = static_cast<std::uint16_t>(std::stoi(line->substr(ready.size())));
        }
    }
    ASSERT_NE(backend.port, 0);
}

// Reads until a message of `type` comes (others are skipped); empty when none in time.
std::string next(WebSocketClient& session, std::string_view type) {
    const auto deadline = steady_clock::now() + kWait;
    while (steady_clock::now() < deadline) {
        const auto event = session.read(kWait);
        if (event.kind != WebSocketEvent::Kind::text) {
            ADD_FAILURE() << "the connection ended while waiting for " << type << ": " << event.payload;
            return {};
        }
        if (event.payload.find("\"type\":\"" + std::string(type) + "\"") != std::string::npos) {
            return event.payload;
        }
    }
    return {};
}

// The one journaled call, when there is exactly one.
std::optional<OpenCallRow> only_open_call(Store& store) {
    auto open = store.open_calls();
    if (!open || open->size() != 1) {
        return std::nullopt;
    }
    return open->front();
}

void answered_call_survives_sigkill(const std::optional<std::string>& database) {
    TempDir dir;
    const auto data = dir.path() / "data";
    const auto log = dir.path() / "backend.log";
    std::vector<std::string> options{"--demo", "--call-heartbeat", "1"};
    if (database) {
        options.insert(options.end(), {"--database", *database});
    }
    RunningBackend first;
    ASSERT_NO_FATAL_FAILURE(start_backend(first, data, log, options));
    const std::string ca = read_text(data / "tls" / "ca.pem");

    // The demo reception agent logs in and says it is available.
    HttpsClient https(first.port, {ca, std::nullopt});
    auto logged_in =
        https.request("POST", "/v1/staff/session",
                      R"({"login":"accueil","password":")" + first_line(data / "staff" / "accueil.password") + "\"}",
                      {{"Content-Type", "application/json"}});
    ASSERT_TRUE(logged_in) << logged_in.error();
    ASSERT_EQ(logged_in->status, 200) << logged_in->body;
    const auto agent_id = nlohmann::json::parse(logged_in->body).at("id").get<std::string>();
    const auto cookie = logged_in->header("set-cookie").value_or("");
    ASSERT_TRUE(cookie.starts_with("tc_staff=")) << cookie;
    const auto session = cookie.substr(0, cookie.find(';'));
    WebSocketClient console(first.port, ca);
    auto connected = console.connect("/v1/live", {{"Cookie", session}, {"Origin", "https://127.0.0.1"}});
    ASSERT_TRUE(connected) << connected.error().status << " " << connected.error().body;
    ASSERT_TRUE(console.send_text(wire::encode(wire::AgentStatus{true})));

    // The Murat kiosk asks for a call; the agent answers it.
    WebSocketClient kiosk(first.port, ca);
    connected =
        kiosk.connect("/v1/live", {{"Authorization", "Bearer " + first_line(data / "devices" / "murat.token")}});
    ASSERT_TRUE(connected) << connected.error().status << " " << connected.error().error;
    ASSERT_FALSE(next(kiosk, "hello").empty());
    ASSERT_TRUE(kiosk.send_text(wire::encode(wire::CallRequest{"Jeanne", "Louer un bureau"})));
    const auto queued = wire::decode_call_queued(next(kiosk, "call.queued"));
    ASSERT_TRUE(queued) << queued.error();
    ASSERT_TRUE(console.send_text(wire::encode_call_ref("call.accept", {queued->call_id})));
    ASSERT_FALSE(next(kiosk, "call.answered").empty());

    // While the call goes on, its journal row is refreshed (every second here).
    auto watcher = open_data_store(data, database, 1);
    ASSERT_TRUE(watcher) << watcher.error();
    EXPECT_TRUE(wait_until(
        [&] {
            const auto call = only_open_call(**watcher);
            return call && call->answered_at && call->last_seen_at > *call->answered_at;
        },
        kWait))
        << "the call in progress is journaled, answered, and seen again after it was answered";

    first.process->send_signal(SIGKILL);
    auto killed = first.process->wait(kPatience);
    ASSERT_TRUE(killed) << killed.error();
    ASSERT_EQ(*killed, 128 + SIGKILL);
    // What the killed backend left: the call as it last saw it.
    const auto left = only_open_call(**watcher);
    ASSERT_TRUE(left) << "the call in progress is still journaled";
    EXPECT_EQ(left->id, queued->call_id);
    EXPECT_EQ(left->site_id, "murat");
    EXPECT_EQ(left->agent_id, agent_id);
    auto none = (*watcher)->calls_ended_between(left->queued_at - hours{1}, left->last_seen_at + hours{1});
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_TRUE(none->empty()) << "no record yet: nobody saw the call end";
    watcher->reset();

    // The same data again: the call is recorded before the backend serves.
    RunningBackend second;
    ASSERT_NO_FATAL_FAILURE(start_backend(
        second, data, log, database ? std::vector<std::string>{"--database", *database} : std::vector<std::string>{}));
    auto store = open_data_store(data, database, 1);
    ASSERT_TRUE(store) << store.error();
    auto calls = (*store)->calls_ended_between(left->queued_at - hours{1}, left->last_seen_at + hours{1});
    ASSERT_TRUE(calls) << calls.error().message;
    ASSERT_EQ(calls->size(), 1u);
    const CallRow& record = calls->front();
    EXPECT_EQ(record.id, queued->call_id);
    EXPECT_EQ(record.outcome, kCallInterrupted);
    EXPECT_EQ(record.site_id, "murat");
    EXPECT_EQ(record.device_id, left->device_id);
    EXPECT_EQ(record.queued_at, left->queued_at);
    EXPECT_EQ(record.answered_at, left->answered_at);
    EXPECT_EQ(record.agent_id, agent_id);
    EXPECT_EQ(record.ended_at, left->last_seen_at) << "ended when last seen, not when the backend came back";
    auto open = (*store)->open_calls();
    ASSERT_TRUE(open) << open.error().message;
    EXPECT_TRUE(open->empty());
    // One line with the count, nothing of the visitor.
    const auto logged = read_text(log);
    EXPECT_NE(logged.find("telecentre-backend: 1 call(s) cut by an unclean stop recorded as interrupted"),
              std::string::npos)
        << logged;
    EXPECT_EQ(logged.find("Jeanne"), std::string::npos);
    EXPECT_EQ(logged.find("Louer un bureau"), std::string::npos);

    second.process->send_signal(SIGTERM);
    auto stopped = second.process->wait(kPatience);
    ASSERT_TRUE(stopped) << stopped.error();
    EXPECT_EQ(*stopped, 0);
}

TEST(CallCrash, AnAnsweredCallSurvivesSigkillAsInterrupted) { answered_call_survives_sigkill(std::nullopt); }

TEST(CallCrash, AnAnsweredCallSurvivesSigkillAsInterruptedOnPostgreSQL) {
    auto server = PostgresServer::shared();
    ASSERT_TRUE(server) << server.error();
    auto database = (*server)->create_database();
    ASSERT_TRUE(database) << database.error();
    answered_call_survives_sigkill(*database);
}

} // namespace
} // namespace telecentre::backend::test
