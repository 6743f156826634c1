#include "booking_grid.hpp"
#include "booking_pictograms.hpp"
#include "booking_widgets.hpp"
#include "telecentre/ui/text_format.hpp"

#include <algorithm>
#include <cmath>

namespace telecentre::ui {
namespace {

float name_column_width(const Frame& frame) {
    const Metrics& m = frame.sizes();
    return std::clamp(frame.size.x * 0.17F, 200 * m.scale, 340 * m.scale);
}

float axis_height(const Frame& frame) { return frame.fonts().small->FontSize + frame.sizes().gap * 0.8F; }

// How many rows of at least a touch target's height fit, and how high each is.
void page_rows(const Frame& frame, int total, int wanted_first, float room, GridPaging& paging, float& row_h) {
    const Metrics& m = frame.sizes();
    const float min_row = std::max(m.min_target, 96 * m.scale);
    const float max_row = 132 * m.scale;
    paging.total_rows = total;
    paging.visible_rows = std::max(1, std::min(total, static_cast<int>(room / min_row)));
    row_h = paging.visible_rows < total ? room / static_cast<float>(paging.visible_rows)
                                        : std::min(max_row, room / static_cast<float>(std::max(1, total)));
    row_h = std::max(row_h, m.min_target);
    paging.first_row = std::clamp(wanted_first, 0, std::max(0, total - paging.visible_rows));
}

// The resource's name in the left column: up to two lines, cut with an ellipsis beyond.
void draw_row_name(Frame& frame, const wire::ResourceAvailability& resource, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const ImFont& font = *frame.fonts().body_bold;
    const float width = box.width() - m.gap;
    auto lines = wrap_lines(font, resource.name, width);
    std::string first = lines.empty() ? std::string{} : std::string{lines[0]};
    std::string second;
    if (lines.size() > 1) {
        const std::size_t offset = static_cast<std::size_t>(lines[1].data() - resource.name.data());
        second = fit_text(font, std::string_view{resource.name}.substr(offset), width);
    } else {
        first = fit_text(font, first, width);
    }
    const float block = second.empty() ? font.FontSize : line_height(frame, font) + font.FontSize;
    const float y = box.centre().y - block * 0.5F;
    draw_text(frame, font, first, {box.min.x, y}, width, c.text);
    if (!second.empty()) {
        draw_text(frame, font, second, {box.min.x, y + line_height(frame, font)}, width, c.text);
    }
}

Box inset(const Box& box, float by) { return {{box.min.x + by, box.min.y + by}, {box.max.x - by, box.max.y - by}}; }

} // namespace

void draw_slot_face(Frame& frame, const Box& box, core::SlotState state) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    switch (state) {
    case core::SlotState::free:
        frame.fills.rect(frame.draw, box.min, box.max, c.slot_free);
        frame.draw.AddRect(box.min, box.max, c.slot_free_border, 0, 0, std::max(1.5F, 2 * m.scale));
        break;
    case core::SlotState::busy: frame.fills.pattern(frame.draw, box.min, box.max, Pattern::busy); break;
    case core::SlotState::closed: frame.fills.pattern(frame.draw, box.min, box.max, Pattern::closed); break;
    case core::SlotState::past: frame.fills.rect(frame.draw, box.min, box.max, c.slot_past); break;
    }
}

