// The room terminal's conference screens (ConferenceModel::step): the badge of the booking's
// member, the start, the meeting itself (remote tiles laid out to fit, the active speaker outlined
// and named, the self-view, mute, invite, leave, the end-of-booking warning with "Prolonger"), a
// refusal, and the end.

#include "booking_widgets.hpp"
#include "call_widgets.hpp"
#include "pictograms.hpp"
#include "telecentre/ui/qr_code.hpp"
#include "telecentre/ui/text_format.hpp"
#include "views.hpp"

#include <algorithm>
#include <cmath>

namespace telecentre::ui {
namespace {

Msg refusal_text(const core::ConferenceRefusal& refusal) {
    if (refusal.status == 0) {
        return Msg::conference_refused_unreachable;
    }
    const std::string& code = refusal.code;
    if (code == "not_your_booking") {
        return Msg::conference_refused_not_yours;
    }
    if (code == "no_booking") {
        return Msg::conference_refused_no_booking;
    }
    if (code == "pass_not_valid" || code == "pass_expired" || code == "pass_suspended") {
        return Msg::conference_refused_pass;
    }
    if (code == "unknown_badge" || code == "badge_revoked") {
        return Msg::conference_refused_badge;
    }
    if (code == "slot_taken" || code == "overlap") {
        return Msg::conference_refused_taken;
    }
    if (code == "sfu_unavailable" || code == "conferences_off") {
        return Msg::conference_refused_sfu;
    }
    return Msg::conference_refused_other;
}

const VideoPicture* picture_of(const Frame& frame, std::uint64_t feed) {
    for (const FeedPicture& one : frame.video.conference) {
        if (one.feed == feed) {
            return &one.picture;
        }
    }
    return nullptr;
}

// One participant: the picture (or "camera off"), the name on a dark band at the bottom, and the
// active speaker outlined thickly with "speaking" after the name (not by colour alone).
void draw_participant(Frame& frame, const core::ConferenceParticipant& who, bool speaker, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const VideoPicture* picture = picture_of(frame, who.feed);
    // A camera on whose first picture has not come yet says so; one turned off says that.
    draw_video_tile(frame, box, frame.t(who.video ? Msg::call_video_waiting : Msg::conference_camera_off_tile),
                    picture != nullptr && who.video ? *picture : VideoPicture{});
    const ImFont& font = *frame.fonts().body_bold;
    const float band_h = font.FontSize * 1.6F;
    const ImVec2 band_min{box.min.x, box.max.y - band_h};
    frame.draw.AddRectFilled(band_min, box.max, IM_COL32(0, 0, 0, 150), m.corner, ImDrawFlags_RoundCornersBottom);
    std::string label = who.name;
    if (speaker) {
        label += " · ";
        label += frame.t(Msg::conference_speaking);
    }
    const float pad = m.gap * 0.5F;
    draw_text(frame, font, fit_text(font, label, box.width() - 2 * pad),
              {box.min.x + pad, band_min.y + (band_h - font.FontSize) * 0.5F}, box.width() - 2 * pad, c.on_accent);
    if (speaker) {
        frame.draw.AddRect(box.min, box.max, IM_COL32(255, 196, 0, 255), m.corner, 0, 8 * m.scale);
    }
}

// The invitation: the link as a QR code a phone scans, and as text.
void draw_invite(Frame& frame, const core::ConferenceModel& conference, const Box& area) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float w = std::min(area.width(), 1280 * m.scale);
    const float h = std::min(area.height(), 760 * m.scale);
    const Box card = Box::at({area.centre().x - w * 0.5F, area.centre().y - h * 0.5F}, {w, h});
    draw_card(frame, card, c.surface);
    const float pad = m.card_padding;
    const auto code = encode_qr(conference.guest_url);
    const float qr_side = std::min(h - 2 * pad, w * 0.45F);
    const ImVec2 qr_at{card.min.x + pad, card.min.y + (h - qr_side) * 0.5F};
    if (code) {
        // White ground with its quiet zone, then each row's dark runs as one rectangle.
        constexpr int kQuiet = 4;
        const float module = std::floor(qr_side / static_cast<float>(code->size + 2 * kQuiet));
        const float side = module * static_cast<float>(code->size + 2 * kQuiet);
        frame.fills.rect(frame.draw, qr_at, {qr_at.x + side, qr_at.y + side}, IM_COL32(255, 255, 255, 255));
        for (int y = 0; y < code->size; ++y) {
            int x = 0;
            while (x < code->size) {
                if (!code->dark(x, y)) {
                    ++x;
                    continue;
                }
                const int run = x;
                while (x < code->size && code->dark(x, y)) {
                    ++x;
                }
                const ImVec2 min{qr_at.x + module * static_cast<float>(run + kQuiet),
                                 qr_at.y + module * static_cast<float>(y + kQuiet)};
                frame.fills.rect(frame.draw, min, {qr_at.x + module * static_cast<float>(x + kQuiet), min.y + module},
                                 IM_COL32(0, 0, 0, 255));
            }
        }
    }
    const float text_x = qr_at.x + qr_side + pad;
    const float text_w = card.max.x - pad - text_x;
    float y = card.min.y + pad;
    y += draw_text(frame, *frame.fonts().title, frame.t(Msg::conference_invite_title), {text_x, y}, text_w, c.text,
                   Align::left, Wrap::balanced) +
         m.gap * 0.5F;
    y += draw_text(frame, *frame.fonts().lead, frame.t(Msg::conference_invite_text), {text_x, y}, text_w, c.text) +
         m.gap;
    // The link breaks anywhere (no spaces): wrapped by hand, character by character, to the width.
    const ImFont& link_font = *frame.fonts().body_bold;
    std::string line;
    for (const char ch : conference.guest_url) {
        line += ch;
        if (text_width(link_font, line) > text_w - link_font.FontSize) {
            y += draw_text(frame, link_font, line, {text_x, y}, text_w, c.accent);
            line.clear();
        }
    }
    if (!line.empty()) {
        draw_text(frame, link_font, line, {text_x, y}, text_w, c.accent);
    }
    const std::string_view close = frame.t(Msg::conference_invite_close);
    const float close_w = button_width(frame, close);
    touch_button(frame, Action::conference_invite, close,
                 Box::at({card.max.x - pad - close_w, card.max.y - pad - m.button_height}, {close_w, m.button_height}),
                 ButtonKind::primary);
}

// The banner five minutes before the booking ends: when, and "Prolonger" (or how that went).
float draw_ending_banner(Frame& frame, const core::ConferenceModel& conference, ImVec2 at, float width) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const ImFont& font = *frame.fonts().body_bold;
    const std::string ends = conference.conference ? clock_time(frame.language, conference.conference->ends_at) : "";
    std::string text = format(frame.language, Msg::conference_ending_soon, {ends});
    // Started by the terminal itself (auto-start): nobody's badge to extend the booking with.
    const bool can_extend = conference.badged && (conference.extend == core::ExtendState::none ||
                                                  conference.extend == core::ExtendState::failed);
    switch (conference.extend) {
    case core::ExtendState::none: break;
    case core::ExtendState::asking: text += std::string{" "} + std::string{frame.t(Msg::conference_extending)}; break;
    case core::ExtendState::extended: break;
    case core::ExtendState::refused:
        text += std::string{" "} + std::string{frame.t(Msg::conference_extend_refused)};
        break;
    case core::ExtendState::failed:
        text += std::string{" "} + std::string{frame.t(Msg::conference_extend_failed)};
        break;
    }
    const std::string extend =
        format(frame.language, Msg::conference_extend,
               {format_duration(frame.language, std::chrono::minutes{conference.extend_minutes})});
    const float button_w = can_extend ? button_width(frame, extend) : 0.0F;
    const float text_w = width - 2 * m.gap - (can_extend ? button_w + m.gap : 0.0F);
    const float h =
        std::max(text_height(frame, font, text, text_w) + m.gap, can_extend ? m.min_target + m.gap * 0.5F : 0.0F);
    frame.fills.rounded_rect(frame.draw, at, {at.x + width, at.y + h}, c.notice_soft, m.corner * 0.6F);
    draw_text(frame, font, text, {at.x + m.gap, at.y + (h - text_height(frame, font, text, text_w)) * 0.5F}, text_w,
              c.notice);
    if (can_extend) {
        touch_button(frame, Action::conference_extend, extend,
                     Box::at({at.x + width - button_w - m.gap * 0.25F, at.y + (h - m.min_target) * 0.5F},
                             {button_w, m.min_target}),
                     ButtonKind::primary);
    }
    return h;
}

