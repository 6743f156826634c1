// The room terminal's Janus client against the real Janus (scripts/janus, the project's
// configuration), with the room and token made by the backend's JanusRooms as in production.
// Runs inside tests/browser/in-netns --veth (ctest): Janus's APIs on 127.0.0.1, its ICE on the
// namespace's v0 (10.99.0.1), the terminal's webrtcbin on v1 (10.99.0.2); nothing leaves the
// namespace. Each case is its own process (ctest), with its own Janus.
#include "child_process.hpp"
#include "telecentre/backend/janus_rooms.hpp"
#include "telecentre/media/media.hpp"
#include "telecentre/media/webrtcbin_call.hpp"
#include "telecentre/platform/janus_room_client.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <mutex>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;
using namespace telecentre;
using telecentre::testing::wait_until;

namespace {

constexpr std::int64_t kRoom = 4321;
constexpr const char* kPin = "482913";
constexpr const char* kToken = "conference-token-0123456789abcdef0123";

std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

// scripts/janus on free loopback ports, ICE on the namespace's v0, plus the backend's JanusRooms.
class JanusServer {
public:
    JanusServer() : m_logs("janus-client", telecentre::testing::KeepFolder::when_the_test_failed) {
        // As root Janus runs as nobody, which must reach its folder: under /tmp, 0711.
        m_folder = std::filesystem::path(m_logs.path()) / "janus";
        std::filesystem::create_directories(m_folder);
        std::filesystem::permissions(m_logs.path(), std::filesystem::perms::owner_all |
                                                        std::filesystem::perms::group_exec |
                                                        std::filesystem::perms::others_exec);
        m_http = free_port();
        m_ws = free_port();
        m_admin = free_port();
    }

    void start() {
        const char* interface = std::getenv("TELECENTRE_TEST_INTERFACE");
        m_janus = std::make_unique<telecentre::testing::ChildProcess>(
            std::vector<std::string>{TELECENTRE_SOURCE_DIR "/scripts/janus", "--folder", m_folder.string(),
                                     "--http-port", std::to_string(m_http), "--ws-port", std::to_string(m_ws),
                                     "--admin-port", std::to_string(m_admin), "--ice-interface",
                                     interface != nullptr ? interface : "v0", "--rtp-port-range", "30000-30999"},
            std::vector<std::string>{}, (m_logs.path() / "janus.log").string());
        ASSERT_TRUE(wait_until([this] { return std::filesystem::exists(m_folder / "secrets.json"); }, 10s));
        std::ifstream file(m_folder / "secrets.json");
        const auto secrets = nlohmann::json::parse(file, nullptr, false);
        ASSERT_TRUE(secrets.is_object());
        auto rooms = backend::JanusRooms::make(backend::JanusConfig{
            "http://127.0.0.1:" + std::to_string(m_http) + "/janus",
            "http://127.0.0.1:" + std::to_string(m_admin) + "/admin", secrets.value("api_secret", std::string()),
            secrets.value("admin_secret", std::string()), 2000ms});
        ASSERT_TRUE(rooms) << rooms.error();
        m_rooms = std::move(*rooms);
        ASSERT_TRUE(wait_until([this] { return m_janus->running() && m_rooms->room_exists(kRoom).has_value(); }, 15s))
            << "Janus did not answer (see " << m_logs.path() << "/janus.log)";
        backend::SfuRooms::Room room;
        room.number = kRoom;
        room.secret = "room-secret-0123456789";
        room.pin = kPin;
        room.description = "janus_room_client_test";
        const auto created = m_rooms->create_room(room);
        ASSERT_TRUE(created) << created.error();
        const auto stored = m_rooms->add_token(kToken);
        ASSERT_TRUE(stored) << stored.error();
    }

    void kill() { m_janus->signal(SIGKILL); }

