#pragma once
// Cameras the tests plug in and pull out: an in-process GStreamer device provider, registered as a
// static plugin, whose devices make a live videotestsrc. While it is installed every other device
// provider is set aside (rank none), so that the machine's own cameras and sound server never
// enter a test.

#include <cstddef>
#include <string>

namespace telecentre::media::testing {

// Registers the provider once per process; after media::initialise().
void install_fake_cameras();

// A camera named `name` appears (for a started monitor: DEVICE_ADDED); `node` is what the monitor
// gives as its V4L2 node ("device.path").
void plug_fake_camera(const std::string& name, const std::string& node);
// It goes (DEVICE_REMOVED), and every element made from it fails as an unplugged V4L2 camera
// does: the end of its stream, and a resource error on its pipeline's bus.
void unplug_fake_camera(const std::string& name);

// Elements made from fake cameras so far (the monitor makes one to read a device's id, so count
// the difference across what is being tested).
[[nodiscard]] std::size_t fake_camera_elements_made();

} // namespace telecentre::media::testing
