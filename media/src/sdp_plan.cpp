#include "sdp_plan.hpp"

#include <algorithm>
#include <charconv>
#include <gst/sdp/sdp.h>
#include <memory>
#include <vector>

namespace telecentre::media {
namespace {

struct Rtpmap {
    int payload_type = -1;
    std::string encoding; // upper case
    std::string fmtp;
};

struct SdpDeleter {
    void operator()(GstSDPMessage* message) const { gst_sdp_message_free(message); }
};

std::string upper(std::string_view text) {
    std::string out{text};
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

std::optional<int> leading_int(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end == text.data()) {
        return std::nullopt;
    }
    return value;
}

std::vector<Rtpmap> rtpmaps_of(const GstSDPMedia* media) {
    std::vector<Rtpmap> maps;
    for (guint i = 0; i < gst_sdp_media_attributes_len(media); ++i) {
        const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(media, i);
        if (attribute->key == nullptr || attribute->value == nullptr) {
            continue;
        }
        const std::string_view key{attribute->key};
        const std::string_view value{attribute->value};
        const auto space = value.find(' ');
        if (space == std::string_view::npos) {
            continue;
        }
        const auto payload_type = leading_int(value.substr(0, space));
        if (!payload_type) {
            continue;
        }
        if (key == "rtpmap") {
            const auto name = value.substr(space + 1);
            maps.push_back(Rtpmap{*payload_type, upper(name.substr(0, name.find('/'))), {}});
        }
    }
    for (guint i = 0; i < gst_sdp_media_attributes_len(media); ++i) {
        const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(media, i);
        if (attribute->key == nullptr || attribute->value == nullptr || std::string_view{attribute->key} != "fmtp") {
            continue;
        }
        const std::string_view value{attribute->value};
        const auto space = value.find(' ');
        const auto payload_type = leading_int(value.substr(0, space));
        for (auto& map : maps) {
            if (payload_type && map.payload_type == *payload_type && space != std::string_view::npos) {
                map.fmtp = std::string{value.substr(space + 1)};
            }
        }
    }
    return maps;
}

// H.264 we can decode and whose answer our x264 stream fits: packetization-mode 1, and a
// Baseline-family profile when the offer says which (42e01f is what browsers offer first).
int h264_score(const Rtpmap& map) {
    if (map.fmtp.find("packetization-mode=1") == std::string::npos) {
        return 0;
    }
    if (map.fmtp.find("profile-level-id=42e01f") != std::string::npos) {
        return 3;
    }
    if (map.fmtp.find("profile-level-id=42") != std::string::npos) {
        return 2;
    }
    return map.fmtp.find("profile-level-id=") == std::string::npos ? 2 : 1;
}

std::optional<int> payload_for(const std::vector<Rtpmap>& maps, VideoCodec codec) {
    std::optional<int> best;
    int best_score = 0;
    for (const auto& map : maps) {
        if (codec == VideoCodec::vp8 && map.encoding == "VP8") {
            return map.payload_type;
        }
        if (codec == VideoCodec::h264 && map.encoding == "H264") {
            const int score = h264_score(map);
            if (score > best_score) {
                best_score = score;
                best = map.payload_type;
            }
        }
    }
    return best;
}

} // namespace

namespace {

using SdpMessage = std::unique_ptr<GstSDPMessage, SdpDeleter>;

std::expected<SdpMessage, std::string> parse_with_media(std::string_view sdp) {
    GstSDPMessage* raw = nullptr;
    if (gst_sdp_message_new(&raw) != GST_SDP_OK) {
        return std::unexpected{std::string{"cannot allocate an SDP message"}};
    }
    SdpMessage message{raw};
    const std::string text{sdp};
    if (text.rfind("v=0", 0) != 0 ||
        gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(text.data()), static_cast<guint>(text.size()),
                                     message.get()) != GST_SDP_OK) {
        return std::unexpected{std::string{"the remote description is not SDP"}};
    }
    if (gst_sdp_message_medias_len(message.get()) == 0) {
        return std::unexpected{std::string{"the remote description has no media"}};
    }
    return message;
}

// Port 0 rejects an m-line, except a bundle-only one (max-bundle offers, ours included).
bool rejected(const GstSDPMedia* media) {
    return gst_sdp_media_get_port(media) == 0 && gst_sdp_media_get_attribute_val(media, "bundle-only") == nullptr;
}

} // namespace

