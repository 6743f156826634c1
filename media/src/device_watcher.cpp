// DeviceWatcher: a GstDeviceMonitor whose bus is watched on a MediaLoop of its own. One run = one
// Impl, like CameraPreview, so that stop() joins exactly what start() began.
#include "telecentre/media/device_watcher.hpp"

#include "device_handle.hpp"
#include "gobject_glue.hpp"
#include "media_loop.hpp"

#include <algorithm>
#include <gst/gst.h>

namespace telecentre::media {

class DeviceWatcher::Impl {
public:
    Impl(const Listener& listener, const ErrorCallback& on_error, Shared& shared)
        : m_listener{listener}, m_on_error{on_error}, m_shared{shared} {}
    ~Impl() {
        m_loop.stop([this] { close(); });
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void start() {
        m_loop.post([this] { open(); });
    }

    static gboolean on_bus(GstBus*, GstMessage* message, gpointer data) {
        static_cast<Impl*>(data)->on_bus_message(message);
        return G_SOURCE_CONTINUE;
    }

private:
    // Media thread.
    void open() {
        m_monitor = gst_device_monitor_new();
        watch_device_classes(m_monitor);
        GstBus* bus = gst_device_monitor_get_bus(m_monitor);
        m_bus_watch = gst_bus_create_watch(bus);
        g_source_set_callback(m_bus_watch, as_source_func(&Impl::on_bus), this, nullptr);
        g_source_attach(m_bus_watch, m_loop.context());
        m_started = gst_device_monitor_start(m_monitor) == TRUE;
        if (!m_started) {
            report_error("no device provider could be started: cameras and microphones are not followed");
        } else {
            // What the providers found as they started, they announced on the bus while starting:
            // read it now, for the first report. (gst_device_monitor_get_devices() would probe
            // again the providers that did not start, such as pulse with no sound server.)
            while (GstMessage* message = gst_bus_pop_filtered(bus, GST_MESSAGE_DEVICE_ADDED)) {
                GstDevice* device = nullptr;
                gst_message_parse_device_added(message, &device);
                if (const auto kind = kind_of(device); kind && find(device) == m_devices.end()) {
                    m_devices.push_back(describe(device, *kind));
                }
                gst_object_unref(device);
                gst_message_unref(message);
            }
        }
        gst_object_unref(bus);
        report(DeviceEvent{DeviceChange::listed, {}, m_devices});
    }

    void on_bus_message(GstMessage* message) {
        GstDevice* device = nullptr;
        switch (GST_MESSAGE_TYPE(message)) {
        case GST_MESSAGE_DEVICE_ADDED:
            gst_message_parse_device_added(message, &device);
            add(device);
            break;
        case GST_MESSAGE_DEVICE_REMOVED:
            gst_message_parse_device_removed(message, &device);
            remove(device);
            break;
        case GST_MESSAGE_DEVICE_CHANGED: {
            // The new version of a device replaces the old one (a new name, say).
            GstDevice* old_version = nullptr;
            gst_message_parse_device_changed(message, &device, &old_version);
            remove(old_version);
            add(device);
            if (old_version != nullptr) {
                gst_object_unref(old_version);
            }
            break;
        }
        default: break;
        }
        if (device != nullptr) {
            gst_object_unref(device);
        }
    }

    void add(GstDevice* device) {
        const auto kind = device != nullptr ? kind_of(device) : std::nullopt;
        if (!kind || find(device) != m_devices.end()) {
            return;
        }
        m_devices.push_back(describe(device, *kind));
        report(DeviceEvent{DeviceChange::added, m_devices.back(), m_devices});
    }

    void remove(GstDevice* device) {
        const auto found = device != nullptr ? find(device) : m_devices.end();
        if (found == m_devices.end()) {
            return;
        }
        Device gone = *found;
        m_devices.erase(found);
        report(DeviceEvent{DeviceChange::removed, std::move(gone), m_devices});
    }

    std::vector<Device>::iterator find(GstDevice* device) {
        return std::ranges::find_if(m_devices, [device](const Device& known) {
            return known.handle != nullptr && known.handle->device() == device;
        });
    }

    void report(const DeviceEvent& event) {
        {
            std::lock_guard lock{m_shared.mutex};
            m_shared.devices = event.devices;
        }
        // No exception unwinds through GLib (STYLE.md rule 7).
        try {
            if (m_listener) {
                m_listener(event);
            }
        } catch (...) {
        }
    }

    void report_error(const std::string& message) {
        try {
            if (m_on_error) {
                m_on_error(message);
            }
        } catch (...) {
        }
    }

    void close() {
        if (m_bus_watch != nullptr) {
            g_source_destroy(m_bus_watch);
            g_source_unref(m_bus_watch);
            m_bus_watch = nullptr;
        }
        if (m_monitor != nullptr) {
            if (m_started) {
                gst_device_monitor_stop(m_monitor);
            }
            gst_object_unref(m_monitor);
            m_monitor = nullptr;
        }
        m_devices.clear();
    }

    const Listener& m_listener;
    const ErrorCallback& m_on_error;
    Shared& m_shared;
    // Media thread.
    GstDeviceMonitor* m_monitor = nullptr;
    GSource* m_bus_watch = nullptr;
    bool m_started = false;
    std::vector<Device> m_devices;

    // Last: destroyed first, so the media thread is joined before anything it uses goes.
    MediaLoop m_loop;
};

DeviceWatcher::DeviceWatcher(Listener listener, ErrorCallback on_error)
    : m_listener{std::move(listener)}, m_on_error{std::move(on_error)} {}

DeviceWatcher::~DeviceWatcher() { stop(); }

void DeviceWatcher::start() {
    if (m_impl) {
        return;
    }
    m_impl = std::make_unique<Impl>(m_listener, m_on_error, *m_shared);
    m_impl->start();
}

void DeviceWatcher::stop() {
    if (!m_impl) {
        return;
    }
    m_impl.reset(); // stops the monitor on the media thread and joins it
    std::lock_guard lock{m_shared->mutex};
    m_shared->devices.clear();
}

std::vector<Device> DeviceWatcher::devices() const {
    std::lock_guard lock{m_shared->mutex};
    return m_shared->devices;
}

} // namespace telecentre::media
