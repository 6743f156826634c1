#include "telecentre/media/devices.hpp"

#include "device_handle.hpp"
#include "pipeline_parts.hpp"

#include <array>
#include <utility>

namespace telecentre::media {
namespace {

constexpr std::array<std::pair<const char*, DeviceKind>, 3> kClasses{{
    {"Video/Source", DeviceKind::camera},
    {"Audio/Source", DeviceKind::microphone},
    {"Audio/Sink", DeviceKind::speaker},
}};

// What the element made for the device calls it in its "device" property: the one identifier
// that means the same to v4l2src, pulsesrc and pulsesink. Else the node the v4l2 provider gives.
std::string device_id(GstDevice* device) {
    std::string id;
    if (GstElement* element = gst_device_create_element(device, nullptr)) {
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
    }
    if (!id.empty()) {
        return id;
    }
    if (GstStructure* properties = gst_device_get_properties(device)) {
        for (const char* field : {"device.path", "api.v4l2.path"}) {
            if (const char* path = gst_structure_get_string(properties, field); path != nullptr && id.empty()) {
                id = path;
            }
        }
        gst_structure_free(properties);
    }
    return id;
}

// Removes a bin's ghost pad and gives back the pad it stood for (a reference), now unlinked.
GstPad* open_ghost(GstElement* bin, const char* name) {
    GstPad* ghost = gst_element_get_static_pad(bin, name);
    if (ghost == nullptr) {
        return nullptr;
    }
    GstPad* target = gst_ghost_pad_get_target(reinterpret_cast<GstGhostPad*>(ghost));
    gst_element_remove_pad(bin, ghost);
    gst_object_unref(ghost);
    return target;
}

std::expected<GstElement*, std::string> make_device_element(const DeviceHandle& handle) {
    GstElement* element = gst_device_create_element(handle.device(), kSourceElement);
    if (element == nullptr) {
        return std::unexpected{std::string{"the device made no element"}};
    }
    return element;
}

} // namespace

std::optional<DeviceKind> kind_of(GstDevice* device) {
    for (const auto& [device_class, kind] : kClasses) {
        if (gst_device_has_classes(device, device_class) == TRUE) {
            return kind;
        }
    }
    return std::nullopt;
}

Device describe(GstDevice* device, DeviceKind kind) {
    gchar* name = gst_device_get_display_name(device);
    Device described{kind, name != nullptr ? name : "", device_id(device), std::make_shared<DeviceHandle>(device)};
    g_free(name);
    return described;
}

std::expected<void, std::string> attach_device_source(GstElement* bin, const DeviceHandle& handle) {
    GstPad* input = open_ghost(bin, "sink");
    if (input == nullptr) {
        return std::unexpected{std::string{"no input to put the device in front of"}};
    }
    auto element = make_device_element(handle);
    if (!element) {
        gst_object_unref(input);
        return std::unexpected{element.error()};
    }
    gst_bin_add(GST_BIN(bin), *element);
    GstPad* output = gst_element_get_static_pad(*element, "src");
    const bool linked = output != nullptr && gst_pad_link(output, input) == GST_PAD_LINK_OK;
    if (output != nullptr) {
        gst_object_unref(output);
    }
    gst_object_unref(input);
    if (!linked) {
        return std::unexpected{std::string{"the device's element cannot be linked"}};
    }
    return {};
}

std::expected<void, std::string> attach_device_sink(GstElement* bin, const DeviceHandle& handle) {
    GstPad* output = open_ghost(bin, "src");
    if (output == nullptr) {
        return std::unexpected{std::string{"no output to put the device after"}};
    }
    auto element = make_device_element(handle);
    if (!element) {
        gst_object_unref(output);
        return std::unexpected{element.error()};
    }
    gst_bin_add(GST_BIN(bin), *element);
    GstPad* input = gst_element_get_static_pad(*element, "sink");
    const bool linked = input != nullptr && gst_pad_link(output, input) == GST_PAD_LINK_OK;
    if (input != nullptr) {
        gst_object_unref(input);
    }
    gst_object_unref(output);
    if (!linked) {
        return std::unexpected{std::string{"the device's element cannot be linked"}};
    }
    return {};
}

void watch_device_classes(GstDeviceMonitor* monitor) {
    for (const auto& [device_class, kind] : kClasses) {
        gst_device_monitor_add_filter(monitor, device_class, nullptr);
    }
}

std::vector<Device> list_devices() {
    std::vector<Device> devices;
    GstDeviceMonitor* monitor = gst_device_monitor_new();
    watch_device_classes(monitor);
    GList* found = gst_device_monitor_get_devices(monitor);
    for (GList* item = found; item != nullptr; item = item->next) {
        auto* device = static_cast<GstDevice*>(item->data);
        if (const auto kind = kind_of(device)) {
            devices.push_back(describe(device, *kind));
        }
    }
    g_list_free_full(found, gst_object_unref);
    gst_object_unref(monitor);
    return devices;
}

} // namespace telecentre::media