GridPaging draw_day_grid(Frame& frame, const core::KioskModel& model, std::span<const int> rows,
                         std::span<const core::Interval> columns, const Box& area) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::BookingModel& booking = model.booking;
    const wire::Availability& data = booking.availability->data;
    const wire::TimePoint now = std::chrono::floor<std::chrono::seconds>(model.now);

    GridPaging paging;
    const float names_w = name_column_width(frame);
    const float cells_x = area.min.x + names_w;
    const float cells_w = area.max.x - cells_x;
    paging.total_columns = static_cast<int>(columns.size());
    paging.visible_columns = std::clamp(static_cast<int>(cells_w / m.min_target), 1, paging.total_columns);
    int first = booking.first_column;
    if (first < 0) {
        // Today opens on the current slot, with one slot of the past for context.
        first = 0;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (columns[i].end > now) {
                first = static_cast<int>(i) - 1;
                break;
            }
            first = static_cast<int>(i);
        }
    }
    paging.first_column = std::clamp(first, 0, paging.total_columns - paging.visible_columns);
    const float cell_w = std::min(cells_w / static_cast<float>(paging.visible_columns), 220 * m.scale);

    const float axis_h = axis_height(frame);
    float row_h = 0;
    page_rows(frame, static_cast<int>(rows.size()), booking.first_row, area.height() - axis_h, paging, row_h);

    // Time across the top: every hour, and half hours too when the cells are wide enough.
    const ImFont& axis_font = *frame.fonts().small;
    for (int i = 0; i < paging.visible_columns; ++i) {
        const core::Interval& column = columns[static_cast<std::size_t>(paging.first_column + i)];
        const auto local = wire::to_paris(column.start);
        const auto minute =
            std::chrono::hh_mm_ss{local - std::chrono::floor<std::chrono::days>(local)}.minutes().count();
        const std::string label = format_time(frame.language, local);
        if (minute != 0 && text_width(axis_font, label) > cell_w * 0.62F) {
            continue;
        }
        const float x = cells_x + cell_w * static_cast<float>(i);
        frame.draw.AddLine({x, area.min.y + axis_h * 0.65F}, {x, area.min.y + axis_h}, c.text_muted,
                           std::max(1.0F, 2 * m.scale));
        draw_text(frame, axis_font, label, {x + 4 * m.scale, area.min.y}, cell_w * 2,
                  minute == 0 ? c.text : c.text_muted);
    }

    const float gap = std::max(1.0F, 3 * m.scale);
    for (int r = 0; r < std::min(paging.visible_rows, paging.total_rows - paging.first_row); ++r) {
        const int index = rows[static_cast<std::size_t>(paging.first_row + r)];
        const wire::ResourceAvailability& resource = data.resources[static_cast<std::size_t>(index)];
        // Whole pixels: neighbouring cells touch but never overlap.
        const float y = std::round(area.min.y + axis_h + row_h * static_cast<float>(r));
        const float y_end = std::round(area.min.y + axis_h + row_h * static_cast<float>(r + 1));
        draw_row_name(frame, resource, Box{{area.min.x, y}, {cells_x, y_end}});
        frame.draw.AddLine({area.min.x, y_end}, {cells_x - m.gap * 0.5F, y_end}, c.surface_border, m.border);

        const std::vector<core::Slot> slots = core::resource_slots(data, resource, columns, now);
        for (int i = 0; i < paging.visible_columns;) {
            const core::Slot& slot = slots[static_cast<std::size_t>(paging.first_column + i)];
            // A booking spanning several slots is one block, with its holder's name.
            int span = 1;
            if (slot.busy_index >= 0) {
                while (i + span < paging.visible_columns &&
                       slots[static_cast<std::size_t>(paging.first_column + i + span)].busy_index == slot.busy_index &&
                       (slots[static_cast<std::size_t>(paging.first_column + i + span)].state ==
                        core::SlotState::past) == (slot.state == core::SlotState::past)) {
                    ++span;
                }
            }
            const Box cell{{std::round(cells_x + cell_w * static_cast<float>(i)), y},
                           {std::round(cells_x + cell_w * static_cast<float>(i + span)), y_end}};
            const Box face = inset(cell, gap);
            if (slot.state == core::SlotState::free) {
                bool held = false;
                touch_target(frame, Command{Action::booking_pick_slot, index, slot.time.start}, cell, &held);
                draw_slot_face(frame, face, core::SlotState::free);
                if (held) {
                    frame.fills.rect(frame.draw, face.min, face.max, c.accent_soft);
                }
            } else if (slot.state == core::SlotState::past && slot.busy_index >= 0) {
                frame.fills.pattern(frame.draw, face.min, face.max, Pattern::busy_past); // a booking now over
            } else {
                draw_slot_face(frame, face, slot.state);
            }
            if (slot.busy_index >= 0) {
                const wire::BusyInterval& busy = resource.busy[static_cast<std::size_t>(slot.busy_index)];
                const ImU32 ink = slot.state == core::SlotState::past ? c.text_muted : c.slot_busy_ink;
                const float mark = std::min(face.height() * 0.42F, 40 * m.scale);
                const ImVec2 centre{face.min.x + m.gap * 0.4F + mark * 0.5F, face.centre().y};
                frame.fills.rounded_rect(frame.draw, {centre.x - mark * 0.62F, centre.y - mark * 0.62F},
                                         {centre.x + mark * 0.62F, centre.y + mark * 0.62F},
                                         slot.state == core::SlotState::past ? c.slot_past : c.slot_busy, mark * 0.3F);
                draw_person_mark(frame.draw, centre, mark, ink);
                const std::string_view who = busy.holder ? std::string_view{*busy.holder} : frame.t(Msg::legend_busy);
                const ImFont& font = *frame.fonts().small;
                const float text_x = centre.x + mark * 0.62F + m.gap * 0.3F;
                const float room = face.max.x - text_x - m.gap * 0.3F;
                if (room > font.FontSize * 1.5F) {
                    const std::string shown = fit_text(font, who, room);
                    const float w = text_width(font, shown);
                    frame.fills.rect(frame.draw, {text_x - 2 * m.scale, face.centre().y - font.FontSize * 0.6F},
                                     {text_x + w + 2 * m.scale, face.centre().y + font.FontSize * 0.6F},
                                     slot.state == core::SlotState::past ? c.slot_past : c.slot_busy);
                    draw_text(frame, font, shown, {text_x, face.centre().y - font.FontSize * 0.55F}, w + 1, ink);
                }
            }
            i += span;
        }
    }

    // Now, as a line across the rows, when it falls within the columns shown.
    const core::Interval& first_shown = columns[static_cast<std::size_t>(paging.first_column)];
    if (now >= first_shown.start) {
        const auto since = std::chrono::duration<float>(now - first_shown.start).count();
        const float slot_seconds = static_cast<float>(data.rules.slot_minutes) * 60.0F;
        const float x = cells_x + since / slot_seconds * cell_w;
        if (x < cells_x + cell_w * static_cast<float>(paging.visible_columns)) {
            const float bottom =
                area.min.y + axis_h +
                row_h * static_cast<float>(std::min(paging.visible_rows, paging.total_rows - paging.first_row));
            // Below the hour labels, in the ticks' band, so that it never covers a label.
            frame.draw.AddLine({x, area.min.y + axis_h * 0.7F}, {x, bottom}, c.accent, std::max(2.0F, 4 * m.scale));
            frame.draw.AddTriangleFilled({x - 9 * m.scale, area.min.y + axis_h * 0.62F},
                                         {x + 9 * m.scale, area.min.y + axis_h * 0.62F}, {x, area.min.y + axis_h},
                                         c.accent);
        }
    }
    return paging;
}

