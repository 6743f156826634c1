#pragma once
// What every webrtcbin user here shares (WebrtcbinCall, WebrtcbinReceiver): promises answered on
// the media thread, the ICE set-up, the tuning of the receive side, and the states in our words.
// All of it runs on the owner's media thread.

#include "media_loop.hpp"
#include "telecentre/media/call_types.hpp"

#define GST_USE_UNSTABLE_API
#include <functional>
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::media {

// The error webrtcbin replied with, if any. A null reply means success for set-*-description.
[[nodiscard]] std::optional<std::string> reply_error(const GstStructure* reply);

// Emits one of webrtcbin's promise signals (create-offer, set-remote-description...) and runs
// `then` with a copy of the reply on the loop behind `gate`; dropped when the gate closed first.
void emit_with_promise(GstElement* webrtc, const char* signal, gpointer argument,
                       const std::shared_ptr<MediaLoop::Gate>& gate, std::function<void(GstStructure*)> then);

struct IceSettings {
    std::string stun_server;
    std::vector<std::string> turn_servers;
    std::vector<std::string> local_addresses;
};

// STUN, TURN, UPnP off, faster checks, host candidates pinned to the given addresses. Returns
// what was refused, in words for on_error (never a TURN URL: it holds the credentials).
[[nodiscard]] std::vector<std::string> configure_ice(GstElement* webrtc, const IceSettings& settings);

// max-bundle, the jitter buffers' latency, and the quicker start of each received stream.
void tune_reception(GstElement* webrtc, int latency_ms);

// b=AS / b=TIAS on each video m-line of our description; 0: no cap.
void limit_received_video(GstSDPMessage* sdp, int kbps);

[[nodiscard]] IceState ice_state_from(GstWebRTCICEConnectionState state);

} // namespace telecentre::media
