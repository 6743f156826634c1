#pragma once
// The inside of WebrtcbinCall. Members marked "media thread" are touched only on the call's
// MediaLoop; the rest are atomics or guarded by a mutex.

#include "media_loop.hpp"
#include "pipeline_parts.hpp"
#include "sdp_plan.hpp"
#include "telecentre/media/webrtcbin_call.hpp"

#define GST_USE_UNSTABLE_API
#include <array>
#include <atomic>
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace telecentre::media {

struct CallHooks;

// What goes into an encoder before the peer connection is up: only what it needs to give its
// output caps (which the offer's SSRCs wait for), then nothing until it is. The offer is made
// while the agent's console rings: nothing is encoded for a peer that cannot receive yet, and the
// first picture sent is a fresh key frame, not the head of a backlog. A pad probe on the
// encoder's input reads it (GStreamer threads); the pads belong to the pipeline, which outlives
// the probe.
struct SendGate {
    const std::atomic<bool>* open = nullptr;
    GstPad* encoder_output = nullptr;
};

class WebrtcbinCall::Impl {
public:
    Impl(CallConfig config, CallCallbacks callbacks);
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Any thread: each posts its work to the media thread.
    void create_offer();
    void set_remote_description(SdpType type, std::string sdp);
    void add_remote_candidate(unsigned mline_index, std::string candidate);
    void set_microphone_muted(MicrophoneState state);
    void set_camera_enabled(CameraState state);
    void hang_up();
    [[nodiscard]] CallStats stats() const;

    FrameMailbox m_remote_video;
    FrameMailbox m_self_view;

private:
    friend struct CallHooks; // the GStreamer callbacks (call_pipeline.cpp)
    enum class Role { none, offerer, answerer };
    struct SendPlan {
        std::optional<std::pair<VideoCodec, int>> video; // codec, payload type
        std::optional<int> audio;                        // payload type
    };

    // Media thread.
    void start_offer();
    void apply_remote(SdpType type, const std::string& sdp);
    void apply_candidate(unsigned mline_index, const std::string& candidate);
    [[nodiscard]] bool build_pipeline(const SendPlan& plan);
    [[nodiscard]] bool add_send_branch(const std::string& description, bool video, VideoCodec codec, int payload_type);
    void add_receive_only(bool video, VideoCodec codec, int payload_type);
    void configure_ice();
    void maybe_negotiate();
    void on_description_created(GstWebRTCSessionDescription* description);
    void on_remote_description_set();
    void on_connection_state(GstWebRTCPeerConnectionState state);
    void on_bus_message(GstMessage* message);
    void on_camera_lost(GstMessage* message);
    void report_error(const std::string& message);
    void fail(const std::string& message);
    void set_state(CallState state);
    void gate_encoder_input(GstElement* branch, const char* encoder, SendGate& gate);
    void open_send_gates(); // the peer connection is up: the encoders get every frame
    void teardown();

    // GStreamer callbacks. pad-added builds the decoding chain on the streaming thread itself:
    // an unlinked pad would fail the stream while waiting for the media thread.
    static void on_pad_added(GstElement* webrtc, GstPad* pad, gpointer data);
    void link_received_stream(GstPad* pad);
    using Promised = void (*)(Impl& impl, GstStructure* reply);
    void emit_with_promise(const char* signal, gpointer argument, Promised then);

    CallConfig m_config;
    CallCallbacks m_callbacks;
    std::string m_echo_probe_name;
    StreamCounters m_counters;
    std::atomic<CallState> m_state{CallState::idle};
    std::atomic<IceState> m_ice_state{IceState::idle};
    std::atomic<bool> m_closing{false};
    std::atomic<bool> m_hang_up_requested{false};
    mutable std::mutex m_codec_mutex;
    std::string m_codec;
    std::atomic<bool> m_playout_linked{false};
    std::atomic<bool> m_send_open{false};   // the peer connection is up (SendGate)
    std::array<SendGate, 2> m_send_gates{}; // video, audio

    // Media thread.
    Role m_role = Role::none;
    GstElement* m_pipeline = nullptr;
    GstElement* m_webrtc = nullptr;
    GstElement* m_playout = nullptr;
    GstElement* m_video_send = nullptr;
    GstElement* m_audio_send = nullptr;
    GSource* m_bus_watch = nullptr;
    std::vector<GstPad*> m_send_pads;
    std::vector<std::pair<unsigned, std::string>> m_early_candidates;
    bool m_offer_wanted = false;
    bool m_answer_wanted = false;
    bool m_remote_offer_set = false;
    unsigned m_mline_count = 0;

    // Last: destroyed first, so the media thread is joined before anything it uses goes.
    MediaLoop m_loop;
};

} // namespace telecentre::media
