// Visio-accueil screens (CallModel::step): consent with the visitor's own picture and optional
// name and reason, waiting in the queue, the call itself, how it ended, the network's phone number
// and hours, and the callback request. Video tiles show the latest frame once media/ feeds them;
// until then they say the video is starting.

#include "booking_widgets.hpp"
#include "call_widgets.hpp"
#include "keyboard.hpp"
#include "pictograms.hpp"
#include "telecentre/ui/text_format.hpp"
#include "views.hpp"

#include <algorithm>

namespace telecentre::ui {
namespace {

// A field the visitor taps to type into: its label above, the text (or nothing) inside.
float draw_field(Frame& frame, core::CallField field, Msg label, const core::TextEntry& entry, ImVec2 at, float width) {
    const Metrics& m = frame.sizes();
    const ImFont& label_font = *frame.fonts().body_bold;
    const float label_h = draw_text(frame, label_font, frame.t(label), at, width, frame.colours().text);
    const float field_h = std::max(m.min_target, frame.fonts().heading->FontSize * 2.0F);
    const Box box = Box::at({at.x, at.y + label_h + m.gap * 0.3F}, {width, field_h});
    draw_text_field(frame, entry, {}, box);
    touch_target(frame, Command{Action::call_edit, static_cast<int>(field)}, box);
    return label_h + m.gap * 0.3F + field_h;
}

void draw_keyboard_step(Frame& frame, const core::KioskModel& model, const Column& col) {
    const Metrics& m = frame.sizes();
    const core::CallModel& call = model.call;
    const core::TextEntry* entry = &call.name;
    Msg label = Msg::call_name_label;
    switch (call.editing) {
    case core::CallField::name: break;
    case core::CallField::reason:
        entry = &call.reason;
        label = Msg::call_reason_label;
        break;
    case core::CallField::callback_name:
        entry = &call.callback_name;
        label = Msg::call_callback_name;
        break;
    case core::CallField::callback_phone:
        entry = &call.callback_phone;
        label = Msg::call_callback_phone;
        break;
    case core::CallField::none: return;
    }
    const float keyboard_h = keyboard_height(frame, col.width);
    const Box keys = Box::at({col.x, col.bottom - keyboard_h}, {col.width, keyboard_h});
    float y = col.top;
    y += draw_text(frame, *frame.fonts().heading, frame.t(label), {col.x, y}, col.width, frame.colours().text) +
         m.gap * 0.5F;
    const float field_h = std::max(m.min_target, frame.fonts().heading->FontSize * 2.0F);
    draw_text_field(frame, *entry, {}, Box::at({col.x, y}, {col.width, field_h}));
    draw_keyboard(frame, *entry, keys, model.now);
}

void draw_consent(Frame& frame, const core::KioskModel& model, const Column& col) {
    const Metrics& m = frame.sizes();
    const float buttons_top =
        draw_bottom_buttons(frame, col,
                            {{Action::call_start, frame.t(Msg::call_start), ButtonKind::primary},
                             {Action::call_cancel, frame.t(Msg::call_cancel), ButtonKind::secondary}});
    float y = col.top;
    const Msg sentence = model.camera_present ? Msg::call_consent_text : Msg::call_consent_text_no_camera;
    y += draw_heading(frame, Mark::none, frame.t(Msg::call_consent_title), frame.t(sentence), {col.x, y}, col.width) +
         m.gap;
    // The picture on the left and the fields on the right when the screen is wide, else stacked.
    const bool wide = col.width >= 1100 * m.scale;
    const float room = buttons_top - m.gap - y;
    // Without a camera there is no picture to agree to: the visitor is told the call is sound only.
    const bool camera = model.camera_present;
    if (wide) {
        const float fields_w = col.width * 0.48F;
        const float tile_w = col.width - fields_w - m.gap;
        const float tile_h = std::min(room, tile_w * 9.0F / 16.0F);
        if (camera) {
            draw_video_tile(frame, Box::at({col.x, y}, {tile_w, tile_h}), frame.t(Msg::call_self_view),
                            frame.video.self);
        } else {
            (void)draw_notice(frame, frame.t(Msg::call_no_camera), {col.x, y}, tile_w);
        }
        const float fx = col.x + tile_w + m.gap;
        const float name_h =
            draw_field(frame, core::CallField::name, Msg::call_name_label, model.call.name, {fx, y}, fields_w);
        (void)draw_field(frame, core::CallField::reason, Msg::call_reason_label, model.call.reason,
                         {fx, y + name_h + m.gap}, fields_w);
        return;
    }
    const float name_h =
        draw_field(frame, core::CallField::name, Msg::call_name_label, model.call.name, {col.x, y}, col.width);
    y += name_h + m.gap * 0.6F;
    y += draw_field(frame, core::CallField::reason, Msg::call_reason_label, model.call.reason, {col.x, y}, col.width) +
         m.gap;
    if (!camera) {
        (void)draw_notice(frame, frame.t(Msg::call_no_camera), {col.x, y}, col.width);
        return;
    }
    const float tile_h = std::min(buttons_top - m.gap - y, col.width * 9.0F / 16.0F);
    if (tile_h > m.min_target) {
        draw_video_tile(frame, Box::at({col.x, y}, {col.width, tile_h}), frame.t(Msg::call_self_view),
                        frame.video.self);
    }
}

void draw_waiting(Frame& frame, const core::KioskModel& model, const Column& col) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::CallModel& call = model.call;
    const bool nobody = call.agents_available == 0;
    const float buttons_top =
        nobody && model.callback_available
            ? draw_bottom_buttons(frame, col,
                                  {{Action::call_ask_callback, frame.t(Msg::call_ask_callback), ButtonKind::primary},
                                   {Action::call_cancel, frame.t(Msg::call_cancel), ButtonKind::secondary}})
            : draw_bottom_buttons(frame, col,
                                  {{Action::call_cancel, frame.t(Msg::call_cancel), ButtonKind::secondary}});
    std::string place;
    if (call.position <= 0) {
        place = frame.t(Msg::call_waiting_sent);
    } else if (call.position == 1) {
        place = frame.t(Msg::call_waiting_next);
    } else if (call.position == 2) {
        place = frame.t(Msg::call_waiting_one_ahead);
    } else {
        place = format(frame.language, Msg::call_waiting_position, {std::to_string(call.position - 1)});
    }
    float y = col.top;
    const float spinner = m.icon_large * 0.4F;
    draw_spinner(frame.draw, {col.x + spinner, y + spinner}, spinner, 8 * m.scale, c.accent_soft, c.accent,
                 frame.seconds);
    frame.animate = true;
    y += draw_heading(frame, Mark::none, frame.t(Msg::call_waiting_title), place, {col.x + spinner * 2 + m.gap, y},
                      col.width - spinner * 2 - m.gap) +
         m.gap;
    if (nobody) {
        y += draw_notice(frame, frame.t(model.callback_available ? Msg::call_nobody : Msg::call_nobody_wait),
                         {col.x, y}, col.width) +
             m.gap;
    }
    if (!model.camera_present) {
        (void)draw_notice(frame, frame.t(Msg::call_no_camera), {col.x, y}, col.width);
        return;
    }
    const float tile_h = std::min(buttons_top - m.gap - y, col.width * 0.4F * 9.0F / 16.0F);
    if (tile_h > m.min_target) {
        draw_video_tile(frame, Box::at({col.x, y}, {tile_h * 16.0F / 9.0F, tile_h}), frame.t(Msg::call_self_view),
                        frame.video.self);
    }
}

void draw_conversation(Frame& frame, const core::KioskModel& model, float top) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::CallModel& call = model.call;
    const Column col = column(frame, top, 1800);
    const bool connecting = call.step == core::CallStep::connecting;
    // The controls along the bottom: hang up on the right, the toggles on the left.
    const float buttons_top = col.bottom - m.button_height;
    const std::string_view hang = frame.t(Msg::call_hang_up);
    const float hang_w = button_width(frame, hang);
    touch_button(frame, Action::call_hang_up, hang,
                 Box{{col.x + col.width - hang_w, buttons_top}, {col.x + col.width, col.bottom}}, ButtonKind::primary);
    const std::string_view mic = frame.t(call.microphone_muted ? Msg::call_unmute : Msg::call_mute);
    const std::string_view cam = frame.t(call.camera_off ? Msg::call_camera_on : Msg::call_camera_off);
    const float mic_w = button_width(frame, mic);
    const float cam_w = button_width(frame, cam);
    // A call with no camera, or one that lost it, sends no picture of the visitor: nothing to turn
    // off, no self-view, and a sentence saying so.
    const bool sound_only = call.without_camera || call.camera_lost;
    touch_button(frame, Action::call_microphone, mic, Box::at({col.x, buttons_top}, {mic_w, m.button_height}),
                 ButtonKind::secondary);
    if (!sound_only && col.width - hang_w - mic_w - 2 * m.gap >= cam_w) {
        touch_button(frame, Action::call_camera, cam,
                     Box::at({col.x + mic_w + m.gap, buttons_top}, {cam_w, m.button_height}), ButtonKind::secondary);
    }
    // Who is on the line, then the agent's video with the visitor's own small in a corner.
    const std::string who =
        connecting ? (call.agent_name.empty() ? std::string{frame.t(Msg::call_connecting)}
                                              : format(frame.language, Msg::call_connecting_named, {call.agent_name}))
                   : (call.agent_name.empty() ? std::string{frame.t(Msg::call_with)}
                                              : format(frame.language, Msg::call_with_named, {call.agent_name}));
    float y = col.top;
    y += draw_text(frame, *frame.fonts().heading, who, {col.x, y}, col.width, c.text) + m.gap * 0.5F;
    if (sound_only) {
        y += draw_notice(frame, frame.t(call.camera_lost ? Msg::call_camera_lost : Msg::call_no_camera), {col.x, y},
                         col.width) +
             m.gap * 0.5F;
    }
    const Box remote{{col.x, y}, {col.x + col.width, buttons_top - m.gap}};
    draw_video_tile(frame, remote, frame.t(Msg::call_video_waiting), frame.video.remote);
    if (connecting && frame.video.remote.texture == nullptr) {
        const float r = m.icon_large * 0.35F;
        draw_spinner(frame.draw, {remote.centre().x, remote.centre().y + r * 2.2F}, r, 8 * m.scale,
                     IM_COL32(70, 80, 86, 255), c.on_accent, frame.seconds);
        frame.animate = true;
    }
    const float self_w = std::min(remote.width() * 0.25F, 420 * m.scale);
    const Box self = Box::at({remote.max.x - self_w - m.gap, remote.max.y - self_w * 9.0F / 16.0F - m.gap},
                             {self_w, self_w * 9.0F / 16.0F});
    if (!sound_only && self.min.y > remote.min.y + m.gap) {
        draw_video_tile(frame, self, frame.t(Msg::call_self_view), call.camera_off ? VideoPicture{} : frame.video.self);
        frame.draw.AddRect(self.min, self.max, c.on_accent, m.corner, 0, 3 * m.scale);
    }
}

