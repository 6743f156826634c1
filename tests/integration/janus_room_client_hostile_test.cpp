// The room terminal's Janus client against a scripted stand-in for Janus on 127.0.0.1 that
// misbehaves on purpose: garbage and foreign answers among the right ones, a message over the
// size limit, silence. Also what the client sends: the subprotocol, the token in every request,
// and leave + destroy on leave(). No media, no namespace needed (loopback only).
#include <utility>
// (the comment line keeps clang-format from sorting <utility> after the others: Boost 1.74's
// Asio needs it first, DESIGN.md §5)
#include "telecentre/platform/janus_room_client.hpp"
#include "wait_until.hpp"

#include <atomic>
#include <functional>
#include <gtest/gtest.h>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#pragma GCC diagnostic pop

using namespace std::chrono_literals;
using namespace telecentre;
using nlohmann::json;
using telecentre::testing::wait_until;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Socket = websocket::stream<tcp::socket>;

// One connection, served on a thread of its own: each request received is recorded and handed to
// the script, which answers (or not) through `send`.
class FakeJanus {
public:
    using Script = std::function<void(const json& request, const std::function<void(std::string)>& send)>;

    explicit FakeJanus(Script script) : m_script(std::move(script)) {
        m_acceptor.open(tcp::v4());
        m_acceptor.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        m_acceptor.listen();
        m_thread = std::thread([this] { serve(); });
    }

    ~FakeJanus() {
        if (!m_accepted.load()) {
            // Unblock the accept with a connection of our own.
            beast::error_code ignored;
            tcp::socket poke(m_io);
            poke.connect(m_acceptor.local_endpoint(), ignored);
        }
        m_thread.join();
    }

    [[nodiscard]] std::string url() const {
        return "ws://127.0.0.1:" + std::to_string(m_acceptor.local_endpoint().port()) + "/janus";
    }

    [[nodiscard]] std::vector<json> requests() const {
        std::lock_guard lock{m_mutex};
        return m_requests;
    }
    [[nodiscard]] std::string subprotocol() const {
        std::lock_guard lock{m_mutex};
        return m_subprotocol;
    }
    [[nodiscard]] bool closed() const { return m_closed.load(); }

private:
    void serve() {
        beast::error_code error;
        tcp::socket socket(m_io);
        m_acceptor.accept(socket, error);
        m_accepted = true;
        if (error) {
            return;
        }
        Socket ws(std::move(socket));
        beast::http::request<beast::http::string_body> upgrade;
        beast::flat_buffer buffer;
        beast::http::read(ws.next_layer(), buffer, upgrade, error);
        if (error) {
            return;
        }
        {
            std::lock_guard lock{m_mutex};
            m_subprotocol = std::string(upgrade[beast::http::field::sec_websocket_protocol]);
        }
        ws.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
            response.set(beast::http::field::sec_websocket_protocol, "janus-protocol");
        }));
        ws.accept(upgrade, error);
        ws.text(true);
        const auto send = [&ws](std::string text) {
            beast::error_code ignored;
            ws.write(asio::buffer(text), ignored);
        };
        while (!error) {
            beast::flat_buffer message;
            ws.read(message, error);
            if (error) {
                break;
            }
            const auto request = json::parse(beast::buffers_to_string(message.cdata()), nullptr, false);
            {
                std::lock_guard lock{m_mutex};
                m_requests.push_back(request);
            }
            m_script(request, send);
        }
        m_closed = true;
    }

    Script m_script;
    asio::io_context m_io;
    tcp::acceptor m_acceptor{m_io};
    mutable std::mutex m_mutex;
    std::vector<json> m_requests;
    std::string m_subprotocol;
    std::atomic<bool> m_accepted{false};
    std::atomic<bool> m_closed{false};
    std::thread m_thread;
};

