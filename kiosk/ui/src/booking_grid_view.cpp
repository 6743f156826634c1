// The availability grid: resources as rows; across, a day's slots (day view) or seven days (week
// view). Every cell a finger can touch is at least a touch target wide and high, so a long day or
// many resources page with big buttons rather than shrink. Busy slots are hatched and carry a
// person mark (and the holder's name when given), closed ones are cross-hatched, past ones faded:
// no state is told by colour alone.

#include "booking_grid.hpp"
#include "booking_views.hpp"
#include "booking_widgets.hpp"
#include "keyboard.hpp"
#include "telecentre/ui/text_format.hpp"
#include "views.hpp"

#include <algorithm>
#include <array>

namespace telecentre::ui {
namespace {

wire::TimePoint now_of(const core::KioskModel& model) { return std::chrono::floor<std::chrono::seconds>(model.now); }

// The day and week switch, and the search button (or the filter in force, with its clear button).
float controls_width(const Frame& frame, const core::BookingModel& booking) {
    const Metrics& m = frame.sizes();
    const float chips =
        2 * std::max(m.min_target * 1.6F,
                     text_width(*frame.fonts().body_bold, frame.t(Msg::grid_week)) + m.button_padding + m.gap);
    const float search =
        booking.search.text.empty()
            ? icon_button_width(frame, frame.t(Msg::search_open), ButtonIcon::search)
            : std::min(420 * m.scale, icon_button_width(frame, booking.search.text, ButtonIcon::search)) +
                  m.gap * 0.5F + m.min_target;
    return chips + m.gap + search;
}

void draw_controls(Frame& frame, const core::BookingModel& booking, const Box& row) {
    const Metrics& m = frame.sizes();
    const float chip_w = std::max(m.min_target * 1.6F, text_width(*frame.fonts().body_bold, frame.t(Msg::grid_week)) +
                                                           m.button_padding + m.gap);
    float x = row.max.x - controls_width(frame, booking);
    const bool day_view = booking.view == core::GridView::day;
    draw_chip(frame, Command{Action::booking_show_day, static_cast<int>(booking.day.time_since_epoch().count())},
              frame.t(Msg::grid_day), Box::at({x, row.min.y}, {chip_w, row.height()}), day_view, true);
    x += chip_w;
    draw_chip(frame, Action::booking_show_week, frame.t(Msg::grid_week),
              Box::at({x, row.min.y}, {chip_w, row.height()}), !day_view, true);
    x += chip_w + m.gap;
    if (booking.search.text.empty()) {
        icon_button(frame, Action::booking_search_open, frame.t(Msg::search_open), Box{{x, row.min.y}, row.max},
                    ButtonKind::secondary, ButtonIcon::search);
        return;
    }
    const std::string filter = format(frame.language, Msg::search_filter, {booking.search.text});
    const float clear_x = row.max.x - m.min_target;
    icon_button(frame, Action::booking_search_open, filter, Box{{x, row.min.y}, {clear_x - m.gap * 0.5F, row.max.y}},
                ButtonKind::primary, ButtonIcon::search);
    icon_button(frame, Action::booking_search_clear, {}, Box{{clear_x, row.min.y}, row.max}, ButtonKind::secondary,
                ButtonIcon::close);
}

// A message in the grid's place (loading, failure, nothing to show), with an optional button.
void draw_grid_message(Frame& frame, const Box& area, std::string_view title, std::string_view detail,
                       std::optional<std::pair<Command, std::string_view>> button) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float width = std::min(area.width(), 1200 * m.scale);
    const float x = area.centre().x - width * 0.5F;
    const ImFont& title_font = *frame.fonts().heading;
    const ImFont& detail_font = *frame.fonts().lead;
    const float title_h = text_height(frame, title_font, title, width);
    const float detail_h = detail.empty() ? 0.0F : m.gap + text_height(frame, detail_font, detail, width);
    const float button_h = button ? m.gap * 1.5F + m.button_height : 0.0F;
    float y = area.min.y + std::max(0.0F, (area.height() - title_h - detail_h - button_h) * 0.4F);
    y += draw_text(frame, title_font, title, {x, y}, width, c.text, Align::centre, Wrap::balanced);
    if (!detail.empty()) {
        y += m.gap;
        y += draw_text(frame, detail_font, detail, {x, y}, width, c.text_muted, Align::centre, Wrap::balanced);
    }
    if (button) {
        const float w = button_width(frame, button->second);
        touch_button(frame, button->first, button->second,
                     Box::at({area.centre().x - w * 0.5F, y + m.gap * 1.5F}, {w, m.button_height}),
                     ButtonKind::primary);
    }
}

// The legend: each swatch shows the pattern its cells carry. Stops before `right`.
const std::array kLegend{
    std::pair{core::SlotState::free, Msg::legend_free}, std::pair{core::SlotState::busy, Msg::legend_busy},
    std::pair{core::SlotState::closed, Msg::legend_closed}, std::pair{core::SlotState::past, Msg::legend_past}};

float legend_width(const Frame& frame) {
    const Metrics& m = frame.sizes();
    float width = 0;
    for (const auto& [state, label] : kLegend) {
        width +=
            frame.fonts().body_bold->FontSize * 1.1F + m.gap * 1.6F + text_width(*frame.fonts().body, frame.t(label));
    }
    return width;
}

void draw_legend(Frame& frame, ImVec2 at, float right, float height) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const ImFont& font = *frame.fonts().body;
    const float swatch = frame.fonts().body_bold->FontSize * 1.1F;
    const float centre = at.y + height * 0.5F;
    float left = at.x;
    for (const auto& [state, label] : kLegend) {
        const std::string_view text = frame.t(label);
        const float w = swatch + m.gap * 0.4F + text_width(font, text);
        if (left + w > right) {
            break;
        }
        const Box box = Box::at({left, centre - swatch * 0.5F}, {swatch, swatch});
        draw_slot_face(frame, box, state);
        draw_text(frame, font, text, {box.max.x + m.gap * 0.4F, centre - font.FontSize * 0.55F},
                  text_width(font, text) + 1, c.text);
        left += w + m.gap * 1.2F;
    }
}

