#include "kiosk_call.hpp"

#include "telecentre/core/overloaded.hpp"
#include "telecentre/media/camera_preview.hpp"
#include "telecentre/media/device_choice.hpp"
#include "telecentre/media/device_watcher.hpp"
#include "telecentre/media/media.hpp"
#include "telecentre/media/webrtcbin_call.hpp"
#include "telecentre/wire/live_codec.hpp"
#include "telecentre/wire/reception_codec.hpp"

#include <cstdio>
#include <span>

namespace telecentre::app {

using core::Overloaded;
namespace {

// A rule the config check let through; "test" should it not parse (it always does).
media::DeviceRule device_rule(media::DeviceKind kind, const std::string& text) {
    return media::parse_device_rule(kind, text).value_or(media::DeviceRule{});
}

media::CallConfig media_config(const KioskConfig::Reception& reception, std::span<const media::Device> devices) {
    media::CallConfig config;
    const media::DeviceRule camera = device_rule(media::DeviceKind::camera, reception.camera);
    config.video_source = media::video_source_for(camera, devices);
    config.stamp_wall_clock = camera.kind == media::DeviceRuleKind::test_clock; // benchmarks: glass-to-glass
    config.audio_source =
        media::audio_source_for(device_rule(media::DeviceKind::microphone, reception.microphone), devices);
    media::set_audio_output(config, device_rule(media::DeviceKind::speaker, reception.speaker), devices);
    config.width = 1280;
    config.height = 720;
    config.stun_server = reception.stun;
    config.turn_servers = reception.turn;
    config.ice_local_addresses = reception.ice_addresses;
    config.receive_video_kbps = reception.receive_video_kbps;
    return config;
}

} // namespace

KioskCall::KioskCall(const KioskConfig::Reception& config, bool enabled, UiInbox& inbox,
                     core::CallController& controller, core::KioskModel& model, ui::KioskUi& screens,
                     SendLive send_live, Wake wake, SubmitCallback submit_callback)
    : m_config(config), m_enabled(enabled), m_inbox(inbox), m_controller(controller), m_model(model),
      m_screens(screens), m_send_live(std::move(send_live)), m_wake(std::move(wake)),
      m_submit_callback(std::move(submit_callback)) {
    m_model.reception_phone = config.phone;
    m_model.reception_hours = config.hours;
    if (m_enabled) {
        // Off the UI thread: the first frame must not wait for the DTLS certificate.
        m_media_start = std::jthread{[this] {
            auto ready = media::initialise();
            m_inbox.post([this, ok = ready.has_value(), error = ready ? std::string{} : ready.error()] {
                on_media_ready(ok, error);
            });
        }};
    }
    // "Être rappelé" is offered only where a request can reach the backend.
    m_model.callback_available = m_enabled && static_cast<bool>(m_submit_callback);
}

KioskCall::~KioskCall() {
    m_watcher.reset();
    stop_preview();
    stop_media();
}

void KioskCall::on_media_ready(bool ready, const std::string& error) {
    if (!ready) {
        std::fprintf(stderr, "telecentre-kiosk: visio-accueil unavailable: %s\n", error.c_str());
    }
    m_media_ready = ready;
    offer_calls();
    if (ready) {
        watch_devices();
    }
}

void KioskCall::watch_devices() {
    const auto camera = device_rule(media::DeviceKind::camera, m_config.camera);
    const auto microphone = device_rule(media::DeviceKind::microphone, m_config.microphone);
    const auto speaker = device_rule(media::DeviceKind::speaker, m_config.speaker);
    // The test sources (demo, CI) need no monitor; nor does the sound server's default speaker.
    if (!media::needs_devices(camera) && !media::needs_devices(microphone) &&
        speaker.kind != media::DeviceRuleKind::name) {
        m_controller.on_devices({.camera = camera.kind != media::DeviceRuleKind::none,
                                 .microphone = microphone.kind != media::DeviceRuleKind::none},
                                core::SystemClock{}.now());
        return;
    }
    m_watcher = std::make_unique<media::DeviceWatcher>(
        [this](const media::DeviceEvent& event) {
            if (event.change != media::DeviceChange::listed) {
                std::fprintf(stderr, "telecentre-kiosk: device %s: %s\n",
                             event.change == media::DeviceChange::added ? "plugged in" : "pulled out",
                             event.device.name.c_str());
            }
            m_inbox.post([this, devices = event.devices]() mutable { on_devices(std::move(devices)); });
        },
        [](const std::string& message) { std::fprintf(stderr, "telecentre-kiosk: devices: %s\n", message.c_str()); });
    m_watcher->start();
}

void KioskCall::on_devices(std::vector<media::Device> devices) {
    m_devices = std::move(devices);
    const auto camera = device_rule(media::DeviceKind::camera, m_config.camera);
    const auto microphone = device_rule(media::DeviceKind::microphone, m_config.microphone);
    m_controller.on_devices({.camera = media::device_present(camera, media::DeviceKind::camera, m_devices),
                             .microphone = media::device_present(microphone, media::DeviceKind::microphone, m_devices)},
                            core::SystemClock{}.now());
}

void KioskCall::offer_calls() {
    const bool available = m_link_up && m_media_ready;
    if (m_model.call_available != available) {
        m_model.call_available = available;
        ++m_model.revision;
    }
}

bool KioskCall::on_live_message(std::string_view text) {
    if (!m_enabled) {
        return false;
    }
    const auto type = wire::live_message_type(text);
    if (!type) {
        return false;
    }
    const auto post = [this](auto event) { m_inbox.post([this, event] { event(m_controller); }); };
    const auto now = [] { return core::SystemClock{}.now(); };
    if (*type == "call.queued") {
        if (auto queued = wire::decode_call_queued(text)) {
            post([queued = *queued, now](core::CallController& call) { call.on_queued(queued, now()); });
        }
    } else if (*type == "call.answered") {
        if (m_trace != nullptr) {
            m_trace->record("call-answered", 0);
        }
        if (auto answered = wire::decode_call_answered(text)) {
            post([answered = *answered, now](core::CallController& call) { call.on_answered(answered, now()); });
        }
    } else if (*type == "call.ended") {
        if (auto ended = wire::decode_call_ended(text)) {
            post([ended = *ended, now](core::CallController& call) { call.on_ended(ended, now()); });
        }
    } else if (*type == "call.signal") {
        if (auto signal = wire::decode_call_signal(text)) {
            post([signal = *signal, now](core::CallController& call) { call.on_signal(signal, now()); });
        }
    } else if (*type == "error" && text.find(R"("code":"refused")") != std::string_view::npos) {
        post([now](core::CallController& call) { call.on_refused(now()); });
    } else {
        return false;
    }
    return true;
}

void KioskCall::on_link(bool connected) {
    if (!m_enabled) {
        return;
    }
    m_inbox.post([this, connected] {
        m_link_up = connected;
        offer_calls();
        m_controller.on_link(connected, core::SystemClock{}.now());
    });
}

void KioskCall::start_media() {
    stop_media();
    const std::uint64_t generation = ++*m_generation;
    // Each event is posted with the call it belongs to; one of a call since torn down is dropped.
    const auto post = [this, generation, current = m_generation](std::function<void(core::CallController&)> event) {
        m_inbox.post([this, generation, current, event = std::move(event)] {
            if (current->load() == generation) {
                event(m_controller);
            }
        });
    };
    media::CallCallbacks callbacks;
    callbacks.on_local_description = [post, trace = m_trace](media::SdpType type, const std::string& sdp) {
        if (trace != nullptr) {
            trace->record("call-local-description", 0);
        }
        const auto kind = type == media::SdpType::offer ? wire::SignalKind::offer : wire::SignalKind::answer;
        post([kind, sdp](core::CallController& call) {
            call.on_local_description(kind, sdp, core::SystemClock{}.now());
        });
    };
    callbacks.on_local_candidate = [post](unsigned mline, const std::string& candidate) {
        post([mline, candidate](core::CallController& call) {
            call.on_local_candidate(static_cast<int>(mline), candidate, core::SystemClock{}.now());
        });
    };
    callbacks.on_state = [post, trace = m_trace](media::CallState state) {
        if (trace != nullptr && state == media::CallState::connected) {
            trace->record("call-connected", 0);
        }
        core::MediaState shown = core::MediaState::connecting;
        switch (state) {
        case media::CallState::idle:
        case media::CallState::connecting: return;
        case media::CallState::connected: shown = core::MediaState::connected; break;
        case media::CallState::disconnected:
        case media::CallState::failed: shown = core::MediaState::failed; break;
        case media::CallState::closed: shown = core::MediaState::closed; break;
        }
        post([shown](core::CallController& call) { call.on_media_state(shown, core::SystemClock{}.now()); });
    };
    callbacks.on_error = [](const std::string& message) {
        std::fprintf(stderr, "telecentre-kiosk: call media: %s\n", message.c_str());
    };
    callbacks.on_camera_lost = [post](const std::string& message) {
        std::fprintf(stderr, "telecentre-kiosk: call media: %s; the call goes on with sound\n", message.c_str());
        post([](core::CallController& call) { call.on_camera_lost(core::SystemClock{}.now()); });
    };
    if (!m_media_ready) {
        // Not offered before the engine is ready; should a call start anyway, it fails cleanly.
        post([](core::CallController& call) {
            call.on_media_state(core::MediaState::failed, core::SystemClock{}.now());
        });
        return;
    }
    m_call = std::make_unique<media::WebrtcbinCall>(media_config(m_config, m_devices), std::move(callbacks));
    if (m_wake || m_trace) {
        auto first = std::make_shared<std::atomic<bool>>(true);
        m_call->remote_video().set_listener([wake = m_wake, trace = m_trace, first] {
            if (trace != nullptr && first->exchange(false)) {
                trace->record("call-first-remote-frame", 0);
            }
            if (wake) {
                wake();
            }
        });
        if (m_wake) {
            m_call->self_view().set_listener(m_wake);
        }
    }
    m_screens.set_video({&m_call->remote_video(), &m_call->self_view()});
}

void KioskCall::start_preview() {
    if (!m_media_ready || m_call || (m_preview && m_preview->started())) {
        return;
    }
    media::PreviewConfig config;
    config.video_source = media_config(m_config, m_devices).video_source;
    if (config.video_source.kind == media::VideoSourceKind::none) {
        return; // no camera: the consent screen says so
    }
    // A preview per run: the camera the rule picks may have changed since the last one.
    m_preview = std::make_unique<media::CameraPreview>(config, [](const std::string& message) {
        // The tile keeps saying the video is starting; the visitor can still call.
        std::fprintf(stderr, "telecentre-kiosk: camera preview: %s\n", message.c_str());
    });
    if (m_wake || m_trace) {
        m_preview->frames().set_listener([wake = m_wake, trace = m_trace, first = m_preview_first] {
            if (trace != nullptr && first->exchange(false)) {
                trace->record("call-preview-frame", 0);
            }
            if (wake) {
                wake();
            }
        });
    }
    m_preview_first->store(true);
    if (m_trace != nullptr) {
        m_trace->record("call-preview-start", 0);
    }
    m_preview->start();
    m_screens.set_video({nullptr, &m_preview->frames()});
}

void KioskCall::stop_preview() {
    if (!m_preview || !m_preview->started()) {
        return;
    }
    m_screens.set_video({});
    m_preview->stop(); // the camera is closed when it returns: the call may open it
}

void KioskCall::stop_media() {
    if (!m_call) {
        return;
    }
    ++*m_generation;
    if (m_trace != nullptr) {
        const media::CallStats stats = m_call->stats();
        m_trace->record("call-video-frames-sent", stats.video_frames_sent);
        m_trace->record("call-video-frames-decoded", stats.video_frames_decoded);
        m_trace->record("call-audio-samples-received", stats.audio_samples_received);
    }
    m_screens.set_video({});
    m_call->remote_video().set_listener({});
    m_call->self_view().set_listener({});
    m_call.reset(); // hangs up: joins the media thread
}

void KioskCall::execute(const std::vector<core::CallCommand>& commands) {
    if (!m_enabled) {
        return;
    }
    for (const core::CallCommand& command : commands) {
        std::visit(Overloaded{
                       [&](const core::SendCallRequest& send) { (void)m_send_live(wire::encode(send.request)); },
                       [&](const core::SendCallCancel& send) {
                           (void)m_send_live(wire::encode_call_ref("call.cancel", {send.call_id}));
                       },
                       [&](const core::SendHangUp& send) {
                           (void)m_send_live(wire::encode_call_ref("call.hangup", {send.call_id}));
                       },
                       [&](const core::SendSignal& send) { (void)m_send_live(wire::encode(send.signal)); },
                       [&](const core::StartPreview&) { start_preview(); },
                       [&](const core::StartCall&) {
                           if (m_trace != nullptr) {
                               m_trace->record("call-start-media", 0);
                           }
                           // A camera opens once: the preview lets it go before the call takes it.
                           stop_preview();
                           start_media();
                           if (m_call) {
                               m_call->create_offer();
                           }
                       },
                       [&](const core::ApplyRemoteSignal& apply) {
                           if (!m_call) {
                               return;
                           }
                           switch (apply.signal.kind) {
                           case wire::SignalKind::offer:
                           case wire::SignalKind::answer:
                               m_call->set_remote_description(apply.signal.kind == wire::SignalKind::offer
                                                                  ? media::SdpType::offer
                                                                  : media::SdpType::answer,
                                                              apply.signal.sdp);
                               break;
                           case wire::SignalKind::candidate:
                               m_call->add_remote_candidate(static_cast<unsigned>(apply.signal.mline_index),
                                                            apply.signal.candidate);
                               break;
                           case wire::SignalKind::end_of_candidates: break;
                           }
                       },
                       [&](const core::SetMicrophoneMuted& mute) {
                           if (m_call) {
                               m_call->set_microphone_muted(mute.muted ? media::MicrophoneState::muted
                                                                       : media::MicrophoneState::live);
                           }
                       },
                       [&](const core::SetCameraOff& camera) {
                           if (m_call) {
                               m_call->set_camera_enabled(camera.off ? media::CameraState::off
                                                                     : media::CameraState::on);
                           }
                       },
                       [&](const core::StopMedia&) {
                           stop_preview();
                           stop_media();
                       },
                       // Sent by the callback worker, whose answer comes back through the inbox.
                       [&](const core::SubmitCallback& submit) {
                           if (m_submit_callback) {
                               m_submit_callback(submit);
                               return;
                           }
                           m_inbox.post([this, id = submit.request_id] {
                               m_controller.on_callback_answer(id, false, core::SystemClock{}.now());
                           });
                       },
                   },
                   command);
    }
}

} // namespace telecentre::app
