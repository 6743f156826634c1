#include "kiosk_app.hpp"

#include "booking_bridge.hpp"
#include "callback_worker.hpp"
#include "checkin_worker.hpp"
#include "demo_booking_service.hpp"
#include "demo_tapper.hpp"
#include "kiosk_bookings.hpp"
#include "kiosk_call.hpp"
#include "kiosk_conference.hpp"
#include "telecentre/core/booking_controller.hpp"
#include "telecentre/core/conference_controller.hpp"
#include "telecentre/core/idempotency_key.hpp"
#include "telecentre/core/kiosk_controller.hpp"
#include "telecentre/media/media.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/platform/libnfc_badge_reader.hpp"
#include "telecentre/platform/live_client.hpp"
#include "telecentre/platform/sqlite_journal.hpp"
#include "telecentre/platform/sqlite_member_cache.hpp"
#include "telecentre/ui/command_dispatch.hpp"
#include "telecentre/ui/kiosk_ui.hpp"
#include "telecentre/ui/screenshot.hpp"
#include "test_control.hpp"
#include "trace.hpp"
#include "ui_inbox.hpp"

#include <SDL.h>
#include <atomic>
#include <cstdio>
#include <fstream>

namespace telecentre::app {
namespace {

std::expected<std::string, std::string> read_token(const std::filesystem::path& file) {
    std::ifstream input(file);
    std::string token;
    if (!input || !std::getline(input, token)) {
        return std::unexpected("cannot read the device token from " + file.string());
    }
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) {
        token.pop_back();
    }
    if (token.empty()) {
        return std::unexpected("the device token file " + file.string() + " is empty");
    }
    return token;
}

// SDL objects with their destroy functions, so every exit path cleans up.
struct SdlSession {
    SDL_Window* window = nullptr;
    SDL_Renderer* renderer = nullptr;
    ~SdlSession() {
        if (renderer)
            SDL_DestroyRenderer(renderer);
        if (window)
            SDL_DestroyWindow(window);
        SDL_Quit();
    }
};

std::expected<void, std::string> open_display(SdlSession& sdl, DisplayMode mode) {
    // The software renderer without a hidden GL context (DESIGN.md §5), and touches not turned
    // into mouse events: the UI reads fingers itself.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        return std::unexpected(std::string("cannot open the display: ") + SDL_GetError());
    }
    // Full screen is a borderless window covering the display: a kiosk runs without a window
    // manager, and SDL's X11 fullscreen waits ~200 ms for one to acknowledge the switch.
    SDL_DisplayMode desktop{};
    int x = SDL_WINDOWPOS_CENTERED;
    int y = SDL_WINDOWPOS_CENTERED;
    int width = 1920;
    int height = 1080;
    Uint32 flags = SDL_WINDOW_RESIZABLE;
    if (mode == DisplayMode::fullscreen && SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
        x = 0;
        y = 0;
        width = desktop.w;
        height = desktop.h;
        flags = SDL_WINDOW_BORDERLESS;
    }
    sdl.window = SDL_CreateWindow("Télécentre", x, y, width, height, flags);
    if (!sdl.window) {
        return std::unexpected(std::string("cannot open the window: ") + SDL_GetError());
    }
    sdl.renderer = SDL_CreateRenderer(sdl.window, -1, SDL_RENDERER_SOFTWARE);
    if (!sdl.renderer) {
        return std::unexpected(std::string("cannot create the renderer: ") + SDL_GetError());
    }
    if (mode == DisplayMode::fullscreen) {
        SDL_ShowCursor(SDL_DISABLE);
    }
    return {};
}

