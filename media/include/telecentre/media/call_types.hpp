#pragma once
// The plain types of a call: configuration, callbacks, states and statistics. No GStreamer or
// GLib type appears here.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace telecentre::media {

class DeviceHandle; // devices.hpp: a device the monitor listed, opaque here

// device: the element the monitor's device makes (a camera chosen by reception.camera). none: the
// call sends no video (a receive-only video m-line: the agent's picture still comes).
enum class VideoSourceKind { test_pattern, v4l2, device, none };
enum class AudioSourceKind { test_tone, pulse, device, none };
// Where the remote audio goes: the sound server, a listed device, or nowhere (counted and
// dropped; for CI).
enum class AudioOutput { pulse, device, fake };
enum class VideoCodec { vp8, h264 };
// Echo cancellation and noise suppression (webrtcdsp, with webrtcechoprobe on the playout).
enum class AudioProcessing { off, echo_cancellation_and_noise_suppression };
enum class MicrophoneState { live, muted };
enum class CameraState { on, off };
enum class SdpType { offer, answer };
enum class StreamKind { audio, video };

struct VideoSource {
    VideoSourceKind kind = VideoSourceKind::test_pattern;
    std::string device; // v4l2: the device path, e.g. /dev/video0 (raw formats only); device: its id
    std::string name;   // device: its name, for messages
    std::shared_ptr<const DeviceHandle> handle; // device: what its element is made from
};

struct AudioSource {
    AudioSourceKind kind = AudioSourceKind::test_tone;
    std::string device;                         // pulse source name (empty: the default source); device: its id
    std::shared_ptr<const DeviceHandle> handle; // device: what its element is made from
};

struct CallConfig {
    VideoSource video_source{};
    AudioSource audio_source{};
    AudioOutput audio_output = AudioOutput::pulse;
    std::string audio_output_device;                         // pulse sink name; empty: the default sink
    std::shared_ptr<const DeviceHandle> audio_output_handle; // AudioOutput::device
    // Offered first; as answerer, used when the offer has it, else the other one.
    VideoCodec video_codec = VideoCodec::vp8;
    int width = 640;
    int height = 480;
    int fps = 30;
    int video_bitrate_kbps = 800;
    int audio_bitrate_kbps = 32;
    // The most the peer may send us as video (b=AS / b=TIAS in our descriptions); 0: no cap.
    int receive_video_kbps = 0;
    AudioProcessing audio_processing = AudioProcessing::echo_cancellation_and_noise_suppression;
    // Jitter buffer of the received streams.
    int receive_latency_ms = 100;
    // "stun://host:port"; empty: none.
    std::string stun_server;
    // "turn(s)://user:password@host:port[?transport=udp|tcp]". Never logged nor reported.
    std::vector<std::string> turn_servers;
    // When not empty, ICE gathers host candidates only on these addresses (tests: 127.0.0.1).
    std::vector<std::string> ice_local_addresses;
    // Benchmarks: each sent frame carries the wall-clock time it left the camera stage
    // (frame_stamp.hpp), for glass-to-glass latency.
    bool stamp_wall_clock = false;
    // Echo cancellation against sound played by someone else: the name of the webrtcechoprobe on
    // that playout (a WebrtcbinReceiver's ReceiverConfig::echo_probe_name: the conference's
    // guests), which must exist before the call starts. Empty: the call's own playout has the
    // probe (the remote party of this call is what the loudspeaker plays).
    std::string echo_probe_name;
};

enum class CallState { idle, connecting, connected, disconnected, failed, closed };
enum class IceState { idle, checking, connected, completed, failed, disconnected, closed };

[[nodiscard]] const char* to_string(CallState state);
[[nodiscard]] const char* to_string(IceState state);
[[nodiscard]] const char* to_string(VideoCodec codec);

// All run on the call's media thread (see WebrtcbinCall). Any may be empty.
struct CallCallbacks {
    // Send to the remote peer.
    std::function<void(SdpType type, const std::string& sdp)> on_local_description;
    // Send to the remote peer; `candidate` is the "candidate:..." line without "a=".
    std::function<void(unsigned mline_index, const std::string& candidate)> on_local_candidate;
    std::function<void(CallState state)> on_state;
    // Plain text for logs; never contains TURN credentials. The call goes to `failed` when the
    // pipeline itself failed, and stays usable after a rejected description or candidate.
    std::function<void(const std::string& message)> on_error;
    // The camera failed during the call (unplugged, say): the call goes on with sound, sending a
    // black picture in its place until it ends. Plain text for logs.
    std::function<void(const std::string& message)> on_camera_lost;
};

struct CallStats {
    std::uint64_t video_frames_sent = 0;    // encoded frames handed to webrtcbin
    std::uint64_t video_frames_decoded = 0; // remote frames decoded
    std::uint64_t audio_buffers_received = 0;
    std::uint64_t audio_samples_received = 0; // decoded remote samples, per channel
    double remote_audio_level = 0.0;          // RMS of the last remote audio buffer, 0..1
    std::string video_codec;                  // "VP8" or "H264" once negotiated
    CallState state = CallState::idle;
    IceState ice_state = IceState::idle;
};

} // namespace telecentre::media
