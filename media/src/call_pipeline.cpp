// WebrtcbinCall: building the pipeline around webrtcbin, linking the remote streams as they
// arrive, the bus, and the one teardown path.
#include "allocator.hpp"
#include "call_impl.hpp"
#include "gobject_glue.hpp"
#include "webrtc_common.hpp"

#include <string_view>

namespace telecentre::media {
namespace {

void on_ice_candidate(GstElement*, guint mline_index, gchar* candidate, gpointer data);
void on_connection_state_notify(GObject* webrtc, GParamSpec*, gpointer data);
void on_ice_state_notify(GObject* webrtc, GParamSpec*, gpointer data);
void on_caps_notify(GObject*, GParamSpec*, gpointer data);
gboolean on_bus(GstBus*, GstMessage* message, gpointer data);

GstPadProbeReturn gate_buffer(GstPad*, GstPadProbeInfo*, gpointer data) {
    auto& gate = *static_cast<SendGate*>(data);
    if (gate.open->load(std::memory_order_relaxed) || !gst_pad_has_current_caps(gate.encoder_output)) {
        return GST_PAD_PROBE_OK;
    }
    return GST_PAD_PROBE_DROP;
}

} // namespace

// The hooks GStreamer calls, given the Impl as user data. They run on GStreamer threads and
// only read atomics or post to the media thread.
struct CallHooks {
    static void candidate(WebrtcbinCall::Impl& impl, unsigned mline_index, std::string candidate) {
        impl.m_loop.post([&impl, mline_index, candidate = std::move(candidate)] {
            if (!impl.m_closing && impl.m_callbacks.on_local_candidate) {
                impl.m_callbacks.on_local_candidate(mline_index, candidate);
            }
        });
    }
    static void connection_state(WebrtcbinCall::Impl& impl, GstWebRTCPeerConnectionState state) {
        impl.m_loop.post([&impl, state] {
            if (!impl.m_closing) {
                impl.on_connection_state(state);
            }
        });
    }
    static void ice_state(WebrtcbinCall::Impl& impl, GstWebRTCICEConnectionState state) {
        impl.m_ice_state = ice_state_from(state);
    }
    static void caps(WebrtcbinCall::Impl& impl) {
        impl.m_loop.post([&impl] { impl.maybe_negotiate(); });
    }
    static void bus(WebrtcbinCall::Impl& impl, GstMessage* message) { impl.on_bus_message(message); }
};

namespace {

void on_ice_candidate(GstElement*, guint mline_index, gchar* candidate, gpointer data) {
    CallHooks::candidate(*static_cast<WebrtcbinCall::Impl*>(data), mline_index, candidate != nullptr ? candidate : "");
}

void on_connection_state_notify(GObject* webrtc, GParamSpec*, gpointer data) {
    GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
    g_object_get(webrtc, "connection-state", &state, nullptr);
    CallHooks::connection_state(*static_cast<WebrtcbinCall::Impl*>(data), state);
}

void on_ice_state_notify(GObject* webrtc, GParamSpec*, gpointer data) {
    GstWebRTCICEConnectionState state = GST_WEBRTC_ICE_CONNECTION_STATE_NEW;
    g_object_get(webrtc, "ice-connection-state", &state, nullptr);
    CallHooks::ice_state(*static_cast<WebrtcbinCall::Impl*>(data), state);
}

void on_caps_notify(GObject*, GParamSpec*, gpointer data) { CallHooks::caps(*static_cast<WebrtcbinCall::Impl*>(data)); }

gboolean on_bus(GstBus*, GstMessage* message, gpointer data) {
    CallHooks::bus(*static_cast<WebrtcbinCall::Impl*>(data), message);
    return G_SOURCE_CONTINUE;
}

} // namespace

bool WebrtcbinCall::Impl::build_pipeline(const SendPlan& plan) {
    GstElement* webrtc = gst_element_factory_make("webrtcbin", nullptr);
    if (webrtc == nullptr) {
        fail("cannot create webrtcbin");
        return false;
    }
    // With an echo probe elsewhere (CallConfig::echo_probe_name), this playout has none: two probes
    // of one name, and webrtcdsp would read the wrong one.
    CallConfig playout_settings = m_config;
    if (!m_config.echo_probe_name.empty()) {
        playout_settings.audio_processing = AudioProcessing::off;
    }
    auto playout = make_bin(playout_description(playout_settings, m_echo_probe_name));
    if (!playout) {
        gst_object_unref(gst_object_ref_sink(webrtc));
        fail(playout.error());
        return false;
    }
    m_pipeline = gst_pipeline_new(nullptr);
    m_webrtc = webrtc;
    m_playout = *playout;
    tune_reception(m_webrtc, m_config.receive_latency_ms);
    gst_bin_add_many(GST_BIN(m_pipeline), m_webrtc, m_playout, nullptr);
    if (auto speaker = prepare_speaker(m_playout, m_config); !speaker) {
        fail(speaker.error());
        return false;
    }
    configure_ice();

    GstBus* bus = gst_element_get_bus(m_pipeline);
    m_bus_watch = gst_bus_create_watch(bus);
    g_source_set_callback(m_bus_watch, as_source_func(&on_bus), this, nullptr);
    g_source_attach(m_bus_watch, m_loop.context());
    gst_object_unref(bus);

    connect_signal(m_webrtc, "on-ice-candidate", &on_ice_candidate, this);
    connect_signal(m_webrtc, "notify::connection-state", &on_connection_state_notify, this);
    connect_signal(m_webrtc, "notify::ice-connection-state", &on_ice_state_notify, this);
    connect_signal(m_webrtc, "pad-added", &Impl::on_pad_added, this);

    if (plan.video && m_config.video_source.kind == VideoSourceKind::none) {
        // No camera: the agent's picture still comes, on a receive-only m-line, which browsers
        // answer as they would a peer that shares no camera (docs/reception.md).
        const auto [codec, payload_type] = *plan.video;
        add_receive_only(true, codec, payload_type);
        std::lock_guard lock{m_codec_mutex};
        m_codec = to_string(codec);
    } else if (plan.video) {
        const auto [codec, payload_type] = *plan.video;
        if (!add_send_branch(video_send_description(m_config, codec, payload_type), true, codec, payload_type)) {
            return false;
        }
        std::lock_guard lock{m_codec_mutex};
        m_codec = to_string(codec);
    }
    if (plan.audio && m_config.audio_source.kind != AudioSourceKind::none) {
        if (!add_send_branch(audio_send_description(m_config, *plan.audio, m_echo_probe_name), false, VideoCodec::vp8,
                             *plan.audio)) {
            return false;
        }
    } else if (plan.audio) {
        add_receive_only(false, VideoCodec::vp8, *plan.audio);
    }
    if (gst_element_set_state(m_pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        fail("the media pipeline did not start (camera or microphone unavailable?)");
        return false;
    }
    return true;
}

void WebrtcbinCall::Impl::gate_encoder_input(GstElement* branch, const char* encoder_name, SendGate& gate) {
    gate.open = &m_send_open;
    GstElement* encoder = gst_bin_get_by_name(GST_BIN(branch), encoder_name);
    if (encoder == nullptr) {
        return;
    }
    GstPad* input = gst_element_get_static_pad(encoder, "sink");
    GstPad* output = gst_element_get_static_pad(encoder, "src");
    if (input != nullptr && output != nullptr) {
        gate.encoder_output = output;
        gst_pad_add_probe(input, GST_PAD_PROBE_TYPE_BUFFER, &gate_buffer, &gate, nullptr);
    }
    if (input != nullptr) {
        gst_object_unref(input);
    }
    if (output != nullptr) {
        gst_object_unref(output); // the encoder, in the pipeline, keeps it
    }
    gst_object_unref(encoder);
}

bool WebrtcbinCall::Impl::add_send_branch(const std::string& description, bool video, VideoCodec codec,
                                          int payload_type) {
    auto made = make_bin(description);
    if (!made) {
        fail(made.error());
        return false;
    }
    GstElement* bin = *made;
    gst_bin_add(GST_BIN(m_pipeline), bin);
    if (video) {
        m_video_send = bin;
        if (auto camera = prepare_camera(bin, m_config.video_source); !camera) {
            fail(camera.error());
            return false;
        }
        hold_camera_end_of_stream(bin);
        count_encoded_frames(bin, m_counters);
        if (m_config.stamp_wall_clock) {
            stamp_frames(bin);
        }
        deliver_frames(bin, m_self_view, m_counters.self_view_frames);
        gate_encoder_input(bin, kVideoEncoder, m_send_gates[0]);
    } else {
        m_audio_send = bin;
        if (auto microphone = prepare_microphone(bin, m_config.audio_source); !microphone) {
            fail(microphone.error());
            return false;
        }
        gate_encoder_input(bin, kAudioEncoder, m_send_gates[1]);
    }
    // The caps given with the request set the transceiver's kind at once, and the
    // codec-preferences set right after carry the payload type: as answerer, this is how the
    // transceiver is matched to the offer's m-line and answers with the offer's payload type.
    GstCaps* caps = gst_caps_from_string(rtp_caps(video, codec, payload_type).c_str());
    GstPadTemplate* pad_template = gst_element_get_pad_template(m_webrtc, "sink_%u");
    GstPad* sink = gst_element_request_pad(m_webrtc, pad_template, nullptr, caps);
    GstWebRTCRTPTransceiver* transceiver = nullptr;
    g_object_get(sink, "transceiver", &transceiver, nullptr);
    // NACK/RTX on audio makes Chromium reject the offer: video only.
    g_object_set(transceiver, "codec-preferences", caps, "do-nack", video ? TRUE : FALSE, nullptr);
    gst_caps_unref(caps);
    gst_object_unref(transceiver);
    connect_signal(sink, "notify::caps", &on_caps_notify, this);
    GstPad* source = gst_element_get_static_pad(bin, "src");
    const GstPadLinkReturn linked = gst_pad_link(source, sink);
    gst_object_unref(source);
    m_send_pads.push_back(sink);
    ++m_mline_count;
    if (linked != GST_PAD_LINK_OK) {
        fail("cannot link a local stream to webrtcbin");
        return false;
    }
    return true;
}

void WebrtcbinCall::Impl::add_receive_only(bool video, VideoCodec codec, int payload_type) {
    GstCaps* caps = gst_caps_from_string(rtp_caps(video, codec, payload_type).c_str());
    GstWebRTCRTPTransceiver* transceiver = nullptr;
    g_signal_emit_by_name(m_webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps,
                          &transceiver);
    gst_caps_unref(caps);
    if (transceiver != nullptr) {
        gst_object_unref(transceiver);
        ++m_mline_count;
    }
}

void WebrtcbinCall::Impl::configure_ice() {
    const IceSettings settings{m_config.stun_server, m_config.turn_servers, m_config.ice_local_addresses};
    for (const auto& refused : media::configure_ice(m_webrtc, settings)) {
        report_error(refused);
    }
}

void WebrtcbinCall::Impl::on_pad_added(GstElement*, GstPad* pad, gpointer data) {
    auto& impl = *static_cast<Impl*>(data);
    if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC || impl.m_closing) {
        return;
    }
    impl.link_received_stream(pad);
}

void WebrtcbinCall::Impl::link_received_stream(GstPad* pad) {
    GstCaps* caps = gst_pad_get_current_caps(pad);
    if (caps == nullptr) {
        caps = gst_pad_query_caps(pad, nullptr);
    }
    const GstStructure* structure = gst_caps_get_structure(caps, 0);
    const char* media_name = structure != nullptr ? gst_structure_get_string(structure, "media") : nullptr;
    const char* encoding_name = structure != nullptr ? gst_structure_get_string(structure, "encoding-name") : nullptr;
    const std::string media = media_name != nullptr ? media_name : "";
    const std::string encoding = encoding_name != nullptr ? encoding_name : "";
    gst_caps_unref(caps);

    std::string description = receive_description(media, encoding);
    const bool audio = media == "audio";
    if (description.empty()) {
        m_loop.post([this, media, encoding] { report_error("cannot decode the remote " + media + " " + encoding); });
        description = "fakesink async=false sync=false";
    }
    auto made = make_bin(description);
    if (!made) {
        m_loop.post([this, error = made.error()] { fail(error); });
        return;
    }
    GstElement* bin = *made;
    gst_bin_add(GST_BIN(m_pipeline), bin);
    if (media == "video") {
        deliver_frames(bin, m_remote_video, m_counters.video_frames_decoded);
    }
    if (GstPad* decoded = gst_element_get_static_pad(bin, "src")) {
        if (audio) {
            measure_audio(decoded, m_counters);
        }
        // One remote audio stream plays; a second one would only be decoded and dropped.
        if (!audio || m_playout_linked.exchange(true)) {
            GstElement* sink = gst_element_factory_make("fakesink", nullptr);
            g_object_set(sink, "async", FALSE, "sync", FALSE, nullptr);
            gst_bin_add(GST_BIN(m_pipeline), sink);
            gst_element_link(bin, sink);
            gst_element_sync_state_with_parent(sink);
        } else {
            GstPad* playout = gst_element_get_static_pad(m_playout, "sink");
            gst_pad_link(decoded, playout);
            gst_object_unref(playout);
        }
        gst_object_unref(decoded);
    }
    gst_element_sync_state_with_parent(bin);
    GstPad* sink = gst_element_get_static_pad(bin, "sink");
    if (gst_pad_link(pad, sink) != GST_PAD_LINK_OK) {
        m_loop.post([this, media] { fail("cannot link the remote " + media); });
    }
    gst_object_unref(sink);
}

void WebrtcbinCall::Impl::on_bus_message(GstMessage* message) {
    if (m_closing || GST_MESSAGE_TYPE(message) != GST_MESSAGE_ERROR) {
        return;
    }
    GstObject* origin = GST_MESSAGE_SRC(message);
    if (origin != nullptr && !gst_object_has_as_ancestor(origin, GST_OBJECT(m_pipeline))) {
        return; // from an element taken out since (a lost camera saying more)
    }
    if (m_state != CallState::failed && is_camera(m_video_send, origin)) {
        on_camera_lost(message);
        return;
    }
    GError* error = nullptr;
    gst_message_parse_error(message, &error, nullptr);
    const char* source = GST_MESSAGE_SRC_NAME(message);
    std::string text = std::string{source != nullptr ? source : "pipeline"} + ": " +
                       (error != nullptr ? error->message : "unknown error");
    g_clear_error(&error);
    // Written only when GST_DEBUG_DUMP_DOT_DIR is set.
    GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS(GST_BIN(m_pipeline), GST_DEBUG_GRAPH_SHOW_ALL, "telecentre-call-error");
    fail(text);
}

void WebrtcbinCall::Impl::on_camera_lost(GstMessage* message) {
    GError* error = nullptr;
    gst_message_parse_error(message, &error, nullptr);
    std::string text = describe_camera_error(m_config.video_source, error);
    g_clear_error(&error);
    // The sound goes on: a black picture takes the camera's place on the same stream (same SSRC,
    // no renegotiation), so the agent's browser keeps its decoder and the call its m-lines.
    if (!replace_camera_with_still(m_video_send, m_pipeline)) {
        GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS(GST_BIN(m_pipeline), GST_DEBUG_GRAPH_SHOW_ALL, "telecentre-call-error");
        fail(text + " (and no picture could replace it)");
        return;
    }
    if (m_callbacks.on_camera_lost) {
        m_callbacks.on_camera_lost(text);
    }
}

void WebrtcbinCall::Impl::teardown() {
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
        for (GstPad* pad : m_send_pads) {
            g_signal_handlers_disconnect_by_data(pad, this);
            gst_element_release_request_pad(m_webrtc, pad);
            gst_object_unref(pad);
        }
        m_send_pads.clear();
        gst_object_unref(m_pipeline);
        m_pipeline = m_webrtc = m_playout = m_video_send = m_audio_send = nullptr;
        release_free_memory_after_call();
    }
    set_state(CallState::closed);
}

} // namespace telecentre::media
