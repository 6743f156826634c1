#include "telecentre/ui/kiosk_ui.hpp"

#include "pointer_queue.hpp"
#include "theme.hpp"
#include "views.hpp"
#include "widgets.hpp"

#include <SDL.h>
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <optional>

namespace telecentre::ui {

const char* to_string(Action action) {
    switch (action) {
    case Action::set_language_fr: return "set_language_fr";
    case Action::set_language_en: return "set_language_en";
    case Action::go_home: return "go_home";
    case Action::booking_open: return "booking_open";
    case Action::my_bookings_open: return "my_bookings_open";
    case Action::booking_exit: return "booking_exit";
    case Action::booking_back: return "booking_back";
    case Action::booking_pick_kind: return "booking_pick_kind";
    case Action::booking_show_week: return "booking_show_week";
    case Action::booking_show_day: return "booking_show_day";
    case Action::booking_page_rows: return "booking_page_rows";
    case Action::booking_page_columns: return "booking_page_columns";
    case Action::booking_retry: return "booking_retry";
    case Action::booking_pick_slot: return "booking_pick_slot";
    case Action::booking_length_step: return "booking_length_step";
    case Action::booking_length_preset: return "booking_length_preset";
    case Action::booking_confirm: return "booking_confirm";
    case Action::booking_take_suggestion: return "booking_take_suggestion";
    case Action::booking_search_open: return "booking_search_open";
    case Action::booking_search_clear: return "booking_search_clear";
    case Action::booking_cancel_ask: return "booking_cancel_ask";
    case Action::booking_cancel_confirm: return "booking_cancel_confirm";
    case Action::booking_cancel_keep: return "booking_cancel_keep";
    case Action::door_book_now: return "door_book_now";
    case Action::door_check_in: return "door_check_in";
    case Action::door_conference: return "door_conference";
    case Action::conference_cancel: return "conference_cancel";
    case Action::conference_leave: return "conference_leave";
    case Action::conference_microphone: return "conference_microphone";
    case Action::conference_camera: return "conference_camera";
    case Action::conference_invite: return "conference_invite";
    case Action::conference_extend: return "conference_extend";
    case Action::call_open: return "call_open";
    case Action::call_edit: return "call_edit";
    case Action::call_start: return "call_start";
    case Action::call_cancel: return "call_cancel";
    case Action::call_hang_up: return "call_hang_up";
    case Action::call_microphone: return "call_microphone";
    case Action::call_camera: return "call_camera";
    case Action::call_ask_callback: return "call_ask_callback";
    case Action::call_send_callback: return "call_send_callback";
    case Action::call_close: return "call_close";
    case Action::key_character: return "key_character";
    case Action::key_backspace: return "key_backspace";
    case Action::key_shift: return "key_shift";
    case Action::key_accents: return "key_accents";
    case Action::key_done: return "key_done";
    }
    return "unknown";
}

std::string to_string(const Command& command) {
    std::string out = to_string(command.action);
    if (command.index == 0 && command.time == wire::TimePoint{} && command.character == 0) {
        return out;
    }
    out += "(" + std::to_string(command.index);
    if (command.time != wire::TimePoint{}) {
        const auto day = std::chrono::floor<std::chrono::days>(command.time);
        const std::chrono::year_month_day date{day};
        const std::chrono::hh_mm_ss clock{command.time - day};
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, ", %04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(date.year()),
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                      static_cast<long>(clock.hours().count()), static_cast<long>(clock.minutes().count()),
                      static_cast<long>(clock.seconds().count()));
        out += buffer;
    }
    if (command.character != 0) {
        out += ", U+" + std::to_string(static_cast<unsigned>(command.character));
    }
    return out + ")";
}

float recommended_scale(int width, int height) {
    const int short_side = std::min(width, height);
    return std::clamp(static_cast<float>(short_side) / 1080.0F, 0.5F, 2.0F);
}

struct KioskUi::Impl {
    SDL_Renderer* renderer = nullptr;
    SDL_Window* window = nullptr;
    ImGuiContext* context = nullptr;
    bool platform_ready = false;
    bool renderer_ready = false;

