#include "pipeline_parts.hpp"

#include "device_handle.hpp"
#include "telecentre/media/frame_stamp.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <sstream>

namespace telecentre::media {
namespace {

// Replaces each "{}" of `pattern` by the next argument (GCC 12 has no std::format).
template <typename... Args> std::string fill(std::string_view pattern, const Args&... args) {
    std::ostringstream out;
    auto put = [&](const auto& arg) {
        const auto hole = pattern.find("{}");
        out << pattern.substr(0, hole) << arg;
        pattern.remove_prefix(hole == std::string_view::npos ? pattern.size() : hole + 2);
    };
    (put(args), ...);
    out << pattern;
    return out.str();
}

// The microphone, followed by " ! "; nothing for a device, whose element is put in front of the
// bin's open input once it is built (attach_device_source).
std::string audio_source(const CallConfig& config) {
    switch (config.audio_source.kind) {
    case AudioSourceKind::pulse: return fill("pulsesrc name={} ! ", kSourceElement);
    case AudioSourceKind::device: return {};
    case AudioSourceKind::test_tone:
    case AudioSourceKind::none: break;
    }
    return fill("audiotestsrc name={} is-live=true wave=sine freq=440 volume=0.3 ! ", kSourceElement);
}

std::string video_encoder(const CallConfig& config, VideoCodec codec, int payload_type) {
    const int keyframe_interval = std::max(config.fps * 2, 1);
    if (codec == VideoCodec::h264) {
        return fill("x264enc name={} tune=zerolatency speed-preset=ultrafast bitrate={} key-int-max={} "
                    "! video/x-h264,profile=constrained-baseline ! h264parse "
                    "! rtph264pay pt={} config-interval=-1 aggregate-mode=zero-latency",
                    kVideoEncoder, config.video_bitrate_kbps, keyframe_interval, payload_type);
    }
    // Measured here: any other vp8enc setting busy-waits in a live pipeline (docs/media.md).
    return fill("vp8enc name={} deadline=1 cpu-used=-6 threads=1 end-usage=cbr target-bitrate={} "
                "error-resilient=default keyframe-max-dist={} lag-in-frames=0 "
                "! rtpvp8pay pt={} picture-id-mode=15-bit",
                kVideoEncoder, config.video_bitrate_kbps * 1000, keyframe_interval, payload_type);
}

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer data);

struct FrameDelivery {
    FrameMailbox* mailbox;
    std::atomic<std::uint64_t>* counter;
    std::uint64_t sequence = 0;
};

void delete_delivery(gpointer data) { delete static_cast<FrameDelivery*>(data); }

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer data) {
    auto& delivery = *static_cast<FrameDelivery*>(data);
    GstSample* sample = gst_app_sink_pull_sample(sink);
    if (sample == nullptr) {
        return GST_FLOW_EOS;
    }
    GstVideoInfo info;
    GstVideoFrame mapped;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (buffer != nullptr && gst_video_info_from_caps(&info, gst_sample_get_caps(sample)) &&
        GST_VIDEO_INFO_FORMAT(&info) == GST_VIDEO_FORMAT_I420 &&
        gst_video_frame_map(&mapped, &info, buffer, GST_MAP_READ)) {
        VideoFrame frame = delivery.mailbox->recycled();
        frame.resize_i420(GST_VIDEO_INFO_WIDTH(&info), GST_VIDEO_INFO_HEIGHT(&info));
        for (std::size_t plane = 0; plane < 3; ++plane) {
            const auto source_plane = static_cast<guint>(plane);
            const auto* source = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped, source_plane));
            const int source_pitch = GST_VIDEO_FRAME_PLANE_STRIDE(&mapped, source_plane);
            const int rows = GST_VIDEO_FRAME_COMP_HEIGHT(&mapped, source_plane);
            const int pitch = frame.planes[plane].pitch;
            std::uint8_t* target = frame.plane_data(plane);
            for (int row = 0; row < rows; ++row) {
                std::memcpy(target + static_cast<std::ptrdiff_t>(row) * pitch,
                            source + static_cast<std::ptrdiff_t>(row) * source_pitch, static_cast<std::size_t>(pitch));
            }
        }
        gst_video_frame_unmap(&mapped);
        frame.sequence = ++delivery.sequence;
        frame.timestamp_ns = GST_BUFFER_PTS_IS_VALID(buffer) ? static_cast<std::int64_t>(GST_BUFFER_PTS(buffer)) : -1;
        delivery.mailbox->publish(std::move(frame));
        delivery.counter->fetch_add(1, std::memory_order_relaxed);
    }
    gst_sample_unref(sample);
    return GST_FLOW_OK;
}

