#pragma once
// The kiosk's screens, drawn with Dear ImGui 1.86 onto an SDL_Renderer the app owns.
// The views read the model and answer with commands; they never change the model.
// Threading: UI thread only (the thread that owns the SDL renderer). No call waits on I/O; init()
// reads the font files once.

#include "telecentre/core/kiosk_model.hpp"
#include "telecentre/media/video_frame.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

struct SDL_Renderer;
union SDL_Event;

namespace telecentre::ui {

// What a visitor asked for by touching the screen. The app hands each one to the controllers
// (dispatch() in command_dispatch.hpp).
enum class Action : std::uint8_t {
    set_language_fr,
    set_language_en,
    go_home,

    // Booking (BookingController).
    booking_open,            // "Book" on the home screen
    my_bookings_open,        // "My bookings"
    booking_exit,            // back to the home screen
    booking_back,            // one step back
    booking_pick_kind,       // index: wire::ResourceKind
    booking_show_week,       //
    booking_show_day,        // index: the Paris day, in days since 1970-01-01
    booking_page_rows,       // index: the first resource row to show
    booking_page_columns,    // index: the first slot to show
    booking_retry,           // the availability again
    booking_pick_slot,       // index: row in the availability's resources; time: the slot's start
    booking_length_step,     // index: -1 or +1 slot
    booking_length_preset,   // index: core::LengthPreset
    booking_confirm,         // the length is right: ask for the badge
    booking_take_suggestion, // book the slot the backend suggested
    booking_search_open,     //
    booking_search_clear,    //
    booking_cancel_ask,      // index: the entry in the member's bookings
    booking_cancel_confirm,  //
    booking_cancel_keep,     //
    door_book_now,           // index: minutes
    door_check_in,           //
    door_conference,         // "Démarrer la conférence"; index: ad hoc minutes, 0 for the booking's

    // Conference, room role (ConferenceController).
    conference_cancel,     // badge, refused, ended: back to the door panel
    conference_leave,      // "Quitter"
    conference_microphone, // mute / unmute
    conference_camera,     // camera off / on
    conference_invite,     // the invitation panel, open / closed
    conference_extend,     // "Prolonger"

    // Visio-accueil (CallController).
    call_open,          // "Parler à l'accueil", on every screen
    call_edit,          // index: core::CallField
    call_start,         // consent: "Appeler"
    call_cancel,        //
    call_hang_up,       //
    call_microphone,    // mute / unmute
    call_camera,        // camera off / on
    call_ask_callback,  // "Être rappelé"
    call_send_callback, //
    call_close,         // "Terminé"

    // On-screen keyboard.
    key_character, // character: what to type (space included)
    key_backspace,
    key_shift,
    key_accents,
    key_done,
};

[[nodiscard]] const char* to_string(Action action);

struct Command {
    Action action = Action::go_home;
    int index = 0;          // which one, for actions that say so
    wire::TimePoint time{}; // booking_pick_slot: the slot's start
    char32_t character = 0; // key_character

    Command() = default;
    // A plain action is a whole command: implicit on purpose (Commands{Action::go_home}).
    Command(Action what) : action(what) {} // NOLINT(google-explicit-constructor)
    Command(Action what, int which, wire::TimePoint when = {}, char32_t typed = 0)
        : action(what), index(which), time(when), character(typed) {}
    friend bool operator==(const Command&, const Command&) = default;
};

// "booking_pick_slot(2, 2026-11-23T10:30:00Z)", for test messages and logs.
[[nodiscard]] std::string to_string(const Command& command);

// A touch target of the last frame, in window coordinates (the coordinates of mouse events, and of
// finger events once multiplied by the window size). For tests and automation.
struct TouchTarget {
    Command command;
    float x = 0;
    float y = 0;
    float width = 0;
    float height = 0;
};

// Sizes are designed for a 1080-pixel-high landscape screen; scale them by the short side.
[[nodiscard]] float recommended_scale(int width, int height);

// Where the call screens' pictures come from: the call's mailboxes (media/), or none.
struct VideoFeeds {
    media::FrameMailbox* remote = nullptr;
    media::FrameMailbox* self = nullptr;
};

// A conference participant's picture: Janus's publisher id (core::ConferenceParticipant::feed) and
// the mailbox its video is decoded into.
struct ConferenceFeed {
    std::uint64_t feed = 0;
    media::FrameMailbox* video = nullptr;
};

class KioskUi {
public:
    explicit KioskUi(SDL_Renderer* renderer);
    ~KioskUi();
    KioskUi(const KioskUi&) = delete;
    KioskUi& operator=(const KioskUi&) = delete;

    // Loads the fonts (DejaVu Sans, regular and bold) at `scale` and checks that every catalogue
    // message, in both languages, has all its glyphs. The error names the character and the key.
    [[nodiscard]] std::expected<void, std::string> init(float scale);

    // The mailboxes the call screens draw from: each frame takes the newest picture, if a new one
    // came, and uploads it. Set empty before the mailboxes go away. The UI is their one consumer.
    void set_video(VideoFeeds feeds);
    // The conference's remote pictures, by participant; the self-view comes from set_video's
    // `self`. Set empty before the mailboxes go away. Same rules as set_video.
    void set_conference_video(std::vector<ConferenceFeed> feeds);

    // Any SDL event. Finger and mouse events go into the UI's own pointer queue (ImGui 1.86's SDL
    // backend ignores fingers, and needs window focus); the rest goes to ImGui's SDL backend.
    // Expects SDL_HINT_TOUCH_MOUSE_EVENTS "0"; mouse events synthesised from touches are ignored.
    void feed(const SDL_Event& event);

    // Draws one frame of the model's screen onto the renderer, without presenting it (so that a
    // caller can read the pixels first). Returns the commands the visitor gave during this frame.
    // Applies at most one queued pointer transition per frame: see wants_another_frame().
    [[nodiscard]] std::vector<Command> draw(const core::KioskModel& model);

    // True while queued input remains, while ImGui settles after input, or while an animation runs
    // (the "checking" spinner: redraw at ~30 fps then). Otherwise redraw only on input, a model
    // revision change or a timer, so that an idle kiosk uses no CPU.
    [[nodiscard]] bool wants_another_frame() const;

    // The touch targets drawn in the last frame.
    [[nodiscard]] const std::vector<TouchTarget>& touch_targets() const;

    // Texts of the last frame that had a character the fonts lack (drawn as '?'). Catalogue texts
    // are checked by init(); this catches data such as names and resource names.
    [[nodiscard]] const std::vector<std::string>& texts_with_missing_glyphs() const;
    // Every text the last frame drew (a wrapped text once, whole): what the screen says, for tests.
    [[nodiscard]] const std::vector<std::string>& texts_drawn() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::ui
