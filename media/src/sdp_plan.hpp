#pragma once
// Reading a remote offer: which m-line carries audio and video, and the payload type we must
// use for each (webrtcbin, as answerer, does not rewrite payload types for us).

#include "telecentre/media/call_types.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telecentre::media {

struct MediaChoice {
    unsigned mline_index = 0;
    int payload_type = 0;
};

struct VideoChoice {
    unsigned mline_index = 0;
    int payload_type = 0;
    VideoCodec codec = VideoCodec::vp8;
};

struct OfferPlan {
    std::optional<MediaChoice> audio; // Opus
    std::optional<VideoChoice> video; // VP8 or H.264 (packetization-mode 1)
};

// Chooses the codecs to answer `offer_sdp` with, `preferred` first. Fails when the text is not
// an SDP with media, or when it offers neither Opus audio nor VP8/H.264 video.
[[nodiscard]] std::expected<OfferPlan, std::string> plan_answer(std::string_view offer_sdp, VideoCodec preferred);

// One audio or video m-line of an offer the receiver answers (a Janus subscriber offer).
struct OfferedStream {
    unsigned mline_index = 0;
    std::string mid;
    StreamKind kind = StreamKind::audio;
    // The peer sends it: a port (or bundle-only) and sendonly or sendrecv. Janus turns the m-line
    // of a participant who left to port 0 and inactive.
    bool sending = false;
    int payload_type = -1; // of the codec we decode (Opus; VP8 else H.264); -1: none offered
    VideoCodec codec = VideoCodec::vp8;
    // The SSRCs the peer says it sends on this m-line (a=ssrc), each once; Janus names them. A
    // bundled packet belongs to the m-line that names its SSRC.
    std::vector<std::uint32_t> ssrcs;
};

// The audio and video m-lines of `offer_sdp` in order (other m-lines are skipped). Fails when
// the text is not an SDP with media, or an audio/video m-line has no mid (BUNDLE needs them).
[[nodiscard]] std::expected<std::vector<OfferedStream>, std::string> plan_receive(std::string_view offer_sdp);

// True when the text is at least shaped like one ICE candidate attribute.
[[nodiscard]] bool looks_like_candidate(std::string_view candidate);

} // namespace telecentre::media
