#pragma once
// A test-only peer that offers as Janus's VideoRoom does to a multistream subscriber: one
// webrtcbin sending N feeds (each a VP8 video and an Opus audio m-line, sendonly, BUNDLE), a new
// offer on the same connection whenever a feed joins or leaves, the m-lines of a feed that left
// turned to port 0 and inactive. ICE is pinned to 127.0.0.1 (the project's network rule).
// Threading: the methods are called by the test's thread; candidates may come from any thread.

#define GST_USE_UNSTABLE_API
#include <atomic>
#include <functional>
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace telecentre::media::testing {

enum class FeedSound { tone, silence };

// The picture a feed sends: small by default, so that the sanitizer build keeps up.
struct FeedPicture {
    int width = 160;
    int height = 120;
    int fps = 15;
    int kbps = 150;
};

class JanusLikeOfferer {
public:
    // `send_candidate` carries each of our candidates to the receiver (webrtcbin's thread).
    explicit JanusLikeOfferer(std::function<void(unsigned mline_index, const std::string& candidate)> send_candidate);
    ~JanusLikeOfferer();
    JanusLikeOfferer(const JanusLikeOfferer&) = delete;
    JanusLikeOfferer& operator=(const JanusLikeOfferer&) = delete;

    // A participant starts publishing: two more m-lines (video, then audio) in the next offer.
    // With `voice_file` (a WAV file), the participant's sound is that file, played in real time
    // once, instead of `sound`.
    void add_feed(FeedSound sound, FeedPicture picture = {}, const std::string& voice_file = {});
    // The participant leaves: its packets stop at once (Janus stops forwarding them) and its
    // m-lines go port 0 and inactive in the next offer. Our own webrtcbin keeps them sendonly, as
    // Janus's state is not webrtcbin's: only what goes on the wire is Janus's.
    void remove_feed(std::size_t feed);
    // A new participant takes the slot of one who left, as Janus does: the same m-lines and mids
    // are sendonly again in the next offer, and packets flow again, from new SSRCs (fresh: new
    // sources, as Janus forwards another publisher) or the old ones (same).
    enum class Sources { fresh, same };
    void reuse_feed(std::size_t feed, Sources sources = Sources::fresh);
    // The next offer gives the feed's m-lines these mids instead (JSEP's recycling of a port-0
    // m-line under a new mid; Janus keeps the mid). Only the receiver's side of it is meaningful.
    void rename_mids(std::size_t feed, std::pair<std::string, std::string> mids);
    // Makes the next offer (set as our local description) and returns the text Janus would send.
    [[nodiscard]] std::string offer();
    // The receiver's answer. Returns webrtcbin's error, empty on success.
    [[nodiscard]] std::string set_answer(const std::string& sdp);
    void add_remote_candidate(unsigned mline_index, const std::string& candidate);

    // The mid of the feed's video and audio m-lines, as the last offer named them.
    [[nodiscard]] std::pair<std::string, std::string> mids(std::size_t feed) const;

private:
    struct Feed {
        std::vector<GstPad*> sink_pads; // video, audio
        // Per pad: the SSRC its packets go out with instead of webrtcbin's (0: webrtcbin's), as
        // Janus forwards another publisher in a reused slot; the offer names it too.
        std::vector<std::unique_ptr<std::atomic<guint>>> wire_ssrcs;
        std::pair<unsigned, unsigned> mlines;
        bool removed = false;
        std::unique_ptr<std::atomic<bool>> silenced = std::make_unique<std::atomic<bool>>(false);
        std::pair<std::string, std::string> renamed; // empty: as webrtcbin names them
    };
    // What goes on the wire instead of our webrtcbin's own description (disabled m-lines).
    [[nodiscard]] std::string munge(const std::string& offer) const;
    // The peer's answer as our webrtcbin must read it: the disabled m-lines as still answered.
    [[nodiscard]] std::string unmunge(const std::string& answer) const;
    [[nodiscard]] bool disabled(int mline) const;

    GstElement* m_pipeline = nullptr;
    GstElement* m_webrtc = nullptr;
    std::vector<Feed> m_feeds;
    unsigned m_next_mline = 0;
    std::vector<std::pair<std::string, std::string>> m_mids;
    mutable std::mutex m_mutex;
    bool m_answered = false;
    std::vector<std::pair<unsigned, std::string>> m_pending_candidates;
    std::function<void(unsigned, const std::string&)> m_send_candidate;
};

} // namespace telecentre::media::testing
