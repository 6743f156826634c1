#pragma once
// Follows the cameras, microphones and speakers as they are plugged in and pulled out: GStreamer's
// device monitor (Video/Source, Audio/Source, Audio/Sink) running on a media thread of its own.
// Each change is reported with the whole list as it then stands, so that a listener keeps no
// state of its own: first `listed` (what was there at start), then one `added` or `removed` per
// device as it comes and goes.
//
// Threading: start(), stop() and the destructor from one thread (the kiosk's UI thread); start()
// returns at once (the monitor starts on the media thread: the sound server and udev answer in
// tens of ms), stop() waits for the monitor to stop and joins the thread. The listener and the
// error callback run on the media thread, one call at a time, never after stop() returned.
// devices() may be called from any thread.

#include "telecentre/media/devices.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace telecentre::media {

enum class DeviceChange { listed, added, removed };

struct DeviceEvent {
    DeviceChange change = DeviceChange::listed;
    Device device;               // added, removed: which one
    std::vector<Device> devices; // every device listed once the change is made
};

class DeviceWatcher {
public:
    using Listener = std::function<void(const DeviceEvent& event)>;
    // Plain text for logs, e.g. no device provider could be started; the list is then empty.
    using ErrorCallback = std::function<void(const std::string& message)>;

    // media::initialise() must have succeeded. Nothing is watched until start().
    explicit DeviceWatcher(Listener listener, ErrorCallback on_error = {});
    ~DeviceWatcher();
    DeviceWatcher(const DeviceWatcher&) = delete;
    DeviceWatcher& operator=(const DeviceWatcher&) = delete;

    // Starts the monitor; the listener then hears `listed`. Does nothing while started.
    void start();
    // Stops the monitor and joins its thread. Idempotent.
    void stop();
    [[nodiscard]] bool started() const { return m_impl != nullptr; }

    // The list as the last event left it (empty before the first).
    [[nodiscard]] std::vector<Device> devices() const;

    class Impl; // defined in src/, where GStreamer's callbacks need to name it

private:
    struct Shared {
        mutable std::mutex mutex;
        std::vector<Device> devices;
    };
    Listener m_listener;
    ErrorCallback m_on_error;
    std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::media
