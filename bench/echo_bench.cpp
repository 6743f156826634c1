// The room terminal's echo cancellation, measured through a real sound server (docs/benchmarks.md,
// "Echo"): what the terminal receives from the guests (media::WebrtcbinReceiver) plays into a
// PulseAudio null sink, the "room", whose monitor is the terminal's microphone
// (media::WebrtcbinCall publishing, as it does to Janus), so that everything the loudspeaker
// plays comes back into the microphone at full strength. A far end receives what the terminal
// publishes and measures its level each second: the guest's own voice coming back.
//
// The guest speaks (a generated voice, in syllables). Three runs per round: no processing (the
// raw loop), then webrtcdsp (echo cancellation and noise suppression) reading a probe that hears
// silence (no reference), then reading the probe on the receiver's output, as the room terminal
// is built (conference_room.cpp).
// Usage: telecentre-echo-bench [rounds]   (needs /usr/bin/pulseaudio; starts its own server)
#include "call_pair.hpp"
#include "child_process.hpp"
#include "janus_like_offerer.hpp"
#include "pipeline_parts.hpp"
#include "telecentre/media/media.hpp"
#include "telecentre/media/webrtcbin_receiver.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace telecentre::media {
namespace {

void check(bool ok, const std::string& what) {
    if (!ok) {
        throw std::runtime_error{what};
    }
}

using namespace std::chrono_literals;
using telecentre::testing::ChildProcess;
using telecentre::testing::TempDir;
using telecentre::testing::wait_until;
using testing::CallPair;
using testing::FeedSound;
using testing::JanusLikeOfferer;

constexpr auto kDeadline = 30s;

bool accepts_connections(const std::string& socket_path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    socket_path.copy(address.sun_path, sizeof(address.sun_path) - 1);
    const bool connected = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
    ::close(fd);
    return connected;
}

// A PulseAudio server of the test's own (no system service, nothing in the user's home): one
// null sink, "room", 48 kHz mono, on a socket in the test's folder, anonymous clients.
class PulseServer {
public:
    explicit PulseServer(const std::filesystem::path& folder) : m_socket{(folder / "native").string()} {
        const auto script = folder / "room.pa";
        std::ofstream{script} << "load-module module-native-protocol-unix socket=" << m_socket
                              << " auth-anonymous=1\n"
                                 "load-module module-null-sink sink_name=room rate=48000 channels=1\n";
        m_process.emplace(std::vector<std::string>{"/usr/bin/pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
                                                   "--use-pid-file=no", "--log-target=stderr", "-F", script.string()},
                          std::vector<std::string>{"HOME=" + folder.string(),
                                                   "PULSE_RUNTIME_PATH=" + (folder / "run").string(),
                                                   "PULSE_STATE_PATH=" + (folder / "state").string()},
                          (folder / "pulseaudio.log").string());
    }
    ~PulseServer() {
        if (m_process) {
            m_process->stop(5s);
        }
    }
    PulseServer(const PulseServer&) = delete;
    PulseServer& operator=(const PulseServer&) = delete;

    [[nodiscard]] bool ready() {
        return wait_until([&] { return accepts_connections(m_socket); }, kDeadline);
    }
    [[nodiscard]] std::string address() const { return "unix:" + m_socket; }

private:
    std::string m_socket;
    std::optional<ChildProcess> m_process;
};

// A mono 48 kHz WAV file of something like a voice: harmonics of a pitch that rises and falls,
// in syllables with pauses between them. A steady tone would not do: the noise suppressor after
// the echo canceller takes it for noise and fades it whatever the canceller does.
void write_voice(const std::filesystem::path& file, int seconds) {
    constexpr int kRate = 48000;
    const auto samples = static_cast<std::uint32_t>(kRate * seconds);
    std::ofstream out{file, std::ios::binary};
    auto put = [&](auto value, int bytes) {
        for (int i = 0; i < bytes; ++i) {
            out.put(static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xFF));
        }
    };
    out << "RIFF";
    put(36 + samples * 2, 4);
    out << "WAVEfmt ";
    put(16, 4);        // fmt chunk size
    put(1, 2);         // PCM
    put(1, 2);         // mono
    put(kRate, 4);     // frames per second
    put(kRate * 2, 4); // bytes per second
    put(2, 2);         // bytes per frame
    put(16, 2);        // bits per sample
    out << "data";
    put(samples * 2, 4);
    double phase = 0.0;
    for (std::uint32_t i = 0; i < samples; ++i) {
        const double t = static_cast<double>(i) / kRate;
        phase += 2.0 * M_PI * (150.0 + 40.0 * std::sin(2.0 * M_PI * 0.7 * t)) / kRate;
        double voiced = 0.0;
        for (int k = 1; k <= 10; ++k) {
            voiced += std::sin(k * phase) / k;
        }
        const double syllable = std::sin(2.0 * M_PI * 2.5 * t);
        const double loudness = syllable > 0.0 ? std::sqrt(syllable) : 0.0;
        put(static_cast<std::uint16_t>(static_cast<std::int16_t>(std::lround(0.5 * loudness * voiced / 1.9 * 32767))),
            2);
    }
}

