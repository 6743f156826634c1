#pragma once
// Which camera, microphone and speaker the kiosk uses: the rules written in reception.camera,
// reception.microphone and reception.speaker, and what each picks among the devices listed now
// (DeviceWatcher). Plain C++ and no I/O: the config check and the UI thread use it.

#include "telecentre/media/call_types.hpp"
#include "telecentre/media/devices.hpp"

#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace telecentre::media {

enum class DeviceRuleKind {
    test,           // "test": the camera's test pattern, the microphone's tone
    test_clock,     // "test-clock" (camera): the test pattern stamped with the wall clock (benchmarks)
    none,           // "none": no such device; a call goes on without it
    automatic,      // "auto" (camera): the first camera listed
    system_default, // "pulse" (microphone, speaker): the sound server's default
    name,           // "name:<part>": the first device whose name contains <part>, case-insensitive
    path,           // "/dev/videoN" (camera): that V4L2 node, when it is listed
};

struct DeviceRule {
    DeviceRuleKind kind = DeviceRuleKind::test;
    std::string text; // name: the part looked for; path: the node
};

// The rule written for a device of `kind`; the error lists the accepted forms.
[[nodiscard]] std::expected<DeviceRule, std::string> parse_device_rule(DeviceKind kind, std::string_view text);

// True when what the rule picks depends on the devices plugged in: the kiosk then watches them.
[[nodiscard]] bool needs_devices(const DeviceRule& rule);

// The device the rule picks among those of `kind` in `devices`, if any. test, test-clock and none
// pick none; the sound server's default picks the first listed (its default is one of them).
[[nodiscard]] std::optional<Device> choose_device(const DeviceRule& rule, DeviceKind kind,
                                                  std::span<const Device> devices);

// Whether the rule has a device to use now: always for the test sources, never for none.
[[nodiscard]] bool device_present(const DeviceRule& rule, DeviceKind kind, std::span<const Device> devices);

// What a call or the preview captures under the rule now; VideoSourceKind::none (sound only) when
// the rule's camera is not there.
[[nodiscard]] VideoSource video_source_for(const DeviceRule& rule, std::span<const Device> devices);
// The microphone under the rule now; AudioSourceKind::none when the named one is not there. The
// sound server's default is taken as there (the server falls back on what it has).
[[nodiscard]] AudioSource audio_source_for(const DeviceRule& rule, std::span<const Device> devices);
// Sets where the remote audio plays: nowhere for none, and for a named speaker that is not
// there, the sound server's default.
void set_audio_output(CallConfig& config, const DeviceRule& rule, std::span<const Device> devices);

} // namespace telecentre::media