// Janus's right answers: a session, handles 2 and 3, an ack and the joined event for a join.
void answer_like_janus(const json& request, const std::function<void(std::string)>& send) {
    const auto verb = request.value("janus", std::string());
    const auto transaction = request.value("transaction", std::string());
    if (verb == "create") {
        send(json{{"janus", "success"}, {"transaction", transaction}, {"data", {{"id", 1}}}}.dump());
    } else if (verb == "attach") {
        send(json{{"janus", "success"}, {"session_id", 1}, {"transaction", transaction}, {"data", {{"id", 2}}}}.dump());
    } else if (verb == "message" && request["body"].value("request", std::string()) == "join") {
        send(json{{"janus", "ack"}, {"session_id", 1}, {"transaction", transaction}}.dump());
        send(json{{"janus", "event"},
                  {"session_id", 1},
                  {"sender", 2},
                  {"transaction", transaction},
                  {"plugindata",
                   {{"plugin", "janus.plugin.videoroom"},
                    {"data", {{"videoroom", "joined"}, {"room", 4321}, {"id", 77}, {"private_id", 5}}}}}}
                 .dump());
    } else if (verb == "destroy") {
        send(json{{"janus", "success"}, {"session_id", 1}, {"transaction", transaction}}.dump());
    } else if (verb == "keepalive" || verb == "trickle" || verb == "message") {
        send(json{{"janus", "ack"}, {"session_id", 1}, {"transaction", transaction}}.dump());
    }
}

struct Seen {
    std::mutex mutex;
    bool joined = false;
    std::vector<std::string> lost;
    std::vector<std::string> logs;
    std::vector<platform::JanusRequestError> errors;
};

platform::JanusRoomCallbacks watching(const std::shared_ptr<Seen>& seen) {
    platform::JanusRoomCallbacks callbacks;
    callbacks.on_joined = [seen](const platform::JanusJoined&) {
        std::lock_guard lock{seen->mutex};
        seen->joined = true;
    };
    callbacks.on_lost = [seen](const std::string& reason) {
        std::lock_guard lock{seen->mutex};
        seen->lost.push_back(reason);
    };
    callbacks.on_log = [seen](const std::string& message) {
        std::lock_guard lock{seen->mutex};
        seen->logs.push_back(message);
    };
    callbacks.on_error = [seen](const platform::JanusRequestError& error) {
        std::lock_guard lock{seen->mutex};
        seen->errors.push_back(error);
    };
    return callbacks;
}

platform::JanusRoomConfig config_for(const FakeJanus& janus) {
    platform::JanusRoomConfig config;
    config.url = janus.url();
    config.token = "the-conference-token";
    config.room = 4321;
    config.pin = "482913";
    config.display = "Salle visio";
    config.request_timeout = 1s;
    return config;
}

bool joined(Seen& seen) {
    std::lock_guard lock{seen.mutex};
    return seen.joined;
}

std::size_t lost_count(Seen& seen) {
    std::lock_guard lock{seen.mutex};
    return seen.lost.size();
}

} // namespace

TEST(JanusRoomClientHostile, GarbageAndForeignAnswersAreIgnoredAndTheTokenGoesEverywhere) {
    FakeJanus janus([](const json& request, const std::function<void(std::string)>& send) {
        if (request.value("janus", std::string()) == "create") {
            send("not json at all");
            send("[1, 2, 3]");
            send(R"({"janus":"success","transaction":"not-ours","data":{"id":99}})");
            send(R"({"janus":"event","sender":12345,"plugindata":{"plugin":"janus.plugin.videoroom","data":{}}})");
            send(R"({"janus":"error","transaction":"x"})");
        }
        answer_like_janus(request, send);
    });
    auto seen = std::make_shared<Seen>();
    auto client = platform::JanusRoomClient::connect(config_for(janus), watching(seen));
    ASSERT_TRUE(client) << client.error();
    ASSERT_TRUE(wait_until([&] { return joined(*seen); }, 5s));
    EXPECT_EQ((*client)->stats().messages_ignored, 5U);
    EXPECT_EQ(lost_count(*seen), 0U);
    EXPECT_EQ(janus.subprotocol(), "janus-protocol");

    (*client)->leave();
    const auto requests = janus.requests();
    ASSERT_GE(requests.size(), 5U); // create, attach, join, leave, destroy
    for (const auto& request : requests) {
        EXPECT_EQ(request.value("token", std::string()), "the-conference-token") << request.dump();
    }
    const auto& join = requests.at(2);
    EXPECT_EQ(join["body"], json::parse(R"({"request":"join","ptype":"publisher","room":4321,"pin":"482913",
                                             "display":"Salle visio"})"));
    EXPECT_EQ(join["handle_id"], 2);
    EXPECT_EQ(join["session_id"], 1);
    EXPECT_EQ(requests.at(requests.size() - 2)["body"]["request"], "leave");
    EXPECT_EQ(requests.back()["janus"], "destroy");
    EXPECT_TRUE(wait_until([&] { return janus.closed(); }, 2s)) << "leave() closes the WebSocket";
    EXPECT_EQ(lost_count(*seen), 0U) << "leave() is no loss";
}

