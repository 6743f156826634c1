#include "kiosk_conference.hpp"

#include "conference_room.hpp"
#include "telecentre/core/overloaded.hpp"
#include "telecentre/media/media.hpp"

#include <atomic>
#include <cstdio>

namespace telecentre::app {
namespace {

// A backend failure as the controller reads it: no status when the backend could not be reached
// (or answered something unreadable), else its status and error code.
core::ConferenceRefusal refusal_of(const core::BackendError& error) {
    const bool reached =
        error.kind == core::BackendFailure::rejected || error.kind == core::BackendFailure::server_error;
    return core::ConferenceRefusal{.status = reached ? error.status : 0, .code = error.code, .message = error.message};
}

} // namespace

KioskConference::KioskConference(std::unique_ptr<core::ConferenceBackend> backend, ConferenceMedia media,
                                 UiInbox& inbox, core::ConferenceController& controller, ui::KioskUi& screens,
                                 Wake wake)
    : m_backend(std::move(backend)), m_media(std::move(media)), m_inbox(inbox), m_controller(controller),
      m_screens(screens), m_wake(std::move(wake)), m_worker([this](const std::stop_token& stop) { run(stop); }) {
    if (m_media.enabled) {
        m_media_start = std::jthread{[] { (void)media::initialise(); }};
    }
}

KioskConference::~KioskConference() {
    leave();
    m_worker.request_stop();
    m_wakeup.notify_all();
}

void KioskConference::post(std::function<void(core::ConferenceBackend&)> task) {
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_wakeup.notify_one();
}

void KioskConference::run(const std::stop_token& stop) {
    while (true) {
        std::function<void(core::ConferenceBackend&)> task;
        {
            std::unique_lock lock(m_mutex);
            if (!m_wakeup.wait(lock, stop, [this] { return !m_tasks.empty(); })) {
                return;
            }
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        if (m_backend) {
            task(*m_backend);
        }
    }
}

void KioskConference::execute(const std::vector<core::ConferenceCommand>& commands) {
    for (const core::ConferenceCommand& command : commands) {
        std::visit(core::Overloaded{
                       [&](const core::StartConference& start) {
                           if (!m_backend) {
                               m_controller.on_started(start.request_id,
                                                       core::ConferenceRefusal{0, "unavailable", "no backend client"},
                                                       std::chrono::time_point_cast<std::chrono::milliseconds>(
                                                           std::chrono::system_clock::now()));
                               return;
                           }
                           if (m_trace != nullptr) {
                               m_trace->record("conference-start", start.request_id);
                           }
                           post([this, start](core::ConferenceBackend& backend) {
                               auto made = backend.start_conference(start.start);
                               core::ConferenceAnswer answer = made ? core::ConferenceAnswer{std::move(*made)}
                                                                    : core::ConferenceAnswer{refusal_of(made.error())};
                               if (!made) {
                                   std::fprintf(stderr, "telecentre-kiosk: conference not started: %d %s\n",
                                                made.error().status, made.error().code.c_str());
                               }
                               m_inbox.post([this, id = start.request_id, answer = std::move(answer)] {
                                   m_controller.on_started(id, answer, now());
                               });
                           });
                       },
                       [&](const core::ExtendConference& extend) {
                           post([this, extend](core::ConferenceBackend& backend) {
                               auto made = backend.extend_conference(extend.conference_id, extend.extend);
                               core::ConferenceAnswer answer = made ? core::ConferenceAnswer{std::move(*made)}
                                                                    : core::ConferenceAnswer{refusal_of(made.error())};
                               m_inbox.post([this, id = extend.request_id, answer = std::move(answer)] {
                                   m_controller.on_extended(id, answer, now());
                               });
                           });
                       },
                       [&](const core::FetchJoinDescriptor& fetch) {
                           post([this, fetch](core::ConferenceBackend& backend) {
                               auto found = backend.join_descriptor(fetch.guest_token);
                               core::JoinAnswer answer = found ? core::JoinAnswer{std::move(*found)}
                                                               : core::JoinAnswer{refusal_of(found.error())};
                               m_inbox.post([this, id = fetch.request_id, answer = std::move(answer)] {
                                   m_controller.on_join_descriptor(id, answer, now());
                               });
                           });
                       },
                       [&](const core::JoinRoom& room) { join(room); },
                       [&](const core::LeaveRoom&) { leave(); },
                       [&](const core::SetRoomMicrophone& microphone) {
                           if (m_room) {
                               m_room->set_microphone_muted(microphone.muted);
                           }
                       },
                       [&](const core::SetRoomCamera& camera) {
                           if (m_room) {
                               m_room->set_camera_off(camera.off);
                           }
                       },
                   },
                   command);
    }
}

std::string KioskConference::counters() const { return m_room ? m_room->counters() : std::string{"none"}; }

core::TimePoint KioskConference::now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

void KioskConference::join(const core::JoinRoom& room) {
    leave();
    const std::uint64_t generation = ++m_room_generation;
    // Each event is run on the UI thread, and only while this room is still the current one.
    const auto current = [this, generation](std::function<void()> task) {
        m_inbox.post([this, generation, task = std::move(task)] {
            if (generation == m_room_generation && m_room) {
                task();
            }
        });
    };
    RoomEvents events{
        .on_joined =
            [this, current] {
                current([this] {
                    if (m_trace != nullptr) {
                        m_trace->record("conference-joined", 0);
                    }
                    m_controller.on_joined(now());
                });
            },
        .on_participant =
            [this, current](core::ConferenceParticipant participant) {
                current(
                    [this, participant = std::move(participant)] { m_controller.on_participant(participant, now()); });
            },
        .on_left =
            [this, current](std::uint64_t feed) {
                current([this, feed] { m_controller.on_participant_left(feed, now()); });
            },
        .on_talking =
            [this, current](std::uint64_t feed, bool talking) {
                current([this, feed, talking] { m_controller.on_talking(feed, talking, now()); });
            },
        .on_lost =
            [this, current](std::string reason) {
                current([this, reason = std::move(reason)] {
                    std::fprintf(stderr, "telecentre-kiosk: conference room lost: %s\n", reason.c_str());
                    m_controller.on_room_lost(reason, now());
                });
            },
        .on_feeds =
            [this, current](std::vector<ui::ConferenceFeed> feeds) {
                current([this, feeds = std::move(feeds)] { m_screens.set_conference_video(feeds); });
            },
        .on_picture =
            [this, first = std::make_shared<std::atomic<bool>>(false)] {
                if (!first->exchange(true) && m_trace != nullptr) {
                    m_trace->record("conference-first-picture", 0);
                }
                m_wake();
            },
    };
    if (!m_media.enabled) {
        m_inbox.post([this, generation] {
            if (generation == m_room_generation) {
                m_controller.on_room_lost("conferences are off on this terminal (no media engine)", now());
            }
        });
        return;
    }
    m_room = std::make_unique<ConferenceRoom>(room, m_media, std::move(events));
    m_screens.set_video({.remote = nullptr, .self = &m_room->self_view()});
}

void KioskConference::leave() {
    if (!m_room) {
        return;
    }
    ++m_room_generation;
    m_screens.set_conference_video({});
    m_screens.set_video({});
    m_room.reset();
}

} // namespace telecentre::app