// Whole-program tests drive the conference's buttons: "conference.open", ".leave", ".invite",
// ".microphone", ".camera", ".extend", ".cancel"; "conference.report" writes the step, the participants and
// the media counters to the log.
void conference_control(const std::string& line, core::ConferenceController& conference, const core::KioskModel& model,
                        const KioskConference& media, core::TimePoint now) {
    const std::string action = line.substr(std::string_view{"conference."}.size());
    if (action == "report") {
        std::string names;
        for (const core::ConferenceParticipant& one : model.conference.participants) {
            names += (names.empty() ? "" : ",") + one.name;
        }
        std::fprintf(stderr, "telecentre-kiosk: conference report: step=%s participants=%s speaker=%llu counters=%s\n",
                     core::to_string(model.conference.step), names.c_str(),
                     static_cast<unsigned long long>(model.conference.speaker.value_or(0)), media.counters().c_str());
    } else if (action == "open") {
        conference.open(conference.offer(now).ad_hoc_minutes, now);
    } else if (action == "leave") {
        conference.leave(now);
    } else if (action == "invite") {
        conference.toggle_invite(now);
    } else if (action == "microphone") {
        conference.toggle_microphone(now);
    } else if (action == "camera") {
        conference.toggle_camera(now);
    } else if (action == "extend") {
        conference.extend(now);
    } else if (action == "cancel") {
        conference.cancel(now);
    } else {
        std::fprintf(stderr, "telecentre-kiosk: test control: unknown conference line\n");
    }
}

} // namespace

