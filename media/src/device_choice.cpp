#include "telecentre/media/device_choice.hpp"

#include <algorithm>

namespace telecentre::media {
namespace {

constexpr std::string_view kNamePrefix = "name:";

// Lower case for ASCII and for the Latin-1 letters of UTF-8 (À..Þ, two bytes starting 0xC3), so
// that "name:camera" finds "Caméra USB" and "name:CAMÉRA" too. Other characters compare as they are.
std::string folded(std::string_view text) {
    std::string out{text};
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto byte = static_cast<unsigned char>(out[i]);
        if (byte >= 'A' && byte <= 'Z') {
            out[i] = static_cast<char>(byte - 'A' + 'a');
        } else if (byte == 0xC3 && i + 1 < out.size()) {
            const auto next = static_cast<unsigned char>(out[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) { // 0x97 is ×, not a letter
                out[i + 1] = static_cast<char>(next + 0x20);
            }
            ++i;
        }
    }
    return out;
}

std::string_view accepted_forms(DeviceKind kind) {
    switch (kind) {
    case DeviceKind::camera:
        return R"("test", "test-clock", "auto", "name:<part of the camera's name>", "none" or a V4L2 node such as "/dev/video0")";
    case DeviceKind::microphone: return R"("test", "pulse", "name:<part of the microphone's name>" or "none")";
    case DeviceKind::speaker: return R"("pulse", "name:<part of the speaker's name>" or "none")";
    }
    return {};
}

} // namespace

std::expected<DeviceRule, std::string> parse_device_rule(DeviceKind kind, std::string_view text) {
    const bool camera = kind == DeviceKind::camera;
    const bool speaker = kind == DeviceKind::speaker;
    if (text == "none") {
        return DeviceRule{DeviceRuleKind::none, {}};
    }
    if (text.starts_with(kNamePrefix) && text.size() > kNamePrefix.size()) {
        return DeviceRule{DeviceRuleKind::name, std::string{text.substr(kNamePrefix.size())}};
    }
    if (text == "test" && !speaker) {
        return DeviceRule{DeviceRuleKind::test, {}};
    }
    if (camera && text == "test-clock") {
        return DeviceRule{DeviceRuleKind::test_clock, {}};
    }
    if (camera && text == "auto") {
        return DeviceRule{DeviceRuleKind::automatic, {}};
    }
    if (camera && text.starts_with("/dev/") && text.size() > 5) {
        return DeviceRule{DeviceRuleKind::path, std::string{text}};
    }
    if (!camera && text == "pulse") {
        return DeviceRule{DeviceRuleKind::system_default, {}};
    }
    return std::unexpected{std::string{accepted_forms(kind)}};
}

bool needs_devices(const DeviceRule& rule) {
    switch (rule.kind) {
    case DeviceRuleKind::test:
    case DeviceRuleKind::test_clock:
    case DeviceRuleKind::none: return false;
    case DeviceRuleKind::automatic:
    case DeviceRuleKind::system_default:
    case DeviceRuleKind::name:
    case DeviceRuleKind::path: return true;
    }
    return false;
}

std::optional<Device> choose_device(const DeviceRule& rule, DeviceKind kind, std::span<const Device> devices) {
    const std::string part = rule.kind == DeviceRuleKind::name ? folded(rule.text) : std::string{};
    const auto picks = [&](const Device& device) {
        if (device.kind != kind) {
            return false;
        }
        switch (rule.kind) {
        case DeviceRuleKind::automatic:
        case DeviceRuleKind::system_default: return true;
        case DeviceRuleKind::name: return folded(device.name).find(part) != std::string::npos;
        case DeviceRuleKind::path: return device.id == rule.text;
        case DeviceRuleKind::test:
        case DeviceRuleKind::test_clock:
        case DeviceRuleKind::none: return false;
        }
        return false;
    };
    const auto found = std::ranges::find_if(devices, picks);
    if (found == devices.end()) {
        return std::nullopt;
    }
    return *found;
}

bool device_present(const DeviceRule& rule, DeviceKind kind, std::span<const Device> devices) {
    switch (rule.kind) {
    case DeviceRuleKind::test:
    case DeviceRuleKind::test_clock: return true;
    case DeviceRuleKind::none: return false;
    case DeviceRuleKind::automatic:
    case DeviceRuleKind::system_default:
    case DeviceRuleKind::name:
    case DeviceRuleKind::path: return choose_device(rule, kind, devices).has_value();
    }
    return false;
}

VideoSource video_source_for(const DeviceRule& rule, std::span<const Device> devices) {
    if (rule.kind == DeviceRuleKind::test || rule.kind == DeviceRuleKind::test_clock) {
        return VideoSource{.kind = VideoSourceKind::test_pattern, .device = {}, .name = {}, .handle = {}};
    }
    const auto chosen = choose_device(rule, DeviceKind::camera, devices);
    if (!chosen) {
        return VideoSource{.kind = VideoSourceKind::none, .device = {}, .name = {}, .handle = {}};
    }
    return VideoSource{
        .kind = VideoSourceKind::device, .device = chosen->id, .name = chosen->name, .handle = chosen->handle};
}

AudioSource audio_source_for(const DeviceRule& rule, std::span<const Device> devices) {
    switch (rule.kind) {
    case DeviceRuleKind::test:
    case DeviceRuleKind::test_clock: return AudioSource{.kind = AudioSourceKind::test_tone, .device = {}, .handle = {}};
    case DeviceRuleKind::none: return AudioSource{.kind = AudioSourceKind::none, .device = {}, .handle = {}};
    case DeviceRuleKind::system_default: return AudioSource{.kind = AudioSourceKind::pulse, .device = {}, .handle = {}};
    case DeviceRuleKind::automatic:
    case DeviceRuleKind::name:
    case DeviceRuleKind::path: break;
    }
    const auto chosen = choose_device(rule, DeviceKind::microphone, devices);
    if (!chosen) {
        return AudioSource{.kind = AudioSourceKind::none, .device = {}, .handle = {}};
    }
    return AudioSource{.kind = AudioSourceKind::device, .device = chosen->id, .handle = chosen->handle};
}

void set_audio_output(CallConfig& config, const DeviceRule& rule, std::span<const Device> devices) {
    config.audio_output = AudioOutput::pulse;
    config.audio_output_device.clear();
    config.audio_output_handle.reset();
    if (rule.kind == DeviceRuleKind::none) {
        config.audio_output = AudioOutput::fake;
        return;
    }
    if (rule.kind != DeviceRuleKind::name) {
        return;
    }
    if (const auto chosen = choose_device(rule, DeviceKind::speaker, devices)) {
        config.audio_output = AudioOutput::device;
        config.audio_output_device = chosen->id;
        config.audio_output_handle = chosen->handle;
    }
}

} // namespace telecentre::media
