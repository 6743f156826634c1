#pragma once
// One stay in a Janus VideoRoom room: the Janus client (platform/) and the media (media/): the
// camera and microphone published on one WebRTC connection, every other participant received on
// a second one. Made on JoinRoom, destroyed on LeaveRoom or when the room is lost; a reconnection
// makes a new one.
//
// Threading: constructed and destroyed on the UI thread; the destructor leaves the room and waits
// for the media threads (tens of ms). Events run on the Janus client's or the media's threads:
// they must only post.

#include "telecentre/core/conference_controller.hpp"
#include "telecentre/media/video_frame.hpp"
#include "telecentre/ui/kiosk_ui.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace telecentre::app {

struct ConferenceMedia;

struct RoomEvents {
    std::function<void()> on_joined; // in the room, the camera published
    std::function<void(core::ConferenceParticipant)> on_participant;
    std::function<void(std::uint64_t feed)> on_left;
    std::function<void(std::uint64_t feed, bool talking)> on_talking;
    std::function<void(std::string reason)> on_lost; // at most once; plain text for the log
    // The participants' pictures changed (a stream came or went): hand them to the UI.
    std::function<void(std::vector<ui::ConferenceFeed> feeds)> on_feeds;
    std::function<void()> on_picture; // a new picture in a mailbox: draw again
};

class ConferenceRoom {
public:
    ConferenceRoom(const core::JoinRoom& room, const ConferenceMedia& media, RoomEvents events);
    ~ConferenceRoom();
    ConferenceRoom(const ConferenceRoom&) = delete;
    ConferenceRoom& operator=(const ConferenceRoom&) = delete;

    void set_microphone_muted(bool muted);
    void set_camera_off(bool off);
    // The terminal's own camera, for the self-view; lives as long as the room.
    [[nodiscard]] media::FrameMailbox& self_view();
    // Per participant: decoded frames and audio (the trace and tests).
    [[nodiscard]] std::string counters() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::app
