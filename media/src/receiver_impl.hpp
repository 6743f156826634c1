#pragma once
// The inside of WebrtcbinReceiver. Members marked "media thread" are touched only on the
// receiver's MediaLoop; the rest are atomics or guarded by m_streams_mutex.

#include "media_loop.hpp"
#include "pipeline_parts.hpp"
#include "sdp_plan.hpp"
#include "telecentre/media/webrtcbin_receiver.hpp"

#define GST_USE_UNSTABLE_API
#include <atomic>
#include <cstdint>
#include <deque>
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace telecentre::media {

struct ReceiverHooks;

class WebrtcbinReceiver::Impl {
public:
    Impl(ReceiverConfig config, ReceiverCallbacks callbacks);
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Any thread: each posts its work to the media thread.
    void set_remote_offer(std::string sdp);
    void refuse_answer();
    void add_remote_candidate(unsigned mline_index, std::string candidate);
    void close();
    // With an echo probe (ReceiverConfig::echo_probe_name): makes the pipeline, and so the probe,
    // now rather than at the first offer, and waits for it. Otherwise nothing.
    void prepare_output();
    [[nodiscard]] std::shared_ptr<FrameMailbox> video(const std::string& mid) const;
    [[nodiscard]] ReceiverStats stats() const;

private:
    friend struct ReceiverHooks; // the GStreamer callbacks (receiver_pipeline.cpp)

    // One mid. Created by the first offer that sends it and kept until the end: its decoding
    // branch stays linked to webrtcbin's pad when the stream stops (see docs/conference.md, "The
    // room terminal's receiver": taking it out could fail the whole bundled transport).
    struct Stream {
        std::string mid;
        StreamKind kind = StreamKind::audio;
        std::atomic<unsigned> mline_index{0};
        std::atomic<bool> active{false};
        // Shared with the decoding branch of its m-line, which a later mid may take over (JSEP's
        // recycling of a port-0 m-line): the branch then feeds the new mid.
        std::shared_ptr<FrameMailbox> mailbox; // video
        std::shared_ptr<StreamCounters> counters = std::make_shared<StreamCounters>();
        GstElement* branch = nullptr; // the decoding bin, once the first packet came (pad-added)
    };
    struct Change {
        std::string mid;
        StreamKind kind;
        bool added;
    };

    // Media thread.
    void next_offer();
    void apply_offer(const std::string& sdp);
    void finish_negotiation();
    // replayed: kept for the offer just set, and out of its m-lines now (an error).
    enum class CandidateArrival { now, replayed };
    static constexpr std::size_t kMaximumEarlyCandidates = 64;
    void apply_candidate(unsigned mline_index, const std::string& candidate, CandidateArrival arrival);
    [[nodiscard]] bool build_pipeline();
    void add_transceiver(const OfferedStream& offered);
    void on_offer_set(const std::vector<OfferedStream>& offered);
    void on_answer_created(GstWebRTCSessionDescription* answer);
    void on_connection_state(GstWebRTCPeerConnectionState state);
    void on_bus_message(GstMessage* message);
    void report_error(const std::string& message);
    void fail(const std::string& message);
    void set_state(CallState state);
    void teardown();
    [[nodiscard]] std::shared_ptr<Stream> find_stream(const std::string& mid) const; // locks

    // Streaming thread (pad-added): builds the decoding branch at once, as WebrtcbinCall does.
    static void on_pad_added(GstElement* webrtc, GstPad* pad, gpointer data);
    void link_received_stream(GstPad* pad);
    [[nodiscard]] std::shared_ptr<Stream> stream_of_pad(GstPad* pad) const;
    // Where a source pad's packets go: the stream whose m-line names the pad's SSRC; when the
    // peer names SSRCs but not this one (yet), nowhere for now (`park`); when it names none,
    // webrtcbin's transceiver. webrtcbin 1.22 learns the SSRCs of new m-lines only: the new SSRC
    // of an m-line Janus recycled (a participant who rejoins) is "not found", and its pad given
    // to the transceiver of m-line 0.
    struct Route {
        std::shared_ptr<Stream> stream;
        bool park = false;
    };
    [[nodiscard]] Route route_of(GstPad* pad, std::optional<std::uint32_t> ssrc) const; // locks
    [[nodiscard]] std::shared_ptr<Stream> find_stream_locked(const std::string& mid) const;
    // Media thread: the parked pads whose SSRC an offer now names go to their stream's branch.
    void relink_parked();
    static GstPadProbeReturn on_parked_pad_idle(GstPad* pad, GstPadProbeInfo* info, gpointer data);

    ReceiverConfig m_config;
    ReceiverCallbacks m_callbacks;
    mutable std::mutex m_streams_mutex;
    std::vector<std::shared_ptr<Stream>> m_streams;  // guarded; in order of first appearance
    std::map<std::uint32_t, std::string> m_ssrc_mid; // guarded; each SSRC an offer named -> its mid
    // Guarded: source pads whose SSRC no offer had named, each linked to a fakesink (its `bin`)
    // until one does. Bounded: beyond it a stray SSRC just goes to a fakesink.
    struct Parked {
        GstPad* pad = nullptr; // a reference
        GstElement* bin = nullptr;
        std::uint32_t ssrc = 0;
    };
    static constexpr std::size_t kMaximumParked = 32;
    std::vector<Parked> m_parked;
    std::atomic<CallState> m_state{CallState::idle};
    std::atomic<IceState> m_ice_state{IceState::idle};
    std::atomic<bool> m_closing{false};
    std::atomic<bool> m_close_requested{false};
    std::atomic<std::uint64_t> m_answers{0};
    std::atomic<std::uint64_t> m_audio_played{0}; // buffers out of the mixer

    // Media thread.
    GstElement* m_pipeline = nullptr;
    GstElement* m_webrtc = nullptr;
    GstElement* m_mixer = nullptr;
    GSource* m_bus_watch = nullptr;
    std::deque<std::string> m_offers;                  // waiting for the negotiation in progress to end
    bool m_negotiating = false;                        // an offer is being answered
    std::set<std::string> m_transceivers;              // mids we added a transceiver for
    std::set<unsigned> m_mlines_with_transceiver;      // and their m-lines
    std::map<std::string, std::string> m_last_sending; // mid -> its m-section when last sending
    std::set<unsigned> m_disabled_mlines;              // of the offer set: shown to webrtcbin as still sending
    std::vector<std::pair<unsigned, std::string>> m_early_candidates;
    unsigned m_mline_count = 0; // of the last offer set

    // Last: destroyed first, so the media thread is joined before anything it uses goes.
    MediaLoop m_loop;
};

} // namespace telecentre::media
