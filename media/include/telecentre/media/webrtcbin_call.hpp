#pragma once
// One audio + video WebRTC call over GStreamer's webrtcbin, signalling-agnostic: the caller
// carries descriptions and candidates to the remote peer by whatever channel it has.
//
// Threading: every public method may be called from any thread and returns without waiting,
// except hang_up() and the destructor, which wait for the call's teardown (tens of ms). Each
// call runs its own media thread (a GLib main loop) that makes every GStreamer call; all
// CallCallbacks run on that thread, one at a time, and never after hang_up() or the destructor
// returned. Callbacks may call the call's own methods (hang_up() included) but must not
// destroy it. Frame mailbox listeners run on GStreamer streaming threads.

#include "telecentre/media/call_types.hpp"
#include "telecentre/media/video_frame.hpp"

#include <memory>
#include <string>

namespace telecentre::media {

class WebrtcbinCall {
public:
    // media::initialise() must have succeeded. Nothing starts until create_offer() or
    // set_remote_description(offer): the capture devices open then.
    WebrtcbinCall(CallConfig config, CallCallbacks callbacks);
    ~WebrtcbinCall();
    WebrtcbinCall(const WebrtcbinCall&) = delete;
    WebrtcbinCall& operator=(const WebrtcbinCall&) = delete;

    // Offerer: starts capture and produces an offer through on_local_description once every
    // local stream has its format (so the offer carries the SSRCs). Call it on an explicit
    // decision ("the visitor pressed call"), never from a renegotiation event: two peers
    // offering at once (glare) is not handled.
    void create_offer();
    // The remote offer (this side answers: capture starts with the offer's payload types and
    // the answer comes through on_local_description) or the remote answer to our offer.
    // A description that cannot be parsed or offers no codec we support ends in on_error.
    void set_remote_description(SdpType type, std::string sdp);
    // A remote candidate line ("candidate:..." with or without the "a=" prefix); an empty one
    // means the end of candidates and is ignored.
    void add_remote_candidate(unsigned mline_index, std::string candidate);

    // The microphone sends silence while muted.
    void set_microphone_muted(MicrophoneState state);
    // The camera sends black frames while off (the self-view shows them too).
    void set_camera_enabled(CameraState state);

    // Ends the call: the pipeline goes to NULL, the media thread is joined, on_state(closed)
    // has been delivered. Idempotent; the destructor does it too.
    void hang_up();

    // The remote peer's video, and the local camera after capture (self-view).
    [[nodiscard]] FrameMailbox& remote_video();
    [[nodiscard]] FrameMailbox& self_view();

    // A snapshot of the counters; cheap, any thread.
    [[nodiscard]] CallStats stats() const;

    class Impl; // defined in src/, where GStreamer's callbacks need to name it

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::media