TEST(JanusRoomClientHostile, AMessageOverTheLimitDropsTheLinkOnce) {
    std::atomic<bool> flood{false};
    FakeJanus janus([&flood](const json& request, const std::function<void(std::string)>& send) {
        answer_like_janus(request, send);
        if (request.value("janus", std::string()) == "message" && !flood.exchange(true)) {
            send(R"({"janus":"event","padding":")" + std::string(2 * 1024 * 1024, 'x') + R"("})");
        }
    });
    auto seen = std::make_shared<Seen>();
    auto client = platform::JanusRoomClient::connect(config_for(janus), watching(seen));
    ASSERT_TRUE(client) << client.error();
    ASSERT_TRUE(wait_until([&] { return lost_count(*seen) > 0; }, 5s));
    (*client)->leave();
    std::lock_guard lock{seen->mutex};
    EXPECT_EQ(seen->lost.size(), 1U);
    EXPECT_NE(seen->lost.front().find("size limit"), std::string::npos) << seen->lost.front();
}

TEST(JanusRoomClientHostile, AnUnansweredRequestIsALostLink) {
    FakeJanus janus([](const json&, const std::function<void(std::string)>&) {});
    auto seen = std::make_shared<Seen>();
    auto client = platform::JanusRoomClient::connect(config_for(janus), watching(seen));
    ASSERT_TRUE(client) << client.error();
    ASSERT_TRUE(wait_until([&] { return lost_count(*seen) > 0; }, 5s));
    std::lock_guard lock{seen->mutex};
    EXPECT_NE(seen->lost.front().find("did not answer \"create\""), std::string::npos) << seen->lost.front();
}

TEST(JanusRoomClientHostile, NoCallbackAfterLeaveReturns) {
    std::atomic<int> events{0};
    FakeJanus janus([](const json& request, const std::function<void(std::string)>& send) {
        answer_like_janus(request, send);
        // Talk on and on about a publisher, even after the goodbye.
        for (int i = 0; i < 50; ++i) {
            send(R"({"janus":"event","session_id":1,"sender":2,"plugindata":{"plugin":"janus.plugin.videoroom",
                     "data":{"videoroom":"talking","room":4321,"id":8}}})");
        }
    });
    auto callbacks = watching(std::make_shared<Seen>());
    auto after_leave = std::make_shared<std::atomic<bool>>(false);
    auto late = std::make_shared<std::atomic<int>>(0);
    callbacks.on_talking = [&events, after_leave, late](std::uint64_t, platform::JanusTalking) {
        ++events;
        if (after_leave->load()) {
            ++*late;
        }
    };
    auto client = platform::JanusRoomClient::connect(config_for(janus), std::move(callbacks));
    ASSERT_TRUE(client) << client.error();
    ASSERT_TRUE(wait_until([&] { return events.load() > 0; }, 5s));
    (*client)->leave();
    after_leave->store(true);
    (*client)->publish("v=0"); // after leave(): does nothing
    (*client)->subscribe({platform::JanusStreamRequest{8, ""}});
    client->reset();
    EXPECT_EQ(late->load(), 0);
}