void draw_ended(Frame& frame, const core::KioskModel& model, const Column& col) {
    const Metrics& m = frame.sizes();
    (void)draw_bottom_buttons(frame, col, {{Action::call_close, frame.t(Msg::result_done), ButtonKind::primary}});
    Msg title = Msg::call_ended_title;
    Msg text = Msg::call_ended_text;
    Mark mark = Mark::success;
    switch (model.call.ended.value_or(core::CallEnd::visitor)) {
    case core::CallEnd::visitor: break;
    case core::CallEnd::agent: title = Msg::call_ended_agent_title; break;
    case core::CallEnd::unanswered:
        title = Msg::call_unanswered_title;
        text = Msg::call_unanswered_text;
        mark = Mark::notice;
        break;
    case core::CallEnd::failed:
        title = Msg::call_failed_title;
        text = Msg::call_failed_text;
        mark = Mark::alert;
        break;
    case core::CallEnd::unavailable:
        title = Msg::call_unavailable_title;
        text = Msg::call_unavailable_text;
        mark = Mark::alert;
        break;
    }
    (void)draw_heading(frame, mark, frame.t(title), frame.t(text), {col.x, col.top + m.gap}, col.width);
}

void draw_help(Frame& frame, const core::KioskModel& model, const Column& col) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    if (model.callback_available) {
        (void)draw_bottom_buttons(frame, col,
                                  {{Action::call_ask_callback, frame.t(Msg::call_ask_callback), ButtonKind::primary},
                                   {Action::call_close, frame.t(Msg::result_done), ButtonKind::secondary}});
    } else {
        (void)draw_bottom_buttons(frame, col, {{Action::call_close, frame.t(Msg::result_done), ButtonKind::primary}});
    }
    float y = col.top;
    y += draw_heading(frame, Mark::notice, frame.t(Msg::call_help_title), {}, {col.x, y}, col.width) + m.gap;
    if (!model.reception_phone.empty()) {
        y += draw_text(frame, *frame.fonts().body_bold, frame.t(Msg::call_help_phone), {col.x, y}, col.width,
                       c.text_muted);
        y += draw_text(frame, *frame.fonts().title, model.reception_phone, {col.x, y}, col.width, c.text) + m.gap;
    }
    if (!model.reception_hours.empty()) {
        y += draw_text(frame, *frame.fonts().body_bold, frame.t(Msg::call_help_hours), {col.x, y}, col.width,
                       c.text_muted);
        (void)draw_text(frame, *frame.fonts().lead, model.reception_hours, {col.x, y}, col.width, c.text);
    }
}

