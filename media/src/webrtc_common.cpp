// The webrtcbin pieces WebrtcbinCall and WebrtcbinReceiver share.
#include "webrtc_common.hpp"

#include "gobject_glue.hpp"

#include <algorithm>
#include <string_view>

namespace telecentre::media {
namespace {

struct PromiseContext {
    std::shared_ptr<MediaLoop::Gate> gate;
    std::function<void(GstStructure*)> then;
};

void on_promise(GstPromise* promise, gpointer data) {
    auto& context = *static_cast<PromiseContext*>(data);
    GstStructure* copy = nullptr;
    if (gst_promise_wait(promise) == GST_PROMISE_RESULT_REPLIED) {
        if (const GstStructure* reply = gst_promise_get_reply(promise)) {
            copy = gst_structure_copy(reply);
        }
    }
    // Runs on webrtcbin's thread: hop onto the media thread. If the owner is gone the gate
    // drops the work, and the copy is freed with it.
    std::shared_ptr<GstStructure> owned{copy, [](GstStructure* reply) {
                                            if (reply != nullptr) {
                                                gst_structure_free(reply);
                                            }
                                        }};
    context.gate->post([then = context.then, owned] { then(owned.get()); });
}

void delete_promise_context(gpointer data) { delete static_cast<PromiseContext*>(data); }

// Each received stream's jitter buffer starts pushing once two packets in a row have come, rather
// than after holding the first packets for the whole latency (the default): the first picture and
// sound of a call come that much sooner. Reordering and losses later in the call are still waited
// for, up to the latency.
void on_new_jitterbuffer(GstElement*, GstElement* jitterbuffer, guint, guint, gpointer) {
    if (g_object_class_find_property(G_OBJECT_GET_CLASS(jitterbuffer), "faststart-min-packets") != nullptr) {
        g_object_set(jitterbuffer, "faststart-min-packets", 2U, nullptr);
    }
}

// An RTP session holds a new sender's first packets until a second one in sequence has come
// ("probation", 2 by default): the first sound waits one packet time, ~20 ms. It guards plain
// RTP against stray packets; here every packet has passed SRTP's authentication already, so a
// sender counts from its first packet.
void on_rtpbin_element_added(GstBin*, GstElement* element, gpointer) {
    GstElementFactory* factory = gst_element_get_factory(element);
    if (factory != nullptr && std::string_view{GST_OBJECT_NAME(factory)} == "rtpsession" &&
        g_object_class_find_property(G_OBJECT_GET_CLASS(element), "probation") != nullptr) {
        g_object_set(element, "probation", 0U, nullptr);
    }
}

} // namespace

std::optional<std::string> reply_error(const GstStructure* reply) {
    if (reply == nullptr || !gst_structure_has_field_typed(reply, "error", G_TYPE_ERROR)) {
        return std::nullopt;
    }
    GError* error = nullptr;
    gst_structure_get(reply, "error", G_TYPE_ERROR, &error, nullptr);
    std::string message = error != nullptr ? error->message : "unknown error";
    g_clear_error(&error);
    return message;
}

void emit_with_promise(GstElement* webrtc, const char* signal, gpointer argument,
                       const std::shared_ptr<MediaLoop::Gate>& gate, std::function<void(GstStructure*)> then) {
    auto* context = new PromiseContext{gate, std::move(then)};
    GstPromise* promise = gst_promise_new_with_change_func(on_promise, context, delete_promise_context);
    g_signal_emit_by_name(webrtc, signal, argument, promise);
    gst_promise_unref(promise);
}

std::vector<std::string> configure_ice(GstElement* webrtc, const IceSettings& settings) {
    std::vector<std::string> refused;
    if (!settings.stun_server.empty()) {
        g_object_set(webrtc, "stun-server", settings.stun_server.c_str(), nullptr);
    }
    for (std::size_t i = 0; i < settings.turn_servers.size(); ++i) {
        gboolean added = FALSE;
        g_signal_emit_by_name(webrtc, "add-turn-server", settings.turn_servers[i].c_str(), &added);
        if (added == FALSE) {
            // The URL holds the credentials: name the server by its position only.
            refused.push_back("TURN server #" + std::to_string(i + 1) + " was refused (check its URL)");
        }
    }
    GstObject* ice = nullptr;
    g_object_get(webrtc, "ice-agent", &ice, nullptr);
    if (ice == nullptr) {
        return refused;
    }
    // libnice asks the router over UPnP to open ports (SSDP multicast on every interface, a
    // thread, GUPnP contexts): not on a managed kiosk network, where TURN is the way through,
    // and never from a test. webrtcbin leaves it on; the NiceAgent itself can turn it off.
    if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "agent") != nullptr) {
        GObject* nice_agent = nullptr;
        g_object_get(ice, "agent", &nice_agent, nullptr);
        if (nice_agent != nullptr && g_object_class_find_property(G_OBJECT_GET_CLASS(nice_agent), "upnp") != nullptr) {
            g_object_set(nice_agent, "upnp", FALSE, nullptr);
        }
        // libnice sends one connectivity check every 20 ms (Ta); a kiosk has a handful of
        // candidate pairs, and checking them 10 ms apart brings "connected" ~20 ms sooner on
        // answer (bench/reception_bench) at a rate of checks still far below the link's.
        if (nice_agent != nullptr &&
            g_object_class_find_property(G_OBJECT_GET_CLASS(nice_agent), "stun-pacing-timer") != nullptr) {
            g_object_set(nice_agent, "stun-pacing-timer", 10U, nullptr);
        }
        if (nice_agent != nullptr) {
            g_object_unref(nice_agent);
        }
    }
    // GstWebRTCNice's action signal: libnice then gathers host candidates on these addresses
    // only (it would otherwise use every interface, and skip loopback).
    for (const auto& address : settings.local_addresses) {
        gboolean added = FALSE;
        g_signal_emit_by_name(ice, "add-local-ip-address", address.c_str(), &added);
        if (added == FALSE) {
            refused.push_back("ICE: local address " + address + " was refused");
        }
    }
    gst_object_unref(ice);
    return refused;
}

