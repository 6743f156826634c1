// Two WebrtcbinCalls in one process over loopback (docs/benchmarks.md, "Media"):
//  1. time from create_offer() to the first decoded remote frame at each side, over N calls;
//  2. CPU of the process (both sides) during one call of S seconds;
//  3. resident memory after the 1st and after the Mth call (each made, connected and ended).
// Usage: telecentre-call-bench [--calls N] [--cpu-seconds S] [--rss-calls M] [--width W]
//        [--height H] [--fps F] [--codec vp8|h264] [--no-audio-processing] [--default-allocator]
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

double percentile(std::vector<double> values, double fraction) {
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

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
        } else if (arg == "--no-audio-processing") {
            options.config.audio_processing = AudioProcessing::off;
        }
    }
    return options;
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
