// WebrtcbinCall: the public methods, and the offer/answer exchange with webrtcbin. The
// pipeline itself is built in call_pipeline.cpp.
#include "call_impl.hpp"
#include "gobject_glue.hpp"
#include "webrtc_common.hpp"

#include <gst/video/video.h>
#include <memory>

namespace telecentre::media {
namespace {

std::atomic<unsigned> g_next_call_number{0};

} // namespace

WebrtcbinCall::WebrtcbinCall(CallConfig config, CallCallbacks callbacks)
    : m_impl{std::make_unique<Impl>(std::move(config), std::move(callbacks))} {}
WebrtcbinCall::~WebrtcbinCall() { m_impl->hang_up(); }
void WebrtcbinCall::create_offer() { m_impl->create_offer(); }
void WebrtcbinCall::set_remote_description(SdpType type, std::string sdp) {
    m_impl->set_remote_description(type, std::move(sdp));
}
void WebrtcbinCall::add_remote_candidate(unsigned mline_index, std::string candidate) {
    m_impl->add_remote_candidate(mline_index, std::move(candidate));
}
void WebrtcbinCall::set_microphone_muted(MicrophoneState state) { m_impl->set_microphone_muted(state); }
void WebrtcbinCall::set_camera_enabled(CameraState state) { m_impl->set_camera_enabled(state); }
void WebrtcbinCall::hang_up() { m_impl->hang_up(); }
FrameMailbox& WebrtcbinCall::remote_video() { return m_impl->m_remote_video; }
FrameMailbox& WebrtcbinCall::self_view() { return m_impl->m_self_view; }
CallStats WebrtcbinCall::stats() const { return m_impl->stats(); }

WebrtcbinCall::Impl::Impl(CallConfig config, CallCallbacks callbacks)
    : m_config{std::move(config)}, m_callbacks{std::move(callbacks)},
      m_echo_probe_name{m_config.echo_probe_name.empty()
                            ? "telecentre-echo-probe-" + std::to_string(++g_next_call_number)
                            : m_config.echo_probe_name} {}

WebrtcbinCall::Impl::~Impl() { hang_up(); }

void WebrtcbinCall::Impl::create_offer() {
    m_loop.post([this] { start_offer(); });
}

void WebrtcbinCall::Impl::set_remote_description(SdpType type, std::string sdp) {
    m_loop.post([this, type, sdp = std::move(sdp)] { apply_remote(type, sdp); });
}

void WebrtcbinCall::Impl::add_remote_candidate(unsigned mline_index, std::string candidate) {
    m_loop.post([this, mline_index, candidate = std::move(candidate)] { apply_candidate(mline_index, candidate); });
}

void WebrtcbinCall::Impl::set_microphone_muted(MicrophoneState state) {
    m_loop.post([this, state] {
        if (m_audio_send == nullptr) {
            return;
        }
        if (GstElement* volume = gst_bin_get_by_name(GST_BIN(m_audio_send), kMicrophoneVolume)) {
            g_object_set(volume, "mute", state == MicrophoneState::muted ? TRUE : FALSE, nullptr);
            gst_object_unref(volume);
        }
    });
}

void WebrtcbinCall::Impl::set_camera_enabled(CameraState state) {
    m_loop.post([this, state] {
        if (m_video_send == nullptr) {
            return;
        }
        // Black frames keep the stream, its SSRC and the remote decoder alive: the picture
        // comes back at once when the camera is turned on again.
        if (GstElement* balance = gst_bin_get_by_name(GST_BIN(m_video_send), kCameraBalance)) {
            const bool off = state == CameraState::off;
            g_object_set(balance, "brightness", off ? -1.0 : 0.0, "contrast", off ? 0.0 : 1.0, "saturation",
                         off ? 0.0 : 1.0, nullptr);
            gst_object_unref(balance);
        }
    });
}

void WebrtcbinCall::Impl::hang_up() {
    if (m_loop.on_loop_thread()) {
        // From a callback: the teardown runs now, or is already running or queued.
        if (m_hang_up_requested.exchange(true)) {
            return;
        }
    } else {
        m_hang_up_requested = true;
    }
    m_loop.stop([this] { teardown(); });
}

CallStats WebrtcbinCall::Impl::stats() const {
    CallStats stats;
    stats.video_frames_sent = m_counters.video_frames_sent.load();
    stats.video_frames_decoded = m_counters.video_frames_decoded.load();
    stats.audio_buffers_received = m_counters.audio_buffers_received.load();
    stats.audio_samples_received = m_counters.audio_samples_received.load();
    stats.remote_audio_level = m_counters.remote_audio_level.load();
    {
        std::lock_guard lock{m_codec_mutex};
        stats.video_codec = m_codec;
    }
    stats.state = m_state.load();
    stats.ice_state = m_ice_state.load();
    return stats;
}

void WebrtcbinCall::Impl::start_offer() {
    if (m_closing) {
        return;
    }
    if (m_role != Role::none) {
        report_error("create_offer: this call already negotiated (renegotiation is not supported)");
        return;
    }
    m_role = Role::offerer;
    SendPlan plan;
    plan.video = std::pair{m_config.video_codec, 96};
    plan.audio = 111;
    if (!build_pipeline(plan)) {
        return;
    }
    set_state(CallState::connecting);
    m_offer_wanted = true;
    maybe_negotiate();
}

void WebrtcbinCall::Impl::apply_remote(SdpType type, const std::string& sdp) {
    if (m_closing) {
        return;
    }
    if (type == SdpType::offer) {
        if (m_role != Role::none) {
            report_error("remote offer: this call already negotiated (renegotiation is not supported)");
            return;
        }
        auto plan = plan_answer(sdp, m_config.video_codec);
        if (!plan) {
            report_error("remote offer: " + plan.error());
            return;
        }
        m_role = Role::answerer;
        SendPlan send;
        if (plan->video) {
            send.video = std::pair{plan->video->codec, plan->video->payload_type};
        }
        if (plan->audio) {
            send.audio = plan->audio->payload_type;
        }
        if (!build_pipeline(send)) {
            return;
        }
        set_state(CallState::connecting);
        m_answer_wanted = true;
    } else if (m_role != Role::offerer || m_webrtc == nullptr) {
        report_error("remote answer: no offer of ours is waiting for it");
        return;
    } else if (auto checked = plan_answer(sdp, m_config.video_codec); !checked) {
        report_error("remote answer: " + checked.error());
        return;
    }
    GstSDPMessage* message = nullptr;
    if (gst_sdp_message_new_from_text(sdp.c_str(), &message) != GST_SDP_OK) {
        report_error("remote description: not SDP");
        return;
    }
    GstWebRTCSessionDescription* description = gst_webrtc_session_description_new(
        type == SdpType::offer ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER, message);
    emit_with_promise("set-remote-description", description, [](Impl& impl, GstStructure* reply) {
        if (auto error = reply_error(reply)) {
            impl.report_error("remote description refused: " + *error);
            return;
        }
        impl.on_remote_description_set();
    });
    gst_webrtc_session_description_free(description);
    for (const auto& [mline_index, candidate] : std::exchange(m_early_candidates, {})) {
        apply_candidate(mline_index, candidate);
    }
}

void WebrtcbinCall::Impl::apply_candidate(unsigned mline_index, const std::string& candidate) {
    if (m_closing || candidate.empty()) {
        return;
    }
    if (!looks_like_candidate(candidate)) {
        report_error("remote candidate: not an ICE candidate line");
        return;
    }
    if (m_webrtc == nullptr) {
        m_early_candidates.emplace_back(mline_index, candidate);
        return;
    }
    if (mline_index >= m_mline_count) {
        report_error("remote candidate: no m-line " + std::to_string(mline_index));
        return;
    }
    const std::string line = candidate.starts_with("a=") ? candidate.substr(2) : candidate;
    g_signal_emit_by_name(m_webrtc, "add-ice-candidate", mline_index, line.c_str());
}

void WebrtcbinCall::Impl::on_remote_description_set() {
    if (m_role == Role::answerer) {
        m_remote_offer_set = true;
        maybe_negotiate();
    }
}

// Offers and answers wait until every local stream has caps on webrtcbin's sink pads: before
// that webrtcbin leaves the SSRC out, and some peers (Janus) then drop the stream.
void WebrtcbinCall::Impl::maybe_negotiate() {
    if (m_closing || m_webrtc == nullptr) {
        return;
    }
    for (GstPad* pad : m_send_pads) {
        if (!gst_pad_has_current_caps(pad)) {
            return;
        }
    }
    auto created = [](Impl& impl, GstStructure* reply) {
        if (auto error = reply_error(reply)) {
            impl.report_error("cannot create the local description: " + *error);
            return;
        }
        GstWebRTCSessionDescription* description = nullptr;
        const char* field = impl.m_role == Role::offerer ? "offer" : "answer";
        if (reply == nullptr ||
            !gst_structure_get(reply, field, GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &description, nullptr)) {
            impl.report_error("cannot create the local description");
            return;
        }
        impl.on_description_created(description);
        gst_webrtc_session_description_free(description);
    };
    if (m_offer_wanted) {
        m_offer_wanted = false;
        emit_with_promise("create-offer", nullptr, created);
    } else if (m_answer_wanted && m_remote_offer_set) {
        m_answer_wanted = false;
        emit_with_promise("create-answer", nullptr, created);
    }
}

void WebrtcbinCall::Impl::on_description_created(GstWebRTCSessionDescription* description) {
    if (m_closing) {
        return;
    }
    limit_received_video(description->sdp, m_config.receive_video_kbps);
    emit_with_promise("set-local-description", description, [](Impl& impl, GstStructure* reply) {
        if (auto error = reply_error(reply)) {
            impl.report_error("local description refused: " + *error);
        }
    });
    gchar* text = gst_sdp_message_as_text(description->sdp);
    const std::string sdp = text != nullptr ? text : "";
    g_free(text);
    if (m_callbacks.on_local_description) {
        m_callbacks.on_local_description(
            description->type == GST_WEBRTC_SDP_TYPE_OFFER ? SdpType::offer : SdpType::answer, sdp);
    }
}

void WebrtcbinCall::Impl::emit_with_promise(const char* signal, gpointer argument, Promised then) {
    media::emit_with_promise(m_webrtc, signal, argument, m_loop.gate(), [this, then](GstStructure* reply) {
        if (!m_closing) {
            then(*this, reply);
        }
    });
}

void WebrtcbinCall::Impl::on_connection_state(GstWebRTCPeerConnectionState state) {
    switch (state) {
    case GST_WEBRTC_PEER_CONNECTION_STATE_NEW: break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTING: set_state(CallState::connecting); break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED:
        open_send_gates();
        set_state(CallState::connected);
        break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_DISCONNECTED: set_state(CallState::disconnected); break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED: set_state(CallState::failed); break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED: break; // ours comes from teardown()
    }
}

void WebrtcbinCall::Impl::open_send_gates() {
    if (m_send_open.exchange(true)) {
        return;
    }
    // The key frame encoded before the connection was lost: the browser would otherwise wait
    // for its own picture-loss request to get one.
    if (m_video_send != nullptr) {
        if (GstElement* encoder = gst_bin_get_by_name(GST_BIN(m_video_send), kVideoEncoder)) {
            if (GstPad* source = gst_element_get_static_pad(encoder, "src")) {
                gst_pad_send_event(source, gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
                gst_object_unref(source);
            }
            gst_object_unref(encoder);
        }
    }
}

void WebrtcbinCall::Impl::set_state(CallState state) {
    if (m_state.exchange(state) == state) {
        return;
    }
    if (m_callbacks.on_state) {
        m_callbacks.on_state(state);
    }
}

void WebrtcbinCall::Impl::report_error(const std::string& message) {
    if (m_callbacks.on_error) {
        m_callbacks.on_error(message);
    }
}

void WebrtcbinCall::Impl::fail(const std::string& message) {
    report_error(message);
    set_state(CallState::failed);
}

} // namespace telecentre::media
