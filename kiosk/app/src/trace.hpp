#pragma once
// Timestamps for the benchmarks (bench/) and whole-program tests: when TELECENTRE_TRACE names a
// file, the kiosk appends "<event> <tap id> <CLOCK_MONOTONIC ns>" lines to it — the first frame
// presented, a tap read by the reader, the frame that shows its answer, a live booking event
// refreshing the screens, the door panel's schedule arriving, "Parler à l'accueil" first offered.
// Off by default; no personal data.
// Threading: record() from any thread.

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace telecentre::app {

class Trace {
public:
    Trace();
    ~Trace();
    Trace(const Trace&) = delete;
    Trace& operator=(const Trace&) = delete;

    [[nodiscard]] bool enabled() const { return m_file != nullptr; }
    void record(const char* event, std::uint64_t tap_id);

private:
    std::mutex m_mutex;
    std::FILE* m_file = nullptr;
};

} // namespace telecentre::app
