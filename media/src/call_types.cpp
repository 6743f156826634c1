#include "telecentre/media/call_types.hpp"

namespace telecentre::media {

const char* to_string(CallState state) {
    switch (state) {
    case CallState::idle: return "idle";
    case CallState::connecting: return "connecting";
    case CallState::connected: return "connected";
    case CallState::disconnected: return "disconnected";
    case CallState::failed: return "failed";
    case CallState::closed: return "closed";
    }
    return "unknown";
}

const char* to_string(IceState state) {
    switch (state) {
    case IceState::idle: return "new";
    case IceState::checking: return "checking";
    case IceState::connected: return "connected";
    case IceState::completed: return "completed";
    case IceState::failed: return "failed";
    case IceState::disconnected: return "disconnected";
    case IceState::closed: return "closed";
    }
    return "unknown";
}

const char* to_string(VideoCodec codec) { return codec == VideoCodec::h264 ? "H264" : "VP8"; }

} // namespace telecentre::media
