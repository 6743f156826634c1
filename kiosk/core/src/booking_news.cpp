// BookingController: telling a member, at their next tap, how the bookings they made here while
// the link was down have settled. The engine hands each piece of news over once, so none is
// dropped here until it has been shown or has waited longer than anyone would stand at a kiosk.

#include "booking_controller_helpers.hpp"
#include "telecentre/core/booking_controller.hpp"

namespace telecentre::core {

using namespace std::chrono;

void BookingController::on_member_tap(const std::string& badge_uid, TimePoint /*now*/) {
    if (!badge_uid.empty()) {
        m_commands.emplace_back(FetchNews{.request_id = next_request(), .badge_uid = badge_uid});
    }
}

void BookingController::on_news(const std::string& badge_uid, std::vector<BookingNews> news, TimePoint now) {
    for (BookingNews& item : news) {
        if (item.state != BookingState::pending) {
            m_news.push_back({badge_uid, std::move(item), now});
        }
    }
    if (const auto when = news_deadline(); when && now >= *when) {
        show_news(now);
    }
}

std::optional<TimePoint> BookingController::news_deadline() const {
    if (m_news.empty()) {
        return std::nullopt;
    }
    const TimePoint received = m_news.front().received;
    switch (m_model.screen) {
    case Screen::home: return received;
    // The greeting is read first; then the news takes the screen.
    case Screen::checkin_result: return std::max(received, m_model.screen_since + m_timing.news_after);
    // A refusal, a decision on its way, a booking flow or a call: once it is over (back home).
    case Screen::checking:
    case Screen::error:
    case Screen::booking:
    case Screen::call:
    case Screen::conference: return std::nullopt;
    }
    return std::nullopt;
}

void BookingController::show_news(TimePoint now) {
    while (!m_news.empty() && now >= m_news.front().received + m_timing.news_kept) {
        m_news.pop_front(); // the member is long gone
    }
    if (m_news.empty()) {
        return;
    }
    QueuedNews item = std::move(m_news.front());
    m_news.pop_front();
    const BookingNews& news = item.news;

    reset_flow();
    m_flow_active = true;
    m_model.screen = Screen::booking;
    m_model.screen_since = now;
    BookingModel& booking = m_model.booking;
    booking.badge_purpose = BadgePurpose::book;
    booking.badge_uid = std::move(item.badge_uid); // "book it" takes the suggestion with this badge

    const auto length = duration_cast<minutes>(news.request.end - news.request.start);
    BookingSelection asked{
        .resource_id = news.request.resource_id,
        .resource_name = news.resource_name,
        .kind = news.kind.value_or(wire::ResourceKind::office),
        .start = news.request.start,
        .length = length,
        .longest = {.length = length, .limit = LengthLimit::next_booking, .limit_at = news.request.end}};
    BookingOutcome outcome;
    outcome.asked = asked;
    outcome.made_offline = true;
    switch (news.state) {
    case BookingState::confirmed:
        outcome.kind = OutcomeKind::confirmed;
        outcome.booking = news.booking;
        break;
    case BookingState::refused:
        outcome.kind = OutcomeKind::refused;
        outcome.error = news.refusal;
        break;
    case BookingState::pending: // not news; never queued
    case BookingState::failed: outcome.kind = OutcomeKind::failed; break;
    }
    booking.selection = std::move(asked);
    booking.outcome = std::move(outcome);
    enter(BookingStep::result, now);
}

} // namespace telecentre::core
