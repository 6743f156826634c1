#pragma once
// The inside of media::DeviceHandle: one reference to the GstDevice the monitor listed, so that a
// pipeline can make the device's own element (gst_device_create_element) long after the listing.

#include "telecentre/media/devices.hpp"

#include <expected>
#include <gst/gst.h>
#include <optional>
#include <string>

namespace telecentre::media {

class DeviceHandle {
public:
    explicit DeviceHandle(GstDevice* device) : m_device{static_cast<GstDevice*>(gst_object_ref(device))} {}
    ~DeviceHandle() { gst_object_unref(m_device); }
    DeviceHandle(const DeviceHandle&) = delete;
    DeviceHandle& operator=(const DeviceHandle&) = delete;

    [[nodiscard]] GstDevice* device() const { return m_device; }

private:
    GstDevice* m_device;
};

// Filters `monitor` on the classes of the three kinds: cameras, microphones, speakers.
void watch_device_classes(GstDeviceMonitor* monitor);
// Which of ours the device is (Video/Source, Audio/Source, Audio/Sink), if any.
[[nodiscard]] std::optional<DeviceKind> kind_of(GstDevice* device);
// The plain description of a listed device, holding a reference to it.
[[nodiscard]] Device describe(GstDevice* device, DeviceKind kind);

// A bin's open input (its ghost "sink" pad, left unlinked by its description) fed by the element
// the device makes, named kSourceElement; or its open output (ghost "src") into the device's sink.
[[nodiscard]] std::expected<void, std::string> attach_device_source(GstElement* bin, const DeviceHandle& handle);
[[nodiscard]] std::expected<void, std::string> attach_device_sink(GstElement* bin, const DeviceHandle& handle);

} // namespace telecentre::media
