#include "telecentre/ui/command_dispatch.hpp"

namespace telecentre::ui {
namespace {

void dispatch_conference(const Command& command, core::ConferenceController& conference, core::TimePoint now) {
    switch (command.action) {
    case Action::door_conference:
        conference.open(command.index > 0 ? std::optional<int>{command.index} : std::nullopt, now);
        return;
    case Action::conference_cancel: conference.cancel(now); return;
    case Action::conference_leave: conference.leave(now); return;
    case Action::conference_microphone: conference.toggle_microphone(now); return;
    case Action::conference_camera: conference.toggle_camera(now); return;
    case Action::conference_invite: conference.toggle_invite(now); return;
    case Action::conference_extend: conference.extend(now); return;
    default: return;
    }
}

} // namespace

void dispatch(const Command& command, const core::KioskModel& model, core::KioskController& kiosk,
              core::BookingController& booking, core::CallController& call, core::ConferenceController* conference,
              core::TimePoint now) {
    const bool calling = model.screen == core::Screen::call;
    switch (command.action) {
    case Action::set_language_fr: kiosk.set_language(core::Language::fr); return;
    case Action::set_language_en: kiosk.set_language(core::Language::en); return;
    case Action::go_home: kiosk.go_home(now); return;
    case Action::booking_open: booking.open(now); return;
    case Action::my_bookings_open: booking.open_my_bookings(now); return;
    case Action::booking_exit: booking.exit(now); return;
    case Action::booking_back: booking.back(now); return;
    case Action::booking_pick_kind:
        if (command.index >= 0 && command.index <= static_cast<int>(wire::ResourceKind::visio_room)) {
            booking.pick_kind(static_cast<wire::ResourceKind>(command.index), now);
        }
        return;
    case Action::booking_show_week: booking.show_week(now); return;
    case Action::booking_show_day: booking.show_day(core::LocalDay{std::chrono::days{command.index}}, now); return;
    case Action::booking_page_rows: booking.page_rows(command.index, now); return;
    case Action::booking_page_columns: booking.page_columns(command.index, now); return;
    case Action::booking_retry: booking.retry(now); return;
    case Action::booking_pick_slot: {
        const auto& shown = model.booking.availability;
        if (shown && command.index >= 0 && static_cast<std::size_t>(command.index) < shown->data.resources.size()) {
            booking.pick_slot(shown->data.resources[static_cast<std::size_t>(command.index)].id, command.time, now);
        }
        return;
    }
    case Action::booking_length_step: booking.step_length(command.index, now); return;
    case Action::booking_length_preset:
        if (command.index >= 0 && command.index <= static_cast<int>(core::LengthPreset::until_closing)) {
            booking.pick_length(static_cast<core::LengthPreset>(command.index), now);
        }
        return;
    case Action::booking_confirm: booking.confirm(now); return;
    case Action::booking_take_suggestion: booking.take_suggestion(now); return;
    case Action::booking_search_open: booking.open_search(now); return;
    case Action::booking_search_clear: booking.clear_search(now); return;
    case Action::booking_cancel_ask:
        if (command.index >= 0) {
            booking.ask_cancel(static_cast<std::size_t>(command.index), now);
        }
        return;
    case Action::booking_cancel_confirm: booking.confirm_cancel(now); return;
    case Action::booking_cancel_keep: booking.keep_booking(now); return;
    case Action::door_book_now: booking.book_now(std::chrono::minutes{command.index}, now); return;
    case Action::door_check_in: booking.check_in(now); return;
    case Action::door_conference:
    case Action::conference_cancel:
    case Action::conference_leave:
    case Action::conference_microphone:
    case Action::conference_camera:
    case Action::conference_invite:
    case Action::conference_extend:
        if (conference != nullptr) {
            dispatch_conference(command, *conference, now);
        }
        return;
    case Action::call_open: call.open(now); return;
    case Action::call_edit:
        if (command.index >= 0 && command.index <= static_cast<int>(core::CallField::callback_phone)) {
            call.edit(static_cast<core::CallField>(command.index), now);
        }
        return;
    case Action::call_start: call.call(now); return;
    case Action::call_cancel: call.cancel(now); return;
    case Action::call_hang_up: call.hang_up(now); return;
    case Action::call_microphone: call.toggle_microphone(now); return;
    case Action::call_camera: call.toggle_camera(now); return;
    case Action::call_ask_callback: call.ask_callback(now); return;
    case Action::call_send_callback: call.send_callback(now); return;
    case Action::call_close: call.close(now); return;
    case Action::key_character:
        calling ? call.key_character(command.character, now) : booking.key_character(command.character, now);
        return;
    case Action::key_backspace: calling ? call.key_backspace(now) : booking.key_backspace(now); return;
    case Action::key_shift: calling ? call.key_shift(now) : booking.key_shift(now); return;
    case Action::key_accents: calling ? call.key_accents(now) : booking.key_accents(now); return;
    case Action::key_done: calling ? call.key_done(now) : booking.key_done(now); return;
    }
}

} // namespace telecentre::ui
