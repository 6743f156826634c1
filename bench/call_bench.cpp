// Two WebrtcbinCalls in one process over loopback (docs/benchmarks.md, "Media"):
//  1. time from create_offer() to the first decoded remote frame at each side, over N calls;
//  2. CPU of the process (both sides) during one call of S seconds;
//  3. resident memory after the 1st and after the Mth call (each made, connected and ended).
// Usage: telecentre-call-bench [--calls N] [--cpu-seconds S] [--rss-calls M] [--width W]
//        [--height H] [--fps F] [--codec vp8|h264] [--no-audio-processing] [--default-allocator]
// With --preview N it measures the consent screen's camera preview instead (CameraPreview at
// 640x360@15, what the kiosk opens on "Parler à l'accueil"), over N runs: start() → first frame
// in the mailbox, the time start() and stop() hold the calling (UI) thread, the hand-over (stop,
// then a call's first self-view frame), and the CPU of S seconds of preview. --camera PATH uses a
// V4L2 device instead of the test pattern; --preview-fps F another rate than the kiosk's 15.
#include "percentile.hpp"
#include "telecentre/media/camera_preview.hpp"
#include "telecentre/media/media.hpp"
#include "telecentre/media/webrtcbin_call.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <malloc.h>
#include <memory>
#include <mutex>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace {

using namespace telecentre::media;
using Clock = std::chrono::steady_clock;

struct Options {
    int preview_runs = 0; // > 0: the preview benchmark only
    int preview_fps = 15; // the kiosk's
    int calls = 20;
    int cpu_seconds = 10;
    int rss_calls = 100;
    bool tune_allocator = true;
    CallConfig config;
};

// Signalling wired straight between the two calls; forwarding stops before they go.
struct Link {
    std::mutex mutex;
    std::array<WebrtcbinCall*, 2> calls{};
};

CallCallbacks wire(const std::shared_ptr<Link>& link, std::size_t side) {
    CallCallbacks callbacks;
    callbacks.on_local_description = [link, side](SdpType type, const std::string& sdp) {
        std::lock_guard lock{link->mutex};
        if (WebrtcbinCall* other = link->calls[1 - side]) {
            other->set_remote_description(type, sdp);
        }
    };
    callbacks.on_local_candidate = [link, side](unsigned mline_index, const std::string& candidate) {
        std::lock_guard lock{link->mutex};
        if (WebrtcbinCall* other = link->calls[1 - side]) {
            other->add_remote_candidate(mline_index, candidate);
        }
    };
    callbacks.on_error = [side](const std::string& message) {
        std::fprintf(stderr, "side %zu: %s\n", side, message.c_str());
    };
    return callbacks;
}

class BenchCall {
public:
    explicit BenchCall(const CallConfig& config) {
        for (std::size_t side = 0; side < 2; ++side) {
            m_calls[side] = std::make_unique<WebrtcbinCall>(config, wire(m_link, side));
            m_calls[side]->remote_video().set_listener([this, side] {
                if (!m_seen[side].exchange(true)) {
                    m_first_frame[side] = Clock::now();
                }
            });
        }
        std::lock_guard lock{m_link->mutex};
        m_link->calls = {m_calls[0].get(), m_calls[1].get()};
    }
    ~BenchCall() { end(); }
    BenchCall(const BenchCall&) = delete;
    BenchCall& operator=(const BenchCall&) = delete;

    void start() {
        m_started = Clock::now();
        m_calls[0]->create_offer();
    }
    // Milliseconds from the offer to each side's first remote frame; false on time-out.
    bool wait_first_frames(std::array<double, 2>& milliseconds, std::chrono::seconds timeout) {
        const auto deadline = Clock::now() + timeout;
        while (!(m_seen[0] && m_seen[1])) {
            if (Clock::now() > deadline) {
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds{2});
        }
        for (std::size_t side = 0; side < 2; ++side) {
            milliseconds[side] = std::chrono::duration<double, std::milli>(m_first_frame[side] - m_started).count();
        }
        return true;
    }
    CallStats stats(std::size_t side) const { return m_calls[side]->stats(); }
    // Milliseconds both hang_up() calls took.
    double end() {
        {
            std::lock_guard lock{m_link->mutex};
            m_link->calls = {};
        }
        const auto start = Clock::now();
        for (auto& call : m_calls) {
            if (call) {
                call->hang_up();
            }
        }
        const double spent = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        for (auto& call : m_calls) {
            call.reset();
        }
        return spent;
    }

private:
    std::shared_ptr<Link> m_link = std::make_shared<Link>();
    std::array<std::unique_ptr<WebrtcbinCall>, 2> m_calls;
    std::array<std::atomic<bool>, 2> m_seen{};
    std::array<Clock::time_point, 2> m_first_frame{};
    Clock::time_point m_started{};
};

using telecentre::bench::percentile;

double rss_mb() {
    std::ifstream status{"/proc/self/status"};
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stod(line.substr(6)) / 1024.0;
        }
    }
    return 0.0;
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