// The bottom line: the legend (day view, when it fits) or a hint (week view) on the left, paging
// on the right.
void draw_footer(Frame& frame, const core::BookingModel& booking, const GridPaging& paging, const Box& footer,
                 bool legend_inline) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    struct Pager {
        Command command;
        Msg label;
        ButtonIcon icon;
        bool enabled;
    };
    std::vector<Pager> pagers;
    if (paging.columns_paged()) {
        pagers.push_back(
            {Command{Action::booking_page_columns, std::max(0, paging.first_column - paging.visible_columns)},
             Msg::grid_earlier, ButtonIcon::back, paging.first_column > 0});
        pagers.push_back({Command{Action::booking_page_columns, paging.first_column + paging.visible_columns},
                          Msg::grid_later, ButtonIcon::forward,
                          paging.first_column + paging.visible_columns < paging.total_columns});
    }
    if (paging.rows_paged()) {
        pagers.push_back({Command{Action::booking_page_rows, std::max(0, paging.first_row - paging.visible_rows)},
                          Msg::grid_rows_previous, ButtonIcon::up, paging.first_row > 0});
        pagers.push_back({Command{Action::booking_page_rows, paging.first_row + paging.visible_rows},
                          Msg::grid_rows_next, ButtonIcon::down,
                          paging.first_row + paging.visible_rows < paging.total_rows});
    }
    float x = footer.max.x;
    for (auto it = pagers.rbegin(); it != pagers.rend(); ++it) {
        const float w = icon_button_width(frame, frame.t(it->label), it->icon);
        x -= w;
        icon_button(frame, it->command, frame.t(it->label), Box{{x, footer.min.y}, {x + w, footer.max.y}},
                    ButtonKind::secondary, it->icon, it->enabled);
        x -= m.gap * 0.5F;
    }
    float left = footer.min.x;
    if (paging.rows_paged()) {
        const std::string range =
            format(frame.language, Msg::grid_rows_range,
                   {std::to_string(paging.first_row + 1),
                    std::to_string(std::min(paging.total_rows, paging.first_row + paging.visible_rows)),
                    std::to_string(paging.total_rows)});
        const float w = text_width(*frame.fonts().body, range);
        if (x - m.gap - w > footer.min.x + 200 * m.scale) {
            x -= m.gap + w;
            draw_text(frame, *frame.fonts().body, range, {x, footer.centre().y - frame.fonts().body->FontSize * 0.55F},
                      w + 1, c.text_muted);
        }
    }
    const float room = x - m.gap - left;
    if (booking.view == core::GridView::week) {
        const std::string hint = fit_text(*frame.fonts().body, frame.t(Msg::grid_week_hint), room);
        draw_text(frame, *frame.fonts().body, hint, {left, footer.centre().y - frame.fonts().body->FontSize * 0.55F},
                  room, c.text_muted);
        return;
    }
    if (legend_inline) {
        draw_legend(frame, {left, footer.min.y}, x - m.gap, footer.height());
    }
}

} // namespace