GridPaging draw_week_grid(Frame& frame, const core::KioskModel& model, std::span<const int> rows, const Box& area) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::BookingModel& booking = model.booking;
    const wire::Availability& data = booking.availability->data;
    const wire::TimePoint now = std::chrono::floor<std::chrono::seconds>(model.now);
    const core::LocalDay today = wire::paris_day(now);

    GridPaging paging;
    const float names_w = name_column_width(frame);
    const float cells_x = area.min.x + names_w;
    constexpr int kDays = 7;
    const float cell_w = (area.max.x - cells_x) / kDays;
    paging.total_columns = kDays;
    paging.visible_columns = kDays;
    const float axis_h = frame.fonts().body_bold->FontSize + m.gap * 0.8F;
    float row_h = 0;
    page_rows(frame, static_cast<int>(rows.size()), booking.first_row, area.height() - axis_h, paging, row_h);

    for (int d = 0; d < kDays; ++d) {
        const core::LocalDay day = today + std::chrono::days{d};
        const std::string label =
            format(frame.language, Msg::weekday_day,
                   {frame.t(weekday_short(std::chrono::weekday{day})),
                    std::to_string(static_cast<unsigned>(std::chrono::year_month_day{day}.day()))});
        const ImFont& font = d == 0 ? *frame.fonts().body_bold : *frame.fonts().body;
        const float x = cells_x + cell_w * static_cast<float>(d);
        draw_text(frame, font, label, {x, area.min.y}, cell_w, d == 0 ? c.accent : c.text, Align::centre);
        if (d == 0) {
            // Today is also underlined, not only coloured.
            const float w = text_width(font, label);
            frame.draw.AddLine({x + (cell_w - w) * 0.5F, area.min.y + font.FontSize * 1.15F},
                               {x + (cell_w + w) * 0.5F, area.min.y + font.FontSize * 1.15F}, c.accent, 3 * m.scale);
        }
    }

    const float gap = std::max(1.0F, 3 * m.scale);
    const ImFont& font = *frame.fonts().small;
    for (int r = 0; r < std::min(paging.visible_rows, paging.total_rows - paging.first_row); ++r) {
        const int index = rows[static_cast<std::size_t>(paging.first_row + r)];
        const wire::ResourceAvailability& resource = data.resources[static_cast<std::size_t>(index)];
        const float y = std::round(area.min.y + axis_h + row_h * static_cast<float>(r));
        const float y_end = std::round(area.min.y + axis_h + row_h * static_cast<float>(r + 1));
        draw_row_name(frame, resource, Box{{area.min.x, y}, {cells_x, y_end}});
        frame.draw.AddLine({area.min.x, y_end}, {cells_x - m.gap * 0.5F, y_end}, c.surface_border, m.border);
        // Every row has a "show this day" cell for each day: the row keeps their ImGui ids apart.
        ImGui::PushID(index);

        const std::vector<core::DaySummary> summary = core::week_summary(data, resource, now);
        for (int d = 0; d < kDays; ++d) {
            const core::LocalDay day = today + std::chrono::days{d};
            const Box cell{{std::round(cells_x + cell_w * static_cast<float>(d)), y},
                           {std::round(cells_x + cell_w * static_cast<float>(d + 1)), y_end}};
            const Box face = inset(cell, gap);
            const auto found = std::ranges::find(summary, day, &core::DaySummary::day);
            const core::DaySummary entry =
                found != summary.end() ? *found : core::DaySummary{day, core::DayState::closed, {}, {}};
            std::string label;
            ImU32 ink = c.text;
            if (entry.state == core::DayState::closed) {
                draw_slot_face(frame, face, core::SlotState::closed);
                label = frame.t(Msg::week_closed);
                ink = c.text_muted;
            } else if (entry.state == core::DayState::over) {
                draw_slot_face(frame, face, core::SlotState::past);
                label = frame.t(Msg::week_over);
                ink = c.text_muted;
            } else {
                bool held = false;
                touch_target(frame, Command{Action::booking_show_day, static_cast<int>(day.time_since_epoch().count())},
                             cell, &held);
                const int percent = entry.free_percent();
                if (percent == 0) {
                    draw_slot_face(frame, face, core::SlotState::busy);
                    label = frame.t(Msg::week_full);
                    ink = c.slot_busy_ink;
                } else {
                    frame.fills.rect(frame.draw, face.min, face.max,
                                     held ? c.accent_soft : (percent >= 50 ? c.day_plenty : c.day_some));
                    frame.draw.AddRect(face.min, face.max, c.slot_free_border, 0, 0, std::max(1.0F, 2 * m.scale));
                    label = format(frame.language, Msg::week_free_percent, {std::to_string(percent)});
                    // A gauge shows how much is free: the amount reads without the colour.
                    const float bar_h = std::max(6.0F, 10 * m.scale);
                    const Box bar{{face.min.x + m.gap * 0.5F, face.max.y - m.gap * 0.5F - bar_h},
                                  {face.max.x - m.gap * 0.5F, face.max.y - m.gap * 0.5F}};
                    frame.fills.rect(frame.draw, bar.min, bar.max, c.surface);
                    frame.fills.rect(frame.draw, bar.min,
                                     {bar.min.x + bar.width() * static_cast<float>(percent) / 100.0F, bar.max.y},
                                     c.success);
                    frame.draw.AddRect(bar.min, bar.max, c.success, 0, 0, std::max(1.0F, 1.5F * m.scale));
                }
            }
            const std::string shown = fit_text(font, label, face.width() - m.gap * 0.5F);
            const float w = text_width(font, shown);
            const float ty = face.centre().y - font.FontSize * 0.75F;
            if (entry.state != core::DayState::open || entry.free_percent() == 0) {
                // Hatched cells get a plate behind their word, so it stays legible.
                frame.fills.rect(frame.draw, {face.centre().x - w * 0.5F - 4 * m.scale, ty - 2 * m.scale},
                                 {face.centre().x + w * 0.5F + 4 * m.scale, ty + font.FontSize * 1.1F},
                                 entry.state == core::DayState::open   ? c.slot_busy
                                 : entry.state == core::DayState::over ? c.slot_past
                                                                       : c.slot_closed);
            }
            draw_text(frame, font, shown, {face.min.x, ty}, face.width(), ink, Align::centre);
        }
        ImGui::PopID();
    }
    return paging;
}

} // namespace telecentre::ui
