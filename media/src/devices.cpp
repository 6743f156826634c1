#include "telecentre/media/devices.hpp"

#include <array>
#include <gst/gst.h>
#include <utility>

namespace telecentre::media {
namespace {

// What the element made for the device calls it in its "device" property: the one identifier
// that means the same to v4l2src, pulsesrc and pulsesink.
std::string device_id(GstDevice* device) {
    std::string id;
    GstElement* element = gst_device_create_element(device, nullptr);
    if (element == nullptr) {
        return id;
    }
    gst_object_ref_sink(element);
    if (g_object_class_find_property(G_OBJECT_GET_CLASS(element), "device") != nullptr) {
        gchar* value = nullptr;
        g_object_get(element, "device", &value, nullptr);
        if (value != nullptr) {
            id = value;
        }
        g_free(value);
    }
    gst_object_unref(element);
    return id;
}

} // namespace

std::vector<Device> list_devices() {
    std::vector<Device> devices;
    GstDeviceMonitor* monitor = gst_device_monitor_new();
    constexpr std::array<std::pair<const char*, DeviceKind>, 3> kClasses{{
        {"Video/Source", DeviceKind::camera},
        {"Audio/Source", DeviceKind::microphone},
        {"Audio/Sink", DeviceKind::speaker},
    }};
    for (const auto& [device_class, kind] : kClasses) {
        gst_device_monitor_add_filter(monitor, device_class, nullptr);
    }
    GList* found = gst_device_monitor_get_devices(monitor);
    for (GList* item = found; item != nullptr; item = item->next) {
        auto* device = static_cast<GstDevice*>(item->data);
        for (const auto& [device_class, kind] : kClasses) {
            if (gst_device_has_classes(device, device_class) == TRUE) {
                gchar* name = gst_device_get_display_name(device);
                devices.push_back(Device{kind, name != nullptr ? name : "", device_id(device)});
                g_free(name);
                break;
            }
        }
    }
    g_list_free_full(found, gst_object_unref);
    gst_object_unref(monitor);
    return devices;
}

} // namespace telecentre::media