void draw_meeting(Frame& frame, const core::KioskModel& model, float top) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::ConferenceModel& conference = model.conference;
    const Column col = column(frame, top, 4000);
    const std::string_view mic = frame.t(conference.microphone_muted ? Msg::call_unmute : Msg::call_mute);
    const std::string_view cam = frame.t(conference.camera_off ? Msg::call_camera_on : Msg::call_camera_off);
    const std::string_view leave = frame.t(Msg::conference_leave);
    const std::string_view invite = frame.t(Msg::conference_invite);
    const float buttons_top = draw_bottom_buttons(frame, col,
                                                  {{Action::conference_leave, leave, ButtonKind::secondary},
                                                   {Action::conference_invite, invite, ButtonKind::primary},
                                                   {Action::conference_camera, cam, ButtonKind::secondary},
                                                   {Action::conference_microphone, mic, ButtonKind::secondary}});
    float buttons_w = 3 * m.gap; // their gaps, then each one's width
    for (const std::string_view label : {leave, invite, cam, mic}) {
        buttons_w += button_width(frame, label);
    }

    float y = col.top;
    if (conference.step == core::ConferenceStep::reconnecting) {
        const std::string text = std::string{frame.t(Msg::conference_reconnecting)} + " " +
                                 std::string{frame.t(Msg::conference_reconnecting_detail)};
        y += draw_notice(frame, text, {col.x, y}, col.width) + m.gap * 0.5F;
    } else if (conference.ending_soon) {
        y += draw_ending_banner(frame, conference, {col.x, y}, col.width) + m.gap * 0.5F;
    }

    // Who is beyond the ninth tile: by name, one line above the buttons.
    float bottom = buttons_top - m.gap * 0.5F;
    const std::size_t shown = std::min(conference.participants.size(), core::kMaxTiles);
    if (conference.participants.size() > shown) {
        std::string names;
        for (std::size_t i = shown; i < conference.participants.size(); ++i) {
            names += (i == shown ? "" : ", ") + conference.participants[i].name;
        }
        const ImFont& font = *frame.fonts().body;
        const std::string more = format(frame.language, Msg::conference_more, {names});
        bottom -= font.FontSize * 1.3F;
        draw_text(frame, font, fit_text(font, more, col.width), {col.x, bottom}, col.width, c.text_muted);
        bottom -= m.gap * 0.3F;
    }

    const Box area{{col.x, y}, {col.x + col.width, bottom}};
    float side_room = 0; // beside the tiles, on each side, when they do not fill the width
    if (shown == 0) {
        const std::string_view waiting =
            frame.t(conference.step == core::ConferenceStep::joining        ? Msg::conference_joining
                    : conference.step == core::ConferenceStep::reconnecting ? Msg::conference_reconnecting
                                                                            : Msg::conference_waiting_guests);
        draw_video_tile(frame, area, waiting);
    } else {
        const core::TileGrid grid = core::tile_grid(shown);
        const float gap = m.gap * 0.4F;
        const float cell_w =
            (area.width() - gap * static_cast<float>(grid.columns - 1)) / static_cast<float>(grid.columns);
        const float cell_h = (area.height() - gap * static_cast<float>(grid.rows - 1)) / static_cast<float>(grid.rows);
        // 16:9 tiles, centred in their cells.
        const float tile_w = std::min(cell_w, cell_h * 16.0F / 9.0F);
        const float tile_h = tile_w * 9.0F / 16.0F;
        const float grid_w = tile_w * static_cast<float>(grid.columns) + gap * static_cast<float>(grid.columns - 1);
        const float grid_h = tile_h * static_cast<float>(grid.rows) + gap * static_cast<float>(grid.rows - 1);
        const ImVec2 origin{area.centre().x - grid_w * 0.5F, area.centre().y - grid_h * 0.5F};
        side_room = (area.width() - grid_w) * 0.5F;
        for (std::size_t i = 0; i < shown; ++i) {
            const auto row = static_cast<int>(i) / grid.columns;
            const auto column_index = static_cast<int>(i) % grid.columns;
            // The last row, when not full, is centred.
            const auto in_last_row = static_cast<int>(shown) - row * grid.columns;
            const float row_shift = row == grid.rows - 1 && in_last_row < grid.columns
                                        ? (tile_w + gap) * static_cast<float>(grid.columns - in_last_row) * 0.5F
                                        : 0.0F;
            const ImVec2 at{origin.x + row_shift + (tile_w + gap) * static_cast<float>(column_index),
                            origin.y + (tile_h + gap) * static_cast<float>(row)};
            const core::ConferenceParticipant& who = conference.participants[i];
            draw_participant(frame, who, conference.speaker == who.feed, Box::at(at, {tile_w, tile_h}));
        }
    }

    // The self-view, where it hides nobody: beside the buttons when they leave room for it, else
    // beside the tiles when they do not fill the width, else small over the tiles' bottom
    // right-hand corner.
    const float beside_w = m.button_height * 16.0F / 9.0F;
    const float aside_w = std::min(side_room - m.gap * 0.5F, 380 * m.scale);
    float self_w = std::min(area.width() * 0.2F, 380 * m.scale);
    ImVec2 self_at{};
    if (col.width - buttons_w - m.gap >= beside_w) {
        self_w = beside_w;
        self_at = {col.x, col.bottom - m.button_height};
    } else if (aside_w >= 240 * m.scale) {
        self_w = aside_w;
        self_at = {area.max.x - self_w, area.max.y - self_w * 9.0F / 16.0F - m.gap * 0.5F};
    } else {
        self_at = {area.max.x - self_w - m.gap * 0.5F, area.max.y - self_w * 9.0F / 16.0F - m.gap * 0.5F};
    }
    const Box self = Box::at(self_at, {self_w, self_w * 9.0F / 16.0F});
    draw_video_tile(frame, self, frame.t(Msg::conference_self_view),
                    conference.camera_off ? VideoPicture{} : frame.video.self);
    frame.draw.AddRect(self.min, self.max, c.on_accent, m.corner, 0, 3 * m.scale);

    if (conference.invite_shown && !conference.guest_url.empty()) {
        draw_invite(frame, conference, Box{{col.x, col.top}, {col.x + col.width, buttons_top - m.gap}});
    }
}

} // namespace

