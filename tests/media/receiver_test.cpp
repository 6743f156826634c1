// The room terminal's receiver against a peer that offers as Janus's VideoRoom does to a
// multistream subscriber: two feeds, a third joining (renegotiation), one leaving (port 0), and
// input that must be refused without breaking the session.
#include "janus_like_offerer.hpp"
#include "telecentre/media/media.hpp"
#include "telecentre/media/webrtcbin_receiver.hpp"
#include "wait_until.hpp"

#include <algorithm>
#include <chrono>
#include <gtest/gtest.h>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::media {
namespace {

using namespace std::chrono_literals;
using telecentre::testing::wait_until;
using testing::FeedSound;
using testing::JanusLikeOfferer;

// Generous: the sanitizer build is several times slower than release.
constexpr auto kDeadline = 30s;

ReceiverConfig loopback_receiver() {
    ReceiverConfig config;
    config.audio_output = AudioOutput::fake;
    config.receive_video_kbps = 500;
    config.ice_local_addresses = {"127.0.0.1"};
    return config;
}

// The receiver and the offerer, signalling wired between them; what the receiver reported.
class Session {
public:
    Session()
        : m_offerer{[this](unsigned mline_index, const std::string& candidate) {
              m_receiver->add_remote_candidate(mline_index, candidate);
          }} {
        ReceiverCallbacks callbacks;
        callbacks.on_local_description = [this](const std::string& sdp) {
            std::lock_guard lock{m_mutex};
            m_answers.push_back(sdp);
        };
        callbacks.on_local_candidate = [this](unsigned mline_index, const std::string& candidate) {
            m_offerer.add_remote_candidate(mline_index, candidate);
        };
        callbacks.on_stream_added = [this](const std::string& mid, StreamKind kind) {
            std::lock_guard lock{m_mutex};
            m_added.emplace_back(mid, kind);
        };
        callbacks.on_stream_removed = [this](const std::string& mid) {
            std::lock_guard lock{m_mutex};
            m_removed.push_back(mid);
        };
        callbacks.on_error = [this](const std::string& message) {
            std::lock_guard lock{m_mutex};
            m_errors.push_back(message);
        };
        m_receiver.emplace(loopback_receiver(), callbacks);
    }
    ~Session() { m_receiver->close(); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    WebrtcbinReceiver& receiver() { return *m_receiver; }
    JanusLikeOfferer& offerer() { return m_offerer; }

    // One offer/answer round: returns the answer.
    std::string negotiate() {
        const std::size_t before = answers().size();
        m_receiver->set_remote_offer(m_offerer.offer());
        EXPECT_TRUE(wait_until([&] { return answers().size() > before; }, kDeadline)) << errors_text();
        const auto all = answers();
        if (all.size() <= before) {
            return {};
        }
        EXPECT_EQ(m_offerer.set_answer(all.back()), "");
        return all.back();
    }

    std::vector<std::string> answers() const {
        std::lock_guard lock{m_mutex};
        return m_answers;
    }
    std::vector<std::string> errors() const {
        std::lock_guard lock{m_mutex};
        return m_errors;
    }
    std::string errors_text() const {
        std::string text;
        for (const auto& error : errors()) {
            text += error + "; ";
        }
        return text;
    }
    std::vector<std::pair<std::string, StreamKind>> added() const {
        std::lock_guard lock{m_mutex};
        return m_added;
    }
    std::vector<std::string> removed() const {
        std::lock_guard lock{m_mutex};
        return m_removed;
    }

    std::optional<ReceivedStreamStats> stream(const std::string& mid) const {
        for (const auto& entry : m_receiver->stats().streams) {
            if (entry.mid == mid) {
                return entry;
            }
        }
        return std::nullopt;
    }

    // The video of `mid` decodes now: its counter grows past where it is, twice, and its
    // mailbox holds a picture.
    void expect_video_flowing(const std::string& mid) {
        for (int round = 0; round < 2; ++round) {
            const auto start = stream(mid).value_or(ReceivedStreamStats{}).video_frames_decoded;
            EXPECT_TRUE(wait_until(
                [&] { return stream(mid).value_or(ReceivedStreamStats{}).video_frames_decoded >= start + 3; },
                kDeadline))
                << "video " << mid << " stuck at " << start << "; " << errors_text();
        }
        auto mailbox = m_receiver->video(mid);
        ASSERT_NE(mailbox, nullptr) << mid;
        VideoFrame frame;
        EXPECT_TRUE(wait_until([&] { return mailbox->take(frame); }, kDeadline)) << mid;
        EXPECT_EQ(frame.width, 160);
        EXPECT_EQ(frame.height, 120);
    }

    // The audio of `mid` is decoded now (half a second more of it) and its level is above
    // `above` or below `below`.
    void expect_audio_flowing(const std::string& mid, double above, double below) {
        const auto start = stream(mid).value_or(ReceivedStreamStats{}).audio_samples_received;
        EXPECT_TRUE(wait_until(
            [&] { return stream(mid).value_or(ReceivedStreamStats{}).audio_samples_received >= start + 48000 / 2; },
            kDeadline))
            << "audio " << mid << " stuck at " << start << "; " << errors_text();
        const double level = stream(mid).value_or(ReceivedStreamStats{}).audio_level;
        EXPECT_GT(level, above) << mid;
        EXPECT_LT(level, below) << mid;
    }

    // The video of `mid` decodes nothing for half a second (bounded by the deadline).
    bool holds_still(const std::string& mid) {
        auto last = stream(mid).value_or(ReceivedStreamStats{}).video_frames_decoded;
        auto since = std::chrono::steady_clock::now();
        return wait_until(
            [&] {
                const auto now = stream(mid).value_or(ReceivedStreamStats{}).video_frames_decoded;
                if (now != last) {
                    last = now;
                    since = std::chrono::steady_clock::now();
                }
                return std::chrono::steady_clock::now() - since > 500ms;
            },
            kDeadline);
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::string> m_answers;
    std::vector<std::string> m_errors;
    std::vector<std::pair<std::string, StreamKind>> m_added;
    std::vector<std::string> m_removed;
    std::optional<WebrtcbinReceiver> m_receiver; // made after the offerer, closed before it
    JanusLikeOfferer m_offerer;
};

class ReceiverTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto initialised = initialise();
        ASSERT_TRUE(initialised.has_value()) << initialised.error();
    }
};

constexpr double kTone = 0.05; // the offerer's 0.3 sine is ~0.2 RMS
constexpr double kSilence = 0.001;

TEST_F(ReceiverTest, two_feeds_then_a_third_joins_then_one_leaves) {
    Session session;
    session.offerer().add_feed(FeedSound::tone);
    session.offerer().add_feed(FeedSound::silence);
    const std::string answer = session.negotiate();
    EXPECT_NE(answer.find("a=recvonly"), std::string::npos) << answer;
    EXPECT_EQ(answer.find("a=sendrecv"), std::string::npos) << answer;
    EXPECT_NE(answer.find("b=AS:500"), std::string::npos) << answer;
    const auto [video_a, audio_a] = session.offerer().mids(0);
    const auto [video_b, audio_b] = session.offerer().mids(1);
    EXPECT_EQ(session.added().size(), 4U);
    session.expect_video_flowing(video_a);
    session.expect_video_flowing(video_b);
    session.expect_audio_flowing(audio_a, kTone, 1.0);
    session.expect_audio_flowing(audio_b, -1.0, kSilence);
    const auto stats = session.receiver().stats();
    EXPECT_EQ(stats.state, CallState::connected);
    EXPECT_TRUE(stats.ice_state == IceState::connected || stats.ice_state == IceState::completed);
    ASSERT_EQ(stats.streams.size(), 4U);

    // A third participant: a new offer on the same connection, two m-lines appended.
    session.offerer().add_feed(FeedSound::tone);
    session.negotiate();
    const auto [video_c, audio_c] = session.offerer().mids(2);
    EXPECT_EQ(session.added().size(), 6U);
    session.expect_video_flowing(video_c);
    session.expect_audio_flowing(audio_c, kTone, 1.0);
    session.expect_video_flowing(video_a);
    session.expect_video_flowing(video_b);
    EXPECT_EQ(session.receiver().stats().answers, 2U);

    // The second participant leaves: its m-lines go port 0, inactive.
    session.offerer().remove_feed(1);
    session.negotiate();
    EXPECT_TRUE(wait_until([&] { return session.removed().size() == 2; }, kDeadline));
    const auto removed = session.removed();
    EXPECT_NE(std::ranges::find(removed, video_b), removed.end());
    EXPECT_NE(std::ranges::find(removed, audio_b), removed.end());
    EXPECT_FALSE(session.stream(video_b).value_or(ReceivedStreamStats{}).active);
    EXPECT_TRUE(session.holds_still(video_b)) << "the departed participant's picture stops";
    session.expect_video_flowing(video_a);
    session.expect_video_flowing(video_c);
    session.expect_audio_flowing(audio_a, kTone, 1.0);
    session.expect_audio_flowing(audio_c, kTone, 1.0);
    // The mix still goes out with one of its inputs idle.
    const auto played = session.receiver().stats().audio_buffers_played;
    EXPECT_TRUE(wait_until([&] { return session.receiver().stats().audio_buffers_played > played + 10; }, kDeadline));
    EXPECT_TRUE(session.errors().empty()) << session.errors_text();
    EXPECT_EQ(session.receiver().stats().state, CallState::connected);

    // A fourth participant takes the free slot, as Janus does: same m-lines, same mids, sending
    // again from new SSRCs, whose packets come before the offer naming them. The streams come
    // back, into the same mailbox (webrtcbin 1.22 alone gives such a stream to m-line 0).
    auto mailbox_b = session.receiver().video(video_b);
    session.offerer().reuse_feed(1);
    session.negotiate();
    EXPECT_TRUE(wait_until([&] { return session.added().size() == 8; }, kDeadline));
    EXPECT_TRUE(session.stream(video_b).value_or(ReceivedStreamStats{}).active);
    EXPECT_EQ(session.receiver().video(video_b), mailbox_b);
    session.expect_video_flowing(video_b);
    session.expect_audio_flowing(audio_b, -1.0, kSilence);
    session.expect_video_flowing(video_a);
    EXPECT_TRUE(session.errors().empty()) << session.errors_text();
}

// JSEP's recycling of a port-0 m-line under a new mid (Janus keeps the mid, but another SFU or a
// later Janus may not): the m-line's decoding branch feeds the new mid, and the old one is gone.
TEST_F(ReceiverTest, an_m_line_recycled_under_a_new_mid_feeds_the_new_mid) {
    Session session;
    session.offerer().add_feed(FeedSound::tone);
    session.offerer().add_feed(FeedSound::tone);
    session.negotiate();
    const auto [video_a, audio_a] = session.offerer().mids(0);
    const auto [video_b, audio_b] = session.offerer().mids(1);
    session.expect_video_flowing(video_b);
    session.expect_audio_flowing(audio_b, kTone, 1.0);
    session.offerer().remove_feed(1);
    session.negotiate();
    session.offerer().reuse_feed(1, JanusLikeOfferer::Sources::same);
    session.offerer().rename_mids(1, {"v9", "a9"});
    session.negotiate();
    session.expect_video_flowing("v9");
    session.expect_audio_flowing("a9", kTone, 1.0);
    session.expect_video_flowing(video_a);
    EXPECT_FALSE(session.stream(video_b).has_value());
    EXPECT_EQ(session.receiver().video(video_b), nullptr);
    EXPECT_EQ(session.receiver().stats().streams.size(), 4U);
    EXPECT_TRUE(session.errors().empty()) << session.errors_text();
}

TEST_F(ReceiverTest, hostile_descriptions_are_refused_and_the_receiver_stays_usable) {
    Session session;
    std::size_t expected_errors = 0;
    auto expect_error = [&](auto&& action) {
        action();
        ++expected_errors;
        EXPECT_TRUE(wait_until([&] { return session.errors().size() >= expected_errors; }, kDeadline));
    };
    expect_error([&] { session.receiver().set_remote_offer("garbage, not SDP at all"); });
    expect_error([&] { session.receiver().set_remote_offer("v=0\r\n"); });
    // Only a codec we do not decode.
    expect_error([&] {
        session.receiver().set_remote_offer("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                                            "a=group:BUNDLE 0\r\n"
                                            "m=video 9 UDP/TLS/RTP/SAVPF 120\r\nc=IN IP4 0.0.0.0\r\n"
                                            "a=mid:0\r\na=sendonly\r\na=rtpmap:120 THEORA/90000\r\n");
    });
    // An answer where an offer is expected: typed, and untyped (all recvonly).
    expect_error([&] { session.receiver().set_remote_description(SdpType::answer, "v=0\r\n"); });
    expect_error([&] {
        session.receiver().set_remote_offer("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                                            "a=group:BUNDLE 0\r\n"
                                            "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n"
                                            "a=mid:0\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n");
    });
    expect_error([&] { session.receiver().add_remote_candidate(0, "candidate:garbage"); });
    EXPECT_TRUE(session.answers().empty());
    EXPECT_TRUE(session.added().empty());
    // Still usable: a real offer now gets through.
    session.offerer().add_feed(FeedSound::tone);
    session.negotiate();
    const auto [video, audio] = session.offerer().mids(0);
    session.expect_video_flowing(video);
    session.expect_audio_flowing(audio, kTone, 1.0);
    EXPECT_EQ(session.errors().size(), expected_errors) << session.errors_text();
}

TEST_F(ReceiverTest, close_is_idempotent_and_ends_the_streams) {
    Session session;
    session.offerer().add_feed(FeedSound::tone);
    session.negotiate();
    const auto [video, audio] = session.offerer().mids(0);
    session.expect_video_flowing(video);
    auto mailbox = session.receiver().video(video);
    session.receiver().close();
    session.receiver().close();
    EXPECT_EQ(session.receiver().stats().state, CallState::closed);
    session.receiver().set_remote_offer("v=0\r\n"); // ignored once closed
    EXPECT_NE(mailbox, nullptr);                    // still the caller's to hold
}

} // namespace
} // namespace telecentre::media