int run_kiosk(const KioskConfig& config, const RunOptions& options) {
    auto fail = [](const std::string& message) {
        std::fprintf(stderr, "telecentre-kiosk: %s\n", message.c_str());
        return 1;
    };

    auto token = read_token(config.device_token_file);
    if (!token) {
        return fail(token.error());
    }
    std::error_code error;
    std::filesystem::create_directories(config.storage_directory, error);
    if (error) {
        return fail("cannot create " + config.storage_directory.string() + ": " + error.message());
    }
    auto database = platform::SqliteDatabase::open((config.storage_directory / "kiosk.db").string());
    if (!database) {
        return fail(database.error());
    }
    auto journal = platform::SqliteJournal::open(*database);
    auto cache = platform::SqliteMemberCache::open(*database);
    if (!journal || !cache) {
        return fail(journal ? cache.error() : journal.error());
    }
    auto https = platform::HttpsClient::create({config.backend_host, config.backend_port, config.ca_file.string(),
                                                config.connect_timeout, config.request_timeout});
    if (!https) {
        return fail(https.error());
    }
    // The booking worker and the live channel authenticate with the same token.
    const std::string device_token = *token;
    platform::HttpsBackendClient backend{std::move(*https), std::move(*token)};

    SdlSession sdl;
    if (auto opened = open_display(sdl, options.display_override.value_or(config.display)); !opened) {
        return fail(opened.error());
    }
    const Uint32 wake_event = SDL_RegisterEvents(2);
    const Uint32 video_event = wake_event + 1; // a new picture for the call screens: draw again
    UiInbox inbox{[wake_event] {
        SDL_Event event{};
        event.type = wake_event;
        SDL_PushEvent(&event);
    }};

    int width = 0;
    int height = 0;
    SDL_GetRendererOutputSize(sdl.renderer, &width, &height);
    ui::KioskUi screens{sdl.renderer};
    if (auto ready = screens.init(ui::recommended_scale(width, height)); !ready) {
        return fail(ready.error());
    }

    core::SystemClock clock;
    core::KioskModel model;
    model.site_id = config.site;
    model.site_name = cache->site_name();
    const core::Language language = config.language == "en" ? core::Language::en : core::Language::fr;
    core::KioskController controller{model, core::ScreenTiming{}, language};
    core::BookingController booking{model, core::BookingTiming{}, language};
    // Visio-accueil: offered while [reception] is enabled and the live channel is up (KioskCall).
    core::CallTiming call_timing;
    call_timing.help_after = config.reception.help_after;
    call_timing.connecting = config.reception.connecting_timeout;
    core::CallController call{model, call_timing, language};
    core::ConferenceController conference{model, core::ConferenceTiming{}};
    if (config.role == KioskRole::room) {
        booking.set_room(config.resource);
        conference.set_room(config.resource);
        conference.set_auto_start(config.conference_auto_start);
    }
    controller.on_tick(clock.now());
    booking.on_tick(clock.now());

    // Bookings go to the booking engine on its own thread (the backend, or the journal and the
    // cached schedules while offline); its replies come back through the inbox. The demo answers
    // from made-up local data instead. Should the booking side fail to open, check-ins still work
    // and every booking request is answered "unavailable" at once, so the screens say so.
    DemoBookingService demo_bookings{core::DemoSite{.site_id = config.site},
                                     [&inbox](std::function<void()> task) { inbox.post(std::move(task)); }};
    std::unique_ptr<KioskBookings> bookings;
    BookingBridge bridge{
        [&bookings](core::BookingEngineCommand command) { bookings->worker().post(std::move(command)); }};
    if (!config.demo_local_bookings) {
        auto opened = KioskBookings::open(
            config, device_token, clock,
            {[&](core::BookingEngineReply reply) {
                 inbox.post([&, reply = std::move(reply)] { bridge.deliver(reply, booking, clock.now()); });
             },
             [&](core::Connection, int pending) {
                 inbox.post([&, pending] { controller.on_bookings_pending(pending); });
             }});
        if (opened) {
            bookings = std::move(*opened);
        } else {
            std::fprintf(stderr, "telecentre-kiosk: bookings unavailable: %s\n", opened.error().c_str());
        }
    }
    const auto send_booking_requests = [&] {
        const auto requests = booking.take_commands();
        if (bookings) {
            bridge.send(requests);
            return;
        }
        for (const core::BookingCommand& request : requests) {
            if (config.demo_local_bookings) {
                demo_bookings.handle(request, booking, clock.now());
            } else {
                answer_unavailable(request, booking, clock.now());
            }
        }
    };

    Trace trace;

    // The live channel: a booking made or changed anywhere on the site refreshes what the booking
    // screens show, instead of waiting for their next fetch.
    std::atomic<bool> refresh_posted{false};
    std::unique_ptr<platform::LiveClient> live;
    // Visio-accueil needs the media engine and the live channel; without either it is not offered.
    // KioskCall starts the engine on a thread of its own: the first frame does not wait for it.
    const bool calls = config.reception.enabled;
    if (calls || config.role == KioskRole::room) {
        media::tune_allocator_for_video(); // freed video frames go back to the system (docs/architecture.md)
    }
    std::atomic<platform::LiveClient*> live_client{nullptr};
    // Callback requests go over a connection of their own, from a thread of their own.
    std::unique_ptr<CallbackWorker> callbacks;
    if (calls) {
        auto callback_https =
            platform::HttpsClient::create({config.backend_host, config.backend_port, config.ca_file.string(),
                                           config.connect_timeout, config.request_timeout});
        if (callback_https) {
            callbacks = std::make_unique<CallbackWorker>(
                std::make_unique<platform::HttpsBackendClient>(std::move(*callback_https), device_token),
                [&](std::uint64_t request_id, bool accepted) {
                    inbox.post(
                        [&, request_id, accepted] { call.on_callback_answer(request_id, accepted, clock.now()); });
                },
                core::make_idempotency_key());
        } else {
            std::fprintf(stderr, "telecentre-kiosk: callback requests unavailable: %s\n",
                         callback_https.error().c_str());
        }
    }
    KioskCall call_media{config.reception,
                         calls,
                         inbox,
                         call,
                         model,
                         screens,
                         [&live_client](std::string text) {
                             auto* client = live_client.load();
                             return client != nullptr && client->send(std::move(text));
                         },
                         [video_event] {
                             SDL_Event event{};
                             event.type = video_event;
                             SDL_PushEvent(&event);
                         },
                         callbacks ? KioskCall::SubmitCallback([&callbacks](core::SubmitCallback submit) {
                             callbacks->post(std::move(submit));
                         })
                                   : KioskCall::SubmitCallback()};
    call_media.set_trace(&trace);

    // The room role's conference: its own HTTPS connection (a worker thread), and the Janus room.
    std::unique_ptr<core::ConferenceBackend> conference_backend;
    if (config.role == KioskRole::room) {
        auto conference_https =
            platform::HttpsClient::create({config.backend_host, config.backend_port, config.ca_file.string(),
                                           config.connect_timeout, config.request_timeout});
        if (conference_https) {
            conference_backend =
                std::make_unique<platform::HttpsBackendClient>(std::move(*conference_https), device_token);
        } else {
            std::fprintf(stderr, "telecentre-kiosk: conferences unavailable: %s\n", conference_https.error().c_str());
        }
    }
    KioskConference conference_media{std::move(conference_backend),
                                     ConferenceMedia{.enabled = config.role == KioskRole::room,
                                                     .camera = config.reception.camera,
                                                     .microphone = config.reception.microphone,
                                                     .speaker = config.reception.speaker,
                                                     .stun = config.reception.stun,
                                                     .turn = config.reception.turn,
                                                     .ice_local_addresses = config.reception.ice_addresses,
                                                     .janus_ca_file = config.ca_file.string()},
                                     inbox,
                                     conference,
                                     screens,
                                     [video_event] {
                                         SDL_Event event{};
                                         event.type = video_event;
                                         SDL_PushEvent(&event);
                                     }};
    conference_media.set_trace(&trace);
    if (bookings || calls) {
        platform::LiveClientConfig live_config;
        live_config.host = config.backend_host;
        live_config.port = config.backend_port;
        live_config.ca_file = config.ca_file.string();
        live_config.device_token = device_token;
        live_config.connect_timeout = config.connect_timeout;
        auto started = platform::LiveClient::start(
            std::move(live_config),
            [&](std::string_view message) {
                if (call_media.on_live_message(message)) {
                    return;
                }
                // A burst of events (a no-show sweep releases many bookings) asks for one refresh.
                if (is_booking_event(message) && !refresh_posted.exchange(true)) {
                    inbox.post([&] {
                        refresh_posted = false;
                        trace.record("live-refresh", 0);
                        booking.refresh(clock.now());
                    });
                }
            },
            [&trace, &call_media](const platform::LiveStatus& status) {
                if (status.state == platform::LiveState::connected) {
                    trace.record("live-up", 0);
                }
                if (status.state != platform::LiveState::connecting) {
                    call_media.on_link(status.state == platform::LiveState::connected);
                }
                if (status.state == platform::LiveState::disconnected) {
                    std::fprintf(stderr, "telecentre-kiosk: live channel down (%s), retry in %lld ms\n",
                                 status.reason.c_str(), static_cast<long long>(status.retry_in.count()));
                }
            });
        if (started) {
            live = std::move(*started);
            live_client = live.get();
        } else {
            std::fprintf(stderr, "telecentre-kiosk: no live channel: %s\n", started.error().c_str());
        }
    }

    core::CheckinEngine engine{
        config.site,
        *journal,
        *cache,
        backend,
        clock,
        core::make_idempotency_key,
        core::EngineTiming{
            .retry_min = std::chrono::seconds{1}, .retry_max = config.retry_max, .cache_refresh = config.cache_refresh},
        {[&](const core::Decision& decision) {
             inbox.post([&, decision] { controller.on_decision(decision, clock.now()); });
         },
         [&](core::Connection connection, int pending) {
             // The link is back: pending bookings need not wait out their back-off.
             if (connection == core::Connection::online && bookings) {
                 bookings->worker().wake();
             }
             inbox.post([&, connection, pending] { controller.on_connection(connection, pending); });
         },
         [&](const std::string& name) { inbox.post([&, name] { controller.on_site(name); }); }}};
    CheckinWorker worker{engine, clock};
    worker.start();

    std::atomic<std::uint64_t> next_tap{1};
    platform::LibnfcBadgeReader reader{{config.reader_connstring}};
    reader.start({[&](const core::BadgeTap& tap) {
                      const auto tap_id = next_tap.fetch_add(1);
                      trace.record("tap", tap_id);
                      // Decided on the UI thread, which owns the model: a tap asked for by the booking
                      // screens identifies who books; any other tap is a check-in.
                      inbox.post([&, tap_id, uid = tap.uid] {
                          // A visitor's call keeps the screen: a badge passing by the reader then is
                          // not taken (the member taps again once the call is over).
                          if (call.in_progress() || conference.in_progress()) {
                              std::fprintf(stderr, "telecentre-kiosk: badge tap ignored during a call\n");
                              return;
                          }
                          if (conference.wants_badge()) {
                              conference.on_badge(uid.hex(), clock.now());
                              return;
                          }
                          // Whoever the tap is for, the member hears how their offline bookings went.
                          booking.on_member_tap(uid.hex(), clock.now());
                          if (booking.wants_badge()) {
                              booking.on_badge(uid.hex(), clock.now());
                              return;
                          }
                          controller.on_tap_seen(tap_id, clock.now());
                          worker.post_tap(tap_id, uid);
                      });
                  },
                  [] {},
                  [&](const core::ReaderStatus& status) {
                      std::fprintf(stderr, "telecentre-kiosk: reader %s %s\n",
                                   status.state == core::ReaderState::ready         ? "ready"
                                   : status.state == core::ReaderState::unavailable ? "unavailable"
                                                                                    : "starting",
                                   status.detail.c_str());
                      inbox.post([&, status] { controller.on_reader_status(status, clock.now()); });
                  },
                  {}});

    // Whole-program tests drive the visitor's buttons through TELECENTRE_CONTROL (test_control.hpp).
    TestControl test_control;
    (void)test_control.start_from_environment([&](std::string line) {
        inbox.post([&, line = std::move(line)] {
            const auto now = clock.now();
            if (line == "call.open") {
                call.open(now);
            } else if (line == "call.place") {
                call.call(now);
            } else if (line == "call.cancel") {
                call.cancel(now);
            } else if (line == "call.hangup") {
                call.hang_up(now);
            } else if (line == "call.close") {
                call.close(now);
            } else if (line.starts_with("conference.")) {
                conference_control(line, conference, model, conference_media, now);
            } else if (line == "quit") {
                SDL_Event quit{};
                quit.type = SDL_QUIT;
                SDL_PushEvent(&quit);
            } else {
                std::fprintf(stderr, "telecentre-kiosk: test control: unknown line\n");
            }
        });
    });

    if (!options.screenshot_directory.empty()) {
        std::filesystem::create_directories(options.screenshot_directory, error);
        std::fprintf(stderr, "telecentre-kiosk: screenshots go to %s\n", options.screenshot_directory.c_str());
    }

    bool running = true;
    bool redraw = true;
    // A call's two pictures (the agent, the self-view) arrive at up to 30 fps each, out of step:
    // drawing for each would mean up to 60 frames a second. New pictures are drawn at most every
    // kVideoFrameInterval, each draw taking the latest of both.
    constexpr auto kVideoFrameInterval = std::chrono::milliseconds{30};
    bool video_pending = false;
    auto last_draw = std::chrono::steady_clock::now() - kVideoFrameInterval;
    std::uint64_t drawn_revision = ~std::uint64_t{0};
    std::uint64_t shot_revision = ~std::uint64_t{0};
    int screenshot_number = 0;
    bool first_frame = true;
    std::uint64_t traced_tap = 0;
    std::optional<core::TimePoint> traced_door;
    bool traced_call_available = false; // as last traced: offered or not
    while (running) {
        const auto now = clock.now();
        // Posted results change the model; the revision check below decides whether to draw.
        inbox.drain();
        if (trace.enabled() && model.booking.door.today && model.booking.door.today->received != traced_door) {
            traced_door = model.booking.door.today->received;
            trace.record("door-updated", 0);
        }
        controller.on_tick(now);
        booking.on_tick(now);
        call.on_tick(now);
        conference.on_tick(now);
        send_booking_requests();
        call_media.execute(call.take_commands());
        conference_media.execute(conference.take_commands());
        if (video_pending && std::chrono::steady_clock::now() - last_draw >= kVideoFrameInterval) {
            redraw = true;
        }
        if (redraw || model.revision != drawn_revision || screens.wants_another_frame()) {
            video_pending = false;
            last_draw = std::chrono::steady_clock::now();
            drawn_revision = model.revision;
            const auto commands = screens.draw(model);
            if (!options.screenshot_directory.empty() && model.revision != shot_revision &&
                !screens.wants_another_frame()) {
                shot_revision = model.revision;
                char name[64];
                std::snprintf(name, sizeof name, "screen-%04d.png", ++screenshot_number);
                (void)ui::save_png(sdl.renderer, (options.screenshot_directory / name).string());
            }
            SDL_RenderPresent(sdl.renderer);
            redraw = false;
            if (trace.enabled()) {
                if (first_frame) {
                    trace.record("first-frame", 0);
                }
                // "Parler à l'accueil" drawn: the media engine is ready and the live channel up
                // (at start, and again each time the live channel comes back).
                if (model.call_available != traced_call_available) {
                    traced_call_available = model.call_available;
                    if (model.call_available) {
                        trace.record("call-available", 0);
                    }
                }
                const bool answered =
                    model.screen == core::Screen::checkin_result || model.screen == core::Screen::error;
                if (answered && model.tap_id != traced_tap) {
                    traced_tap = model.tap_id;
                    trace.record("shown", model.tap_id);
                }
            }
            first_frame = false;
            for (const ui::Command& command : commands) {
                ui::dispatch(command, model, controller, booking, call, &conference, clock.now());
            }
            send_booking_requests();
            call_media.execute(call.take_commands());
            conference_media.execute(conference.take_commands());
            if (options.exit_after_first_frame) {
                break;
            }
        }

        // Sleep until input, a posted event, or the model's next deadline: an idle kiosk costs nothing.
        int timeout_ms = 0;
        if (!screens.wants_another_frame() && model.revision == drawn_revision) {
            auto deadline = controller.next_deadline();
            for (const auto& other : {booking.next_deadline(), call.next_deadline(), conference.next_deadline()}) {
                if (other) {
                    deadline = std::min(deadline, *other);
                }
            }
            const auto wait = deadline - clock.now();
            timeout_ms = static_cast<int>(std::clamp<std::int64_t>(
                std::chrono::duration_cast<std::chrono::milliseconds>(wait).count() + 1, 1, 60'000));
            if (video_pending) {
                const auto video_wait = std::chrono::duration_cast<std::chrono::milliseconds>(
                    last_draw + kVideoFrameInterval - std::chrono::steady_clock::now());
                timeout_ms = std::min(timeout_ms, static_cast<int>(std::max<std::int64_t>(video_wait.count(), 1)));
            }
        }
        SDL_Event event;
        if (SDL_WaitEventTimeout(&event, timeout_ms) == 0) {
            continue;
        }
        do {
            if (event.type == SDL_QUIT) {
                running = false;
            } else if (event.type == SDL_KEYDOWN && event.key.keysym.sym >= SDLK_F1 &&
                       event.key.keysym.sym <= SDLK_F12 && !config.demo_control_socket.empty()) {
                const auto index = static_cast<std::size_t>(event.key.keysym.sym - SDLK_F1);
                if (index < config.demo_badges.size()) {
                    worker.post_task([socket = config.demo_control_socket, uid = config.demo_badges[index]] {
                        if (auto answer = send_emulator_command(socket, "tap " + uid); !answer) {
                            std::fprintf(stderr, "telecentre-kiosk: demo tap failed: %s\n", answer.error().c_str());
                        }
                    });
                }
            } else if (event.type == video_event) {
                video_pending = true;
            } else if (event.type != wake_event) {
                screens.feed(event);
                redraw = true;
            }
        } while (SDL_PollEvent(&event));
    }

    // Threads that post to the inbox stop before what their tasks refer to goes away.
    call_media.execute({core::StopMedia{}});
    conference_media.execute({core::LeaveRoom{}});
    live_client = nullptr;
    live.reset();
    reader.stop();
    worker.stop();
    bookings.reset();
    return 0;
}

} // namespace telecentre::app