void draw_booking_grid(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const core::BookingModel& booking = model.booking;
    const wire::ResourceKind kind = booking.kind.value_or(wire::ResourceKind::office);
    const bool day_view = booking.view == core::GridView::day;
    const core::LocalDay today = wire::paris_day(now_of(model));
    std::string subtitle;
    if (day_view) {
        subtitle = format_long_date(frame.language, booking.day);
        if (booking.day == today) {
            subtitle = std::string{frame.t(Msg::grid_today)} + ", " + subtitle;
        }
    } else {
        subtitle = format(frame.language, Msg::grid_week_of,
                          {format_date(frame.language, std::chrono::year_month_day{today})});
    }

    // The controls share the header row when there is room for a title beside them.
    const float controls_w = controls_width(frame, booking);
    const bool controls_inline = frame.size.x - 2 * m.margin - controls_w - 420 * m.scale > 280 * m.scale;
    Box header = draw_booking_header(frame, model, Action::booking_back, frame.t(Msg::booking_back),
                                     frame.t(kind_plural(kind)), subtitle, controls_inline ? controls_w : 0.0F);
    if (!controls_inline) {
        header = Box::at({header.min.x, header.max.y + m.gap * 0.5F}, {header.width(), m.button_height});
    }
    draw_controls(frame, booking, header);
    float top = header.max.y + m.gap;
    if (booking.availability) {
        top += draw_stale_banner(frame, *booking.availability, top, m.margin, frame.size.x - 2 * m.margin);
        if (booking.availability->origin == core::AvailabilityOrigin::cache) {
            top += m.gap * 0.6F;
        }
    }
    const float footer_h = m.min_target;
    const Box footer{{m.margin, frame.size.y - m.margin * 0.6F - footer_h},
                     {frame.size.x - m.margin, frame.size.y - m.margin * 0.6F}};
    // The legend shares the footer with the paging buttons when both fit (four of them at most).
    const float pagers_w = icon_button_width(frame, frame.t(Msg::grid_earlier), ButtonIcon::back) +
                           icon_button_width(frame, frame.t(Msg::grid_later), ButtonIcon::forward) +
                           icon_button_width(frame, frame.t(Msg::grid_rows_previous), ButtonIcon::up) +
                           icon_button_width(frame, frame.t(Msg::grid_rows_next), ButtonIcon::down) + 3 * m.gap;
    const bool legend_inline = legend_width(frame) + pagers_w < footer.width();
    const float legend_h = legend_inline || !day_view ? 0.0F : frame.fonts().body->FontSize * 1.8F;
    const Box area{{m.margin, top}, {frame.size.x - m.margin, footer.min.y - m.gap - legend_h}};

    const bool covered =
        booking.availability && (day_view ? core::covers_day(booking.availability->data, booking.day)
                                          : core::covers_day(booking.availability->data, today + std::chrono::days{6}));
    if (booking.loading && !covered) {
        draw_waiting_block(frame, area, frame.t(Msg::grid_loading), {});
        return;
    }
    if (!booking.availability || (booking.load_failed && !covered)) {
        draw_grid_message(frame, area, frame.t(Msg::grid_failed_title), frame.t(Msg::grid_failed_text),
                          std::pair{Command{Action::booking_retry}, frame.t(Msg::grid_retry)});
        return;
    }
    const std::vector<int> rows = shown_resources(booking);
    if (booking.availability->data.resources.empty()) {
        draw_grid_message(frame, area, frame.t(Msg::grid_no_resources), {}, std::nullopt);
        return;
    }
    if (rows.empty()) {
        draw_grid_message(frame, area, format(frame.language, Msg::grid_no_match, {booking.search.text}), {},
                          std::pair{Command{Action::booking_search_clear}, frame.t(Msg::search_clear)});
        return;
    }
    GridPaging paging;
    if (day_view) {
        const auto columns = core::day_columns(booking.availability->data, booking.day);
        if (columns.empty()) {
            draw_grid_message(frame, area, frame.t(Msg::grid_closed_day), {},
                              std::pair{Command{Action::booking_show_week}, frame.t(Msg::grid_week)});
            return;
        }
        paging = draw_day_grid(frame, model, rows, columns, area);
    } else {
        paging = draw_week_grid(frame, model, rows, area);
    }
    if (!legend_inline && day_view) {
        draw_legend(frame, {footer.min.x, footer.min.y - legend_h}, footer.max.x, legend_h);
    }
    draw_footer(frame, booking, paging, footer, legend_inline);
}