void draw_callback(Frame& frame, const core::KioskModel& model, const Column& col) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::CallModel& call = model.call;
    (void)draw_bottom_buttons(frame, col,
                              {{Action::call_send_callback, frame.t(Msg::call_callback_send), ButtonKind::primary},
                               {Action::call_close, frame.t(Msg::call_cancel), ButtonKind::secondary}});
    float y = col.top;
    y += draw_heading(frame, Mark::none, frame.t(Msg::call_callback_title), frame.t(Msg::call_callback_privacy),
                      {col.x, y}, col.width) +
         m.gap;
    if (call.callback_failed) {
        const ImFont& font = *frame.fonts().body_bold;
        const std::string_view text = frame.t(Msg::call_callback_failed);
        const float h = text_height(frame, font, text, col.width - 2 * m.gap) + m.gap;
        frame.fills.rounded_rect(frame.draw, {col.x, y}, {col.x + col.width, y + h}, c.alert_soft, m.corner * 0.6F);
        draw_text(frame, font, text, {col.x + m.gap, y + m.gap * 0.5F}, col.width - 2 * m.gap, c.alert);
        y += h + m.gap;
    }
    const bool wide = col.width >= 1100 * m.scale;
    const float w = wide ? (col.width - m.gap) * 0.5F : col.width;
    const float name_h =
        draw_field(frame, core::CallField::callback_name, Msg::call_callback_name, call.callback_name, {col.x, y}, w);
    const ImVec2 phone_at = wide ? ImVec2{col.x + w + m.gap, y} : ImVec2{col.x, y + name_h + m.gap * 0.6F};
    (void)draw_field(frame, core::CallField::callback_phone, Msg::call_callback_phone, call.callback_phone, phone_at,
                     w);
}

} // namespace

