#include "telecentre/backend/live_hub.hpp"
#include "telecentre/wire/codec.hpp"

#include <cstdio>

namespace telecentre::backend {
namespace {

// Reasons may quote a client's close frame: keep them short and printable, without quotes, so
// they cannot forge log lines.
std::string printable(std::string_view text) {
    std::string out(text.substr(0, 160));
    for (char& c : out) {
        if (c < 0x20 || c > 0x7E || c == '"') {
            c = '?';
        }
    }
    return out;
}

} // namespace

void log_live_to_stderr(const LiveLogEntry& entry) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto device = entry.device_id.empty() ? std::string("-") : printable(entry.device_id);
    const auto site = entry.site_id.empty() ? std::string("-") : printable(entry.site_id);
    // One fprintf per line: stdio locks the stream per call, so lines from two threads never mix.
    if (entry.event == LiveLogEntry::Event::opened) {
        std::fprintf(stderr, "%s live open device=%s site=%s\n", wire::format_time(now).c_str(), device.c_str(),
                     site.c_str());
        return;
    }
    std::fprintf(stderr, "%s live close device=%s site=%s %.1fs code=%u reason=\"%s\"\n",
                 wire::format_time(now).c_str(), device.c_str(), site.c_str(),
                 static_cast<double>(entry.duration.count()) / 1000.0, static_cast<unsigned>(entry.close_code),
                 printable(entry.reason).c_str());
}

} // namespace telecentre::backend
