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

// Process-wide, for main only: makes glibc serve blocks of 256 KiB and more (video frames) with
// mmap, returned to the system when freed. Without it glibc raises its mmap threshold after the
// first freed frame, and then keeps every call's frames in the heaps of the many streaming
// threads: measured here, RSS grew from 69 MB after the first call to 357 MB after the fifth
// (docs/benchmarks.md, "Media"). Each call's teardown then also hands the heaps' free memory
// back (malloc_trim). Returns false when the allocator refused the setting.
bool tune_allocator_for_video();

// OpenSSL frees its per-thread state at process exit from an atexit handler; a GStreamer pool
// thread (DTLS) that ends after it frees the same state again (a double free seen under ASan).
// Called first thing in main, and by initialise(): the handler is not installed, and the process
// exit gives the memory back anyway. Only the first OpenSSL initialisation can ask for this.
void keep_openssl_state_until_exit();

} // namespace telecentre::media