std::expected<OfferPlan, std::string> plan_answer(std::string_view offer_sdp, VideoCodec preferred) {
    auto parsed = parse_with_media(offer_sdp);
    if (!parsed) {
        return std::unexpected{parsed.error()};
    }
    const SdpMessage message = std::move(*parsed);
    OfferPlan plan;
    const VideoCodec fallback = preferred == VideoCodec::vp8 ? VideoCodec::h264 : VideoCodec::vp8;
    for (guint index = 0; index < gst_sdp_message_medias_len(message.get()); ++index) {
        const GstSDPMedia* media = gst_sdp_message_get_media(message.get(), index);
        const char* kind = gst_sdp_media_get_media(media);
        if (kind == nullptr || rejected(media)) {
            continue;
        }
        const auto maps = rtpmaps_of(media);
        if (std::string_view{kind} == "audio" && !plan.audio) {
            for (const auto& map : maps) {
                if (map.encoding == "OPUS") {
                    plan.audio = MediaChoice{index, map.payload_type};
                    break;
                }
            }
        } else if (std::string_view{kind} == "video" && !plan.video) {
            for (const VideoCodec codec : {preferred, fallback}) {
                if (const auto payload_type = payload_for(maps, codec)) {
                    plan.video = VideoChoice{index, *payload_type, codec};
                    break;
                }
            }
        }
    }
    if (!plan.audio && !plan.video) {
        return std::unexpected{std::string{"the remote offer has no Opus audio nor VP8/H.264 video"}};
    }
    return plan;
}

namespace {

// "a=ssrc:<ssrc> <attribute>": each SSRC once, in order; a malformed line is skipped.
std::vector<std::uint32_t> ssrcs_of(const GstSDPMedia* media) {
    std::vector<std::uint32_t> ssrcs;
    for (guint index = 0; index < gst_sdp_media_attributes_len(media); ++index) {
        const GstSDPAttribute* attribute = gst_sdp_media_get_attribute(media, index);
        if (attribute->key == nullptr || std::string_view{attribute->key} != "ssrc" || attribute->value == nullptr) {
            continue;
        }
        const std::string_view value{attribute->value};
        std::uint32_t ssrc = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), ssrc);
        if (error != std::errc{} || end == value.data() || (end != value.data() + value.size() && *end != ' ')) {
            continue;
        }
        if (std::ranges::find(ssrcs, ssrc) == ssrcs.end()) {
            ssrcs.push_back(ssrc);
        }
    }
    return ssrcs;
}

} // namespace

std::expected<std::vector<OfferedStream>, std::string> plan_receive(std::string_view offer_sdp) {
    auto parsed = parse_with_media(offer_sdp);
    if (!parsed) {
        return std::unexpected{parsed.error()};
    }
    const SdpMessage message = std::move(*parsed);
    std::vector<OfferedStream> streams;
    for (guint index = 0; index < gst_sdp_message_medias_len(message.get()); ++index) {
        const GstSDPMedia* media = gst_sdp_message_get_media(message.get(), index);
        const std::string_view kind{gst_sdp_media_get_media(media) != nullptr ? gst_sdp_media_get_media(media) : ""};
        if (kind != "audio" && kind != "video") {
            continue;
        }
        OfferedStream stream;
        stream.mline_index = index;
        stream.kind = kind == "audio" ? StreamKind::audio : StreamKind::video;
        const char* mid = gst_sdp_media_get_attribute_val(media, "mid");
        if (mid == nullptr || *mid == '\0') {
            return std::unexpected{"m-line " + std::to_string(index) + " has no mid"};
        }
        stream.mid = mid;
        const bool receives_only = gst_sdp_media_get_attribute_val(media, "recvonly") != nullptr ||
                                   gst_sdp_media_get_attribute_val(media, "inactive") != nullptr;
        stream.sending = !rejected(media) && !receives_only;
        const auto maps = rtpmaps_of(media);
        if (stream.kind == StreamKind::audio) {
            for (const auto& map : maps) {
                if (map.encoding == "OPUS") {
                    stream.payload_type = map.payload_type;
                    break;
                }
            }
        } else {
            for (const VideoCodec codec : {VideoCodec::vp8, VideoCodec::h264}) {
                if (const auto payload_type = payload_for(maps, codec)) {
                    stream.payload_type = *payload_type;
                    stream.codec = codec;
                    break;
                }
            }
        }
        stream.ssrcs = ssrcs_of(media);
        streams.push_back(std::move(stream));
    }
    return streams;
}

bool looks_like_candidate(std::string_view candidate) {
    if (candidate.starts_with("a=")) {
        candidate.remove_prefix(2);
    }
    if (!candidate.starts_with("candidate:")) {
        return false;
    }
    // foundation component transport priority address port "typ" type
    int fields = 0;
    bool in_field = false;
    for (const char c : candidate) {
        if (c == '\r' || c == '\n' || c == '\0') {
            return false;
        }
        const bool blank = c == ' ';
        if (!blank && !in_field) {
            ++fields;
        }
        in_field = !blank;
    }
    return fields >= 8 && candidate.find(" typ ") != std::string_view::npos;
}

} // namespace telecentre::media
