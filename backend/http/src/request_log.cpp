#include "telecentre/backend/http_types.hpp"
#include "telecentre/wire/codec.hpp"

#include <cstdio>

namespace telecentre::backend {

void log_request_to_stderr(const RequestLogEntry& entry) {
    // The path is client-supplied: keep it short and printable so it cannot forge log lines.
    std::string path = entry.path.substr(0, 200);
    for (char& c : path) {
        if (c < 0x21 || c > 0x7E) {
            c = '?';
        }
    }
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    // One fprintf per line: stdio locks the stream per call, so lines from two threads never mix.
    std::fprintf(stderr, "%s %s %s %d %.1fms device=%s\n", wire::format_time(now).c_str(), entry.method.c_str(),
                 path.c_str(), entry.status, static_cast<double>(entry.duration.count()) / 1000.0,
                 entry.device_id.empty() ? "-" : entry.device_id.c_str());
}

} // namespace telecentre::backend