// What the room's loudspeaker plays, heard on its monitor by a pipeline of its own.
class RoomListener {
public:
    RoomListener() {
        m_pipeline = gst_parse_launch("pulsesrc device=room.monitor ! audioconvert ! audioresample "
                                      "! audio/x-raw,format=S16LE,channels=1,rate=48000 ! fakesink name=ear sync=false",
                                      nullptr);
        check(m_pipeline != nullptr, "cannot listen to the room");
        GstElement* ear = gst_bin_get_by_name(GST_BIN(m_pipeline), "ear");
        GstPad* pad = gst_element_get_static_pad(ear, "sink");
        measure_audio(pad, m_counters); // the receiving branches' own measure
        gst_object_unref(pad);
        gst_object_unref(ear);
        gst_element_set_state(m_pipeline, GST_STATE_PLAYING);
    }
    ~RoomListener() {
        gst_element_set_state(m_pipeline, GST_STATE_NULL);
        gst_object_unref(m_pipeline);
    }
    RoomListener(const RoomListener&) = delete;
    RoomListener& operator=(const RoomListener&) = delete;

    [[nodiscard]] bool wait_for_sound() const {
        return wait_until([&] { return m_counters.remote_audio_level.load() > 0.02; }, kDeadline);
    }

private:
    GstElement* m_pipeline = nullptr;
    StreamCounters m_counters; // remote_audio_level: what the room's monitor hears
};

// How the publisher's echo canceller is fed.
enum class Reference { no_processing, silence, loudspeaker };

struct EchoMeasure {
    double echo = 0.0;   // mean level of what the far end hears, 0..1
    double played = 0.0; // mean level of what the room's loudspeaker plays
};

