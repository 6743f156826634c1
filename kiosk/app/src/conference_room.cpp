// ConferenceRoom: the Janus client, the publisher (media::WebrtcbinCall sending the camera and
// microphone) and the subscriber (media::WebrtcbinReceiver receiving everyone else) of one stay in
// a conference room (conference_room.hpp).

#include "conference_room.hpp"

#include "kiosk_conference.hpp"
#include "telecentre/media/device_choice.hpp"
#include "telecentre/media/devices.hpp"
#include "telecentre/media/media.hpp"
#include "telecentre/media/webrtcbin_call.hpp"
#include "telecentre/media/webrtcbin_receiver.hpp"
#include "telecentre/platform/janus_room_client.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

namespace telecentre::app {
namespace {

media::DeviceRule device_rule(media::DeviceKind kind, const std::string& text) {
    return media::parse_device_rule(kind, text).value_or(media::DeviceRule{});
}

// STUN and TURN from the conference's ICE servers (the backend's), else from [reception].
void add_ice_servers(const std::vector<wire::IceServer>& servers, std::string& stun, std::vector<std::string>& turn) {
    for (const wire::IceServer& server : servers) {
        for (const std::string& url : server.urls) {
            if (url.starts_with("stun:") && stun.empty()) {
                stun = "stun://" + url.substr(5);
            } else if ((url.starts_with("turn:") || url.starts_with("turns:")) && server.username &&
                       server.credential) {
                const auto colon = url.find(':');
                turn.push_back(url.substr(0, colon) + "://" + *server.username + ":" + *server.credential + "@" +
                               url.substr(colon + 1));
            }
        }
    }
}

bool sends_video(const platform::JanusPublisher& publisher) {
    return std::ranges::any_of(publisher.streams, [](const platform::JanusPublishedStream& stream) {
        return stream.type == "video" && !stream.disabled;
    });
}

} // namespace

struct ConferenceRoom::Impl {
    RoomEvents events;
    std::unique_ptr<media::WebrtcbinCall> publisher;
    std::unique_ptr<media::WebrtcbinReceiver> receiver;
    std::unique_ptr<platform::JanusRoomClient> client;
    std::atomic<bool> lost{false};
    // Set once `client` is: the client's first callbacks may come before connect() returned here.
    std::atomic<bool> client_set{false};

    // Below: the client's thread and the receiver's thread; under the mutex.
    mutable std::mutex mutex;
    std::map<std::uint64_t, std::string> names;                            // every participant seen, by feed
    std::set<std::pair<std::uint64_t, std::string>> subscribed;            // streams asked for: feed, its mid
    std::map<std::string, std::uint64_t> mid_feed;                         // the subscription's mids, from Janus's list
    std::set<std::string> video_mids;                                      // video streams flowing now
    std::map<std::string, std::shared_ptr<media::FrameMailbox>> mailboxes; // kept while the room lives

    void lose(const std::string& reason) {
        if (!lost.exchange(true) && events.on_lost) {
            events.on_lost(reason);
        }
    }

    // Each participant's picture now, for the UI.
    void report_feeds() {
        std::vector<ui::ConferenceFeed> feeds;
        {
            std::lock_guard lock(mutex);
            for (const std::string& mid : video_mids) {
                const auto feed = mid_feed.find(mid);
                const auto mailbox = mailboxes.find(mid);
                if (feed != mid_feed.end() && mailbox != mailboxes.end()) {
                    feeds.push_back({feed->second, mailbox->second.get()});
                }
            }
        }
        if (events.on_feeds) {
            events.on_feeds(std::move(feeds));
        }
    }