void tune_reception(GstElement* webrtc, int latency_ms) {
    // One transport for every stream, as browsers do; fewer ports and candidates.
    gst_util_set_object_arg(G_OBJECT(webrtc), "bundle-policy", "max-bundle");
    g_object_set(webrtc, "latency", static_cast<guint>(std::max(latency_ms, 0)), nullptr);
    if (GstElement* rtpbin = gst_bin_get_by_name(GST_BIN(webrtc), "rtpbin")) {
        connect_signal(rtpbin, "new-jitterbuffer", &on_new_jitterbuffer, nullptr);
        connect_signal(rtpbin, "element-added", &on_rtpbin_element_added, nullptr);
        gst_object_unref(rtpbin);
    }
}

// The most the peer may send us as video: b=AS (kbit/s, which Chromium reads) and b=TIAS (bit/s,
// which Firefox reads) on each video m-line of our description. The peer's congestion control
// still adapts below it; the cap keeps a rural kiosk's downlink and decoder out of the agent's
// 720p at 3-4 Mbit/s (docs/reception.md). 0: no cap.
void limit_received_video(GstSDPMessage* sdp, int kbps) {
    if (kbps <= 0) {
        return;
    }
    for (guint i = 0; i < gst_sdp_message_medias_len(sdp); ++i) {
        auto* media = const_cast<GstSDPMedia*>(gst_sdp_message_get_media(sdp, i));
        if (media == nullptr || g_strcmp0(gst_sdp_media_get_media(media), "video") != 0 ||
            gst_sdp_media_get_port(media) == 0) {
            continue;
        }
        gst_sdp_media_add_bandwidth(media, "AS", static_cast<guint>(kbps));
        gst_sdp_media_add_bandwidth(media, "TIAS", static_cast<guint>(kbps) * 1000U);
    }
}

IceState ice_state_from(GstWebRTCICEConnectionState state) {
    switch (state) {
    case GST_WEBRTC_ICE_CONNECTION_STATE_NEW: return IceState::idle;
    case GST_WEBRTC_ICE_CONNECTION_STATE_CHECKING: return IceState::checking;
    case GST_WEBRTC_ICE_CONNECTION_STATE_CONNECTED: return IceState::connected;
    case GST_WEBRTC_ICE_CONNECTION_STATE_COMPLETED: return IceState::completed;
    case GST_WEBRTC_ICE_CONNECTION_STATE_FAILED: return IceState::failed;
    case GST_WEBRTC_ICE_CONNECTION_STATE_DISCONNECTED: return IceState::disconnected;
    case GST_WEBRTC_ICE_CONNECTION_STATE_CLOSED: return IceState::closed;
    }
    return IceState::idle;
}

} // namespace telecentre::media