void draw_booking_search(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::BookingModel& booking = model.booking;
    const Box header =
        draw_booking_header(frame, model, Action::key_done, frame.t(Msg::booking_back), frame.t(Msg::search_title),
                            frame.t(kind_plural(booking.kind.value_or(wire::ResourceKind::office))));
    const float width = std::min(frame.size.x - 2 * m.margin, 1500 * m.scale);
    const float x = (frame.size.x - width) * 0.5F;
    const float keyboard_h = keyboard_height(frame, width);
    const Box keys = Box::at({x, frame.size.y - m.margin * 0.6F - keyboard_h}, {width, keyboard_h});

    // The field, then how many resources match and their names, between the header and the keys.
    float y = header.max.y + m.gap;
    const float field_h = std::max(m.min_target, frame.fonts().heading->FontSize * 2.0F);
    draw_text_field(frame, booking.search, frame.t(Msg::search_placeholder), Box::at({x, y}, {width, field_h}));
    y += field_h + m.gap;
    const std::vector<int> rows = shown_resources(booking);
    const std::string count = rows.empty() ? std::string{frame.t(Msg::search_matches_none)}
                              : rows.size() == 1
                                  ? std::string{frame.t(Msg::search_matches_one)}
                                  : format(frame.language, Msg::search_matches_many, {std::to_string(rows.size())});
    y += draw_text(frame, *frame.fonts().body_bold, count, {x, y}, width, c.text) + m.gap * 0.5F;
    const ImFont& name_font = *frame.fonts().body;
    std::string names;
    for (const int row : rows) {
        const std::string& name = booking.availability->data.resources[static_cast<std::size_t>(row)].name;
        names += (names.empty() ? "" : " · ") + name;
    }
    const float room = keys.min.y - m.gap - y;
    const auto lines = wrap_lines(name_font, names, width);
    const auto fit = static_cast<std::size_t>(std::max(0.0F, room / line_height(frame, name_font)));
    for (std::size_t i = 0; i < std::min(lines.size(), fit); ++i) {
        const std::string line = i + 1 == fit && lines.size() > fit
                                     ? fit_text(name_font, std::string{lines[i]} + " …", width)
                                     : std::string{lines[i]};
        draw_text(frame, name_font, line, {x, y}, width, c.text_muted);
        y += line_height(frame, name_font);
    }
    draw_keyboard(frame, booking.search, keys, model.now);
}

} // namespace telecentre::ui