    [[nodiscard]] std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(m_ws) + "/janus"; }

private:
    telecentre::testing::TempDir m_logs;
    std::filesystem::path m_folder;
    std::uint16_t m_http = 0;
    std::uint16_t m_ws = 0;
    std::uint16_t m_admin = 0;
    std::unique_ptr<telecentre::testing::ChildProcess> m_janus;
    std::unique_ptr<backend::JanusRooms> m_rooms;
};

// What one client reported, read from the test's thread.
struct Record {
    mutable std::mutex mutex;
    std::optional<platform::JanusJoined> joined;
    std::vector<std::string> answers;
    std::vector<platform::JanusSubscriberOffer> offers;
    std::vector<platform::JanusPublisher> publishers;
    std::vector<std::uint64_t> gone;
    std::vector<platform::JanusDeparture> departures;
    std::vector<platform::JanusRequestError> errors;
    std::vector<std::string> lost;
    std::vector<platform::JanusMediaEventKind> media;
    int remote_candidates = 0;
    std::vector<std::string> logs;

    template <typename Function> auto read(const Function& function) const {
        std::lock_guard lock{mutex};
        return function(*this);
    }
};

// The client's callbacks fill `record`; `also` adds a step of the test's own (wiring a call).
platform::JanusRoomCallbacks recording(const std::shared_ptr<Record>& record) {
    platform::JanusRoomCallbacks callbacks;
    callbacks.on_joined = [record](const platform::JanusJoined& joined) {
        std::lock_guard lock{record->mutex};
        record->joined = joined;
        record->publishers.insert(record->publishers.end(), joined.publishers.begin(), joined.publishers.end());
    };
    callbacks.on_publisher_answer = [record](const std::string& sdp) {
        std::lock_guard lock{record->mutex};
        record->answers.push_back(sdp);
    };
    callbacks.on_subscriber_offer = [record](const platform::JanusSubscriberOffer& offer) {
        std::lock_guard lock{record->mutex};
        record->offers.push_back(offer);
    };
    callbacks.on_publishers = [record](const std::vector<platform::JanusPublisher>& publishers) {
        std::lock_guard lock{record->mutex};
        record->publishers.insert(record->publishers.end(), publishers.begin(), publishers.end());
    };
    callbacks.on_publisher_gone = [record](std::uint64_t id, platform::JanusDeparture how) {
        std::lock_guard lock{record->mutex};
        record->gone.push_back(id);
        record->departures.push_back(how);
    };
    callbacks.on_error = [record](const platform::JanusRequestError& error) {
        std::lock_guard lock{record->mutex};
        record->errors.push_back(error);
    };
    callbacks.on_lost = [record](const std::string& reason) {
        std::lock_guard lock{record->mutex};
        record->lost.push_back(reason);
    };
    callbacks.on_media = [record](platform::JanusHandleRole, const platform::JanusMediaEvent& event) {
        std::lock_guard lock{record->mutex};
        record->media.push_back(event.kind);
    };
    callbacks.on_remote_candidate = [record](platform::JanusHandleRole, const platform::JanusCandidate&) {
        std::lock_guard lock{record->mutex};
        ++record->remote_candidates;
    };
    callbacks.on_log = [record](const std::string& message) {
        std::lock_guard lock{record->mutex};
        record->logs.push_back(message);
    };
    return callbacks;
}

class JanusRoomClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (std::getenv("TELECENTRE_TEST_INTERFACE") == nullptr) {
            GTEST_SKIP() << "needs tests/browser/in-netns --veth (Janus gathers no candidate on loopback)";
        }
        m_janus.start();
    }

    platform::JanusRoomConfig config(const std::string& display) const {
        platform::JanusRoomConfig config;
        config.url = m_janus.ws_url();
        config.token = kToken;
        config.room = kRoom;
        config.pin = kPin;
        config.display = display;
        config.request_timeout = 5s;
        return config;
    }

    std::unique_ptr<platform::JanusRoomClient> connect(platform::JanusRoomConfig configuration,
                                                       platform::JanusRoomCallbacks callbacks) {
        auto client = platform::JanusRoomClient::connect(std::move(configuration), std::move(callbacks));
        EXPECT_TRUE(client) << client.error();
        return client ? std::move(*client) : nullptr;
    }

    JanusServer m_janus;
};

