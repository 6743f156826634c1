#pragma once
// The cameras, microphones and speakers the system offers (GStreamer's device monitor: v4l2 and
// the pulse sound server), for a settings screen or a start-up check. Blocking (tens of ms):
// call it off the UI thread, after media::initialise(). DeviceWatcher (device_watcher.hpp)
// follows them as they come and go.

#include <memory>
#include <string>
#include <vector>

namespace telecentre::media {

enum class DeviceKind { camera, microphone, speaker };

// The device as the monitor listed it, for a pipeline to make its element from. Opaque outside
// media/ (defined in src/device_handle.hpp); copies share it.
class DeviceHandle;

struct Device {
    DeviceKind kind = DeviceKind::camera;
    std::string name; // for people, e.g. "HD Pro Webcam C920"
    // What the device's element calls it in its "device" property (a v4l2 path, a pulse name), or
    // the v4l2 node the monitor gives; empty when it has neither.
    std::string id;
    // Empty in lists made by hand (tests of the choice rule): such a device cannot be opened.
    std::shared_ptr<const DeviceHandle> handle;
};

[[nodiscard]] std::vector<Device> list_devices();

} // namespace telecentre::media