GstPadProbeReturn count_buffer(GstPad*, GstPadProbeInfo* info, gpointer data) {
    if ((GST_PAD_PROBE_INFO_TYPE(info) & GST_PAD_PROBE_TYPE_BUFFER) != 0) {
        static_cast<StreamCounters*>(data)->video_frames_sent.fetch_add(1, std::memory_order_relaxed);
    }
    return GST_PAD_PROBE_OK;
}

GstPadProbeReturn measure_buffer(GstPad*, GstPadProbeInfo* info, gpointer data) {
    auto& counters = *static_cast<StreamCounters*>(data);
    GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
    GstMapInfo map;
    if (buffer == nullptr || !gst_buffer_map(buffer, &map, GST_MAP_READ)) {
        return GST_PAD_PROBE_OK;
    }
    const std::size_t samples = map.size / sizeof(std::int16_t);
    double sum = 0.0;
    for (std::size_t i = 0; i < samples; ++i) {
        std::int16_t sample = 0;
        std::memcpy(&sample, map.data + i * sizeof(std::int16_t), sizeof(sample));
        const double value = sample / 32768.0;
        sum += value * value;
    }
    gst_buffer_unmap(buffer, &map);
    counters.audio_buffers_received.fetch_add(1, std::memory_order_relaxed);
    counters.audio_samples_received.fetch_add(samples, std::memory_order_relaxed);
    counters.remote_audio_level.store(samples == 0 ? 0.0 : std::sqrt(sum / static_cast<double>(samples)),
                                      std::memory_order_relaxed);
    return GST_PAD_PROBE_OK;
}

} // namespace

std::string rtp_caps(bool video, VideoCodec codec, int payload_type) {
    // Transport-wide congestion control, offered as browsers offer it: each packet carries a
    // transport-wide sequence number and the receiver reports when each one arrived. Without it
    // the agent's browser has no feedback from the kiosk and keeps sending its picture at its
    // start-up estimate (0.45 Mbit/s after 8 s, against 3-4 Mbit/s with it: bench/reception_bench).
    // The payloaders stamp the extension by themselves (auto-header-extension) and rtpsession
    // sends the feedback; the id is the same on every m-line, as BUNDLE requires.
    static constexpr std::string_view twcc =
        ",extmap-3=(string)http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
        ",rtcp-fb-transport-cc=(boolean)true";
    if (!video) {
        return fill("application/x-rtp,media=audio,encoding-name=OPUS,payload={},clock-rate=48000{}", payload_type,
                    twcc);
    }
    if (codec == VideoCodec::h264) {
        return fill("application/x-rtp,media=video,encoding-name=H264,payload={},clock-rate=90000,"
                    "packetization-mode=(string)1{}",
                    payload_type, twcc);
    }
    return fill("application/x-rtp,media=video,encoding-name=VP8,payload={},clock-rate=90000{}", payload_type, twcc);
}

std::string video_capture_description(const VideoSource& source, int width, int height, int fps) {
    std::string device;
    switch (source.kind) {
    case VideoSourceKind::v4l2: device = fill("v4l2src name={} ! videoconvert", kSourceElement); break;
    // The device's own element goes in front of the open input (attach_device_source).
    case VideoSourceKind::device: device = "videoconvert"; break;
    case VideoSourceKind::test_pattern:
    case VideoSourceKind::none: // not captured; should it be, a test pattern rather than nothing
        device = fill("videotestsrc name={} is-live=true pattern=smpte", kSourceElement);
        break;
    }
    // Square pixels: the screen draws them square, so a 4:3 camera gets borders, not a squeeze.
    return fill("{} ! videoscale ! videorate "
                "! video/x-raw,format=I420,width={},height={},framerate={}/1,pixel-aspect-ratio=1/1",
                device, width, height, fps);
}

std::string video_send_description(const CallConfig& config, VideoCodec codec, int payload_type) {
    return fill("{} ! videobalance name={} ! tee name=split "
                "split. ! queue max-size-buffers=1 max-size-bytes=0 max-size-time=0 leaky=downstream "
                "! appsink name={} sync=false async=false max-buffers=1 drop=true "
                "split. ! queue max-size-buffers=2 max-size-bytes=0 max-size-time=0 leaky=downstream "
                "! {} ! capsfilter caps=\"{}\"",
                video_capture_description(config.video_source, config.width, config.height, config.fps), kCameraBalance,
                kFrameSink, video_encoder(config, codec, payload_type), rtp_caps(true, codec, payload_type));
}