void draw_conference(Frame& frame, const core::KioskModel& model) {
    const float top = draw_top_bar(frame, model);
    const core::ConferenceModel& conference = model.conference;
    const Column col = column(frame, top);
    const Metrics& m = frame.sizes();
    switch (conference.step) {
    case core::ConferenceStep::badge: {
        (void)draw_bottom_buttons(
            frame, col, {{Action::conference_cancel, frame.t(Msg::conference_cancel), ButtonKind::secondary}});
        const std::string detail =
            conference.ad_hoc_minutes
                ? format(frame.language, Msg::conference_badge_ad_hoc,
                         {format_duration(frame.language, std::chrono::minutes{*conference.ad_hoc_minutes})})
                : std::string{frame.t(Msg::conference_badge_detail)};
        (void)draw_heading(frame, Mark::notice, frame.t(Msg::conference_badge_title), detail, {col.x, col.top + m.gap},
                           col.width);
        return;
    }
    case core::ConferenceStep::starting:
        draw_waiting_block(frame, Box{{col.x, col.top}, {col.x + col.width, col.bottom}},
                           frame.t(Msg::conference_starting), {});
        return;
    case core::ConferenceStep::refused: {
        (void)draw_bottom_buttons(frame, col,
                                  {{Action::conference_cancel, frame.t(Msg::conference_back), ButtonKind::primary}});
        const core::ConferenceRefusal refusal = conference.refusal.value_or(core::ConferenceRefusal{});
        const Msg why = refusal_text(refusal);
        const std::string sentence = why == Msg::conference_refused_other ? format(frame.language, why, {refusal.code})
                                                                          : std::string{frame.t(why)};
        (void)draw_heading(frame, Mark::alert, frame.t(Msg::conference_refused_title), sentence,
                           {col.x, col.top + m.gap}, col.width);
        return;
    }
    case core::ConferenceStep::ended:
        (void)draw_bottom_buttons(frame, col,
                                  {{Action::conference_cancel, frame.t(Msg::conference_back), ButtonKind::primary}});
        (void)draw_heading(frame, Mark::success, frame.t(Msg::conference_ended_title),
                           frame.t(Msg::conference_ended_text), {col.x, col.top + m.gap}, col.width);
        return;
    case core::ConferenceStep::joining:
    case core::ConferenceStep::live:
    case core::ConferenceStep::reconnecting: draw_meeting(frame, model, top); return;
    }
}

} // namespace telecentre::ui
