#pragma once
// The cameras, microphones and speakers the system offers (GStreamer's device monitor: v4l2 and
// the pulse sound server), for a settings screen or a start-up check. Blocking (tens of ms):
// call it off the UI thread, after media::initialise().

#include <string>
#include <vector>

namespace telecentre::media {

enum class DeviceKind { camera, microphone, speaker };

struct Device {
    DeviceKind kind = DeviceKind::camera;
    std::string name; // for people, e.g. "HD Pro Webcam C920"
    // What CallConfig takes: a v4l2 path for VideoSource::device, a pulse name for
    // AudioSource::device or CallConfig::audio_output_device.
    std::string id;
};

[[nodiscard]] std::vector<Device> list_devices();

} // namespace telecentre::media
