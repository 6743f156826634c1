// What Janus says, sorted: answers matched to their requests by transaction, VideoRoom's events
// and the core's (webrtcup, media, hangup...) delivered to the callbacks of the handle they
// concern. Anything unexpected is counted and logged, never fatal.
#include "janus_room_client_impl.hpp"

#include <algorithm>

namespace telecentre::platform {

namespace {

std::string event_name(const VideoRoomEvent& event) {
    if (const auto* other = std::get_if<VideoRoomOther>(&event)) {
        return other->name;
    }
    return "#" + std::to_string(event.index());
}

} // namespace

void JanusRoomClient::Impl::on_message(const std::string& text) {
    count([](JanusRoomStats& stats) { ++stats.messages_received; });
    const auto message = decode_janus_message(text);
    if (message.kind == JanusKind::malformed) {
        return ignore(message.problem);
    }
    if (message.session_id != 0 && session != 0 && message.session_id != session) {
        return ignore("a message for another session");
    }
    std::string request_name;
    if (!message.transaction.empty()) {
        const auto entry = pending.find(message.transaction);
        if (entry == pending.end()) {
            if (message.kind == JanusKind::ack &&
                std::ranges::find(answered_before_ack, message.transaction) != answered_before_ack.end()) {
                return;
            }
            if (message.kind != JanusKind::event) {
                return ignore("an answer to no request of ours (\"" + message.janus + "\")");
            }
            // An event carrying the transaction of a request already forgotten: still an event.
        } else {
            auto& waiting = entry->second;
            request_name = waiting.request;
            const auto role = waiting.role;
            switch (message.kind) {
            case JanusKind::ack:
                if (waiting.request == "keepalive") {
                    count([](JanusRoomStats& stats) { ++stats.keepalives_acked; });
                }
                if (waiting.waiting == Waiting::plugin) {
                    // The event with the same transaction follows, maybe much later ("update"
                    // postponed while a negotiation runs): the link is fine meanwhile.
                    waiting.acked = true;
                    waiting.deadline = Clock::now() + 6 * config.request_timeout;
                } else {
                    pending.erase(entry);
                }
                return;
            case JanusKind::error: {
                pending.erase(entry);
                emit(callbacks.on_error,
                     JanusRequestError{request_name, role, message.error_code, message.error_reason});
                // Without a session or a handle the client can do nothing more.
                if (request_name == "create" || request_name == "attach") {
                    lose("Janus refused \"" + request_name + "\": " + std::to_string(message.error_code) + " " +
                         message.error_reason);
                } else if (request_name == "destroy") {
                    close_politely();
                }
                return;
            }
            case JanusKind::success: {
                auto on_success = std::move(waiting.on_success);
                pending.erase(entry);
                if (on_success) {
                    on_success(message);
                }
                return;
            }
            default:
                if (!waiting.acked) {
                    answered_before_ack.push_back(message.transaction);
                    if (answered_before_ack.size() > 32) {
                        answered_before_ack.pop_front();
                    }
                }
                pending.erase(entry);
                break;
            }
        }
    }
    JanusHandleRole role = JanusHandleRole::publisher;
    if (message.kind == JanusKind::timeout) {
        return lose("Janus ended the session (timeout)");
    }
    if (message.sender != 0 && message.sender == publisher_handle) {
        role = JanusHandleRole::publisher;
    } else if (message.sender != 0 && message.sender == subscriber_handle) {
        role = JanusHandleRole::subscriber;
    } else {
        return ignore("\"" + message.janus + "\" from a handle that is not ours");
    }
    if (message.kind == JanusKind::event) {
        if (message.plugin != kPlugin) {
            return ignore("an event from another plugin");
        }
        return on_plugin_event(message, role, request_name);
    }
    on_core_event(message, role);
}

void JanusRoomClient::Impl::on_plugin_event(const JanusMessage& message, JanusHandleRole role,
                                            const std::string& request_name) {
    const auto& event = message.videoroom;
    if (const auto* error = std::get_if<VideoRoomError>(&event)) {
        if (role == JanusHandleRole::subscriber && subscription == Subscription::joining) {
            subscription = Subscription::attached; // the next subscribe() joins again
        }
        const auto name = request_name.empty() ? std::string("event") : request_name;
        return emit(callbacks.on_error, JanusRequestError{name, role, error->code, error->reason});
    }
    if (const auto* destroyed = std::get_if<VideoRoomDestroyed>(&event)) {
        if (!room_destroyed && (destroyed->room == 0 || destroyed->room == config.room)) {
            room_destroyed = true;
            emit(callbacks.on_room_destroyed);
        }
        return;
    }
    if (role == JanusHandleRole::subscriber) {
        if (const auto* subscription_event = std::get_if<VideoRoomSubscription>(&event)) {
            if (subscription_event->first) {
                subscription = Subscription::joined;
            }
            if (message.jsep && message.jsep->type == "offer") {
                emit(callbacks.on_subscriber_offer,
                     JanusSubscriberOffer{subscription_event->first, message.jsep->sdp, subscription_event->streams});
            }
            if (subscription_event->first) {
                send_update(); // what was asked while joining
            }
            return;
        }
        if (message.jsep && message.jsep->type == "offer") {
            // An offer Janus sends by itself (a feed gone), whatever the event says with it.
            return emit(callbacks.on_subscriber_offer, JanusSubscriberOffer{false, message.jsep->sdp, {}});
        }
        if (!std::holds_alternative<VideoRoomStarted>(event) && !std::holds_alternative<VideoRoomUpdating>(event)) {
            log("the subscriber's event \"" + event_name(event) + "\" needs nothing");
        }
        return;
    }
    if (const auto* joined_event = std::get_if<VideoRoomJoined>(&event)) {
        joined = true;
        own_id = joined_event->id;
        private_id = joined_event->private_id;
        JanusJoined report{own_id, private_id, {}};
        for (const auto& publisher : joined_event->publishers) {
            if (!publisher.dummy && publisher.id != own_id) {
                report.publishers.push_back(publisher);
            }
        }
        emit(callbacks.on_joined, report);
        if (offer_waiting) {
            auto offer = std::move(*offer_waiting);
            offer_waiting.reset();
            send_publish(offer);
        }
        if (!subscribe_waiting.empty() && subscription == Subscription::none) {
            subscription = Subscription::attaching;
            attach(JanusHandleRole::subscriber);
        }
        return;
    }
    if (message.jsep && message.jsep->type == "answer") {
        emit(callbacks.on_publisher_answer, message.jsep->sdp);
    }
    if (const auto* publishers = std::get_if<VideoRoomPublishers>(&event)) {
        std::vector<JanusPublisher> others;
        for (const auto& publisher : publishers->publishers) {
            if (!publisher.dummy && publisher.id != own_id) {
                others.push_back(publisher);
            }
        }
        if (!others.empty()) {
            emit(callbacks.on_publishers, others);
        }
    } else if (const auto* gone = std::get_if<VideoRoomGone>(&event)) {
        if (gone->id != own_id) {
            emit(callbacks.on_publisher_gone, gone->id, gone->how);
        }
    } else if (const auto* joining = std::get_if<VideoRoomJoining>(&event)) {
        emit(callbacks.on_joining, joining->id, joining->display);
    } else if (const auto* talking = std::get_if<VideoRoomTalking>(&event)) {
        emit(callbacks.on_talking, talking->id, talking->state);
    }
}

void JanusRoomClient::Impl::on_core_event(const JanusMessage& message, JanusHandleRole role) {
    JanusMediaEvent event;
    switch (message.kind) {
    case JanusKind::trickle:
        count([](JanusRoomStats& stats) { ++stats.remote_candidates; });
        return emit(callbacks.on_remote_candidate, role, message.candidate);
    case JanusKind::webrtcup: event.kind = JanusMediaEventKind::webrtcup; break;
    case JanusKind::media: event.kind = JanusMediaEventKind::media; break;
    case JanusKind::slowlink: event.kind = JanusMediaEventKind::slowlink; break;
    case JanusKind::hangup: event.kind = JanusMediaEventKind::hangup; break;
    case JanusKind::detached:
        event.kind = JanusMediaEventKind::detached;
        if (role == JanusHandleRole::subscriber) {
            subscriber_handle = 0;
            subscription = Subscription::none;
        }
        break;
    default: return ignore("\"" + message.janus + "\" is not handled");
    }
    event.media_type = message.media_type;
    event.mid = message.mid;
    event.receiving = message.receiving;
    event.uplink = message.uplink;
    event.lost = message.lost;
    event.reason = message.reason;
    emit(callbacks.on_media, role, event);
}

} // namespace telecentre::platform
