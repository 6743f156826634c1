#pragma once
// A receive-only WebRTC session with any number of audio and video streams on one peer connection:
// the room terminal's subscription to a Janus VideoRoom (multistream). The remote side always
// offers (Janus sends one offer per change of the participants); this side only answers.
//
// Streams are named by their mid. A renegotiated offer may add m-lines and turn others inactive
// (port 0): each stream whose m-line starts sending is reported by on_stream_added, each that
// stops by on_stream_removed; the same mid may come back later (Janus reusing the slot).
//
// Threading: every public method may be called from any thread and returns without waiting,
// except close() and the destructor, which wait for the teardown (tens of ms). The receiver runs
// its own media thread (a GLib main loop) that makes every GStreamer call; all ReceiverCallbacks
// run on that thread, one at a time, and never after close() or the destructor returned.
// Callbacks may call the receiver's own methods (close() included) but must not destroy it.
// Frame mailbox listeners run on GStreamer streaming threads.

#include "telecentre/media/call_types.hpp"
#include "telecentre/media/video_frame.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace telecentre::media {

struct ReceiverConfig {
    // Every audio stream is mixed (audiomixer) into this one output.
    AudioOutput audio_output = AudioOutput::pulse;
    std::string audio_output_device;                         // pulse sink name; empty: the default sink
    std::shared_ptr<const DeviceHandle> audio_output_handle; // AudioOutput::device
    // Jitter buffer of the received streams.
    int receive_latency_ms = 100;
    // The most each video stream may bring (b=AS / b=TIAS on each video m-line of the answer); 0:
    // no cap.
    int receive_video_kbps = 0;
    // "stun://host:port"; empty: none.
    std::string stun_server;
    // "turn(s)://user:password@host:port[?transport=udp|tcp]". Never logged nor reported.
    std::vector<std::string> turn_servers;
    // When not empty, ICE gathers host candidates only on these addresses (tests: 127.0.0.1).
    std::vector<std::string> ice_local_addresses;
    // When not empty, the mixed sound passes a webrtcechoprobe of this name on its way out, and
    // the output is made at construction (the constructor waits for it, up to 5 s), so that a
    // publishing WebrtcbinCall with CallConfig::echo_probe_name the same, started after, cancels
    // what the loudspeaker plays from what its microphone sends.
    std::string echo_probe_name;
};

// All run on the receiver's media thread. Any may be empty.
struct ReceiverCallbacks {
    // The answer to the last offer: send it to the remote peer (Janus: the subscriber handle's
    // "start" request, after the first offer and after each renegotiation).
    std::function<void(const std::string& answer_sdp)> on_local_description;
    // `candidate` is the "candidate:..." line without "a=".
    std::function<void(unsigned mline_index, const std::string& candidate)> on_local_candidate;
    // The stream of `mid` was offered as sending, with a codec we decode; for video its mailbox
    // (video(mid)) exists from now on. Reported before the answer goes out.
    std::function<void(const std::string& mid, StreamKind kind)> on_stream_added;
    // A later offer turned the stream of `mid` inactive (or gave its m-line to another mid).
    std::function<void(const std::string& mid)> on_stream_removed;
    std::function<void(CallState state)> on_state;
    // Plain text for logs; never contains TURN credentials. After a refused offer or candidate
    // the receiver stays usable (the next offer is answered). It goes to `failed` when the
    // pipeline itself failed, or when webrtcbin took an offer but could not answer it (it cannot
    // roll back, so no later offer can be answered): then recreate the receiver.
    std::function<void(const std::string& message)> on_error;
};

struct ReceivedStreamStats {
    std::string mid;
    StreamKind kind = StreamKind::audio;
    unsigned mline_index = 0;
    bool active = false;                      // the last offer sends it
    std::uint64_t video_frames_decoded = 0;   // video
    std::uint64_t audio_buffers_received = 0; // audio
    std::uint64_t audio_samples_received = 0; // decoded samples (48 kHz mono)
    double audio_level = 0.0;                 // RMS of the last decoded buffer, 0..1
};

struct ReceiverStats {
    std::vector<ReceivedStreamStats> streams; // every mid seen, in m-line order
    std::uint64_t answers = 0;                // offers answered
    std::uint64_t audio_buffers_played = 0;   // mixed buffers that went to the output
    CallState state = CallState::idle;
    IceState ice_state = IceState::idle;
};

class WebrtcbinReceiver {
public:
    // media::initialise() must have succeeded. Nothing starts until the first offer.
    WebrtcbinReceiver(ReceiverConfig config, ReceiverCallbacks callbacks);
    ~WebrtcbinReceiver();
    WebrtcbinReceiver(const WebrtcbinReceiver&) = delete;
    WebrtcbinReceiver& operator=(const WebrtcbinReceiver&) = delete;

    // The first offer, or a renegotiated one on the same connection: the answer comes through
    // on_local_description. An offer that is not SDP, lacks mids, or sends nothing we decode ends
    // in on_error, and the previous negotiation stays in force.
    void set_remote_offer(std::string sdp);
    // For a caller that carries typed descriptions: an answer is refused (on_error), since this
    // side never offers.
    void set_remote_description(SdpType type, std::string sdp);
    // A remote candidate line ("candidate:..." with or without "a="); an empty one is ignored.
    void add_remote_candidate(unsigned mline_index, std::string candidate);

    // The decoded picture of the video stream `mid`, or null when no offer carried that video
    // mid. The mailbox outlives the stream (it stays valid while the caller holds it); a stream
    // that comes back under the same mid uses the same mailbox.
    [[nodiscard]] std::shared_ptr<FrameMailbox> video(const std::string& mid) const;

    // A snapshot of the counters; cheap, any thread.
    [[nodiscard]] ReceiverStats stats() const;

    // Ends the session: the pipeline goes to NULL, the media thread is joined, on_state(closed)
    // has been delivered. Idempotent; the destructor does it too.
    void close();

    class Impl; // defined in src/, where GStreamer's callbacks need to name it

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::media
