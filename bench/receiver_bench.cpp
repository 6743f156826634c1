// The room terminal's receiver (WebrtcbinReceiver) against the tests' Janus-like offerer, in one
// process over loopback (docs/conference.md, "The room terminal's receiver"):
//  1. time from set_remote_offer() to the first decoded frame of each video stream, over R runs;
//  2. the same for a feed that joins by renegotiation on a running session;
//  3. CPU over S seconds with N feeds, per thread group: what decodes (the receiver's jitter
//     buffer threads run depayloader, decoder and conversion) apart from what encodes (the
//     offerer's test sources run their encoders).
// Usage: telecentre-receiver-bench [--feeds N] [--runs R] [--cpu-seconds S] [--width W]
//        [--height H] [--fps F] [--kbps K]
#include "janus_like_offerer.hpp"
#include "telecentre/media/media.hpp"
#include "telecentre/media/webrtcbin_receiver.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace telecentre::media;
using Clock = std::chrono::steady_clock;

struct Options {
    int feeds = 4;
    int runs = 5;
    int cpu_seconds = 10;
    testing::FeedPicture picture{640, 360, 30, 600};
};

// A receiver wired to an offerer; records when each video mailbox got its first frame.
class Bench {
public:
    Bench()
        : m_offerer{[this](unsigned mline_index, const std::string& candidate) {
              m_receiver->add_remote_candidate(mline_index, candidate);
          }} {
        ReceiverConfig config;
        config.audio_output = AudioOutput::fake;
        config.ice_local_addresses = {"127.0.0.1"};
        ReceiverCallbacks callbacks;
        callbacks.on_local_description = [this](const std::string& sdp) {
            std::lock_guard lock{m_mutex};
            m_answer = sdp;
        };
        callbacks.on_local_candidate = [this](unsigned mline_index, const std::string& candidate) {
            m_offerer.add_remote_candidate(mline_index, candidate);
        };
        callbacks.on_stream_added = [this](const std::string& mid, StreamKind kind) {
            if (kind != StreamKind::video) {
                return;
            }
            // On the media thread, before the answer: the mailbox exists, no frame yet.
            m_receiver->video(mid)->set_listener([this, mid] {
                std::lock_guard lock{m_mutex};
                m_first_frame.try_emplace(mid, Clock::now());
            });
        };
        callbacks.on_error = [](const std::string& message) { std::fprintf(stderr, "error: %s\n", message.c_str()); };
        m_receiver = std::make_unique<WebrtcbinReceiver>(config, callbacks);
    }
    ~Bench() { m_receiver->close(); }
    Bench(const Bench&) = delete;
    Bench& operator=(const Bench&) = delete;

    testing::JanusLikeOfferer& offerer() { return m_offerer; }

    // Offers, answers; returns the time the offer was handed over.
    Clock::time_point negotiate() {
        const std::string offer = m_offerer.offer();
        {
            std::lock_guard lock{m_mutex};
            m_answer.reset();
        }
        const auto start = Clock::now();
        m_receiver->set_remote_offer(offer);
        std::optional<std::string> answer;
        while (!answer && Clock::now() - start < std::chrono::seconds{20}) {
            std::this_thread::sleep_for(std::chrono::milliseconds{1});
            std::lock_guard lock{m_mutex};
            answer = m_answer;
        }
        if (!answer || !m_offerer.set_answer(*answer).empty()) {
            std::fprintf(stderr, "negotiation failed\n");
        }
        return start;
    }

