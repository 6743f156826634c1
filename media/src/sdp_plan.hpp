#pragma once
// Reading a remote offer: which m-line carries audio and video, and the payload type we must
// use for each (webrtcbin, as answerer, does not rewrite payload types for us).

#include "telecentre/media/call_types.hpp"

#include <expected>
#include <optional>
#include <string>
#include <string_view>

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

// True when the text is at least shaped like one ICE candidate attribute.
[[nodiscard]] bool looks_like_candidate(std::string_view candidate);

} // namespace telecentre::media