    FontFiles font_files;
    std::optional<SolidFills> fills;
    Theme theme;
    PointerQueue pointer;
    std::optional<SDL_FingerID> finger; // the one finger that drives the pointer; others are ignored
    std::vector<TouchTarget> targets;
    GlyphAudit audit;
    WidgetState widgets;
    int settle_frames = 0;
    bool animating = false;

    // One video stream: its mailbox, the picture taken last, and the texture it went into.
    struct Video {
        media::FrameMailbox* feed = nullptr;
        media::VideoFrame frame;
        SDL_Texture* texture = nullptr;
        int width = 0;
        int height = 0;
        bool shown = false; // a picture has been uploaded since the feed was set

        // Takes a new picture if there is one and uploads it; returns what to draw.
        VideoPicture refresh(SDL_Renderer* renderer) {
            if (feed != nullptr && feed->take(frame) && !frame.empty()) {
                if (texture == nullptr || width != frame.width || height != frame.height) {
                    release();
                    texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_IYUV, SDL_TEXTUREACCESS_STREAMING,
                                                frame.width, frame.height);
                    width = frame.width;
                    height = frame.height;
                }
                if (texture != nullptr) {
                    SDL_UpdateYUVTexture(texture, nullptr, frame.plane_data(0), frame.planes[0].pitch,
                                         frame.plane_data(1), frame.planes[1].pitch, frame.plane_data(2),
                                         frame.planes[2].pitch);
                    shown = true;
                }
            }
            return shown && feed != nullptr ? VideoPicture{texture, width, height} : VideoPicture{};
        }
        void release() {
            if (texture != nullptr) {
                SDL_DestroyTexture(texture);
                texture = nullptr;
            }
        }
    };
    Video remote_video;
    Video self_video;
    std::vector<std::pair<std::uint64_t, Video>> conference_videos; // by participant

    // Each participant's picture, for the conference screen only (uploads cost).
    std::vector<FeedPicture> refresh_conference(bool shown) {
        std::vector<FeedPicture> pictures;
        if (!shown) {
            return pictures;
        }
        pictures.reserve(conference_videos.size());
        for (auto& [feed, video] : conference_videos) {
            pictures.push_back({feed, video.refresh(renderer)});
        }
        return pictures;
    }

    [[nodiscard]] bool ready() const { return platform_ready && renderer_ready; }

    // Finger positions come normalised to the window.
    [[nodiscard]] ImVec2 window_point(float x, float y) const {
        int width = 0;
        int height = 0;
        SDL_GetWindowSize(window, &width, &height);
        return {x * static_cast<float>(width), y * static_cast<float>(height)};
    }
};

KioskUi::KioskUi(SDL_Renderer* renderer) : m_impl(std::make_unique<Impl>()) {
    m_impl->renderer = renderer;
    ImGuiContext* const previous = ImGui::GetCurrentContext();
    m_impl->context = ImGui::CreateContext();
    ImGui::SetCurrentContext(previous);
}

KioskUi::~KioskUi() {
    m_impl->remote_video.release();
    m_impl->self_video.release();
    for (auto& [feed, video] : m_impl->conference_videos) {
        video.release();
    }
    ImGui::SetCurrentContext(m_impl->context);
    if (m_impl->renderer_ready) {
        ImGui_ImplSDLRenderer_Shutdown();
    }
    if (m_impl->platform_ready) {
        ImGui_ImplSDL2_Shutdown();
    }
    ImGui::DestroyContext(m_impl->context);
}

