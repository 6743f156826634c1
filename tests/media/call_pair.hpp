#pragma once
// Two WebrtcbinCalls in one process whose signalling is wired straight into each other: what
// one side sends, the other receives, with no network code in between.

#include "telecentre/media/webrtcbin_call.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace telecentre::media::testing {

// What the tests use: test sources, fake audio output, no STUN, ICE pinned to 127.0.0.1 (the
// project's network rule: media tests send to loopback only), a small picture so that the
// sanitizer builds keep up.
[[nodiscard]] CallConfig loopback_config(VideoCodec codec);

class CallPair {
public:
    // What one side saw through its callbacks.
    struct Record {
        std::vector<CallState> states;
        std::vector<std::string> errors;
        std::vector<std::string> local_candidates;
        std::vector<std::string> local_descriptions;
        std::vector<std::string> cameras_lost;
    };

    CallPair(CallConfig first, CallConfig second);
    ~CallPair();
    CallPair(const CallPair&) = delete;
    CallPair& operator=(const CallPair&) = delete;

    WebrtcbinCall& call(std::size_t side) { return *m_calls[side]; }
    [[nodiscard]] Record record(std::size_t side) const;
    [[nodiscard]] bool saw_state(std::size_t side, CallState state) const;
    [[nodiscard]] std::size_t error_count(std::size_t side) const;
    // Stops carrying signalling, e.g. before ending one side for good.
    void unlink();
    // Ends and destroys one side.
    void destroy(std::size_t side);

private:
    struct Shared {
        mutable std::mutex mutex;
        std::array<WebrtcbinCall*, 2> calls{};
        std::array<Record, 2> records;
    };
    [[nodiscard]] CallCallbacks callbacks_for(std::size_t side);

    std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    std::array<std::unique_ptr<WebrtcbinCall>, 2> m_calls;
};

} // namespace telecentre::media::testing
