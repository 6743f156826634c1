#include "trace.hpp"

#include <cstdlib>

namespace telecentre::app {

Trace::Trace() {
    if (const char* path = std::getenv("TELECENTRE_TRACE"); path && *path) {
        m_file = std::fopen(path, "a");
    }
}

Trace::~Trace() {
    if (m_file) {
        std::fclose(m_file);
    }
}

void Trace::record(const char* event, std::uint64_t tap_id) {
    if (!m_file) {
        return;
    }
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const auto nanoseconds = static_cast<long long>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec;
    std::lock_guard lock(m_mutex);
    std::fprintf(m_file, "%s %llu %lld\n", event, static_cast<unsigned long long>(tap_id), nanoseconds);
    std::fflush(m_file);
}

} // namespace telecentre::app
