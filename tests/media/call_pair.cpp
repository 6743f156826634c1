#include "call_pair.hpp"

#include <algorithm>

namespace telecentre::media::testing {

CallConfig loopback_config(VideoCodec codec) {
    CallConfig config;
    config.audio_output = AudioOutput::fake;
    config.video_codec = codec;
    config.width = 320;
    config.height = 240;
    config.fps = 15;
    config.video_bitrate_kbps = 300;
    config.audio_processing = AudioProcessing::off;
    config.ice_local_addresses = {"127.0.0.1"};
    return config;
}

CallPair::CallPair(CallConfig first, CallConfig second) {
    m_calls[0] = std::make_unique<WebrtcbinCall>(std::move(first), callbacks_for(0));
    m_calls[1] = std::make_unique<WebrtcbinCall>(std::move(second), callbacks_for(1));
    std::lock_guard lock{m_shared->mutex};
    m_shared->calls = {m_calls[0].get(), m_calls[1].get()};
}

CallPair::~CallPair() {
    unlink();
    for (auto& call : m_calls) {
        call.reset();
    }
}

CallCallbacks CallPair::callbacks_for(std::size_t side) {
    const std::size_t other = 1 - side;
    // Each callback runs on its own call's media thread; forwarding only posts to the other
    // call, so holding the lock while doing it cannot deadlock.
    std::weak_ptr<Shared> weak = m_shared;
    CallCallbacks callbacks;
    callbacks.on_local_description = [weak, side, other](SdpType type, const std::string& sdp) {
        if (auto shared = weak.lock()) {
            std::lock_guard lock{shared->mutex};
            shared->records[side].local_descriptions.push_back(sdp);
            if (shared->calls[other] != nullptr) {
                shared->calls[other]->set_remote_description(type, sdp);
            }
        }
    };
    callbacks.on_local_candidate = [weak, side, other](unsigned mline_index, const std::string& candidate) {
        if (auto shared = weak.lock()) {
            std::lock_guard lock{shared->mutex};
            shared->records[side].local_candidates.push_back(candidate);
            if (shared->calls[other] != nullptr) {
                shared->calls[other]->add_remote_candidate(mline_index, candidate);
            }
        }
    };
    callbacks.on_state = [weak, side](CallState state) {
        if (auto shared = weak.lock()) {
            std::lock_guard lock{shared->mutex};
            shared->records[side].states.push_back(state);
        }
    };
    callbacks.on_error = [weak, side](const std::string& message) {
        if (auto shared = weak.lock()) {
            std::lock_guard lock{shared->mutex};
            shared->records[side].errors.push_back(message);
        }
    };
    callbacks.on_camera_lost = [weak, side](const std::string& message) {
        if (auto shared = weak.lock()) {
            std::lock_guard lock{shared->mutex};
            shared->records[side].cameras_lost.push_back(message);
        }
    };
    return callbacks;
}

CallPair::Record CallPair::record(std::size_t side) const {
    std::lock_guard lock{m_shared->mutex};
    return m_shared->records[side];
}

bool CallPair::saw_state(std::size_t side, CallState state) const {
    std::lock_guard lock{m_shared->mutex};
    const auto& states = m_shared->records[side].states;
    return std::find(states.begin(), states.end(), state) != states.end();
}

std::size_t CallPair::error_count(std::size_t side) const {
    std::lock_guard lock{m_shared->mutex};
    return m_shared->records[side].errors.size();
}

void CallPair::unlink() {
    std::lock_guard lock{m_shared->mutex};
    m_shared->calls = {};
}

void CallPair::destroy(std::size_t side) {
    {
        std::lock_guard lock{m_shared->mutex};
        m_shared->calls[side] = nullptr;
    }
    m_calls[side].reset();
}

} // namespace telecentre::media::testing
