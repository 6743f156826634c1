#include "janus_like_offerer.hpp"

#include "wait_until.hpp"
#include "webrtc_common.hpp"

#include <algorithm>
#include <chrono>
#include <gst/rtp/rtp.h>
#include <gst/sdp/sdp.h>
#include <sstream>
#include <stdexcept>

namespace telecentre::media::testing {
namespace {

using namespace std::chrono_literals;

void on_candidate(GstElement*, guint mline_index, gchar* candidate, gpointer data) {
    auto& send = *static_cast<std::function<void(unsigned, const std::string&)>*>(data);
    send(mline_index, candidate != nullptr ? candidate : "");
}

// Runs a promise signal and waits for its reply (webrtcbin answers on its own thread).
GstStructure* emit_and_wait(GstElement* webrtc, const char* signal, gpointer argument) {
    GstPromise* promise = gst_promise_new();
    g_signal_emit_by_name(webrtc, signal, argument, promise);
    GstStructure* copy = nullptr;
    if (gst_promise_wait(promise) == GST_PROMISE_RESULT_REPLIED && gst_promise_get_reply(promise) != nullptr) {
        copy = gst_structure_copy(gst_promise_get_reply(promise));
    }
    gst_promise_unref(promise);
    return copy;
}

std::string take_error(GstStructure* reply) {
    std::string error = reply_error(reply).value_or("");
    if (reply != nullptr) {
        gst_structure_free(reply);
    }
    return error;
}

GstElement* make(const std::string& description) {
    GError* error = nullptr;
    GstElement* bin = gst_parse_bin_from_description(description.c_str(), TRUE, &error);
    if (bin == nullptr || error != nullptr) {
        throw std::runtime_error{error != nullptr ? error->message : "cannot build a feed"};
    }
    return bin;
}

constexpr const char* kVideoCaps = "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000";
constexpr const char* kAudioCaps = "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000";

// The SSRC of the caps a webrtcbin sink pad received; 0 before any.
guint ssrc_of(GstPad* pad) {
    GstCaps* caps = gst_pad_get_current_caps(pad);
    guint ssrc = 0;
    if (caps != nullptr) {
        if (const GstStructure* structure = gst_caps_get_structure(caps, 0)) {
            (void)gst_structure_get_uint(structure, "ssrc", &ssrc);
        }
        gst_caps_unref(caps);
    }
    return ssrc;
}

// What goes out of one webrtcbin sink pad: nothing while the feed is silenced, and with another
// SSRC than webrtcbin's when one is set.
struct WireRule {
    std::atomic<bool>* silenced = nullptr;
    std::atomic<guint>* ssrc = nullptr;
};

GstPadProbeReturn drop_when_silenced(GstPad*, GstPadProbeInfo* info, gpointer data) {
    const auto& rule = *static_cast<WireRule*>(data);
    if (rule.silenced->load()) {
        return GST_PAD_PROBE_DROP;
    }
    if (const guint ssrc = rule.ssrc->load(); ssrc != 0) {
        GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
        GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
        if (gst_rtp_buffer_map(buffer, GST_MAP_READWRITE, &rtp)) {
            gst_rtp_buffer_set_ssrc(&rtp, ssrc);
            gst_rtp_buffer_unmap(&rtp);
        }
        GST_PAD_PROBE_INFO_DATA(info) = buffer;
    }
    return GST_PAD_PROBE_OK;
}

} // namespace

JanusLikeOfferer::JanusLikeOfferer(std::function<void(unsigned, const std::string&)> send_candidate)
    : m_send_candidate{std::move(send_candidate)} {
    m_pipeline = gst_pipeline_new(nullptr);
    m_webrtc = gst_element_factory_make("webrtcbin", nullptr);
    // Janus bundles every m-line on one transport (one RTP session: packets go to m-lines by
    // their SSRC), and gives each m-line its own port line (9): munge() turns max-bundle's port-0
    // bundle-only m-lines into those.
    gst_util_set_object_arg(G_OBJECT(m_webrtc), "bundle-policy", "max-bundle");
    gst_bin_add(GST_BIN(m_pipeline), m_webrtc);
    for (const auto& refused : configure_ice(m_webrtc, IceSettings{{}, {}, {"127.0.0.1"}})) {
        throw std::runtime_error{refused};
    }
    g_signal_connect_data(m_webrtc, "on-ice-candidate", reinterpret_cast<GCallback>(&on_candidate), &m_send_candidate,
                          nullptr, GConnectFlags{});
    gst_element_set_state(m_pipeline, GST_STATE_PLAYING);
}

JanusLikeOfferer::~JanusLikeOfferer() {
    gst_element_set_state(m_pipeline, GST_STATE_NULL);
    g_signal_handlers_disconnect_by_data(m_webrtc, &m_send_candidate);
    for (auto& feed : m_feeds) {
        for (GstPad* pad : feed.sink_pads) {
            gst_object_unref(pad);
        }
    }
    gst_object_unref(m_pipeline);
}

void JanusLikeOfferer::add_feed(FeedSound sound, FeedPicture picture, const std::string& voice_file) {
    std::ostringstream video_text;
    video_text << "videotestsrc is-live=true pattern=ball ! video/x-raw,width=" << picture.width
               << ",height=" << picture.height << ",framerate=" << picture.fps
               << "/1 ! vp8enc deadline=1 cpu-used=-6 threads=1 end-usage=cbr target-bitrate=" << picture.kbps * 1000
               << " keyframe-max-dist=" << picture.fps
               << " lag-in-frames=0 ! rtpvp8pay pt=96 picture-id-mode=15-bit ! capsfilter caps=\"" << kVideoCaps
               << "\"";
    const std::string video = video_text.str();
    const std::string sound_source = voice_file.empty()
                                         ? std::string{"audiotestsrc is-live=true freq=440 volume=0.3 wave="} +
                                               (sound == FeedSound::tone ? "sine" : "silence")
                                         : "filesrc location=\"" + voice_file + "\" ! wavparse";
    const std::string audio = sound_source + " ! audioconvert ! audioresample ! audio/x-raw,rate=48000,channels=1 " +
                              (voice_file.empty() ? "" : "! clocksync ") +
                              "! opusenc bitrate=32000 frame-size=20 ! rtpopuspay pt=111 ! capsfilter caps=\"" +
                              std::string{kAudioCaps} + "\"";
    Feed feed;
    feed.mlines = {m_next_mline, m_next_mline + 1};
    m_next_mline += 2;
    for (const auto& [description, caps_text] : {std::pair{video, kVideoCaps}, std::pair{audio, kAudioCaps}}) {
        GstElement* bin = make(description);
        gst_bin_add(GST_BIN(m_pipeline), bin);
        GstCaps* caps = gst_caps_from_string(caps_text);
        GstPad* sink =
            gst_element_request_pad(m_webrtc, gst_element_get_pad_template(m_webrtc, "sink_%u"), nullptr, caps);
        gst_caps_unref(caps);
        GstWebRTCRTPTransceiver* transceiver = nullptr;
        g_object_get(sink, "transceiver", &transceiver, nullptr);
        g_object_set(transceiver, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, nullptr);
        gst_object_unref(transceiver);
        GstPad* source = gst_element_get_static_pad(bin, "src");
        gst_pad_link(source, sink);
        gst_object_unref(source);
        feed.wire_ssrcs.push_back(std::make_unique<std::atomic<guint>>(0));
        gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_BUFFER, &drop_when_silenced,
                          new WireRule{.silenced = feed.silenced.get(), .ssrc = feed.wire_ssrcs.back().get()},
                          [](gpointer data) { delete static_cast<WireRule*>(data); });
        gst_element_sync_state_with_parent(bin);
        feed.sink_pads.push_back(sink);
    }
    m_feeds.push_back(std::move(feed));
}

