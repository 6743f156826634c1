#include "ui_harness.hpp"

#include "telecentre/ui/screenshot.hpp"

#include <cstdlib>
#include <filesystem>
#include <unordered_set>

namespace telecentre::ui::test {

core::TimePoint fixture_now() {
    using namespace std::chrono;
    return time_point_cast<milliseconds>(sys_days{2026y / November / 23d} + hours{8} + minutes{41});
}

core::KioskModel base_model(core::Language language) {
    core::KioskModel model;
    model.language = language;
    model.connection = core::Connection::online;
    model.reader.state = core::ReaderState::ready;
    model.site_id = "riom";
    model.site_name = "Télécentre de Riom-ès-Montagnes";
    model.now = fixture_now();
    model.screen_since = fixture_now();
    model.revision = 1;
    return model;
}

UiHarness::UiHarness(int width, int height) : m_width(width), m_height(height) {
    // Headless and without a GPU: the offscreen driver and SDL's software renderer, drawing straight
    // into the window surface (no hidden GL context).
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        m_error = std::string{"SDL_Init: "} + SDL_GetError();
        return;
    }
    m_window = SDL_CreateWindow("telecentre-ui-test", 0, 0, width, height, SDL_WINDOW_SHOWN);
    if (m_window == nullptr) {
        m_error = std::string{"SDL_CreateWindow: "} + SDL_GetError();
        return;
    }
    m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_SOFTWARE);
    if (m_renderer == nullptr) {
        m_error = std::string{"SDL_CreateRenderer: "} + SDL_GetError();
        return;
    }
    m_ui = std::make_unique<KioskUi>(m_renderer);
    if (auto started = m_ui->init(recommended_scale(width, height)); !started) {
        m_error = "KioskUi::init: " + started.error();
    }
}

UiHarness::~UiHarness() {
    m_ui.reset();
    if (m_renderer != nullptr) {
        SDL_DestroyRenderer(m_renderer);
    }
    if (m_window != nullptr) {
        SDL_DestroyWindow(m_window);
    }
    SDL_Quit();
}

void UiHarness::pump() {
    SDL_Event event;
    while (SDL_PollEvent(&event) != 0) {
        m_ui->feed(event);
    }
}

std::vector<Command> UiHarness::frame(const core::KioskModel& model) {
    pump();
    return m_ui->draw(model);
}

std::vector<Command> UiHarness::settle(const core::KioskModel& model) {
    std::vector<Command> all;
    pump();
    // Bounded: a UI that never settles fails the test instead of hanging it.
    for (int i = 0; i < 32; ++i) {
        const std::vector<Command> emitted = m_ui->draw(model);
        all.insert(all.end(), emitted.begin(), emitted.end());
        if (!m_ui->wants_another_frame()) {
            break;
        }
    }
    return all;
}

void UiHarness::push_finger(Uint32 type, float x, float y, SDL_FingerID finger) {
    SDL_Event event{};
    event.type = type;
    event.tfinger.timestamp = SDL_GetTicks();
    event.tfinger.touchId = 1;
    event.tfinger.fingerId = finger;
    event.tfinger.x = x / static_cast<float>(m_width);
    event.tfinger.y = y / static_cast<float>(m_height);
    event.tfinger.pressure = type == SDL_FINGERUP ? 0.0F : 1.0F;
    event.tfinger.windowID = SDL_GetWindowID(m_window);
    SDL_PushEvent(&event);
}

void UiHarness::push_mouse_button(Uint32 type, int x, int y, Uint32 which) {
    SDL_Event event{};
    event.type = type;
    event.button.timestamp = SDL_GetTicks();
    event.button.windowID = SDL_GetWindowID(m_window);
    event.button.which = which;
    event.button.button = SDL_BUTTON_LEFT;
    event.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    event.button.clicks = 1;
    event.button.x = x;
    event.button.y = y;
    SDL_PushEvent(&event);
}

void UiHarness::push_mouse_motion(int x, int y, Uint32 which) {
    SDL_Event event{};
    event.type = SDL_MOUSEMOTION;
    event.motion.timestamp = SDL_GetTicks();
    event.motion.windowID = SDL_GetWindowID(m_window);
    event.motion.which = which;
    event.motion.x = x;
    event.motion.y = y;
    SDL_PushEvent(&event);
}

std::vector<Command> UiHarness::tap(const core::KioskModel& model, float x, float y) {
    push_finger(SDL_FINGERDOWN, x, y);
    push_finger(SDL_FINGERUP, x, y);
    return settle(model);
}

std::vector<Command> UiHarness::click(const core::KioskModel& model, int x, int y) {
    push_mouse_button(SDL_MOUSEBUTTONDOWN, x, y);
    push_mouse_button(SDL_MOUSEBUTTONUP, x, y);
    return settle(model);
}

std::optional<TouchTarget> UiHarness::target(Command command) const {
    for (const TouchTarget& target : m_ui->touch_targets()) {
        if (target.command == command) {
            return target;
        }
    }
    return std::nullopt;
}

PixelStats UiHarness::pixel_stats() const {
    const int pitch = m_width * 4;
    std::vector<Uint32> pixels(static_cast<std::size_t>(m_width) * static_cast<std::size_t>(m_height));
    PixelStats stats;
    if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ARGB8888, pixels.data(), pitch) != 0) {
        return stats;
    }
    const Uint32 corner = pixels.front();
    std::size_t unlike = 0;
    std::unordered_set<Uint32> colours;
    for (const Uint32 pixel : pixels) {
        unlike += pixel != corner ? 1U : 0U;
        if (colours.size() < 4096) {
            colours.insert(pixel);
        }
    }
    stats.share_unlike_corner = static_cast<double>(unlike) / static_cast<double>(pixels.size());
    stats.distinct_colours = colours.size();
    return stats;
}

Uint32 UiHarness::pixel(int x, int y) const {
    Uint32 value = 0;
    const SDL_Rect one{x, y, 1, 1};
    if (SDL_RenderReadPixels(m_renderer, &one, SDL_PIXELFORMAT_ARGB8888, &value, 4) != 0) {
        return 0;
    }
    return value;
}

std::string UiHarness::save(const std::string& name) const {
    const std::filesystem::path folder{TELECENTRE_UI_ARTEFACTS_DIR};
    std::filesystem::create_directories(folder);
    const std::string path = (folder / (name + ".png")).string();
    if (auto saved = save_png(m_renderer, path); !saved) {
        return saved.error();
    }
    return {};
}

} // namespace telecentre::ui::test