bool joined(const Record& record) { return record.joined.has_value(); }

} // namespace

TEST_F(JanusRoomClientTest, AWrongPinAndAWrongTokenAreRefusedWithJanussCodes) {
    auto pin_record = std::make_shared<Record>();
    auto wrong_pin = config("wrong pin");
    wrong_pin.pin = "000000";
    auto refused = connect(wrong_pin, recording(pin_record));
    ASSERT_TRUE(wait_until([&] { return pin_record->read([](const Record& r) { return !r.errors.empty(); }); }, 10s));
    pin_record->read([](const Record& r) {
        EXPECT_EQ(r.errors.at(0).request, "join");
        EXPECT_EQ(r.errors.at(0).code, 433) << r.errors.at(0).reason;
        EXPECT_FALSE(r.joined);
        return 0;
    });

    auto token_record = std::make_shared<Record>();
    auto wrong_token = config("wrong token");
    wrong_token.token = "not-a-stored-token-0123456789";
    auto unauthorised = connect(wrong_token, recording(token_record));
    ASSERT_TRUE(wait_until([&] { return token_record->read([](const Record& r) { return !r.lost.empty(); }); }, 10s));
    unauthorised->leave();
    token_record->read([](const Record& r) {
        EXPECT_EQ(r.errors.at(0).request, "create");
        EXPECT_EQ(r.errors.at(0).code, 403) << r.errors.at(0).reason;
        EXPECT_EQ(r.lost.size(), 1U) << "the client stops: no session without the token";
        return 0;
    });

    auto no_room_record = std::make_shared<Record>();
    auto no_room = config("no room");
    no_room.room = kRoom + 1;
    auto missing = connect(no_room, recording(no_room_record));
    ASSERT_TRUE(
        wait_until([&] { return no_room_record->read([](const Record& r) { return !r.errors.empty(); }); }, 10s));
    no_room_record->read([](const Record& r) {
        EXPECT_EQ(r.errors.at(0).code, 426) << r.errors.at(0).reason;
        return 0;
    });
}

TEST_F(JanusRoomClientTest, KeepalivesAreAcknowledged) {
    auto record = std::make_shared<Record>();
    auto fast = config("keepalive");
    fast.keepalive_interval = 1s;
    auto client = connect(fast, recording(record));
    ASSERT_TRUE(wait_until([&] { return client->stats().keepalives_acked >= 3; }, 10s));
    const auto stats = client->stats();
    EXPECT_LE(stats.keepalives_sent - stats.keepalives_acked, 1U);
    EXPECT_NE(stats.session_id, 0U);
    EXPECT_EQ(stats.messages_ignored, 0U) << record->read([](const Record& r) { return r.logs.front(); });
    EXPECT_TRUE(record->read([](const Record& r) { return r.lost.empty() && r.errors.empty(); }));
}

TEST_F(JanusRoomClientTest, JanusKilledIsReportedOnceAsLostByEveryClient) {
    auto first = std::make_shared<Record>();
    auto second = std::make_shared<Record>();
    auto a = connect(config("A"), recording(first));
    auto b = connect(config("B"), recording(second));
    ASSERT_TRUE(wait_until([&] { return first->read(joined) && second->read(joined); }, 10s));
    m_janus.kill();
    ASSERT_TRUE(wait_until(
        [&] {
            return first->read([](const Record& r) { return !r.lost.empty(); }) &&
                   second->read([](const Record& r) { return !r.lost.empty(); });
        },
        10s));
    a->leave();
    b->leave();
    EXPECT_EQ(first->read([](const Record& r) { return r.lost.size(); }), 1U);
    EXPECT_EQ(second->read([](const Record& r) { return r.lost.size(); }), 1U);
}