std::expected<void, std::string> KioskUi::init(float scale) {
    Impl& impl = *m_impl;
    ImGui::SetCurrentContext(impl.context);
    if (impl.platform_ready || impl.renderer_ready) {
        return std::unexpected(std::string{"KioskUi::init called twice"});
    }
    if (impl.renderer == nullptr) {
        return std::unexpected(std::string{"KioskUi needs an SDL renderer"});
    }
    impl.window = SDL_RenderGetWindow(impl.renderer);
    if (impl.window == nullptr) {
        return std::unexpected(std::string{"the SDL renderer has no window: "} + SDL_GetError());
    }
    scale = std::clamp(scale, 0.5F, 2.0F);

    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // a kiosk keeps no window layout between runs
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange; // the app decides whether a cursor shows

    auto fonts = load_fonts(*io.Fonts, scale, impl.font_files);
    if (!fonts) {
        io.Fonts->Clear();
        return std::unexpected(fonts.error());
    }
    if (auto glyphs = check_catalogue_glyphs(*fonts); !glyphs) {
        io.Fonts->Clear();
        return std::unexpected(glyphs.error());
    }
    impl.theme.fonts = *fonts;
    impl.theme.sizes = metrics_for(scale);

    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = {0, 0};
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;

    if (!ImGui_ImplSDL2_InitForSDLRenderer(impl.window)) {
        return std::unexpected(std::string{"cannot start ImGui's SDL backend"});
    }
    impl.platform_ready = true;
    if (!ImGui_ImplSDLRenderer_Init(impl.renderer)) {
        return std::unexpected(std::string{"cannot start ImGui's SDL_Renderer backend"});
    }
    impl.renderer_ready = true;
    impl.fills.emplace(impl.renderer);
    impl.fills->set_patterns(pattern_styles(impl.theme.colours, impl.theme.sizes));
    impl.settle_frames = 1;
    return {};
}

