#pragma once
// The pieces of a call's pipeline, as gst-launch descriptions plus the few probes and appsink
// callbacks that feed the counters and the frame mailboxes. Pure construction: no signalling.

#include "telecentre/media/call_types.hpp"
#include "telecentre/media/video_frame.hpp"

#include <atomic>
#include <cstdint>
#include <expected>
#include <gst/gst.h>
#include <string>

namespace telecentre::media {

// Counters written by streaming threads, read by stats().
struct StreamCounters {
    std::atomic<std::uint64_t> video_frames_sent{0};
    std::atomic<std::uint64_t> video_frames_decoded{0};
    std::atomic<std::uint64_t> audio_buffers_received{0};
    std::atomic<std::uint64_t> audio_samples_received{0};
    std::atomic<double> remote_audio_level{0.0};
    std::atomic<std::uint64_t> self_view_frames{0};
};

// Names of elements inside the bins built below.
inline constexpr const char* kCameraBalance = "camera";
inline constexpr const char* kMicrophoneVolume = "microphone";
inline constexpr const char* kVideoEncoder = "encoder";
inline constexpr const char* kFrameSink = "frames";
inline constexpr const char* kSourceElement = "source";
// The encoder of each send branch (video: kVideoEncoder; audio: kAudioEncoder).
inline constexpr const char* kAudioEncoder = "audio-encoder";

// The caps webrtcbin negotiates for a stream (codec-preferences), without profile-level-id:
// x264enc's stream is 42c01e, which browsers accept under the 42e01f they offer.
[[nodiscard]] std::string rtp_caps(bool video, VideoCodec codec, int payload_type);

// The camera (or the test pattern) scaled and timed to I420 width x height at fps, square
// pixels; its last element's source pad is left unlinked. Shared by calls and the preview.
[[nodiscard]] std::string video_capture_description(const VideoSource& source, int width, int height, int fps);

// Capture, self-view and encoding; its one unlinked pad (RTP out) is ghosted.
[[nodiscard]] std::string video_send_description(const CallConfig& config, VideoCodec codec, int payload_type);
[[nodiscard]] std::string audio_send_description(const CallConfig& config, int payload_type,
                                                 const std::string& echo_probe_name);
// Remote audio to the speaker, through the echo probe when audio processing is on.
[[nodiscard]] std::string playout_description(const CallConfig& config, const std::string& echo_probe_name);
// Depayload and decode one received RTP stream; empty for an encoding we cannot decode.
[[nodiscard]] std::string receive_description(std::string_view media, std::string_view encoding_name);

// "camera /dev/video0", "camera "HD Pro Webcam C920" (/dev/video2)", "test camera": for messages.
[[nodiscard]] std::string camera_label(const VideoSource& source);
// A capture error in words for the kiosk's log and its owner: which camera, and whether it is
// missing, busy, refused or unusable, rather than the element's own wording alone.
[[nodiscard]] std::string describe_camera_error(const VideoSource& source, const GError* error);

// Puts the camera into a bin built around video_capture_description(): the node on v4l2src, or
// the listed device's own element in front of the bin's open input. The error names the camera.
[[nodiscard]] std::expected<void, std::string> prepare_camera(GstElement* bin, const VideoSource& source);
// Likewise the microphone into an audio send bin, and the speaker after a playout bin.
[[nodiscard]] std::expected<void, std::string> prepare_microphone(GstElement* bin, const AudioSource& source);
[[nodiscard]] std::expected<void, std::string> prepare_speaker(GstElement* bin, const CallConfig& config);

// A camera ends its stream only when it fails (unplugged, say): that end of stream is dropped at
// the camera, so that what follows it can go on with a still picture instead.
void hold_camera_end_of_stream(GstElement* bin);
// True when `object` is the bin's camera element or inside it.
[[nodiscard]] bool is_camera(GstElement* bin, GstObject* object);
// Replaces the bin's camera by a black picture, timed on from the pipeline's running time so that
// the stream downstream (encoder, RTP timestamps) carries on. Media thread.
[[nodiscard]] bool replace_camera_with_still(GstElement* bin, GstElement* pipeline);

// Builds a bin from a description, ghosting its unlinked pads.
[[nodiscard]] std::expected<GstElement*, std::string> make_bin(const std::string& description);

// Sets the device on the bin's source element when the config names one.
void configure_sources(GstElement* bin, const std::string& device);

// Counts encoded frames leaving the encoder of a video send bin.
void count_encoded_frames(GstElement* send_bin, StreamCounters& counters);
// Draws the wall clock into each frame entering the camera stage of a video send bin (I420).
void stamp_frames(GstElement* send_bin);
// Copies each frame reaching the bin's appsink into the mailbox; counts it when `decoded`.
void deliver_frames(GstElement* bin, FrameMailbox& mailbox, std::atomic<std::uint64_t>& counter);
// Counts decoded remote audio (S16LE mono) on a pad, and measures its level.
void measure_audio(GstPad* pad, StreamCounters& counters);

} // namespace telecentre::media
