// Frame time of the booking screens in SDL's software renderer, headless (offscreen driver), at
// 1920x1080: a site with twenty offices over a week (week view) and over a day of twenty 30-minute
// slots (day view), plus the other booking screens for comparison. Each frame is drawn in full,
// as after any change. Prints a Markdown table of wall and CPU time per frame (p50, p95, max).
//
// Usage: telecentre-booking-bench [--frames N] [--width W --height H]
// Not a test: it measures and reports; docs/benchmarks.md records the results.

#include "telecentre/core/booking_controller.hpp"
#include "telecentre/core/booking_demo.hpp"
#include "telecentre/ui/kiosk_ui.hpp"

#include <SDL.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace telecentre;
using namespace std::chrono;

struct Scenario {
    std::string name;
    core::KioskModel model;
};

double thread_cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double percentile(std::vector<double> values, double p) {
    std::ranges::sort(values);
    const double k = (static_cast<double>(values.size()) - 1) * p / 100.0;
    const auto lo = static_cast<std::size_t>(k);
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (k - static_cast<double>(lo));
}

// Monday 23 November 2026, 09:41 in Paris.
core::TimePoint bench_now() {
    return time_point_cast<milliseconds>(wire::from_paris(local_days{2026y / November / 23d} + 9h + 41min));
}

core::KioskModel base_model() {
    core::KioskModel model;
    model.language = core::Language::fr;
    model.connection = core::Connection::online;
    model.reader.state = core::ReaderState::ready;
    model.site_id = "murat";
    model.site_name = "Télécentre de Murat";
    model.now = bench_now();
    model.screen_since = model.now;
    return model;
}

// Drives a BookingController to the wanted screen, answering its fetch with demo data.
core::KioskModel booking_model(const core::DemoSite& site, wire::ResourceKind kind,
                               const std::function<void(core::BookingController&, core::KioskModel&)>& then) {
    core::KioskModel model = base_model();
    core::BookingController booking{model, core::BookingTiming{}, core::Language::fr};
    booking.open(model.now);
    booking.pick_kind(kind, model.now);
    const auto answer = [&] {
        for (const core::BookingCommand& command : booking.take_commands()) {
            if (const auto* fetch = std::get_if<core::FetchAvailability>(&command)) {
                booking.on_availability(fetch->request_id,
                                        core::demo_availability(site, core::LocalDay{fetch->from.time_since_epoch()},
                                                                fetch->days, fetch->kind, floor<seconds>(model.now)),
                                        core::AvailabilityOrigin::live, std::nullopt, model.now);
            }
        }
    };
    answer();
    then(booking, model);
    answer();
    return model;
}

std::vector<Scenario> scenarios() {
    core::DemoSite twenty;
    twenty.offices = 20;
    const auto nothing = [](core::BookingController&, core::KioskModel&) {};
    std::vector<Scenario> list;
    list.push_back({"week view, 20 offices x 7 days",
                    booking_model(twenty, wire::ResourceKind::office,
                                  [](core::BookingController& b, core::KioskModel& m) { b.show_week(m.now); })});
    list.push_back({"day view, 20 offices x 20 slots", booking_model(twenty, wire::ResourceKind::office, nothing)});
    list.push_back({"day view, 20 offices, from 08:30",
                    booking_model(twenty, wire::ResourceKind::office,
                                  [](core::BookingController& b, core::KioskModel& m) { b.page_columns(0, m.now); })});
    core::KioskModel kinds = base_model();
    {
        core::BookingController booking{kinds, core::BookingTiming{}, core::Language::fr};
        booking.open(kinds.now);
    }
    list.push_back({"kinds", kinds});
    list.push_back({"search with keyboard",
                    booking_model(core::DemoSite{}, wire::ResourceKind::meeting_room,
                                  [](core::BookingController& b, core::KioskModel& m) { b.open_search(m.now); })});
    core::KioskModel door = base_model();
    {
        core::BookingController booking{door, core::BookingTiming{}, core::Language::fr};
        booking.set_room("murat-meeting-room-1");
        booking.on_tick(door.now);
        for (const core::BookingCommand& command : booking.take_commands()) {
            const auto& fetch = std::get<core::FetchAvailability>(command);
            booking.on_availability(fetch.request_id,
                                    core::demo_availability(core::DemoSite{},
                                                            core::LocalDay{fetch.from.time_since_epoch()}, 1,
                                                            std::nullopt, floor<seconds>(door.now)),
                                    core::AvailabilityOrigin::live, std::nullopt, door.now);
        }
    }
    list.push_back({"door panel", door});
    list.push_back({"home (for reference)", base_model()});
    return list;
}

} // namespace

int main(int argc, char** argv) {
    int frames = 300;
    int width = 1920;
    int height = 1080;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        const int value = std::atoi(argv[i + 1]);
        if (flag == "--frames") {
            frames = std::max(10, value);
        } else if (flag == "--width") {
            width = value;
        } else if (flag == "--height") {
            height = value;
        }
    }
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window* window = SDL_CreateWindow("booking-bench", 0, 0, width, height, SDL_WINDOW_SHOWN);
    SDL_Renderer* renderer = window ? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE) : nullptr;
    if (renderer == nullptr) {
        std::fprintf(stderr, "cannot create the renderer: %s\n", SDL_GetError());
        return 1;
    }
    int status = 0;
    {
        ui::KioskUi screen{renderer};
        if (auto ready = screen.init(ui::recommended_scale(width, height)); !ready) {
            std::fprintf(stderr, "KioskUi::init: %s\n", ready.error().c_str());
            return 1;
        }
        std::printf("| screen (%dx%d, software renderer) | frames | wall p50 / p95 / max (ms) | CPU p50 / p95 (ms) |\n",
                    width, height);
        std::printf("|---|---|---|---|\n");
        for (Scenario& scenario : scenarios()) {
            std::vector<double> wall;
            std::vector<double> cpu;
            for (int i = 0; i < frames + 10; ++i) {
                ++scenario.model.revision;
                const auto start = steady_clock::now();
                const double cpu_start = thread_cpu_ms();
                const auto commands = screen.draw(scenario.model);
                SDL_RenderPresent(renderer);
                const double cpu_ms = thread_cpu_ms() - cpu_start;
                const double wall_ms = duration<double, std::milli>(steady_clock::now() - start).count();
                if (!commands.empty()) {
                    status = 1;
                }
                if (i >= 10) { // the first frames upload the font atlas
                    wall.push_back(wall_ms);
                    cpu.push_back(cpu_ms);
                }
            }
            std::printf("| %s | %d | %.1f / %.1f / %.1f | %.1f / %.1f |\n", scenario.name.c_str(), frames,
                        percentile(wall, 50), percentile(wall, 95), *std::ranges::max_element(wall),
                        percentile(cpu, 50), percentile(cpu, 95));
        }
    }
    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return status;
}