void JanusLikeOfferer::remove_feed(std::size_t feed) {
    m_feeds.at(feed).removed = true;
    *m_feeds[feed].silenced = true;
}

void JanusLikeOfferer::reuse_feed(std::size_t feed, Sources sources) {
    Feed& reused = m_feeds.at(feed);
    reused.removed = false;
    if (sources == Sources::fresh) {
        for (const auto& ssrc : reused.wire_ssrcs) {
            *ssrc = g_random_int_range(1, G_MAXINT32);
        }
    }
    *reused.silenced = false;
}

void JanusLikeOfferer::rename_mids(std::size_t feed, std::pair<std::string, std::string> mids) {
    m_feeds.at(feed).renamed = std::move(mids);
}

std::string JanusLikeOfferer::offer() {
    // The SSRCs go into the offer only once every stream has its caps; the receiver maps the
    // bundled packets to m-lines by them.
    const bool ready = telecentre::testing::wait_until(
        [&] {
            for (const auto& feed : m_feeds) {
                for (GstPad* pad : feed.sink_pads) {
                    if (ssrc_of(pad) == 0) {
                        return false;
                    }
                }
            }
            return true;
        },
        30s);
    if (!ready) {
        throw std::runtime_error{"the feeds did not start"};
    }
    GstStructure* reply = emit_and_wait(m_webrtc, "create-offer", nullptr);
    GstWebRTCSessionDescription* offer = nullptr;
    if (reply == nullptr || !gst_structure_get(reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, nullptr)) {
        throw std::runtime_error{"create-offer failed: " + take_error(reply)};
    }
    gst_structure_free(reply);
    gchar* text = gst_sdp_message_as_text(offer->sdp);
    const std::string sdp = text;
    g_free(text);
    m_mids.clear();
    for (const auto& feed : m_feeds) {
        auto mid_of = [&](unsigned index) {
            const char* mid = gst_sdp_media_get_attribute_val(gst_sdp_message_get_media(offer->sdp, index), "mid");
            return std::string{mid != nullptr ? mid : ""};
        };
        m_mids.emplace_back(mid_of(feed.mlines.first), mid_of(feed.mlines.second));
    }
    const std::string error = take_error(emit_and_wait(m_webrtc, "set-local-description", offer));
    gst_webrtc_session_description_free(offer);
    if (!error.empty()) {
        throw std::runtime_error{"set-local-description failed: " + error};
    }
    std::string sent = munge(sdp);
    // The SSRCs on the wire, where they are not webrtcbin's.
    for (const auto& feed : m_feeds) {
        for (std::size_t index = 0; index < feed.sink_pads.size(); ++index) {
            const guint wire = feed.wire_ssrcs[index]->load();
            const std::string own = std::to_string(ssrc_of(feed.sink_pads[index]));
            for (auto at = sent.find(own); wire != 0 && at != std::string::npos; at = sent.find(own, at)) {
                sent.replace(at, own.size(), std::to_string(wire));
            }
        }
    }
    for (std::size_t feed = 0; feed < m_feeds.size(); ++feed) {
        if (!m_feeds[feed].renamed.first.empty()) {
            m_mids[feed] = m_feeds[feed].renamed;
        }
    }
    std::lock_guard lock{m_mutex};
    m_answered = false;
    return sent;
}

