#include "fake_camera.hpp"

#include <algorithm>
#include <gst/gst.h>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace telecentre::media::testing {
namespace {

constexpr const char* kProviderName = "telecentrefakecameraprovider";

struct MadeElement {
    GstDevice* device = nullptr; // not owned: only compared
    GWeakRef element;
};

struct FakeCameras {
    std::mutex mutex;
    GstDeviceProvider* provider = nullptr; // while a monitor has it started
    std::vector<std::pair<std::string, GstDevice*>> plugged;
    std::vector<std::unique_ptr<MadeElement>> made;
    std::size_t made_count = 0;
};

FakeCameras& cameras() {
    static FakeCameras state;
    return state;
}

struct FakeCamera {
    GstDevice parent;
};
struct FakeCameraClass {
    GstDeviceClass parent_class;
};
struct FakeProvider {
    GstDeviceProvider parent;
};
struct FakeProviderClass {
    GstDeviceProviderClass parent_class;
};

GstElement* create_camera_element(GstDevice* device, const gchar* name) {
    GstElement* element = gst_element_factory_make("videotestsrc", name);
    g_object_set(element, "is-live", TRUE, nullptr);
    auto made = std::make_unique<MadeElement>();
    made->device = device;
    g_weak_ref_init(&made->element, element);
    std::lock_guard lock{cameras().mutex};
    cameras().made.push_back(std::move(made));
    ++cameras().made_count;
    return element;
}

void camera_class_init(gpointer klass, gpointer) {
    static_cast<GstDeviceClass*>(klass)->create_element = create_camera_element;
}

GType camera_type() {
    static const GType type =
        g_type_register_static_simple(GST_TYPE_DEVICE, "TelecentreFakeCamera", sizeof(FakeCameraClass),
                                      camera_class_init, sizeof(FakeCamera), nullptr, GTypeFlags{});
    return type;
}

GList* provider_probe(GstDeviceProvider*) {
    GList* devices = nullptr;
    std::lock_guard lock{cameras().mutex};
    for (const auto& [name, device] : cameras().plugged) {
        devices = g_list_append(devices, gst_object_ref(device));
    }
    return devices;
}

gboolean provider_start(GstDeviceProvider* provider) {
    std::lock_guard lock{cameras().mutex};
    cameras().provider = provider;
    for (const auto& [name, device] : cameras().plugged) {
        gst_device_provider_device_add(provider, device);
    }
    return TRUE;
}

void provider_stop(GstDeviceProvider*) {
    std::lock_guard lock{cameras().mutex};
    cameras().provider = nullptr;
}

void provider_class_init(gpointer klass, gpointer) {
    auto* provider_class = static_cast<GstDeviceProviderClass*>(klass);
    provider_class->probe = provider_probe;
    provider_class->start = provider_start;
    provider_class->stop = provider_stop;
    gst_device_provider_class_set_static_metadata(provider_class, "Telecentre test cameras", "Video/Source",
                                                  "Cameras the tests plug in and pull out", "telecentre");
}

GType provider_type() {
    static const GType type = g_type_register_static_simple(GST_TYPE_DEVICE_PROVIDER, "TelecentreFakeCameraProvider",
                                                            sizeof(FakeProviderClass), provider_class_init,
                                                            sizeof(FakeProvider), nullptr, GTypeFlags{});
    return type;
}

gboolean plugin_init(GstPlugin* plugin) {
    return gst_device_provider_register(plugin, kProviderName, GST_RANK_PRIMARY, provider_type());
}

// What v4l2src does when its camera is unplugged: the read fails, it ends its stream and says why.
void break_element(GstElement* element) {
    gst_element_send_event(element, gst_event_new_eos());
    GError* error = g_error_new_literal(GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ, "Could not read from resource.");
    gst_element_post_message(element, gst_message_new_error(&element->object, error, "test camera unplugged"));
    g_error_free(error);
}

} // namespace

void install_fake_cameras() {
    static std::once_flag once;
    std::call_once(once, [] {
        gst_plugin_register_static(GST_VERSION_MAJOR, GST_VERSION_MINOR, "telecentrefakecameras",
                                   "Cameras the tests plug in and pull out", plugin_init, "1.0", "LGPL", "telecentre",
                                   "telecentre", "https://telecentre.invalid/");
        GList* factories = gst_device_provider_factory_list_get_device_providers(GST_RANK_NONE);
        for (GList* item = factories; item != nullptr; item = item->next) {
            auto* feature = static_cast<GstPluginFeature*>(item->data);
            if (g_strcmp0(gst_plugin_feature_get_name(feature), kProviderName) != 0) {
                gst_plugin_feature_set_rank(feature, GST_RANK_NONE);
            }
        }
        gst_plugin_feature_list_free(factories);
    });
}

void plug_fake_camera(const std::string& name, const std::string& node) {
    GstCaps* caps = gst_caps_new_empty_simple("video/x-raw");
    GstStructure* properties =
        gst_structure_new("telecentre-fake-camera", "device.path", G_TYPE_STRING, node.c_str(), nullptr);
    auto* device =
        static_cast<GstDevice*>(g_object_new(camera_type(), "display-name", name.c_str(), "device-class",
                                             "Video/Source", "caps", caps, "properties", properties, nullptr));
    gst_caps_unref(caps);
    gst_structure_free(properties);
    gst_object_ref_sink(device);
    std::lock_guard lock{cameras().mutex};
    cameras().plugged.emplace_back(name, device);
    if (cameras().provider != nullptr) {
        gst_device_provider_device_add(cameras().provider, device);
    }
}

void unplug_fake_camera(const std::string& name) {
    GstDevice* device = nullptr;
    std::vector<GstElement*> broken;
    {
        std::lock_guard lock{cameras().mutex};
        auto& plugged = cameras().plugged;
        const auto found = std::ranges::find_if(plugged, [&](const auto& entry) { return entry.first == name; });
        if (found == plugged.end()) {
            return;
        }
        device = found->second;
        plugged.erase(found);
        if (cameras().provider != nullptr) {
            gst_device_provider_device_remove(cameras().provider, device);
        }
        auto& made = cameras().made;
        for (auto& element : made) {
            if (element->device != device) {
                continue;
            }
            if (auto* alive = static_cast<GstElement*>(g_weak_ref_get(&element->element))) {
                broken.push_back(alive);
            }
            g_weak_ref_clear(&element->element);
            element->device = nullptr;
        }
        std::erase_if(made, [](const auto& element) { return element->device == nullptr; });
    }
    for (GstElement* element : broken) {
        break_element(element);
        gst_object_unref(element);
    }
    gst_object_unref(device);
}

std::size_t fake_camera_elements_made() {
    std::lock_guard lock{cameras().mutex};
    return cameras().made_count;
}

} // namespace telecentre::media::testing
