#pragma once
// Process-wide set-up of the media engine. Call once at start-up, before the first call, from
// any thread; later calls return the first result at once.

#include <expected>
#include <string>

namespace telecentre::media {

struct InitialiseReport {
    // Time spent generating the process's DTLS certificate (0 when it was already made).
    double dtls_certificate_ms = 0.0;
};

// Initialises GStreamer, checks that every element a call needs is installed, and makes the
// DTLS certificate every call of the process then reuses (generating it costs 190-770 ms,
// which would otherwise fall on the first call). Takes up to ~1 s: run it off the UI thread.
[[nodiscard]] std::expected<InitialiseReport, std::string> initialise();

} // namespace telecentre::media