std::string audio_send_description(const CallConfig& config, int payload_type, const std::string& echo_probe_name) {
    std::string processing;
    if (config.audio_processing == AudioProcessing::echo_cancellation_and_noise_suppression) {
        processing = fill("webrtcdsp probe={} echo-cancel=true noise-suppression=true ! ", echo_probe_name);
    }
    return fill("{}audioconvert ! audioresample ! audio/x-raw,format=S16LE,rate=48000,channels=1 "
                "! {}volume name={} ! opusenc name={} bitrate={} audio-type=voice frame-size=20 "
                "! rtpopuspay pt={} ! capsfilter caps=\"{}\"",
                audio_source(config), processing, kMicrophoneVolume, kAudioEncoder, config.audio_bitrate_kbps * 1000,
                payload_type, rtp_caps(false, VideoCodec::vp8, payload_type));
}

std::string playout_description(const CallConfig& config, const std::string& echo_probe_name) {
    std::string probe;
    if (config.audio_processing == AudioProcessing::echo_cancellation_and_noise_suppression) {
        probe = fill("webrtcechoprobe name={} ! ", echo_probe_name);
    }
    std::string sink;
    switch (config.audio_output) {
    case AudioOutput::fake: sink = " ! fakesink sync=false async=false"; break;
    case AudioOutput::pulse: sink = fill(" ! pulsesink name={} async=false", kSourceElement); break;
    case AudioOutput::device: break; // its element follows the open output (attach_device_sink)
    }
    return fill("queue max-size-time=100000000 leaky=downstream ! {}audioconvert ! audioresample{}", probe, sink);
}

std::string receive_description(std::string_view media, std::string_view encoding_name) {
    const std::string frames = fill("videoconvert ! video/x-raw,format=I420 "
                                    "! appsink name={} sync=false async=false max-buffers=1 drop=true",
                                    kFrameSink);
    // A stream joined mid-way (a Janus subscription updated while its publisher sends) starts
    // without a key frame, and a publisher such as Chromium sends one only when asked: the decoder
    // asks (upstream force-key-unit, which rtpsession turns into a PLI), at most once a second, and
    // skips its input until the key frame comes. After a loss the depayloader asks too, but
    // decoding goes on meanwhile (a damaged picture for a moment rather than a frozen one).
    constexpr std::string_view kDecoderAsks =
        "automatic-request-sync-points=true min-force-key-unit-interval=1000000000";
    if (media == "video" && encoding_name == "VP8") {
        return fill("rtpvp8depay request-keyframe=true ! vp8dec {} ! {}", kDecoderAsks, frames);
    }
    if (media == "video" && encoding_name == "H264") {
        return fill("rtph264depay request-keyframe=true ! h264parse ! avdec_h264 {} ! {}", kDecoderAsks, frames);
    }
    if (media == "audio" && encoding_name == "OPUS") {
        return "rtpopusdepay ! opusdec plc=true ! audioconvert ! audioresample "
               "! capsfilter caps=audio/x-raw,format=S16LE,rate=48000,channels=1";
    }
    return {};
}

std::string camera_label(const VideoSource& source) {
    if (source.kind == VideoSourceKind::v4l2) {
        return fill("camera {}", source.device);
    }
    if (source.kind == VideoSourceKind::device) {
        return source.device.empty() ? fill("camera \"{}\"", source.name)
                                     : fill("camera \"{}\" ({})", source.name, source.device);
    }
    return source.kind == VideoSourceKind::none ? "no camera" : "test camera";
}

std::string describe_camera_error(const VideoSource& source, const GError* error) {
    const std::string camera = camera_label(source);
    const std::string detail = error != nullptr && error->message != nullptr ? error->message : "unknown error";
    if (error != nullptr && error->domain == GST_RESOURCE_ERROR) {
        switch (error->code) {
        case GST_RESOURCE_ERROR_NOT_FOUND:
            return fill("{} not found (unplugged, or the wrong device?): {}", camera, detail);
        case GST_RESOURCE_ERROR_BUSY: return fill("{} is busy (another program is using it): {}", camera, detail);
        case GST_RESOURCE_ERROR_OPEN_READ:
        case GST_RESOURCE_ERROR_OPEN_WRITE:
        case GST_RESOURCE_ERROR_OPEN_READ_WRITE: return fill("{} cannot be opened: {}", camera, detail);
        case GST_RESOURCE_ERROR_SETTINGS: return fill("{} cannot be used: {}", camera, detail);
        default: break;
        }
    }
    if (error != nullptr && error->domain == GST_STREAM_ERROR &&
        (error->code == GST_STREAM_ERROR_FORMAT || error->code == GST_STREAM_ERROR_WRONG_TYPE)) {
        return fill("{} offers no raw picture format we can use: {}", camera, detail);
    }
    return fill("{}: {}", camera, detail);
}