    // Milliseconds from `start` to the first frame of each of `mids`, once all have one.
    std::vector<double> first_frames(Clock::time_point start, const std::vector<std::string>& mids) {
        while (Clock::now() - start < std::chrono::seconds{20}) {
            {
                std::lock_guard lock{m_mutex};
                if (std::ranges::all_of(mids, [&](const auto& mid) { return m_first_frame.contains(mid); })) {
                    std::vector<double> times;
                    for (const auto& mid : mids) {
                        times.push_back(std::chrono::duration<double, std::milli>(m_first_frame[mid] - start).count());
                    }
                    return times;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds{1});
        }
        return {};
    }

private:
    std::mutex m_mutex;
    std::optional<std::string> m_answer;
    std::map<std::string, Clock::time_point> m_first_frame;
    std::unique_ptr<WebrtcbinReceiver> m_receiver;
    testing::JanusLikeOfferer m_offerer;
};

// CPU ticks of each thread of this process, by name with its digits dropped ("vp8dec0:sink" and
// "vp8dec1:sink" count together).
std::map<std::string, long> thread_ticks() {
    std::map<std::string, long> ticks;
    for (const auto& task : std::filesystem::directory_iterator{"/proc/self/task"}) {
        std::ifstream stat{task.path() / "stat"};
        std::string text;
        std::getline(stat, text);
        const auto open = text.find('(');
        const auto close = text.rfind(')');
        if (open == std::string::npos || close == std::string::npos) {
            continue;
        }
        std::string name = text.substr(open + 1, close - open - 1);
        std::erase_if(name, [](char c) { return c >= '0' && c <= '9'; });
        std::istringstream fields{text.substr(close + 2)};
        std::string field;
        long utime = 0;
        long stime = 0;
        for (int index = 3; fields >> field; ++index) {
            if (index == 14) {
                utime = std::stol(field);
            } else if (index == 15) {
                stime = std::stol(field);
                break;
            }
        }
        ticks[name] += utime + stime;
    }
    return ticks;
}

void print_times(const char* label, std::vector<double> times) {
    if (times.empty()) {
        std::printf("%s: no frame\n", label);
        return;
    }
    std::ranges::sort(times);
    std::printf("%s: min %.0f ms, median %.0f ms, max %.0f ms (%zu streams)\n", label, times.front(),
                times[times.size() / 2], times.back(), times.size());
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        const int value = std::atoi(argv[i + 1]);
        if (name == "--feeds") {
            options.feeds = value;
        } else if (name == "--runs") {
            options.runs = value;
        } else if (name == "--cpu-seconds") {
            options.cpu_seconds = value;
        } else if (name == "--width") {
            options.picture.width = value;
        } else if (name == "--height") {
            options.picture.height = value;
        } else if (name == "--fps") {
            options.picture.fps = value;
        } else if (name == "--kbps") {
            options.picture.kbps = value;
        } else {
            std::fprintf(stderr, "unknown option %s\n", name.c_str());
            return 2;
        }
    }
    if (const auto initialised = initialise(); !initialised) {
        std::fprintf(stderr, "%s\n", initialised.error().c_str());
        return 1;
    }
    std::printf("%d feeds of %dx%d@%d VP8 %d kbit/s + Opus\n", options.feeds, options.picture.width,
                options.picture.height, options.picture.fps, options.picture.kbps);
    std::vector<double> first;
    std::vector<double> last;
    std::vector<double> joined;
    for (int run = 0; run < options.runs; ++run) {
        Bench bench;
        std::vector<std::string> mids;
        for (int feed = 0; feed < options.feeds; ++feed) {
            bench.offerer().add_feed(testing::FeedSound::tone, options.picture);
        }
        const auto start = bench.negotiate();
        for (int feed = 0; feed < options.feeds; ++feed) {
            mids.push_back(bench.offerer().mids(static_cast<std::size_t>(feed)).first);
        }
        const auto times = bench.first_frames(start, mids);
        if (!times.empty()) {
            first.push_back(*std::ranges::min_element(times));
            last.push_back(*std::ranges::max_element(times));
        }
        bench.offerer().add_feed(testing::FeedSound::tone, options.picture);
        const auto again = bench.negotiate();
        const auto added =
            bench.first_frames(again, {bench.offerer().mids(static_cast<std::size_t>(options.feeds)).first});
        joined.insert(joined.end(), added.begin(), added.end());
    }
    print_times("offer -> first frame, first stream", first);
    print_times("offer -> first frame, last stream", last);
    print_times("renegotiated offer -> first frame of the feed that joined", joined);

    if (options.cpu_seconds > 0) {
        Bench bench;
        for (int feed = 0; feed < options.feeds; ++feed) {
            bench.offerer().add_feed(testing::FeedSound::tone, options.picture);
        }
        bench.negotiate();
        std::this_thread::sleep_for(std::chrono::seconds{2}); // past the start
        const auto before = thread_ticks();
        const auto started = Clock::now();
        std::this_thread::sleep_for(std::chrono::seconds{options.cpu_seconds});
        const auto after = thread_ticks();
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        const double per_tick = 100.0 / static_cast<double>(sysconf(_SC_CLK_TCK)) / seconds;
        double total = 0;
        std::printf("CPU over %.1f s, %% of one core, by thread:\n", seconds);
        for (const auto& [name, ticks] : after) {
            const auto earlier = before.find(name);
            const long spent = ticks - (earlier != before.end() ? earlier->second : 0);
            total += static_cast<double>(spent) * per_tick;
            if (spent > 0) {
                std::printf("  %-28s %5.1f\n", name.c_str(), static_cast<double>(spent) * per_tick);
            }
        }
        std::printf("  %-28s %5.1f\n", "total (both sides)", total);
    }
    return 0;
}