void KioskUi::feed(const SDL_Event& event) {
    Impl& impl = *m_impl;
    if (!impl.ready()) {
        return;
    }
    ImGui::SetCurrentContext(impl.context);
    switch (event.type) {
    case SDL_FINGERDOWN:
        if (!impl.finger) {
            impl.finger = event.tfinger.fingerId;
            const ImVec2 at = impl.window_point(event.tfinger.x, event.tfinger.y);
            impl.pointer.press(at.x, at.y);
        }
        break;
    case SDL_FINGERMOTION:
        if (impl.finger == event.tfinger.fingerId) {
            const ImVec2 at = impl.window_point(event.tfinger.x, event.tfinger.y);
            impl.pointer.move(at.x, at.y);
        }
        break;
    case SDL_FINGERUP:
        if (impl.finger == event.tfinger.fingerId) {
            const ImVec2 at = impl.window_point(event.tfinger.x, event.tfinger.y);
            impl.pointer.release(at.x, at.y);
            impl.pointer.leave();
            impl.finger.reset();
        }
        break;
    case SDL_MOUSEMOTION:
        // Nothing reacts to hovering: only a drag while the button is held matters (sliding off a
        // button cancels it), so idle mouse movement costs no frame.
        if (event.motion.which != SDL_TOUCH_MOUSEID && impl.pointer.state().down) {
            impl.pointer.move(static_cast<float>(event.motion.x), static_cast<float>(event.motion.y));
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (event.button.which != SDL_TOUCH_MOUSEID && event.button.button == SDL_BUTTON_LEFT) {
            impl.pointer.press(static_cast<float>(event.button.x), static_cast<float>(event.button.y));
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (event.button.which != SDL_TOUCH_MOUSEID && event.button.button == SDL_BUTTON_LEFT) {
            impl.pointer.release(static_cast<float>(event.button.x), static_cast<float>(event.button.y));
        }
        break;
    default: ImGui_ImplSDL2_ProcessEvent(&event); break;
    }
}

void KioskUi::set_video(VideoFeeds feeds) {
    for (auto [video, feed] :
         {std::pair{&m_impl->remote_video, feeds.remote}, std::pair{&m_impl->self_video, feeds.self}}) {
        if (video->feed != feed) {
            video->feed = feed;
            video->shown = false; // no picture of an earlier call
        }
    }
}

void KioskUi::set_conference_video(std::vector<ConferenceFeed> feeds) {
    auto& videos = m_impl->conference_videos;
    // Those gone first (their textures with them), then the new ones; a kept one keeps its picture.
    std::erase_if(videos, [&feeds](auto& entry) {
        const auto kept = std::ranges::find_if(feeds, [&entry](const ConferenceFeed& one) {
            return one.feed == entry.first && one.video == entry.second.feed;
        });
        if (kept == feeds.end()) {
            entry.second.release();
            return true;
        }
        return false;
    });
    for (const ConferenceFeed& one : feeds) {
        const bool known = std::ranges::any_of(videos, [&one](const auto& entry) { return entry.first == one.feed; });
        if (!known && one.video != nullptr) {
            Impl::Video video;
            video.feed = one.video;
            videos.emplace_back(one.feed, std::move(video));
        }
    }
}

std::vector<Command> KioskUi::draw(const core::KioskModel& model) {
    Impl& impl = *m_impl;
    std::vector<Command> commands;
    if (!impl.ready()) {
        return commands;
    }
    ImGui::SetCurrentContext(impl.context);
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    // The first NewFrame uploaded the font atlas (2048x2048) into an SDL texture: ImGui's own
    // copies of its pixels (~20 MB) are no longer needed.
    if (io.Fonts->TexPixelsAlpha8 != nullptr || io.Fonts->TexPixelsRGBA32 != nullptr) {
        io.Fonts->ClearTexData();
    }

    // The backend just set the pointer from SDL's mouse state; our queue has the last word.
    if (io.DeltaTime <= 0) {
        io.DeltaTime = 1.0F / 1000.0F; // two frames within one counter tick: ImGui needs time to pass
    }
    const bool applied = impl.pointer.advance();
    const PointerState& pointer = impl.pointer.state();
    io.MousePos = pointer.present ? ImVec2{pointer.x, pointer.y} : ImVec2{-FLT_MAX, -FLT_MAX};
    std::fill(std::begin(io.MouseDown), std::end(io.MouseDown), false);
    io.MouseDown[0] = pointer.down;

    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(io.DisplaySize);
    constexpr ImGuiWindowFlags kScreenFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                              ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                                              ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav |
                                              ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("##kiosk", nullptr, kScreenFlags);

    impl.targets.clear();
    impl.audit.clear();
    impl.fills->begin_frame(io.DisplayFramebufferScale);
    Frame frame{.theme = impl.theme,
                .language = model.language,
                .draw = *ImGui::GetWindowDrawList(),
                .fills = *impl.fills,
                .size = io.DisplaySize,
                .audit = impl.audit,
                .commands = commands,
                .targets = impl.targets,
                .widgets = impl.widgets,
                .video = {impl.remote_video.refresh(impl.renderer), impl.self_video.refresh(impl.renderer),
                          impl.refresh_conference(model.screen == core::Screen::conference)},
                .seconds = ImGui::GetTime(),
                .animate = false};
    ImGui::PushID(static_cast<int>(model.screen));
    switch (model.screen) {
    case core::Screen::home:
        if (model.role == core::KioskRole::room) {
            draw_door_panel(frame, model);
        } else {
            draw_home(frame, model);
        }
        break;
    case core::Screen::checking: draw_checking(frame, model, ImGui::GetTime()); break;
    case core::Screen::checkin_result: draw_result(frame, model); break;
    case core::Screen::error: draw_error(frame, model); break;
    case core::Screen::booking: draw_booking(frame, model); break;
    case core::Screen::call: draw_call(frame, model); break;
    case core::Screen::conference: draw_conference(frame, model); break;
    }
    ImGui::PopID();
    ImGui::End();
    ImGui::Render();

    // The background is a plain clear: as ImGui geometry, a full-screen rectangle would be blended
    // pixel by pixel by the software renderer.
    const ImVec4 background = ImGui::ColorConvertU32ToFloat4(impl.theme.colours.background);
    SDL_SetRenderDrawColor(impl.renderer, static_cast<Uint8>(background.x * 255),
                           static_cast<Uint8>(background.y * 255), static_cast<Uint8>(background.z * 255), 255);
    SDL_RenderClear(impl.renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());

    // One more frame after input lets ImGui's held/released state show before the UI goes idle.
    if (applied) {
        impl.settle_frames = 1;
    } else if (impl.settle_frames > 0) {
        --impl.settle_frames;
    }
    impl.animating = model.screen == core::Screen::checking || frame.animate;
    return commands;
}

bool KioskUi::wants_another_frame() const {
    const Impl& impl = *m_impl;
    return impl.ready() && (!impl.pointer.empty() || impl.settle_frames > 0 || impl.animating);
}

const std::vector<TouchTarget>& KioskUi::touch_targets() const { return m_impl->targets; }

const std::vector<std::string>& KioskUi::texts_with_missing_glyphs() const { return m_impl->audit.misses(); }

const std::vector<std::string>& KioskUi::texts_drawn() const { return m_impl->audit.drawn(); }

} // namespace telecentre::ui