std::expected<GstElement*, std::string> make_bin(const std::string& description) {
    GError* error = nullptr;
    GstElement* bin =
        gst_parse_bin_from_description_full(description.c_str(), TRUE, nullptr, GST_PARSE_FLAG_FATAL_ERRORS, &error);
    if (bin == nullptr || error != nullptr) {
        std::string message = error != nullptr ? error->message : "unknown error";
        g_clear_error(&error);
        if (bin != nullptr) {
            gst_object_unref(bin);
        }
        return std::unexpected{"cannot build the pipeline: " + message};
    }
    return bin;
}

std::expected<void, std::string> prepare_camera(GstElement* bin, const VideoSource& source) {
    if (source.kind == VideoSourceKind::v4l2) {
        configure_sources(bin, source.device);
    }
    if (source.kind != VideoSourceKind::device) {
        return {};
    }
    auto attached = source.handle != nullptr
                        ? attach_device_source(bin, *source.handle)
                        : std::expected<void, std::string>{std::unexpected{std::string{"it was not listed"}}};
    if (!attached) {
        return std::unexpected{camera_label(source) + " cannot be opened: " + attached.error()};
    }
    return {};
}

std::expected<void, std::string> prepare_microphone(GstElement* bin, const AudioSource& source) {
    if (source.kind == AudioSourceKind::pulse) {
        configure_sources(bin, source.device);
    }
    if (source.kind != AudioSourceKind::device) {
        return {};
    }
    auto attached = source.handle != nullptr
                        ? attach_device_source(bin, *source.handle)
                        : std::expected<void, std::string>{std::unexpected{std::string{"it was not listed"}}};
    if (!attached) {
        return std::unexpected{"microphone " + source.device + " cannot be opened: " + attached.error()};
    }
    return {};
}

std::expected<void, std::string> prepare_speaker(GstElement* bin, const CallConfig& config) {
    if (config.audio_output == AudioOutput::pulse) {
        configure_sources(bin, config.audio_output_device);
    }
    if (config.audio_output != AudioOutput::device) {
        return {};
    }
    auto attached = config.audio_output_handle != nullptr
                        ? attach_device_sink(bin, *config.audio_output_handle)
                        : std::expected<void, std::string>{std::unexpected{std::string{"it was not listed"}}};
    if (!attached) {
        return std::unexpected{"speaker " + config.audio_output_device + " cannot be opened: " + attached.error()};
    }
    return {};
}

namespace {

GstPadProbeReturn drop_end_of_stream(GstPad*, GstPadProbeInfo* info, gpointer) {
    GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
    return event != nullptr && GST_EVENT_TYPE(event) == GST_EVENT_EOS ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

} // namespace

void hold_camera_end_of_stream(GstElement* bin) {
    GstElement* camera = gst_bin_get_by_name(GST_BIN(bin), kSourceElement);
    if (camera == nullptr) {
        return;
    }
    if (GstPad* pad = gst_element_get_static_pad(camera, "src")) {
        gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, drop_end_of_stream, nullptr, nullptr);
        gst_object_unref(pad);
    }
    gst_object_unref(camera);
}

bool is_camera(GstElement* bin, GstObject* object) {
    GstElement* camera = bin != nullptr ? gst_bin_get_by_name(GST_BIN(bin), kSourceElement) : nullptr;
    if (camera == nullptr || object == nullptr) {
        if (camera != nullptr) {
            gst_object_unref(camera);
        }
        return false;
    }
    const bool inside = object == GST_OBJECT(camera) || gst_object_has_as_ancestor(object, GST_OBJECT(camera));
    gst_object_unref(camera);
    return inside;
}