// webrtcbin writes an m-line it no longer sends as "a=inactive" on port 9; Janus also sets its
// port to 0, which is what the receiver must cope with.
bool JanusLikeOfferer::disabled(int mline) const {
    return std::ranges::any_of(m_feeds, [&](const Feed& feed) {
        return feed.removed &&
               (static_cast<int>(feed.mlines.first) == mline || static_cast<int>(feed.mlines.second) == mline);
    });
}

namespace {

// Replaces `from` by `to` on the line when it starts with it.
void replace_prefix(std::string& line, std::string_view from, std::string_view to) {
    if (line.starts_with(from)) {
        line = std::string{to} + line.substr(from.size());
    }
}

// The m= line with another port.
std::string with_port(const std::string& line, std::string_view port) {
    const auto port_start = line.find(' ') + 1;
    return line.substr(0, port_start) + std::string{port} + line.substr(line.find(' ', port_start));
}

} // namespace

// Janus writes the m-line of a participant who left with port 0 and a=inactive.
std::string JanusLikeOfferer::munge(const std::string& offer) const {
    std::istringstream in{offer};
    std::ostringstream out;
    std::string line;
    int mline = -1;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.starts_with("a=group:BUNDLE")) {
            for (std::size_t feed = 0; feed < m_feeds.size(); ++feed) {
                for (const auto& [old_mid, new_mid] : {std::pair{m_mids[feed].first, m_feeds[feed].renamed.first},
                                                       std::pair{m_mids[feed].second, m_feeds[feed].renamed.second}}) {
                    const auto at = (line + " ").find(" " + old_mid + " ");
                    if (!new_mid.empty() && at != std::string::npos) {
                        line.replace(at + 1, old_mid.size(), new_mid);
                    }
                }
            }
        }
        if (line.starts_with("a=mid:")) {
            for (const auto& feed : m_feeds) {
                if (!feed.renamed.first.empty() && static_cast<int>(feed.mlines.first) == mline) {
                    line = "a=mid:" + feed.renamed.first;
                } else if (!feed.renamed.second.empty() && static_cast<int>(feed.mlines.second) == mline) {
                    line = "a=mid:" + feed.renamed.second;
                }
            }
        }
        if (line.starts_with("m=")) {
            ++mline;
            line = with_port(line, disabled(mline) ? "0" : "9");
        }
        if (line == "a=bundle-only") {
            continue;
        }
        if (disabled(mline)) {
            replace_prefix(line, "a=sendonly", "a=inactive");
        }
        out << line << "\r\n";
    }
    return out.str();
}