namespace {

// One WebrtcbinCall wired to one handle of a client: its descriptions and candidates go to Janus
// through the client, Janus's come back to it.
struct Wiring {
    std::mutex mutex;
    platform::JanusRoomClient* client = nullptr;
    media::WebrtcbinCall* call = nullptr;
    std::vector<media::CallState> states;
    std::vector<std::string> errors;
    std::vector<std::string> candidates;
    std::string local_description;

    bool saw(media::CallState state) {
        std::lock_guard lock{mutex};
        return std::ranges::find(states, state) != states.end();
    }
    void unlink() {
        std::lock_guard lock{mutex};
        client = nullptr;
        call = nullptr;
    }
};

media::CallCallbacks call_callbacks(const std::shared_ptr<Wiring>& wiring, platform::JanusHandleRole role) {
    media::CallCallbacks callbacks;
    callbacks.on_local_description = [wiring, role](media::SdpType type, const std::string& sdp) {
        std::lock_guard lock{wiring->mutex};
        wiring->local_description = sdp;
        if (wiring->client == nullptr) {
            return;
        }
        if (type == media::SdpType::offer && role == platform::JanusHandleRole::publisher) {
            wiring->client->publish(sdp);
        } else if (type == media::SdpType::answer && role == platform::JanusHandleRole::subscriber) {
            wiring->client->start(sdp);
        }
    };
    callbacks.on_local_candidate = [wiring, role](unsigned mline_index, const std::string& candidate) {
        std::lock_guard lock{wiring->mutex};
        wiring->candidates.push_back(candidate);
        if (wiring->client != nullptr) {
            wiring->client->trickle(role, mline_index, "", candidate);
        }
    };
    callbacks.on_state = [wiring](media::CallState state) {
        std::lock_guard lock{wiring->mutex};
        wiring->states.push_back(state);
    };
    callbacks.on_error = [wiring](const std::string& message) {
        std::lock_guard lock{wiring->mutex};
        wiring->errors.push_back(message);
    };
    return callbacks;
}

std::string diagnose(const Record& record, Wiring& wiring) {
    std::string text;
    {
        std::lock_guard lock{record.mutex};
        text += std::to_string(record.answers.size()) + " answer(s), errors:";
        for (const auto& error : record.errors) {
            text += " " + error.request + " " + std::to_string(error.code) + " " + error.reason + ";";
        }
        for (const auto& line : record.logs) {
            text += " log: " + line + ";";
        }
        if (!record.answers.empty()) {
            text += "\nanswer:\n" + record.answers.front();
        }
    }
    std::lock_guard lock{wiring.mutex};
    text += "\nlocal description:\n" + wiring.local_description + "\nlocal candidates:";
    for (const auto& candidate : wiring.candidates) {
        text += "\n" + candidate;
    }
    text += "\ncall states:";
    for (const auto state : wiring.states) {
        text += std::string(" ") + media::to_string(state);
    }
    for (const auto& error : wiring.errors) {
        text += "\ncall error: " + error;
    }
    return text;
}

media::CallConfig namespace_config(media::VideoSourceKind video, media::AudioSourceKind audio) {
    media::CallConfig config;
    config.video_source.kind = video;
    config.audio_source.kind = audio;
    config.audio_output = media::AudioOutput::fake;
    config.video_codec = media::VideoCodec::vp8;
    config.width = 320;
    config.height = 240;
    config.fps = 15;
    config.video_bitrate_kbps = 300;
    config.audio_processing = media::AudioProcessing::off;
    // Janus's own address (v0, TELECENTRE_TEST_ADDRESS): from v1's 10.99.0.2 webrtcbin's checks
    // to Janus's 10.99.0.1 got no answer here (libnice gave up after its three tries).
    const char* address = std::getenv("TELECENTRE_TEST_ADDRESS");
    config.ice_local_addresses = {address != nullptr ? address : "10.99.0.1"};
    return config;
}

} // namespace

