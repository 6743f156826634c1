// WebrtcbinReceiver: the pipeline around webrtcbin, one decoding branch per received stream (video
// to its mailbox, audio measured and mixed to the one output), the bus, and the one teardown.
#include "gobject_glue.hpp"
#include "receiver_impl.hpp"
#include "webrtc_common.hpp"

#include <chrono>
#include <gst/video/video.h>
#include <utility>

namespace telecentre::media {
namespace {

void on_ice_candidate(GstElement*, guint mline_index, gchar* candidate, gpointer data);
void on_connection_state_notify(GObject* webrtc, GParamSpec*, gpointer data);
void on_ice_state_notify(GObject* webrtc, GParamSpec*, gpointer data);
gboolean on_bus(GstBus*, GstMessage* message, gpointer data);

// The playout chain after the mixer, as WebrtcbinCall builds it, without echo processing: the
// terminal's publishing call owns the echo canceller.
CallConfig playout_config(const ReceiverConfig& config) {
    CallConfig call;
    call.audio_output = config.audio_output;
    call.audio_output_device = config.audio_output_device;
    call.audio_output_handle = config.audio_output_handle;
    call.audio_processing = config.echo_probe_name.empty() ? AudioProcessing::off
                                                           : AudioProcessing::echo_cancellation_and_noise_suppression;
    return call;
}

GstPadProbeReturn count_played(GstPad*, GstPadProbeInfo*, gpointer data) {
    static_cast<std::atomic<std::uint64_t>*>(data)->fetch_add(1, std::memory_order_relaxed);
    return GST_PAD_PROBE_OK;
}

} // namespace

// The hooks GStreamer calls, given the Impl as user data. They run on GStreamer threads and
// only write atomics or post to the media thread.
struct ReceiverHooks {
    static void candidate(WebrtcbinReceiver::Impl& impl, unsigned mline_index, std::string candidate) {
        impl.m_loop.post([&impl, mline_index, candidate = std::move(candidate)] {
            if (!impl.m_closing && impl.m_callbacks.on_local_candidate) {
                impl.m_callbacks.on_local_candidate(mline_index, candidate);
            }
        });
    }
    static void connection_state(WebrtcbinReceiver::Impl& impl, GstWebRTCPeerConnectionState state) {
        impl.m_loop.post([&impl, state] {
            if (!impl.m_closing) {
                impl.on_connection_state(state);
            }
        });
    }
    static void ice_state(WebrtcbinReceiver::Impl& impl, GstWebRTCICEConnectionState state) {
        impl.m_ice_state = ice_state_from(state);
    }
    static void bus(WebrtcbinReceiver::Impl& impl, GstMessage* message) { impl.on_bus_message(message); }
};

namespace {

void on_ice_candidate(GstElement*, guint mline_index, gchar* candidate, gpointer data) {
    ReceiverHooks::candidate(*static_cast<WebrtcbinReceiver::Impl*>(data), mline_index,
                             candidate != nullptr ? candidate : "");
}

void on_connection_state_notify(GObject* webrtc, GParamSpec*, gpointer data) {
    GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
    g_object_get(webrtc, "connection-state", &state, nullptr);
    ReceiverHooks::connection_state(*static_cast<WebrtcbinReceiver::Impl*>(data), state);
}

void on_ice_state_notify(GObject* webrtc, GParamSpec*, gpointer data) {
    GstWebRTCICEConnectionState state = GST_WEBRTC_ICE_CONNECTION_STATE_NEW;
    g_object_get(webrtc, "ice-connection-state", &state, nullptr);
    ReceiverHooks::ice_state(*static_cast<WebrtcbinReceiver::Impl*>(data), state);
}

gboolean on_bus(GstBus*, GstMessage* message, gpointer data) {
    ReceiverHooks::bus(*static_cast<WebrtcbinReceiver::Impl*>(data), message);
    return G_SOURCE_CONTINUE;
}

} // namespace

bool WebrtcbinReceiver::Impl::build_pipeline() {
    GstElement* webrtc = gst_element_factory_make("webrtcbin", nullptr);
    GstElement* mixer = gst_element_factory_make("audiomixer", nullptr);
    const CallConfig playout_settings = playout_config(m_config);
    auto playout = make_bin(playout_description(playout_settings, m_config.echo_probe_name));
    if (webrtc == nullptr || mixer == nullptr || !playout) {
        for (GstElement* element : {webrtc, mixer}) {
            if (element != nullptr) {
                gst_object_unref(gst_object_ref_sink(element));
            }
        }
        fail(!playout ? playout.error() : "cannot create webrtcbin or audiomixer");
        return false;
    }
    m_pipeline = gst_pipeline_new(nullptr);
    m_webrtc = webrtc;
    m_mixer = mixer;
    // The mixer starts from the first stream's first sound, not from the pipeline's start (it
    // would otherwise first output silence for all the time no participant spoke), and waits a
    // little for the streams that join later with their own jitter buffers.
    gst_util_set_object_arg(G_OBJECT(m_mixer), "start-time-selection", "first");
    g_object_set(m_mixer, "latency", static_cast<guint64>(50 * GST_MSECOND), nullptr);
    if (GstPad* mixed = gst_element_get_static_pad(m_mixer, "src")) {
        gst_pad_add_probe(mixed, GST_PAD_PROBE_TYPE_BUFFER, &count_played, &m_audio_played, nullptr);
        gst_object_unref(mixed);
    }
    tune_reception(m_webrtc, m_config.receive_latency_ms);
    gst_bin_add_many(GST_BIN(m_pipeline), m_webrtc, m_mixer, *playout, nullptr);
    if (!gst_element_link(m_mixer, *playout)) {
        fail("cannot link the audio mixer to the output");
        return false;
    }
    if (auto speaker = prepare_speaker(*playout, playout_settings); !speaker) {
        fail(speaker.error());
        return false;
    }
    const IceSettings settings{m_config.stun_server, m_config.turn_servers, m_config.ice_local_addresses};
    for (const auto& refused : configure_ice(m_webrtc, settings)) {
        report_error(refused);
    }

    GstBus* bus = gst_element_get_bus(m_pipeline);
    m_bus_watch = gst_bus_create_watch(bus);
    g_source_set_callback(m_bus_watch, as_source_func(&on_bus), this, nullptr);
    g_source_attach(m_bus_watch, m_loop.context());
    gst_object_unref(bus);

    connect_signal(m_webrtc, "on-ice-candidate", &on_ice_candidate, this);
    connect_signal(m_webrtc, "notify::connection-state", &on_connection_state_notify, this);
    connect_signal(m_webrtc, "notify::ice-connection-state", &on_ice_state_notify, this);
    connect_signal(m_webrtc, "pad-added", &Impl::on_pad_added, this);
    if (gst_element_set_state(m_pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        fail("the media pipeline did not start (sound output unavailable?)");
        return false;
    }
    set_state(CallState::connecting);
    return true;
}

void WebrtcbinReceiver::Impl::add_transceiver(const OfferedStream& offered) {
    const bool video = offered.kind == StreamKind::video;
    // Video: picture loss indications (PLI) and full intra requests, so that the decoder's key
    // frame requests (receive_description) reach the sender, through Janus, as RTCP.
    std::string wanted = rtp_caps(video, offered.codec, offered.payload_type);
    if (video) {
        wanted += ",rtcp-fb-nack-pli=(boolean)true,rtcp-fb-ccm-fir=(boolean)true";
    }
    GstCaps* caps = gst_caps_from_string(wanted.c_str());
    GstWebRTCRTPTransceiver* transceiver = nullptr;
    g_signal_emit_by_name(m_webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps,
                          &transceiver);
    gst_caps_unref(caps);
    if (transceiver == nullptr) {
        report_error("cannot add a transceiver for mid " + offered.mid);
        return;
    }
    // No retransmission (NACK and RTX): with them, webrtcbin 1.22 cannot find the transceiver of
    // a stream added by a renegotiation when it sets up its jitter buffer ("code should not be
    // reached" in jitter_buffer_set_retransmission), and the video streams already flowing stopped
    // at the renegotiation (seen with Janus and three Chromium guests). A loss is repaired by the
    // decoder asking for a key frame instead (receive_description).
    (void)video;
    g_object_set(transceiver, "do-nack", FALSE, nullptr);
    gst_object_unref(transceiver);
    m_transceivers.insert(offered.mid);
}

void WebrtcbinReceiver::Impl::on_pad_added(GstElement*, GstPad* pad, gpointer data) {
    auto& impl = *static_cast<Impl*>(data);
    if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC || impl.m_closing) {
        return;
    }
    impl.link_received_stream(pad);
}

// The stream a webrtcbin source pad carries, by its transceiver's mid.
std::shared_ptr<WebrtcbinReceiver::Impl::Stream> WebrtcbinReceiver::Impl::stream_of_pad(GstPad* pad) const {
    GstWebRTCRTPTransceiver* transceiver = nullptr;
    g_object_get(pad, "transceiver", &transceiver, nullptr);
    if (transceiver == nullptr) {
        return nullptr;
    }
    gchar* mid = nullptr;
    g_object_get(transceiver, "mid", &mid, nullptr);
    gst_object_unref(transceiver);
    const std::string name = mid != nullptr ? mid : "";
    g_free(mid);
    return find_stream(name);
}

namespace {

// Asks the sender for a key frame, at most once a second, while packets come and the stream's
// picture does not move: before its first picture, and after a loss the decoder could not get
// over. rtpvp8depay drops every frame before the first key frame without asking; the key frame
// Janus asks its publisher for when a subscription is updated can come before the stream's branch
// is linked; an m-line recycled for a guest who rejoins keeps its branch, whose decoder waits for
// that guest's first key frame. Without it such a participant never appeared (0 frames while
// their sound played), or froze. The upstream force-key-unit becomes a PLI in rtpsession.
struct KeyFrameAsker {
    std::shared_ptr<StreamCounters> counters;
    std::uint64_t decoded = 0;
    std::chrono::steady_clock::time_point moved{}; // when `decoded` last changed (never: ask at once)
    std::chrono::steady_clock::time_point asked{};
};

GstPadProbeReturn ask_for_key_frame(GstPad* pad, GstPadProbeInfo*, gpointer data) {
    auto& asker = *static_cast<KeyFrameAsker*>(data);
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t decoded = asker.counters->video_frames_decoded.load();
    if (decoded != asker.decoded) {
        asker.decoded = decoded;
        asker.moved = now;
        return GST_PAD_PROBE_OK;
    }
    constexpr auto kQuiet = std::chrono::seconds{1};
    if (now - asker.moved >= kQuiet && now - asker.asked >= kQuiet) {
        asker.asked = now;
        gst_pad_push_event(pad, gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
    }
    return GST_PAD_PROBE_OK;
}

} // namespace

WebrtcbinReceiver::Impl::Route WebrtcbinReceiver::Impl::route_of(GstPad* pad, std::optional<std::uint32_t> ssrc) const {
    if (ssrc) {
        std::lock_guard lock{m_streams_mutex};
        if (const auto named = m_ssrc_mid.find(*ssrc); named != m_ssrc_mid.end()) {
            auto stream = find_stream_locked(named->second);
            return Route{.stream = stream, .park = stream == nullptr};
        }
        if (!m_ssrc_mid.empty()) {
            return Route{.stream = nullptr, .park = true};
        }
    }
    return Route{.stream = stream_of_pad(pad), .park = false};
}

void WebrtcbinReceiver::Impl::link_received_stream(GstPad* pad) {
    GstCaps* caps = gst_pad_get_current_caps(pad);
    if (caps == nullptr) {
        caps = gst_pad_query_caps(pad, nullptr);
    }
    const GstStructure* structure = gst_caps_get_structure(caps, 0);
    const char* media_name = structure != nullptr ? gst_structure_get_string(structure, "media") : nullptr;
    const char* encoding_name = structure != nullptr ? gst_structure_get_string(structure, "encoding-name") : nullptr;
    const std::string media = media_name != nullptr ? media_name : "";
    const std::string encoding = encoding_name != nullptr ? encoding_name : "";
    std::optional<std::uint32_t> ssrc;
    if (guint value = 0; structure != nullptr && gst_structure_get_uint(structure, "ssrc", &value)) {
        ssrc = value;
    }
    gst_caps_unref(caps);

    const Route route = route_of(pad, ssrc);
    const auto& stream = route.stream;
    std::string description = stream != nullptr ? receive_description(media, encoding) : std::string{};
    if (description.empty()) {
        // A stream we did not take (no codec we decode): dropped, so that the bundled transport
        // it shares with the others goes on. A parked one waits for the offer naming its SSRC.
        if (stream == nullptr && !route.park) {
            m_loop.post([this, media] { report_error("a remote " + media + " stream of no offered mid: dropped"); });
        }
        description = "fakesink async=false sync=false";
    }
    auto made = make_bin(description);
    if (!made) {
        m_loop.post([this, error = made.error()] { fail(error); });
        return;
    }
    GstElement* bin = *made;
    gst_bin_add(GST_BIN(m_pipeline), bin);
    if (stream != nullptr && media == "video" && stream->mailbox) {
        deliver_frames(bin, *stream->mailbox, stream->counters->video_frames_decoded);
    }
    if (GstPad* decoded = gst_element_get_static_pad(bin, "src")) {
        if (stream != nullptr && media == "audio") {
            measure_audio(decoded, *stream->counters);
            GstPad* mixer_input = gst_element_request_pad_simple(m_mixer, "sink_%u");
            gst_pad_link(decoded, mixer_input);
            gst_object_unref(mixer_input);
        } else {
            GstElement* sink = gst_element_factory_make("fakesink", nullptr);
            g_object_set(sink, "async", FALSE, "sync", FALSE, nullptr);
            gst_bin_add(GST_BIN(m_pipeline), sink);
            gst_element_link(bin, sink);
            gst_element_sync_state_with_parent(sink);
        }
        gst_object_unref(decoded);
    }
    gst_element_sync_state_with_parent(bin);
    GstPad* sink = gst_element_get_static_pad(bin, "sink");
    if (stream != nullptr && media == "video") {
        gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_BUFFER, ask_for_key_frame,
                          new KeyFrameAsker{.counters = stream->counters, .decoded = 0, .moved = {}, .asked = {}},
                          [](gpointer data) { delete static_cast<KeyFrameAsker*>(data); });
    }
    if (gst_pad_link(pad, sink) != GST_PAD_LINK_OK) {
        m_loop.post([this, media] { fail("cannot link the remote " + media); });
    }
    gst_object_unref(sink);
    if (stream != nullptr) {
        std::lock_guard lock{m_streams_mutex};
        stream->branch = bin;
    } else if (route.park && ssrc) {
        std::lock_guard lock{m_streams_mutex};
        if (m_parked.size() < kMaximumParked) {
            m_parked.push_back(Parked{.pad = GST_PAD(gst_object_ref(pad)), .bin = bin, .ssrc = *ssrc});
        }
    }
}

namespace {

struct ParkedRelink {
    WebrtcbinReceiver::Impl* impl = nullptr;
    GstElement* bin = nullptr; // the fakesink the pad leaves
};

} // namespace

void WebrtcbinReceiver::Impl::relink_parked() {
    std::vector<Parked> named;
    {
        std::lock_guard lock{m_streams_mutex};
        std::erase_if(m_parked, [&](const Parked& parked) {
            const auto mid = m_ssrc_mid.find(parked.ssrc);
            if (mid == m_ssrc_mid.end() || find_stream_locked(mid->second) == nullptr) {
                return false;
            }
            named.push_back(parked);
            return true;
        });
    }
    for (const Parked& parked : named) {
        // Relinked once no buffer is passing (at once when the pad is idle).
        gst_pad_add_probe(parked.pad, GST_PAD_PROBE_TYPE_IDLE, &Impl::on_parked_pad_idle,
                          new ParkedRelink{.impl = this, .bin = parked.bin},
                          [](gpointer data) { delete static_cast<ParkedRelink*>(data); });
        gst_object_unref(parked.pad);
    }
}

GstPadProbeReturn WebrtcbinReceiver::Impl::on_parked_pad_idle(GstPad* pad, GstPadProbeInfo*, gpointer data) {
    const auto& relink = *static_cast<ParkedRelink*>(data);
    Impl& impl = *relink.impl;
    if (impl.m_closing) {
        return GST_PAD_PROBE_REMOVE;
    }
    if (GstPad* peer = gst_pad_get_peer(pad)) {
        gst_pad_unlink(pad, peer);
        gst_object_unref(peer);
    }
    impl.link_received_stream(pad);
    GstElement* bin = relink.bin;
    impl.m_loop.post([&impl, bin] {
        if (!impl.m_closing && impl.m_pipeline != nullptr) {
            gst_element_set_state(bin, GST_STATE_NULL);
            gst_bin_remove(GST_BIN(impl.m_pipeline), bin);
        }
    });
    return GST_PAD_PROBE_REMOVE;
}

void WebrtcbinReceiver::Impl::on_bus_message(GstMessage* message) {
    if (m_closing || GST_MESSAGE_TYPE(message) != GST_MESSAGE_ERROR) {
        return;
    }
    GError* error = nullptr;
    gst_message_parse_error(message, &error, nullptr);
    const char* source = GST_MESSAGE_SRC_NAME(message);
    std::string text = std::string{source != nullptr ? source : "pipeline"} + ": " +
                       (error != nullptr ? error->message : "unknown error");
    g_clear_error(&error);
    // Written only when GST_DEBUG_DUMP_DOT_DIR is set.
    GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS(GST_BIN(m_pipeline), GST_DEBUG_GRAPH_SHOW_ALL, "telecentre-receiver-error");
    fail(text);
}

void WebrtcbinReceiver::Impl::teardown() {
    m_closing = true;
    if (m_pipeline != nullptr) {
        if (m_bus_watch != nullptr) {
            g_source_destroy(m_bus_watch);
            g_source_unref(m_bus_watch);
            m_bus_watch = nullptr;
        }
        // Stops every streaming thread and webrtcbin's own: no hook runs after this.
        gst_element_set_state(m_pipeline, GST_STATE_NULL);
        g_signal_handlers_disconnect_by_data(m_webrtc, this);
        {
            std::lock_guard lock{m_streams_mutex};
            for (const auto& stream : m_streams) {
                stream->branch = nullptr;
                stream->active = false;
            }
            for (const Parked& parked : std::exchange(m_parked, {})) {
                gst_object_unref(parked.pad);
            }
        }
        gst_object_unref(m_pipeline);
        m_pipeline = m_webrtc = m_mixer = nullptr;
    }
    set_state(CallState::closed);
}

} // namespace telecentre::media