    // New publishers, or new streams of known ones (a camera added after the microphone, say):
    // shown, and each stream not asked for yet asked for.
    void take_publishers(const std::vector<platform::JanusPublisher>& publishers) {
        std::vector<platform::JanusStreamRequest> wanted;
        for (const platform::JanusPublisher& one : publishers) {
            if (one.dummy) {
                continue;
            }
            {
                std::lock_guard lock(mutex);
                names[one.id] = one.display;
                // A new publisher: all its streams in one request (Janus picks them); a known one
                // with a stream not asked for yet: that stream.
                const bool known =
                    std::ranges::any_of(subscribed, [&one](const auto& stream) { return stream.first == one.id; });
                std::vector<platform::JanusStreamRequest> added;
                for (const platform::JanusPublishedStream& stream : one.streams) {
                    if ((stream.type == "audio" || stream.type == "video") && !stream.disabled &&
                        subscribed.insert({one.id, stream.mid}).second) {
                        added.push_back({.feed = one.id, .mid = stream.mid});
                    }
                }
                if (!known && !added.empty()) {
                    wanted.push_back({.feed = one.id, .mid = {}});
                } else {
                    wanted.insert(wanted.end(), added.begin(), added.end());
                }
            }
            if (events.on_participant) {
                events.on_participant(core::ConferenceParticipant{
                    .feed = one.id, .name = one.display, .talking = one.talking, .video = sends_video(one)});
            }
        }
        if (!wanted.empty()) {
            client->subscribe(std::move(wanted));
        }
    }
};

ConferenceRoom::ConferenceRoom(const core::JoinRoom& room, const ConferenceMedia& media, RoomEvents events)
    : m_impl(std::make_unique<Impl>()) {
    Impl& impl = *m_impl;
    impl.events = std::move(events);
    if (auto ready = media::initialise(); !ready) {
        impl.lose("the media engine did not start: " + ready.error());
        return;
    }

    // The devices, once, when a rule names one (auto, name:...).
    const media::DeviceRule camera = device_rule(media::DeviceKind::camera, media.camera);
    const media::DeviceRule microphone = device_rule(media::DeviceKind::microphone, media.microphone);
    const media::DeviceRule speaker = device_rule(media::DeviceKind::speaker, media.speaker);
    std::vector<media::Device> devices;
    if (media::needs_devices(camera) || media::needs_devices(microphone) || media::needs_devices(speaker)) {
        devices = media::list_devices();
    }

    // The publisher: the camera in 720p and the microphone; Janus answers receive-only.
    media::CallConfig publish;
    publish.video_source = media::video_source_for(camera, devices);
    publish.stamp_wall_clock = camera.kind == media::DeviceRuleKind::test_clock;
    publish.audio_source = media::audio_source_for(microphone, devices);
    publish.audio_output = media::AudioOutput::fake; // nothing comes back on this connection
    publish.width = 1280;
    publish.height = 720;
    publish.fps = 30;
    publish.video_bitrate_kbps = 1200;
    publish.stun_server = media.stun;
    publish.turn_servers = media.turn;
    add_ice_servers(room.ice_servers, publish.stun_server, publish.turn_servers);
    publish.ice_local_addresses = media.ice_local_addresses;

    // The subscriber: everyone else, mixed to the speaker.
    media::CallConfig output;
    media::set_audio_output(output, speaker, devices);
    media::ReceiverConfig receive;
    receive.audio_output = output.audio_output;
    receive.audio_output_device = output.audio_output_device;
    receive.audio_output_handle = output.audio_output_handle;
    receive.receive_video_kbps = 800; // up to nine tiles: each guest's picture, not a full-screen one
    receive.stun_server = publish.stun_server;
    receive.turn_servers = publish.turn_servers;
    receive.ice_local_addresses = media.ice_local_addresses;
    static std::atomic<unsigned> rooms{0};
    receive.echo_probe_name = "telecentre-conference-probe-" + std::to_string(++rooms);
    publish.echo_probe_name = receive.echo_probe_name;

    Impl* const self = &impl;
    // The receiver first: its output carries the echo probe the publisher's echo canceller reads,
    // which must exist when the publisher starts (what the loudspeaker plays is the guests).
    impl.receiver = std::make_unique<media::WebrtcbinReceiver>(
        std::move(receive),
        media::ReceiverCallbacks{
            .on_local_description = [self](const std::string& answer) { self->client->start(answer); },
            .on_local_candidate =
                [self](unsigned mline, const std::string& candidate) {
                    self->client->trickle(platform::JanusHandleRole::subscriber, mline, {}, candidate);
                },
            .on_stream_added =
                [self](const std::string& mid, media::StreamKind kind) {
                    if (kind != media::StreamKind::video) {
                        return;
                    }
                    auto mailbox = self->receiver->video(mid);
                    if (!mailbox) {
                        return;
                    }
                    mailbox->set_listener(self->events.on_picture);
                    {
                        std::lock_guard lock(self->mutex);
                        self->mailboxes[mid] = std::move(mailbox);
                        self->video_mids.insert(mid);
                    }
                    self->report_feeds();
                },
            .on_stream_removed =
                [self](const std::string& mid) {
                    {
                        std::lock_guard lock(self->mutex);
                        self->video_mids.erase(mid);
                    }
                    self->report_feeds();
                },
            .on_state =
                [self](media::CallState state) {
                    if (state == media::CallState::failed) {
                        self->lose("the receiving connection failed");
                    }
                },
            .on_error =
                [](const std::string& message) {
                    std::fprintf(stderr, "telecentre-kiosk: conference receiver: %s\n", message.c_str());
                }});

    impl.publisher = std::make_unique<media::WebrtcbinCall>(
        std::move(publish),
        media::CallCallbacks{
            .on_local_description =
                [self](media::SdpType type, const std::string& sdp) {
                    if (type == media::SdpType::offer) {
                        self->client->publish(sdp);
                    }
                },
            .on_local_candidate =
                [self](unsigned mline, const std::string& candidate) {
                    self->client->trickle(platform::JanusHandleRole::publisher, mline, {}, candidate);
                },
            .on_state =
                [self](media::CallState state) {
                    if (state == media::CallState::connected && self->events.on_joined) {
                        self->events.on_joined();
                    } else if (state == media::CallState::failed || state == media::CallState::disconnected) {
                        self->lose(std::string{"the published connection is "} + media::to_string(state));
                    }
                },
            .on_error =
                [](const std::string& message) {
                    std::fprintf(stderr, "telecentre-kiosk: conference publisher: %s\n", message.c_str());
                },
            .on_camera_lost =
                [](const std::string& message) {
                    std::fprintf(stderr, "telecentre-kiosk: conference camera lost: %s\n", message.c_str());
                }});
    platform::JanusRoomConfig config;
    config.url = room.janus_ws;
    config.ca_file = media.janus_ca_file;
    config.token = room.janus_token;
    config.room = static_cast<std::uint64_t>(room.room);
    config.pin = room.pin;
    config.display = room.display;
    auto client = platform::JanusRoomClient::connect(
        std::move(config),
        platform::JanusRoomCallbacks{
            .on_joined =
                [self](const platform::JanusJoined& joined) {
                    self->client_set.wait(false);
                    self->publisher->create_offer();
                    self->take_publishers(joined.publishers);
                },
            .on_publisher_answer =
                [self](const std::string& answer) {
                    self->publisher->set_remote_description(media::SdpType::answer, answer);
                },
            .on_subscriber_offer =
                [self](const platform::JanusSubscriberOffer& offer) {
                    {
                        std::lock_guard lock(self->mutex);
                        for (const platform::JanusSubscriptionStream& stream : offer.streams) {
                            if (stream.feed_id) {
                                self->mid_feed[stream.mid] = *stream.feed_id;
                            }
                        }
                    }
                    self->receiver->set_remote_offer(offer.sdp);
                },
            .on_publishers =
                [self](const std::vector<platform::JanusPublisher>& publishers) { self->take_publishers(publishers); },
            .on_joining =
                [self](std::uint64_t id, const std::string& display) {
                    {
                        std::lock_guard lock(self->mutex);
                        self->names[id] = display;
                    }
                    if (self->events.on_participant) {
                        self->events.on_participant(
                            core::ConferenceParticipant{.feed = id, .name = display, .talking = false, .video = false});
                    }
                },
            .on_publisher_gone =
                [self](std::uint64_t id, platform::JanusDeparture how) {
                    {
                        std::lock_guard lock(self->mutex);
                        std::erase_if(self->subscribed, [id](const auto& stream) { return stream.first == id; });
                    }
                    // Unpublished only: still in the room, without a camera; left: gone.
                    if (how == platform::JanusDeparture::unpublished) {
                        std::string name;
                        {
                            std::lock_guard lock(self->mutex);
                            name = self->names[id];
                        }
                        if (self->events.on_participant) {
                            self->events.on_participant(core::ConferenceParticipant{
                                .feed = id, .name = name, .talking = false, .video = false});
                        }
                    } else if (self->events.on_left) {
                        self->events.on_left(id);
                    }
                },
            .on_talking =
                [self](std::uint64_t id, platform::JanusTalking state) {
                    std::fprintf(stderr, "telecentre-kiosk: conference: feed %llu %s talking\n",
                                 static_cast<unsigned long long>(id),
                                 state == platform::JanusTalking::started ? "started" : "stopped");
                    if (self->events.on_talking) {
                        self->events.on_talking(id, state == platform::JanusTalking::started);
                    }
                },
            .on_remote_candidate =
                [self](platform::JanusHandleRole role, const platform::JanusCandidate& candidate) {
                    if (candidate.completed || !candidate.mline_index) {
                        return;
                    }
                    if (role == platform::JanusHandleRole::publisher) {
                        self->publisher->add_remote_candidate(*candidate.mline_index, candidate.candidate);
                    } else {
                        self->receiver->add_remote_candidate(*candidate.mline_index, candidate.candidate);
                    }
                },
            .on_media = {},
            .on_error =
                [self](const platform::JanusRequestError& error) {
                    std::fprintf(stderr, "telecentre-kiosk: Janus refused %s: %d %s\n", error.request.c_str(),
                                 error.code, error.reason.c_str());
                    // Without the room (no session, not joined) there is no conference to be in.
                    if (error.request == "create" || error.request == "attach" || error.request == "join") {
                        self->lose("Janus refused " + error.request + " (" + std::to_string(error.code) + ")");
                    }
                },
            .on_room_destroyed = [self] { self->lose("the conference room was destroyed"); },
            .on_lost = [self](const std::string& reason) { self->lose(reason); },
            .on_log =
                [](const std::string& message) {
                    std::fprintf(stderr, "telecentre-kiosk: Janus: %s\n", message.c_str());
                }});
    if (!client) {
        impl.lose(client.error());
        return;
    }
    impl.client = std::move(*client);
    impl.client_set = true;
    impl.client_set.notify_all();
}

ConferenceRoom::~ConferenceRoom() {
    Impl& impl = *m_impl;
    // The goodbye first (no client callback after it), then the media (no media callback after
    // them, and those call the client, which stays until the end).
    if (impl.client) {
        impl.client->leave();
    }
    if (impl.publisher) {
        impl.publisher->hang_up();
    }
    if (impl.receiver) {
        impl.receiver->close();
    }
    for (auto& [mid, mailbox] : impl.mailboxes) {
        mailbox->set_listener({});
    }
}

void ConferenceRoom::set_microphone_muted(bool muted) {
    if (m_impl->publisher) {
        m_impl->publisher->set_microphone_muted(muted ? media::MicrophoneState::muted : media::MicrophoneState::live);
    }
}

void ConferenceRoom::set_camera_off(bool off) {
    if (m_impl->publisher) {
        m_impl->publisher->set_camera_enabled(off ? media::CameraState::off : media::CameraState::on);
    }
}

media::FrameMailbox& ConferenceRoom::self_view() {
    static media::FrameMailbox none;
    return m_impl->publisher ? m_impl->publisher->self_view() : none;
}

std::string ConferenceRoom::counters() const {
    const Impl& impl = *m_impl;
    if (!impl.receiver) {
        return "none";
    }
    const media::ReceiverStats stats = impl.receiver->stats();
    std::map<std::uint64_t, std::pair<std::uint64_t, std::uint64_t>> by_feed; // video frames, audio samples
    {
        std::lock_guard lock(impl.mutex);
        for (const media::ReceivedStreamStats& stream : stats.streams) {
            const auto feed = impl.mid_feed.find(stream.mid);
            if (feed == impl.mid_feed.end() || !stream.active) {
                continue;
            }
            auto& [video, audio] = by_feed[feed->second];
            video += stream.video_frames_decoded;
            audio += stream.audio_samples_received;
        }
    }
    std::string out;
    for (const auto& [feed, counts] : by_feed) {
        out += "feed=" + std::to_string(feed) + " video_frames=" + std::to_string(counts.first) +
               " audio_samples=" + std::to_string(counts.second) + ";";
    }
    const media::CallStats sent = impl.publisher ? impl.publisher->stats() : media::CallStats{};
    out += "sent video_frames=" + std::to_string(sent.video_frames_sent);
    // Each m-line of the subscription: mid, kind, whether the last offer sends it, its counter.
    out += " streams=";
    for (const media::ReceivedStreamStats& stream : stats.streams) {
        out += stream.mid + (stream.kind == media::StreamKind::video ? ":v:" : ":a:") + (stream.active ? "1:" : "0:") +
               std::to_string(stream.kind == media::StreamKind::video ? stream.video_frames_decoded
                                                                      : stream.audio_samples_received) +
               ",";
    }
    return out;
}

} // namespace telecentre::app