std::string JanusLikeOfferer::unmunge(const std::string& answer) const {
    std::istringstream in{answer};
    std::ostringstream out;
    std::string line;
    int mline = -1;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.starts_with("m=")) {
            ++mline;
            if (disabled(mline)) {
                line = with_port(line, "9");
            }
        }
        if (disabled(mline)) {
            replace_prefix(line, "a=inactive", "a=recvonly");
        }
        out << line << "\r\n";
    }
    return out.str();
}

std::string JanusLikeOfferer::set_answer(const std::string& sdp) {
    GstSDPMessage* message = nullptr;
    if (gst_sdp_message_new_from_text(unmunge(sdp).c_str(), &message) != GST_SDP_OK) {
        if (message != nullptr) {
            gst_sdp_message_free(message);
        }
        return "the answer is not SDP";
    }
    GstWebRTCSessionDescription* answer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_ANSWER, message);
    std::string error = take_error(emit_and_wait(m_webrtc, "set-remote-description", answer));
    gst_webrtc_session_description_free(answer);
    std::vector<std::pair<unsigned, std::string>> pending;
    {
        std::lock_guard lock{m_mutex};
        m_answered = true;
        pending = std::exchange(m_pending_candidates, {});
    }
    for (const auto& [mline_index, candidate] : pending) {
        g_signal_emit_by_name(m_webrtc, "add-ice-candidate", mline_index, candidate.c_str());
    }
    return error;
}

void JanusLikeOfferer::add_remote_candidate(unsigned mline_index, const std::string& candidate) {
    {
        std::lock_guard lock{m_mutex};
        if (!m_answered) {
            m_pending_candidates.emplace_back(mline_index, candidate);
            return;
        }
    }
    g_signal_emit_by_name(m_webrtc, "add-ice-candidate", mline_index, candidate.c_str());
}

std::pair<std::string, std::string> JanusLikeOfferer::mids(std::size_t feed) const { return m_mids.at(feed); }

} // namespace telecentre::media::testing
