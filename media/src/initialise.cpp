#include "allocator.hpp"
#include "telecentre/media/media.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <gst/gst.h>
#include <malloc.h>
#include <mutex>
#include <openssl/crypto.h>

namespace telecentre::media {
namespace {

// Every element a call may put in its pipeline; a missing one is reported at start-up rather
// than in the middle of a call.
constexpr std::array kRequiredElements{
    "webrtcbin",    "nicesrc",         "nicesink",      "dtlsdec",      "dtlsenc",      "srtpenc",    "srtpdec",
    "rtpbin",       "vp8enc",          "vp8dec",        "rtpvp8pay",    "rtpvp8depay",  "x264enc",    "h264parse",
    "avdec_h264",   "rtph264pay",      "rtph264depay",  "opusenc",      "opusdec",      "rtpopuspay", "rtpopusdepay",
    "webrtcdsp",    "webrtcechoprobe", "videotestsrc",  "audiotestsrc", "videoconvert", "videoscale", "videorate",
    "videobalance", "audioconvert",    "audioresample", "volume",       "tee",          "queue",      "appsink",
    "fakesink",     "audiomixer",
};

std::expected<InitialiseReport, std::string> initialise_once() {
    keep_openssl_state_until_exit();
    GError* error = nullptr;
    if (gst_init_check(nullptr, nullptr, &error) == FALSE) {
        std::string message = error != nullptr ? error->message : "unknown error";
        g_clear_error(&error);
        return std::unexpected{"GStreamer did not initialise: " + message};
    }
    std::string missing;
    for (const char* name : kRequiredElements) {
        GstElementFactory* factory = gst_element_factory_find(name);
        if (factory == nullptr) {
            missing += missing.empty() ? name : std::string{", "} + name;
        } else {
            gst_object_unref(factory);
        }
    }
    if (!missing.empty()) {
        return std::unexpected{"GStreamer elements missing (scripts/install-deps): " + missing};
    }
    // The DTLS elements share one process-wide certificate, generated when the first one is
    // made and kept by the plugin; making one now moves that cost out of the first call.
    const auto start = std::chrono::steady_clock::now();
    GstElement* dtls = gst_element_factory_make("dtlsdec", nullptr);
    if (dtls == nullptr) {
        return std::unexpected{std::string{"cannot create dtlsdec"}};
    }
    gst_object_unref(gst_object_ref_sink(dtls));
    const std::chrono::duration<double, std::milli> spent = std::chrono::steady_clock::now() - start;
    return InitialiseReport{spent.count()};
}

} // namespace

std::expected<InitialiseReport, std::string> initialise() {
    static std::once_flag once;
    static std::expected<InitialiseReport, std::string> result{InitialiseReport{}};
    std::call_once(once, [] { result = initialise_once(); });
    return result;
}

void keep_openssl_state_until_exit() { OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr); }

namespace {
std::atomic<bool> g_allocator_tuned{false};
} // namespace

bool tune_allocator_for_video() {
    // A fixed threshold also turns off glibc's dynamic adjustment of it.
    constexpr int kThreshold = 256 * 1024;
    const bool tuned = mallopt(M_MMAP_THRESHOLD, kThreshold) == 1;
    g_allocator_tuned = tuned;
    return tuned;
}

void release_free_memory_after_call() {
    // The heaps of a call's streaming threads keep what they freed; give it back while the
    // kiosk is between calls anyway (a few ms, on the media thread during teardown).
    if (g_allocator_tuned) {
        malloc_trim(0);
    }
}

} // namespace telecentre::media
