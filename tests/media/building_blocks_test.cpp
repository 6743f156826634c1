// The pieces without a call: the frame mailbox and the reading of remote offers.
#include "sdp_plan.hpp"
#include "telecentre/media/video_frame.hpp"

#include <gtest/gtest.h>
#include <thread>

namespace telecentre::media {
namespace {

VideoFrame frame_numbered(FrameMailbox& mailbox, std::uint64_t sequence) {
    VideoFrame frame = mailbox.recycled();
    frame.resize_i420(4, 2);
    frame.sequence = sequence;
    return frame;
}

TEST(FrameMailboxTest, keeps_only_the_newest_frame_and_counts_the_dropped_ones) {
    FrameMailbox mailbox;
    VideoFrame taken;
    EXPECT_FALSE(mailbox.take(taken));
    mailbox.publish(frame_numbered(mailbox, 1));
    mailbox.publish(frame_numbered(mailbox, 2));
    mailbox.publish(frame_numbered(mailbox, 3));
    ASSERT_TRUE(mailbox.take(taken));
    EXPECT_EQ(taken.sequence, 3U);
    EXPECT_FALSE(mailbox.take(taken));
    const auto counters = mailbox.counters();
    EXPECT_EQ(counters.published, 3U);
    EXPECT_EQ(counters.taken, 1U);
    EXPECT_EQ(counters.dropped, 2U);
}

TEST(FrameMailboxTest, i420_planes_are_packed_for_sdl) {
    VideoFrame frame;
    frame.resize_i420(5, 3);
    EXPECT_EQ(frame.planes[0].pitch, 5);
    EXPECT_EQ(frame.planes[1].pitch, 3);
    EXPECT_EQ(frame.planes[1].offset, 15U);
    EXPECT_EQ(frame.planes[2].offset, 15U + 6U);
    EXPECT_EQ(frame.bytes.size(), 15U + 12U);
}

TEST(FrameMailboxTest, buffers_are_recycled_between_the_two_sides) {
    FrameMailbox mailbox;
    VideoFrame ui_frame;
    mailbox.publish(frame_numbered(mailbox, 1));
    ASSERT_TRUE(mailbox.take(ui_frame));
    const auto* first_buffer = ui_frame.bytes.data();
    mailbox.publish(frame_numbered(mailbox, 2));
    ASSERT_TRUE(mailbox.take(ui_frame)); // hands frame 1's buffer back
    const VideoFrame refill = mailbox.recycled();
    EXPECT_EQ(refill.bytes.data(), first_buffer) << "the producer refills a used buffer";
}

TEST(FrameMailboxTest, producer_and_consumer_on_two_threads) {
    FrameMailbox mailbox;
    std::atomic<int> notified{0};
    mailbox.set_listener([&] { ++notified; });
    constexpr std::uint64_t kFrames = 2000;
    std::thread producer{[&] {
        for (std::uint64_t i = 1; i <= kFrames; ++i) {
            mailbox.publish(frame_numbered(mailbox, i));
        }
    }};
    VideoFrame frame;
    std::uint64_t last = 0;
    while (last < kFrames) {
        if (mailbox.take(frame)) {
            ASSERT_GT(frame.sequence, last) << "frames arrive newest-last, never twice";
            last = frame.sequence;
        }
    }
    producer.join();
    mailbox.set_listener(nullptr);
    const auto counters = mailbox.counters();
    EXPECT_EQ(counters.published, kFrames);
    EXPECT_EQ(counters.taken + counters.dropped, kFrames);
    EXPECT_EQ(notified.load(), static_cast<int>(kFrames));
}

constexpr const char* kBrowserOffer = "v=0\r\n"
                                      "o=- 1 2 IN IP4 127.0.0.1\r\n"
                                      "s=-\r\n"
                                      "t=0 0\r\n"
                                      "a=group:BUNDLE 0 1\r\n"
                                      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63\r\n"
                                      "a=mid:0\r\n"
                                      "a=rtpmap:111 opus/48000/2\r\n"
                                      "a=rtpmap:63 red/48000/2\r\n"
                                      "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 106\r\n"
                                      "a=mid:1\r\n"
                                      "a=rtpmap:96 VP8/90000\r\n"
                                      "a=rtpmap:97 rtx/90000\r\n"
                                      "a=rtpmap:102 H264/90000\r\n"
                                      "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;"
                                      "profile-level-id=42001f\r\n"
                                      "a=rtpmap:103 H264/90000\r\n"
                                      "a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;"
                                      "profile-level-id=640032\r\n"
                                      "a=rtpmap:106 H264/90000\r\n"
                                      "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;"
                                      "profile-level-id=42e01f\r\n";

TEST(SdpPlanTest, takes_the_payload_types_of_a_browser_offer) {
    const auto vp8 = plan_answer(kBrowserOffer, VideoCodec::vp8);
    ASSERT_TRUE(vp8.has_value()) << vp8.error();
    ASSERT_TRUE(vp8->audio && vp8->video);
    EXPECT_EQ(vp8->audio->payload_type, 111);
    EXPECT_EQ(vp8->audio->mline_index, 0U);
    EXPECT_EQ(vp8->video->payload_type, 96);
    EXPECT_EQ(vp8->video->mline_index, 1U);
    const auto h264 = plan_answer(kBrowserOffer, VideoCodec::h264);
    ASSERT_TRUE(h264.has_value() && h264->video);
    EXPECT_EQ(h264->video->codec, VideoCodec::h264);
    EXPECT_EQ(h264->video->payload_type, 106) << "packetization-mode 1, constrained baseline";
}

TEST(SdpPlanTest, refuses_what_it_cannot_answer) {
    EXPECT_FALSE(plan_answer("", VideoCodec::vp8).has_value());
    EXPECT_FALSE(plan_answer("hello", VideoCodec::vp8).has_value());
    EXPECT_FALSE(plan_answer("v=0\r\ns=-\r\n", VideoCodec::vp8).has_value());
    EXPECT_FALSE(plan_answer("v=0\r\nm=video 9 RTP/AVP 34\r\na=rtpmap:34 H263/90000\r\n", VideoCodec::vp8).has_value());
}

TEST(SdpPlanTest, candidate_lines) {
    EXPECT_TRUE(looks_like_candidate("candidate:1 1 UDP 2015363327 127.0.0.1 40000 typ host"));
    EXPECT_TRUE(looks_like_candidate("a=candidate:1 1 UDP 2015363327 127.0.0.1 40000 typ host"));
    EXPECT_FALSE(looks_like_candidate("candidate:1 1 UDP"));
    EXPECT_FALSE(looks_like_candidate("hello"));
    EXPECT_FALSE(looks_like_candidate("candidate:1 1 UDP 2015363327 127.0.0.1 40000 typ host\r\na=evil"));
}

// A Janus subscriber offer: feed A (mids 0, 1) sending, feed B (2, 3) gone (port 0, inactive),
// then an application m-line, which is skipped but counted.
TEST(PlanReceiveTest, reads_each_mid_and_whether_it_sends) {
    const std::string offer =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2 3\r\n"
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\na=rtpmap:111 opus/48000/2\r\n"
        "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n"
        "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\na=mid:2\r\na=inactive\r\na=rtpmap:111 opus/48000/2\r\n"
        "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:3\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n"
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:4\r\n"
        "m=video 0 UDP/TLS/RTP/SAVPF 100\r\na=mid:5\r\na=bundle-only\r\na=rtpmap:100 H264/90000\r\n"
        "a=fmtp:100 packetization-mode=1\r\n";
    const auto planned = plan_receive(offer);
    ASSERT_TRUE(planned.has_value()) << planned.error();
    ASSERT_EQ(planned->size(), 5U);
    EXPECT_EQ((*planned)[0].mid, "0");
    EXPECT_EQ((*planned)[0].kind, StreamKind::audio);
    EXPECT_TRUE((*planned)[0].sending);
    EXPECT_EQ((*planned)[0].payload_type, 111);
    EXPECT_EQ((*planned)[1].kind, StreamKind::video);
    EXPECT_EQ((*planned)[1].payload_type, 96);
    EXPECT_FALSE((*planned)[2].sending) << "inactive";
    EXPECT_FALSE((*planned)[3].sending) << "port 0";
    EXPECT_EQ((*planned)[4].mline_index, 5U);
    EXPECT_TRUE((*planned)[4].sending) << "port 0 but bundle-only";
    EXPECT_EQ((*planned)[4].codec, VideoCodec::h264);
}

// Janus names the SSRC of each m-line; the receiver routes a bundled stream by it.
TEST(PlanReceiveTest, reads_the_ssrcs_each_m_line_names) {
    const std::string offer =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\n"
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\na=rtpmap:111 opus/48000/2\r\n"
        "a=ssrc:2765575438 cname:janus\r\na=ssrc:2765575438 msid:janus janusa0\r\n"
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:1\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n"
        "a=rtpmap:97 rtx/90000\r\na=ssrc-group:FID 346453295 12\r\na=ssrc:346453295 cname:janus\r\n"
        "a=ssrc:12 cname:janus\r\na=ssrc:4294967296 cname:too-big\r\na=ssrc:-1 cname:negative\r\n"
        "a=ssrc:77x cname:glued\r\na=ssrc:\r\n"
        "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:2\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n";
    const auto planned = plan_receive(offer);
    ASSERT_TRUE(planned.has_value()) << planned.error();
    ASSERT_EQ(planned->size(), 3U);
    EXPECT_EQ((*planned)[0].ssrcs, (std::vector<std::uint32_t>{2765575438U})) << "each SSRC once";
    EXPECT_EQ((*planned)[1].ssrcs, (std::vector<std::uint32_t>{346453295U, 12U})) << "malformed lines skipped";
    EXPECT_TRUE((*planned)[2].ssrcs.empty());
}

TEST(PlanReceiveTest, refuses_what_is_not_an_offer_with_mids) {
    EXPECT_FALSE(plan_receive("not sdp").has_value());
    EXPECT_FALSE(plan_receive("v=0\r\n").has_value());
    EXPECT_FALSE(plan_receive("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                              "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n")
                     .has_value())
        << "no mid";
}

} // namespace
} // namespace telecentre::media