// A publishes webrtcbin's real offer and connects; B sees A, subscribes, answers Janus's offer
// with a receive-only webrtcbin and decodes A's picture; A leaves and B is told.
TEST_F(JanusRoomClientTest, APublisherIsSeenSubscribedToAndDecodedThenItsDepartureReported) {
    const auto initialised = media::initialise();
    ASSERT_TRUE(initialised) << initialised.error();

    auto first = std::make_shared<Record>();
    auto publisher_wiring = std::make_shared<Wiring>();
    auto first_callbacks = recording(first);
    first_callbacks.on_publisher_answer = [first, publisher_wiring](const std::string& sdp) {
        {
            std::lock_guard lock{first->mutex};
            first->answers.push_back(sdp);
        }
        std::lock_guard lock{publisher_wiring->mutex};
        if (publisher_wiring->call != nullptr) {
            publisher_wiring->call->set_remote_description(media::SdpType::answer, sdp);
        }
    };
    auto a = connect(config("Salle visio"), std::move(first_callbacks));
    ASSERT_TRUE(wait_until([&] { return first->read(joined); }, 10s));
    const auto a_id = first->read([](const Record& r) { return r.joined->id; });

    media::WebrtcbinCall publisher_call(
        namespace_config(media::VideoSourceKind::test_pattern, media::AudioSourceKind::test_tone),
        call_callbacks(publisher_wiring, platform::JanusHandleRole::publisher));
    {
        std::lock_guard lock{publisher_wiring->mutex};
        publisher_wiring->client = a.get();
        publisher_wiring->call = &publisher_call;
    }
    const auto offered = std::chrono::steady_clock::now();
    publisher_call.create_offer();
    ASSERT_TRUE(wait_until([&] { return publisher_wiring->saw(media::CallState::connected); }, 20s))
        << "the publisher's call never connected through Janus: " << diagnose(*first, *publisher_wiring);
    std::printf(
        "publisher: offer asked -> connected through Janus in %lld ms\n",
        static_cast<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - offered).count()));
    EXPECT_TRUE(first->read([](const Record& r) { return r.answers.size() == 1 && r.errors.empty(); }));
    EXPECT_TRUE(wait_until(
        [&] {
            return first->read([](const Record& r) {
                return std::ranges::count(r.media, platform::JanusMediaEventKind::webrtcup) == 1;
            });
        },
        10s))
        << "Janus says webrtcup for the publisher";

    // B joins and finds A among the publishers, with A's two streams.
    auto second = std::make_shared<Record>();
    auto subscriber_wiring = std::make_shared<Wiring>();
    auto second_callbacks = recording(second);
    second_callbacks.on_subscriber_offer = [second, subscriber_wiring](const platform::JanusSubscriberOffer& offer) {
        {
            std::lock_guard lock{second->mutex};
            second->offers.push_back(offer);
        }
        std::lock_guard lock{subscriber_wiring->mutex};
        if (subscriber_wiring->call != nullptr) {
            subscriber_wiring->call->set_remote_description(media::SdpType::offer, offer.sdp);
        }
    };
    auto b = connect(config("Invité"), std::move(second_callbacks));
    ASSERT_TRUE(wait_until(
        [&] {
            return second->read([a_id](const Record& r) {
                return std::ranges::any_of(r.publishers, [a_id](const auto& p) { return p.id == a_id; });
            });
        },
        10s));
    second->read([a_id](const Record& r) {
        const auto& seen = *std::ranges::find_if(r.publishers, [a_id](const auto& p) { return p.id == a_id; });
        EXPECT_EQ(seen.display, "Salle visio");
        EXPECT_TRUE(
            std::ranges::any_of(seen.streams, [](const auto& s) { return s.type == "audio" && s.codec == "opus"; }));
        EXPECT_TRUE(
            std::ranges::any_of(seen.streams, [](const auto& s) { return s.type == "video" && s.codec == "vp8"; }));
        return 0;
    });

    media::WebrtcbinCall subscriber_call(namespace_config(media::VideoSourceKind::none, media::AudioSourceKind::none),
                                         call_callbacks(subscriber_wiring, platform::JanusHandleRole::subscriber));
    {
        std::lock_guard lock{subscriber_wiring->mutex};
        subscriber_wiring->client = b.get();
        subscriber_wiring->call = &subscriber_call;
    }
    b->subscribe({platform::JanusStreamRequest{a_id, ""}});
    ASSERT_TRUE(wait_until([&] { return second->read([](const Record& r) { return !r.offers.empty(); }); }, 10s));
    second->read([a_id](const Record& r) {
        const auto& offer = r.offers.front();
        EXPECT_TRUE(offer.first);
        EXPECT_NE(offer.sdp.find("m=video"), std::string::npos);
        for (const auto* type : {"audio", "video"}) {
            EXPECT_TRUE(std::ranges::any_of(offer.streams, [a_id, type](const auto& s) {
                return s.type == type && s.feed_id == a_id && s.feed_display == "Salle visio" && s.active;
            })) << type;
        }
        return 0;
    });
    ASSERT_TRUE(wait_until([&] { return subscriber_call.stats().video_frames_decoded >= 10; }, 20s))
        << "B never decoded A's picture; call errors: "
        << (subscriber_wiring->errors.empty() ? std::string("none") : subscriber_wiring->errors.front());
    EXPECT_TRUE(subscriber_wiring->saw(media::CallState::connected));
    EXPECT_TRUE(second->read([](const Record& r) { return r.errors.empty(); }));
    std::printf("Janus's trickled candidates: %d to the publisher, %d to the subscriber\n",
                first->read([](const Record& r) { return r.remote_candidates; }),
                second->read([](const Record& r) { return r.remote_candidates; }));

    // B drops A's video: Janus renegotiates with an "updated" offer (answered with "start" too).
    const auto video_mid = second->read([a_id](const Record& r) {
        const auto& seen = *std::ranges::find_if(r.publishers, [a_id](const auto& p) { return p.id == a_id; });
        return std::ranges::find_if(seen.streams, [](const auto& s) { return s.type == "video"; })->mid;
    });
    b->unsubscribe({platform::JanusStreamRequest{a_id, video_mid}});
    ASSERT_TRUE(wait_until([&] { return second->read([](const Record& r) { return r.offers.size() >= 2; }); }, 10s));
    second->read([a_id](const Record& r) {
        const auto& offer = r.offers.at(1);
        EXPECT_FALSE(offer.first);
        EXPECT_TRUE(std::ranges::any_of(
            offer.streams, [a_id](const auto& s) { return s.type == "audio" && s.feed_id == a_id && s.active; }));
        EXPECT_TRUE(std::ranges::none_of(offer.streams, [](const auto& s) { return s.type == "video" && s.active; }));
        EXPECT_TRUE(r.errors.empty()) << r.errors.front().request << " " << r.errors.front().reason;
        return 0;
    });

    {
        std::lock_guard lock{subscriber_wiring->mutex};
        std::printf("the receive-only call after Janus's renegotiation: %zu error(s)%s%s\n",
                    subscriber_wiring->errors.size(), subscriber_wiring->errors.empty() ? "" : ", the first: ",
                    subscriber_wiring->errors.empty() ? "" : subscriber_wiring->errors.front().c_str());
    }

    // A leaves: B is told A is gone (its tiles go on that: with its only feed gone, Janus 1.1.2
    // sends the subscription no new offer and no hangup).
    publisher_wiring->unlink();
    a->leave();
    ASSERT_TRUE(wait_until(
        [&] { return second->read([a_id](const Record& r) { return std::ranges::count(r.gone, a_id) > 0; }); }, 10s));
    // A publisher that leaves is announced by "leaving" alone (no "unpublished" first).
    second->read([](const Record& r) {
        EXPECT_EQ(r.departures, std::vector<platform::JanusDeparture>{platform::JanusDeparture::left});
        return 0;
    });
    subscriber_wiring->unlink();
    b->leave();
    EXPECT_TRUE(second->read([](const Record& r) { return r.lost.empty(); })) << "leave() reports nothing";
    publisher_call.hang_up();
    subscriber_call.hang_up();
}