bool replace_camera_with_still(GstElement* bin, GstElement* pipeline) {
    GstElement* camera = gst_bin_get_by_name(GST_BIN(bin), kSourceElement);
    if (camera == nullptr) {
        return false;
    }
    GstPad* output = gst_element_get_static_pad(camera, "src");
    GstPad* next = output != nullptr ? gst_pad_get_peer(output) : nullptr;
    if (next != nullptr) {
        gst_pad_unlink(output, next);
    }
    if (output != nullptr) {
        gst_object_unref(output);
    }
    // The failed camera goes first: its device is released, and the name is free for the still.
    gst_element_set_locked_state(camera, TRUE);
    gst_element_set_state(camera, GST_STATE_NULL);
    gst_bin_remove(GST_BIN(bin), camera);
    gst_object_unref(camera);
    if (next == nullptr) {
        return false;
    }
    GstElement* still = gst_element_factory_make("videotestsrc", kSourceElement);
    gst_util_set_object_arg(G_OBJECT(still), "pattern", "black");
    // A live test source times its frames from 0: started now, from the running time instead, or
    // it would first push every frame since the call began.
    gint64 running_time = 0;
    if (GstClock* clock = gst_element_get_clock(pipeline)) {
        running_time = static_cast<gint64>(gst_clock_get_time(clock) - gst_element_get_base_time(pipeline));
        gst_object_unref(clock);
    }
    g_object_set(still, "is-live", TRUE, "timestamp-offset", running_time, nullptr);
    gst_bin_add(GST_BIN(bin), still);
    GstPad* still_output = gst_element_get_static_pad(still, "src");
    const bool linked = gst_pad_link(still_output, next) == GST_PAD_LINK_OK;
    gst_object_unref(still_output);
    gst_object_unref(next);
    return linked && gst_element_sync_state_with_parent(still) == TRUE;
}

void configure_sources(GstElement* bin, const std::string& device) {
    if (device.empty()) {
        return;
    }
    if (GstElement* source = gst_bin_get_by_name(GST_BIN(bin), kSourceElement)) {
        g_object_set(source, "device", device.c_str(), nullptr);
        gst_object_unref(source);
    }
}

void count_encoded_frames(GstElement* send_bin, StreamCounters& counters) {
    GstElement* encoder = gst_bin_get_by_name(GST_BIN(send_bin), kVideoEncoder);
    if (encoder == nullptr) {
        return;
    }
    GstPad* pad = gst_element_get_static_pad(encoder, "src");
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffer, &counters, nullptr);
    gst_object_unref(pad);
    gst_object_unref(encoder);
}

namespace {

GstPadProbeReturn stamp_buffer(GstPad* pad, GstPadProbeInfo* info, gpointer) {
    GstCaps* caps = gst_pad_get_current_caps(pad);
    GstVideoInfo video;
    const bool known = caps != nullptr && gst_video_info_from_caps(&video, caps) &&
                       GST_VIDEO_INFO_FORMAT(&video) == GST_VIDEO_FORMAT_I420;
    if (caps != nullptr) {
        gst_caps_unref(caps);
    }
    if (!known) {
        return GST_PAD_PROBE_OK;
    }
    GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
    GST_PAD_PROBE_INFO_DATA(info) = buffer;
    GstVideoFrame frame;
    if (!gst_video_frame_map(&frame, &video, buffer, GST_MAP_WRITE)) {
        return GST_PAD_PROBE_OK;
    }
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    write_stamp(static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0)),
                GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0), GST_VIDEO_INFO_WIDTH(&video), GST_VIDEO_INFO_HEIGHT(&video),
                static_cast<std::uint64_t>(now.count()));
    gst_video_frame_unmap(&frame);
    return GST_PAD_PROBE_OK;
}

} // namespace

void stamp_frames(GstElement* send_bin) {
    GstElement* balance = gst_bin_get_by_name(GST_BIN(send_bin), kCameraBalance);
    if (balance == nullptr) {
        return;
    }
    // After the balance, so that the stamp stays black and white whatever the camera controls do.
    GstPad* pad = gst_element_get_static_pad(balance, "src");
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, stamp_buffer, nullptr, nullptr);
    gst_object_unref(pad);
    gst_object_unref(balance);
}

void deliver_frames(GstElement* bin, FrameMailbox& mailbox, std::atomic<std::uint64_t>& counter) {
    GstElement* sink = gst_bin_get_by_name(GST_BIN(bin), kFrameSink);
    if (sink == nullptr) {
        return;
    }
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = on_new_sample;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, new FrameDelivery{&mailbox, &counter}, delete_delivery);
    gst_object_unref(sink);
}

void measure_audio(GstPad* pad, StreamCounters& counters) {
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, measure_buffer, &counters, nullptr);
}

} // namespace telecentre::media