// One stay in the room: a guest speaking (a tone) to the terminal, the loudspeaker into the
// microphone, and a far end hearing what the terminal sends. Returns the mean levels over
// the last seconds, once the canceller had time to adapt.
EchoMeasure measure(Reference reference, const std::string& probe, const std::filesystem::path& voice) {
    EchoMeasure measured;
    // Without the loudspeaker's reference, the canceller reads a probe on a silent output.
    GstElement* silent_output = nullptr;
    if (reference == Reference::silence) {
        const std::string description =
            "audiotestsrc is-live=true wave=silence ! audio/x-raw,rate=48000,channels=1 ! webrtcechoprobe name=" +
            probe + " ! fakesink sync=true";
        silent_output = gst_parse_launch(description.c_str(), nullptr);
        check(silent_output != nullptr, "cannot make the silent probe");
        gst_element_set_state(silent_output, GST_STATE_PLAYING);
    }
    {
        // The guests, as Janus sends them, into the terminal's receiver, which plays them in
        // the room.
        std::mutex mutex;
        std::optional<std::string> answer;
        std::optional<WebrtcbinReceiver> receiver;
        JanusLikeOfferer guests{[&](unsigned mline, const std::string& candidate) {
            std::lock_guard lock{mutex};
            if (receiver) {
                receiver->add_remote_candidate(mline, candidate);
            }
        }};
        ReceiverConfig output;
        output.audio_output = AudioOutput::pulse;
        output.audio_output_device = "room";
        output.ice_local_addresses = {"127.0.0.1"};
        output.echo_probe_name = reference == Reference::loudspeaker ? probe : std::string{};
        {
            std::lock_guard lock{mutex};
            receiver.emplace(std::move(output),
                             ReceiverCallbacks{.on_local_description =
                                                   [&](const std::string& sdp) {
                                                       std::lock_guard inner{mutex};
                                                       answer = sdp;
                                                   },
                                               .on_local_candidate =
                                                   [&](unsigned mline, const std::string& candidate) {
                                                       guests.add_remote_candidate(mline, candidate);
                                                   },
                                               .on_stream_added = {},
                                               .on_stream_removed = {},
                                               .on_state = {},
                                               .on_error = {}});
        }
        guests.add_feed(FeedSound::tone, {}, voice.string());
        receiver->set_remote_offer(guests.offer());
        check(wait_until(
                  [&] {
                      std::lock_guard lock{mutex};
                      return answer.has_value();
                  },
                  kDeadline),
              "the receiver did not answer");
        std::string answered;
        {
            std::lock_guard lock{mutex};
            answered = answer.value_or("");
        }
        check(guests.set_answer(answered).empty(), "the guests refused the answer");

        RoomListener room;
        // The terminal's microphone is the room; it publishes to a far end.
        CallConfig terminal = testing::loopback_config(VideoCodec::vp8);
        terminal.video_source.kind = VideoSourceKind::none;
        terminal.audio_source.kind = AudioSourceKind::pulse;
        terminal.audio_source.device = "room.monitor";
        if (reference != Reference::no_processing) {
            terminal.audio_processing = AudioProcessing::echo_cancellation_and_noise_suppression;
            terminal.echo_probe_name = probe;
        }
        CallConfig far_end = testing::loopback_config(VideoCodec::vp8);
        far_end.video_source.kind = VideoSourceKind::none;
        CallPair pair{terminal, far_end};
        pair.call(0).create_offer();
        check(wait_until([&] { return pair.call(1).stats().audio_samples_received > 48000; }, kDeadline),
              "the far end does not hear the terminal");
        const auto played = [&] {
            const auto stats = receiver->stats();
            for (const auto& stream : stats.streams) {
                if (stream.kind == StreamKind::audio) {
                    return stream.audio_level;
                }
            }
            return 0.0;
        };
        check(wait_until([&] { return played() > 0.02; }, kDeadline), "the loudspeaker does not play the guest");
        // The seconds are counted from when the room's loudspeaker is heard (its monitor), which
        // comes several seconds after the first decoded sound.
        check(room.wait_for_sound(), "nothing is heard in the room");

        // The level each second for 12 s; the canceller adapts within the first few.
        std::vector<double> echo_by_second;
        std::vector<double> played_by_second;
        for (int second = 0; second < 12; ++second) {
            double echo_sum = 0.0;
            double played_sum = 0.0;
            int samples = 0;
            for (auto end = std::chrono::steady_clock::now() + 1s; std::chrono::steady_clock::now() < end; ++samples) {
                echo_sum += pair.call(1).stats().remote_audio_level;
                played_sum += played();
                std::this_thread::sleep_for(20ms);
            }
            echo_by_second.push_back(echo_sum / samples);
            played_by_second.push_back(played_sum / samples);
        }
        std::string series;
        for (const double level : echo_by_second) {
            series += std::to_string(level).substr(0, 6) + " ";
        }
        std::printf("echo each second (%s): %s\n", probe.c_str(), series.c_str());
        for (std::size_t second = 4; second < echo_by_second.size(); ++second) {
            measured.echo += echo_by_second[second] / static_cast<double>(echo_by_second.size() - 4);
            measured.played += played_by_second[second] / static_cast<double>(echo_by_second.size() - 4);
        }
        check(pair.error_count(0) + pair.error_count(1) == 0, "a call reported an error");
        std::lock_guard lock{mutex};
        receiver->close();
    }
    if (silent_output != nullptr) {
        gst_element_set_state(silent_output, GST_STATE_NULL);
        gst_object_unref(silent_output);
    }
    return measured;
}

} // namespace
} // namespace telecentre::media

int main(int argc, char** argv) {
    using namespace telecentre::media;
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    try {
        check(initialise().has_value(), "the media engine did not start");
        TempDir folder{"echo-bench"};
        PulseServer pulse{folder.path()};
        check(pulse.ready(), "pulseaudio did not start; see " + (folder.path() / "pulseaudio.log").string());
        ::setenv("PULSE_SERVER", pulse.address().c_str(), 1);
        const auto voice = folder.path() / "voice.wav";
        write_voice(voice, 40);
        for (int round = 0; round < rounds; ++round) {
            const std::string suffix = std::to_string(round);
            const EchoMeasure raw = measure(Reference::no_processing, "telecentre-echo-bench-raw-" + suffix, voice);
            const EchoMeasure without = measure(Reference::silence, "telecentre-echo-bench-silence-" + suffix, voice);
            const EchoMeasure with =
                measure(Reference::loudspeaker, "telecentre-echo-bench-loudspeaker-" + suffix, voice);
            std::printf("round %d: echo heard by the far end, mean of seconds 5-12 after the room is heard: %.4f "
                        "without processing, %.4f "
                        "with the canceller's reference silent, %.4f with the loudspeaker as reference (loudspeaker "
                        "%.4f, %.4f, %.4f)\n",
                        round + 1, raw.echo, without.echo, with.echo, raw.played, without.played, with.played);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "telecentre-echo-bench: %s\n", error.what());
        return 1;
    }
    return 0;
}