void draw_call(Frame& frame, const core::KioskModel& model) {
    const float top = draw_top_bar(frame, model);
    const core::CallModel& call = model.call;
    const Column col = column(frame, top);
    if (call.editing != core::CallField::none &&
        (call.step == core::CallStep::consent || call.step == core::CallStep::callback)) {
        draw_keyboard_step(frame, model, col);
        return;
    }
    switch (call.step) {
    case core::CallStep::consent: draw_consent(frame, model, col); return;
    case core::CallStep::waiting: draw_waiting(frame, model, col); return;
    case core::CallStep::connecting:
    case core::CallStep::in_call: draw_conversation(frame, model, top); return;
    case core::CallStep::ended: draw_ended(frame, model, col); return;
    case core::CallStep::help: draw_help(frame, model, col); return;
    case core::CallStep::callback: draw_callback(frame, model, col); return;
    case core::CallStep::callback_sent:
        (void)draw_bottom_buttons(frame, col, {{Action::call_close, frame.t(Msg::result_done), ButtonKind::primary}});
        (void)draw_heading(frame, Mark::success, frame.t(Msg::call_sent_title), frame.t(Msg::call_sent_text),
                           {col.x, col.top + frame.sizes().gap}, col.width);
        return;
    }
}

} // namespace telecentre::ui
