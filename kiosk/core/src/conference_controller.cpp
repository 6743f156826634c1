// ConferenceController: the room terminal's conference (conference_controller.hpp).

#include "telecentre/core/conference_controller.hpp"

#include "booking_controller_helpers.hpp"
#include "telecentre/core/booking_slots.hpp"

#include <algorithm>
#include <utility>

namespace telecentre::core {

using namespace std::chrono;
using detail::Overloaded;
using detail::seconds_of;

TileGrid tile_grid(std::size_t tiles) {
    if (tiles <= 1) {
        return {1, 1};
    }
    if (tiles == 2) {
        return {2, 1};
    }
    if (tiles <= 4) {
        return {2, 2};
    }
    if (tiles <= 6) {
        return {3, 2};
    }
    return {3, 3};
}

const char* to_string(ConferenceStep step) {
    switch (step) {
    case ConferenceStep::badge: return "badge";
    case ConferenceStep::starting: return "starting";
    case ConferenceStep::joining: return "joining";
    case ConferenceStep::live: return "live";
    case ConferenceStep::reconnecting: return "reconnecting";
    case ConferenceStep::refused: return "refused";
    case ConferenceStep::ended: return "ended";
    }
    return "unknown";
}

namespace {

// The token of a guest link: what follows its last '/' (https://host/join/<token>).
std::string guest_token_of(const std::string& url) {
    const auto slash = url.rfind('/');
    return slash == std::string::npos ? std::string{} : url.substr(slash + 1);
}

JoinRoom room_of(const wire::Conference& conference) {
    return JoinRoom{.janus_ws = conference.janus_ws,
                    .janus_token = conference.janus_token,
                    .room = conference.room,
                    .pin = conference.pin,
                    .display = conference.resource_name,
                    .ice_servers = conference.ice_servers};
}

} // namespace

ConferenceController::ConferenceController(KioskModel& model, ConferenceTiming timing)
    : m_model(model), m_timing(timing) {}

void ConferenceController::set_room(std::string resource_id) { m_resource_id = std::move(resource_id); }

ConferenceOffer ConferenceController::offer(TimePoint now) const {
    const DoorPanel& door = m_model.booking.door;
    if (m_resource_id.empty() || !door.today) {
        return {};
    }
    const wire::ResourceAvailability* room = find_resource(door.today->data, m_resource_id);
    if (room == nullptr || room->kind != wire::ResourceKind::visio_room) {
        return {};
    }
    const wire::TimePoint at = seconds_of(now);
    const RoomStatus status = room_status(door.today->data, *room, at);
    if (status.state == RoomState::busy || status.check_in) {
        return {.available = true, .ad_hoc_minutes = std::nullopt};
    }
    if (status.state != RoomState::free || !status.until) {
        return {};
    }
    const auto free_for = duration_cast<minutes>(*status.until - at);
    const auto length = std::min(free_for, m_timing.ad_hoc_length);
    if (length < minutes{15}) {
        return {};
    }
    return {.available = true, .ad_hoc_minutes = static_cast<int>(length.count())};
}

void ConferenceController::open(std::optional<int> ad_hoc_minutes, TimePoint now) {
    if (m_resource_id.empty() || m_model.screen != Screen::home) {
        return;
    }
    m_model.conference = ConferenceModel{};
    m_model.conference.ad_hoc_minutes = ad_hoc_minutes;
    m_model.conference.extend_minutes = m_timing.extend_minutes;
    m_badge_uid.clear();
    m_guest_token.clear();
    m_awaited = 0;
    m_extend_request = 0;
    m_retry_at.reset();
    m_model.screen = Screen::conference;
    m_model.screen_since = now;
    enter(ConferenceStep::badge, now);
}

bool ConferenceController::in_progress() const {
    const ConferenceStep step = m_model.conference.step;
    return active() && (step == ConferenceStep::starting || step == ConferenceStep::joining ||
                        step == ConferenceStep::live || step == ConferenceStep::reconnecting);
}

void ConferenceController::start_by_itself(TimePoint now) {
    const DoorPanel& door = m_model.booking.door;
    if (m_resource_id.empty() || !door.today) {
        return;
    }
    const wire::ResourceAvailability* room = find_resource(door.today->data, m_resource_id);
    if (room == nullptr || room->kind != wire::ResourceKind::visio_room) {
        return;
    }
    const RoomStatus status = room_status(door.today->data, *room, seconds_of(now));
    if (status.state != RoomState::busy || !status.current || status.current->booking_id == m_auto_started) {
        return;
    }
    m_auto_started = status.current->booking_id;
    open(std::nullopt, now);
    m_awaited = next_request();
    m_commands.emplace_back(StartConference{
        .request_id = m_awaited,
        .start = wire::ConferenceStart{
            .resource_id = m_resource_id, .badge_uid = {}, .ad_hoc_minutes = std::nullopt, .automatic = true}});
    enter(ConferenceStep::starting, now);
}

void ConferenceController::on_badge(const std::string& badge_uid, TimePoint now) {
    if (!wants_badge()) {
        return;
    }
    m_badge_uid = badge_uid;
    m_model.conference.badged = true;
    m_awaited = next_request();
    m_commands.emplace_back(
        StartConference{.request_id = m_awaited,
                        .start = wire::ConferenceStart{.resource_id = m_resource_id,
                                                       .badge_uid = badge_uid,
                                                       .ad_hoc_minutes = m_model.conference.ad_hoc_minutes,
                                                       .automatic = false}});
    enter(ConferenceStep::starting, now);
}

void ConferenceController::cancel(TimePoint now) {
    const ConferenceStep step = m_model.conference.step;
    if (active() &&
        (step == ConferenceStep::badge || step == ConferenceStep::refused || step == ConferenceStep::ended)) {
        go_home(now);
    }
}

void ConferenceController::leave(TimePoint now) {
    if (!active()) {
        return;
    }
    const ConferenceStep step = m_model.conference.step;
    if (step == ConferenceStep::joining || step == ConferenceStep::live || step == ConferenceStep::reconnecting) {
        m_commands.emplace_back(LeaveRoom{});
    }
    go_home(now);
}

void ConferenceController::toggle_microphone(TimePoint) {
    if (!in_progress()) {
        return;
    }
    ConferenceModel& conference = m_model.conference;
    conference.microphone_muted = !conference.microphone_muted;
    m_commands.emplace_back(SetRoomMicrophone{.muted = conference.microphone_muted});
    touch();
}

void ConferenceController::toggle_camera(TimePoint) {
    if (!in_progress()) {
        return;
    }
    ConferenceModel& conference = m_model.conference;
    conference.camera_off = !conference.camera_off;
    m_commands.emplace_back(SetRoomCamera{.off = conference.camera_off});
    touch();
}

void ConferenceController::toggle_invite(TimePoint) {
    ConferenceModel& conference = m_model.conference;
    if (!in_progress() || conference.guest_url.empty()) {
        return;
    }
    conference.invite_shown = !conference.invite_shown;
    touch();
}

void ConferenceController::extend(TimePoint) {
    ConferenceModel& conference = m_model.conference;
    if (!in_progress() || !conference.conference || conference.extend == ExtendState::asking || m_badge_uid.empty()) {
        return;
    }
    m_extend_request = next_request();
    m_commands.emplace_back(ExtendConference{
        .request_id = m_extend_request,
        .conference_id = conference.conference->id,
        .extend = wire::ConferenceExtend{.badge_uid = m_badge_uid, .minutes = m_timing.extend_minutes}});
    conference.extend = ExtendState::asking;
    touch();
}

void ConferenceController::on_started(std::uint64_t request_id, const ConferenceAnswer& answer, TimePoint now) {
    if (!active() || request_id == 0 || request_id != m_awaited ||
        m_model.conference.step != ConferenceStep::starting) {
        return;
    }
    m_awaited = 0;
    std::visit(Overloaded{
                   [&](const wire::Conference& conference) {
                       ConferenceModel& model = m_model.conference;
                       model.conference = conference;
                       if (conference.guest_url) {
                           model.guest_url = *conference.guest_url;
                           m_guest_token = guest_token_of(*conference.guest_url);
                       }
                       join(room_of(conference), now);
                   },
                   [&](const ConferenceRefusal& refusal) {
                       m_model.conference.refusal = refusal;
                       m_badge_uid.clear();
                       enter(ConferenceStep::refused, now);
                   },
               },
               answer);
}

void ConferenceController::on_join_descriptor(std::uint64_t request_id, const JoinAnswer& answer, TimePoint now) {
    if (!active() || request_id == 0 || request_id != m_awaited ||
        m_model.conference.step != ConferenceStep::reconnecting) {
        return;
    }
    m_awaited = 0;
    std::visit(Overloaded{
                   [&](const wire::JoinDescriptor& descriptor) {
                       ConferenceModel& model = m_model.conference;
                       if (model.conference) {
                           model.conference->ends_at = descriptor.ends_at;
                       }
                       join(
                           JoinRoom{.janus_ws = descriptor.janus_ws,
                                    .janus_token = descriptor.janus_token,
                                    .room = descriptor.room,
                                    .pin = descriptor.pin,
                                    .display = model.conference ? model.conference->resource_name : descriptor.resource,
                                    .ice_servers = descriptor.ice_servers},
                           now);
                   },
                   [&](const ConferenceRefusal& refusal) {
                       if (refusal.status == 410 || refusal.status == 404) {
                           // Over (or the link is no more): nothing to come back to.
                           enter(ConferenceStep::ended, now);
                           return;
                       }
                       // Not reached, or a passing failure: the next attempt after the back-off.
                       schedule_retry(now);
                       touch();
                   },
               },
               answer);
}

void ConferenceController::on_extended(std::uint64_t request_id, const ConferenceAnswer& answer, TimePoint now) {
    ConferenceModel& model = m_model.conference;
    if (!active() || request_id == 0 || request_id != m_extend_request) {
        return;
    }
    m_extend_request = 0;
    std::visit(Overloaded{
                   [&](const wire::Conference& conference) {
                       if (model.conference) {
                           model.conference->ends_at = conference.ends_at;
                       }
                       model.extend = ExtendState::extended;
                   },
                   [&](const ConferenceRefusal& refusal) {
                       model.extend = refusal.status == 0 ? ExtendState::failed : ExtendState::refused;
                   },
               },
               answer);
    on_tick(now);
    touch();
}

void ConferenceController::on_joined(TimePoint now) {
    if (active() && m_model.conference.step == ConferenceStep::joining) {
        m_model.conference.reconnect_attempt = 0;
        enter(ConferenceStep::live, now);
    }
}

void ConferenceController::on_participant(ConferenceParticipant participant, TimePoint) {
    if (!in_progress()) {
        return;
    }
    auto& participants = m_model.conference.participants;
    const auto found = std::ranges::find(participants, participant.feed, &ConferenceParticipant::feed);
    if (found == participants.end()) {
        participants.push_back(std::move(participant));
    } else {
        found->name = std::move(participant.name);
        found->video = participant.video;
    }
    touch();
}

void ConferenceController::on_participant_left(std::uint64_t feed, TimePoint) {
    ConferenceModel& model = m_model.conference;
    const auto removed =
        std::erase_if(model.participants, [feed](const ConferenceParticipant& one) { return one.feed == feed; });
    if (model.speaker == feed) {
        model.speaker.reset();
    }
    if (removed > 0) {
        touch();
    }
}

void ConferenceController::on_talking(std::uint64_t feed, bool talking, TimePoint) {
    ConferenceModel& model = m_model.conference;
    const auto found = std::ranges::find(model.participants, feed, &ConferenceParticipant::feed);
    if (found == model.participants.end() || found->talking == talking) {
        return;
    }
    found->talking = talking;
    if (talking) {
        model.speaker = feed;
    } else if (model.speaker == feed) {
        // Whoever else still talks takes over; otherwise the last speaker stays outlined.
        const auto other =
            std::ranges::find_if(model.participants, [](const ConferenceParticipant& one) { return one.talking; });
        if (other != model.participants.end()) {
            model.speaker = other->feed;
        }
    }
    touch();
}

void ConferenceController::on_room_lost(const std::string&, TimePoint now) {
    const ConferenceStep step = m_model.conference.step;
    if (!active() || (step != ConferenceStep::joining && step != ConferenceStep::live)) {
        return;
    }
    m_commands.emplace_back(LeaveRoom{});
    reconnect(now);
}

void ConferenceController::on_tick(TimePoint now) {
    if (m_model.screen == Screen::home) {
        if (const ConferenceOffer offered = offer(now); offered != m_model.conference_offer) {
            m_model.conference_offer = offered;
            touch();
        }
        if (m_auto_start) {
            start_by_itself(now);
        }
    }
    if (!active()) {
        return;
    }
    ConferenceModel& model = m_model.conference;
    const auto since = now - model.step_since;
    switch (model.step) {
    case ConferenceStep::badge:
        if (since >= m_timing.badge) {
            go_home(now);
        }
        return;
    case ConferenceStep::starting:
        if (since >= m_timing.answer) {
            m_awaited = 0;
            model.refusal = ConferenceRefusal{.status = 0, .code = "timeout", .message = "no answer from the backend"};
            enter(ConferenceStep::refused, now);
        }
        return;
    case ConferenceStep::joining:
        if (since >= m_timing.join) {
            m_commands.emplace_back(LeaveRoom{});
            reconnect(now);
        }
        break;
    case ConferenceStep::reconnecting:
        if (m_retry_at && now >= *m_retry_at) {
            m_retry_at.reset();
            if (m_guest_token.empty()) {
                enter(ConferenceStep::ended, now);
                return;
            }
            m_awaited = next_request();
            m_commands.emplace_back(FetchJoinDescriptor{.request_id = m_awaited, .guest_token = m_guest_token});
            touch();
        } else if (!m_retry_at && m_awaited != 0 && since >= m_timing.answer * (model.reconnect_attempt + 1)) {
            // The descriptor request got no answer at all: ask again.
            m_awaited = 0;
            m_retry_at = now;
        }
        break;
    case ConferenceStep::refused:
        if (since >= m_timing.refused) {
            go_home(now);
        }
        return;
    case ConferenceStep::ended:
        if (since >= m_timing.ended) {
            go_home(now);
        }
        return;
    case ConferenceStep::live: break;
    }
    if (model.conference) {
        const auto ends = time_point_cast<milliseconds>(model.conference->ends_at);
        const bool soon = now >= ends - m_timing.warn_before_end;
        if (soon != model.ending_soon) {
            model.ending_soon = soon;
            if (soon && model.extend == ExtendState::extended) {
                model.extend = ExtendState::none; // extended once; a second warning offers it again
            }
            touch();
        }
    }
}

std::optional<TimePoint> ConferenceController::next_deadline() const {
    if (!active()) {
        return std::nullopt;
    }
    const ConferenceModel& model = m_model.conference;
    switch (model.step) {
    case ConferenceStep::badge: return model.step_since + m_timing.badge;
    case ConferenceStep::starting: return model.step_since + m_timing.answer;
    case ConferenceStep::refused: return model.step_since + m_timing.refused;
    case ConferenceStep::ended: return model.step_since + m_timing.ended;
    case ConferenceStep::joining:
    case ConferenceStep::live:
    case ConferenceStep::reconnecting: break;
    }
    std::optional<TimePoint> next;
    const auto sooner = [&next](TimePoint when) { next = next ? std::min(*next, when) : when; };
    if (model.step == ConferenceStep::joining) {
        sooner(model.step_since + m_timing.join);
    }
    if (m_retry_at) {
        sooner(*m_retry_at);
    }
    if (model.step == ConferenceStep::reconnecting && m_awaited != 0) {
        sooner(model.step_since + m_timing.answer * (model.reconnect_attempt + 1));
    }
    if (model.conference && !model.ending_soon) {
        sooner(time_point_cast<milliseconds>(model.conference->ends_at) - m_timing.warn_before_end);
    }
    return next;
}

std::vector<ConferenceCommand> ConferenceController::take_commands() { return std::exchange(m_commands, {}); }

void ConferenceController::enter(ConferenceStep step, TimePoint now) {
    m_model.conference.step = step;
    m_model.conference.step_since = now;
    touch();
}

void ConferenceController::join(const JoinRoom& room, TimePoint now) {
    m_model.conference.participants.clear();
    m_model.conference.speaker.reset();
    m_commands.emplace_back(room);
    // A reconnection keeps the member's choices.
    if (m_model.conference.microphone_muted) {
        m_commands.emplace_back(SetRoomMicrophone{.muted = true});
    }
    if (m_model.conference.camera_off) {
        m_commands.emplace_back(SetRoomCamera{.off = true});
    }
    enter(ConferenceStep::joining, now);
    on_tick(now);
}

void ConferenceController::reconnect(TimePoint now) {
    ConferenceModel& model = m_model.conference;
    model.participants.clear();
    model.speaker.reset();
    m_awaited = 0;
    schedule_retry(now);
    enter(ConferenceStep::reconnecting, now);
}

void ConferenceController::schedule_retry(TimePoint now) {
    ConferenceModel& model = m_model.conference;
    m_retry_at = now + std::min(m_timing.retry_max, m_timing.retry_first * (1 << std::min(model.reconnect_attempt, 4)));
    ++model.reconnect_attempt;
}

void ConferenceController::go_home(TimePoint now) {
    m_model.conference = ConferenceModel{};
    m_badge_uid.clear();
    m_guest_token.clear();
    m_awaited = 0;
    m_extend_request = 0;
    m_retry_at.reset();
    m_model.screen = Screen::home;
    m_model.screen_since = now;
    touch();
}

} // namespace telecentre::core