Options parse(int argc, char** argv) {
    Options options;
    options.config.audio_output = AudioOutput::fake;
    options.config.ice_local_addresses = {"127.0.0.1"};
    options.config.width = 1280;
    options.config.height = 720;
    options.config.fps = 30;
    options.config.video_bitrate_kbps = 1500;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&] { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
        if (arg == "--calls") {
            options.calls = next();
        } else if (arg == "--cpu-seconds") {
            options.cpu_seconds = next();
        } else if (arg == "--rss-calls") {
            options.rss_calls = next();
        } else if (arg == "--width") {
            options.config.width = next();
        } else if (arg == "--height") {
            options.config.height = next();
        } else if (arg == "--fps") {
            options.config.fps = next();
        } else if (arg == "--codec" && i + 1 < argc) {
            options.config.video_codec = std::strcmp(argv[++i], "h264") == 0 ? VideoCodec::h264 : VideoCodec::vp8;
        } else if (arg == "--default-allocator") {
            options.tune_allocator = false;
        } else if (arg == "--preview") {
            options.preview_runs = next();
        } else if (arg == "--preview-fps") {
            options.preview_fps = next();
        } else if (arg == "--camera" && i + 1 < argc) {
            options.config.video_source =
                VideoSource{.kind = VideoSourceKind::v4l2, .device = argv[++i], .name = {}, .handle = {}};
        } else if (arg == "--no-audio-processing") {
            options.config.audio_processing = AudioProcessing::off;
        }
    }
    return options;
}

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Waits for `seen`, bounded; false on time-out.
bool wait_for(const std::atomic<bool>& seen, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!seen) {
        if (Clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
    return true;
}

int bench_preview(const Options& options) {
    PreviewConfig config;
    config.video_source = options.config.video_source;
    config.fps = options.preview_fps;
    std::printf("preview: %dx%d@%d from %s\n", config.width, config.height, config.fps,
                config.video_source.kind == VideoSourceKind::v4l2 ? config.video_source.device.c_str()
                                                                  : "the test pattern");
    std::atomic<bool> failed{false};
    CameraPreview preview{config, [&failed](const std::string& message) {
                              std::fprintf(stderr, "preview: %s\n", message.c_str());
                              failed = true;
                          }};
    std::atomic<bool> seen{false};
    Clock::time_point first{};
    preview.frames().set_listener([&] {
        if (!seen.exchange(true)) {
            first = Clock::now();
        }
    });
    std::vector<double> first_frame;
    std::vector<double> starts;
    std::vector<double> stops;
    for (int i = 0; i < options.preview_runs; ++i) {
        seen = false;
        const auto start = Clock::now();
        preview.start();
        starts.push_back(milliseconds_since(start));
        if (!wait_for(seen, std::chrono::seconds{10}) || failed) {
            std::fprintf(stderr, "run %d: no preview frame within 10 s\n", i + 1);
            return 1;
        }
        first_frame.push_back(std::chrono::duration<double, std::milli>(first - start).count());
        const auto stop = Clock::now();
        preview.stop();
        stops.push_back(milliseconds_since(stop));
    }
    std::printf("start() → first preview frame in the mailbox, %d runs: p50 %.1f ms p95 %.1f ms (max %.1f)\n",
                options.preview_runs, percentile(first_frame, 0.5), percentile(first_frame, 0.95),
                percentile(first_frame, 1.0));
    std::printf("start() on the calling thread: p50 %.2f ms p95 %.2f ms; stop(): p50 %.1f ms p95 %.1f ms\n",
                percentile(starts, 0.5), percentile(starts, 0.95), percentile(stops, 0.5), percentile(stops, 0.95));

    // The hand-over when the agent answers: the preview stops, the call opens the camera; the
    // self-view tile is empty from stop() to the call's first self-view frame.
    std::vector<double> gaps;
    for (int i = 0; i < std::min(options.preview_runs, 10); ++i) {
        seen = false;
        preview.start();
        if (!wait_for(seen, std::chrono::seconds{10})) {
            return 1;
        }
        const auto stop = Clock::now();
        preview.stop();
        std::atomic<bool> self_seen{false};
        WebrtcbinCall call{options.config, {}};
        call.self_view().set_listener([&] { self_seen = true; });
        call.create_offer();
        if (!wait_for(self_seen, std::chrono::seconds{10})) {
            std::fprintf(stderr, "hand-over %d: no self-view frame within 10 s\n", i + 1);
            return 1;
        }
        gaps.push_back(milliseconds_since(stop));
        call.self_view().set_listener({});
        call.hang_up();
    }
    std::printf("hand-over, preview stop() → the call's first self-view frame (%dx%d), %zu runs: p50 %.0f ms "
                "p95 %.0f ms\n",
                options.config.width, options.config.height, gaps.size(), percentile(gaps, 0.5),
                percentile(gaps, 0.95));

    // What the preview costs while the visitor reads and types on the consent screen.
    preview.start();
    const auto frames_before = preview.frames_delivered();
    const double cpu_before = cpu_seconds();
    const auto wall_before = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds{options.cpu_seconds});
    const double cpu = cpu_seconds() - cpu_before;
    const double wall = std::chrono::duration<double>(Clock::now() - wall_before).count();
    const auto frames = preview.frames_delivered() - frames_before;
    preview.stop();
    preview.frames().set_listener({});
    std::printf("CPU of %d s of preview: %.1f%% of one core, %.1f fps; RSS %.0f MB\n", options.cpu_seconds,
                100.0 * cpu / wall, static_cast<double>(frames) / wall, rss_mb());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    // As the kiosk's main does (docs/architecture.md, "Media").
    if (options.tune_allocator && !tune_allocator_for_video()) {
        std::fprintf(stderr, "mallopt refused the mmap threshold\n");
    }
    const auto start = Clock::now();
    const auto initialised = initialise();
    if (!initialised) {
        std::fprintf(stderr, "%s\n", initialised.error().c_str());
        return 1;
    }
    std::printf("initialise: %.0f ms (DTLS certificate %.0f ms)\n",
                std::chrono::duration<double, std::milli>(Clock::now() - start).count(),
                initialised->dtls_certificate_ms);
    std::printf("config: %dx%d@%d %s, %d kbit/s, audio processing %s, allocator %s\n", options.config.width,
                options.config.height, options.config.fps, to_string(options.config.video_codec),
                options.config.video_bitrate_kbps,
                options.config.audio_processing == AudioProcessing::off ? "off" : "on",
                options.tune_allocator ? "tuned" : "default");
    if (options.preview_runs > 0) {
        return bench_preview(options);
    }

    // 1. First remote frame, and the 1st call's memory.
    std::array<std::vector<double>, 2> first_frame;
    std::vector<double> hang_ups;
    double rss_first = 0.0;
    for (int i = 0; i < options.calls; ++i) {
        BenchCall call{options.config};
        call.start();
        std::array<double, 2> milliseconds{};
        if (!call.wait_first_frames(milliseconds, std::chrono::seconds{20})) {
            std::fprintf(stderr, "call %d: no remote frame within 20 s\n", i + 1);
            return 1;
        }
        first_frame[0].push_back(milliseconds[0]);
        first_frame[1].push_back(milliseconds[1]);
        hang_ups.push_back(call.end());
        if (i == 0) {
            rss_first = rss_mb();
        }
    }
    std::printf("first remote frame after create_offer, %d calls: offerer p50 %.0f ms p95 %.0f ms; "
                "answerer p50 %.0f ms p95 %.0f ms\n",
                options.calls, percentile(first_frame[0], 0.5), percentile(first_frame[0], 0.95),
                percentile(first_frame[1], 0.5), percentile(first_frame[1], 0.95));
    std::printf("hang_up (both sides): p50 %.0f ms p95 %.0f ms\n", percentile(hang_ups, 0.5),
                percentile(hang_ups, 0.95));

    // 2. CPU during one call, once connected.
    {
        BenchCall call{options.config};
        call.start();
        std::array<double, 2> milliseconds{};
        if (!call.wait_first_frames(milliseconds, std::chrono::seconds{20})) {
            std::fprintf(stderr, "CPU call: no remote frame\n");
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::seconds{1});
        const auto frames_before = call.stats(0).video_frames_decoded + call.stats(1).video_frames_decoded;
        const double cpu_before = cpu_seconds();
        const auto wall_before = Clock::now();
        std::this_thread::sleep_for(std::chrono::seconds{options.cpu_seconds});
        const double cpu = cpu_seconds() - cpu_before;
        const double wall = std::chrono::duration<double>(Clock::now() - wall_before).count();
        const auto frames = call.stats(0).video_frames_decoded + call.stats(1).video_frames_decoded - frames_before;
        std::printf("CPU during a %d s call (both sides in this process): %.0f%% of one core, %.1f fps decoded "
                    "per side; RSS %.0f MB\n",
                    options.cpu_seconds, 100.0 * cpu / wall, static_cast<double>(frames) / wall / 2.0, rss_mb());
    }

    // 3. Memory over many calls.
    for (int i = options.calls + 1; i < options.rss_calls; ++i) {
        BenchCall call{options.config};
        call.start();
        std::array<double, 2> milliseconds{};
        if (!call.wait_first_frames(milliseconds, std::chrono::seconds{20})) {
            std::fprintf(stderr, "call %d: no remote frame within 20 s\n", i + 1);
            return 1;
        }
        call.end();
        if ((i + 1) % 20 == 0) {
            std::printf("  RSS after call %d: %.1f MB\n", i + 1, rss_mb());
        }
    }
    std::printf("RSS after call 1: %.1f MB; after call %d: %.1f MB\n", rss_first, std::max(options.rss_calls, 1),
                rss_mb());
    // What of that is free memory the allocator keeps (per-thread heaps), not live data.
    malloc_trim(0);
    std::printf("RSS after malloc_trim: %.1f MB\n", rss_mb());
    return 0;
}
