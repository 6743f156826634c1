// The room's media is the next increment (the Janus client and the multistream receiver): until it
// lands, a join is reported lost at once, and the terminal shows "Reconnexion…".
#include "conference_room.hpp"

#include "kiosk_conference.hpp"

namespace telecentre::app {

struct ConferenceRoom::Impl {
    media::FrameMailbox self;
};

ConferenceRoom::ConferenceRoom(const core::JoinRoom&, const ConferenceMedia&, RoomEvents events)
    : m_impl(std::make_unique<Impl>()) {
    if (events.on_lost) {
        events.on_lost("the conference media is not built into this terminal yet");
    }
}
ConferenceRoom::~ConferenceRoom() = default;
void ConferenceRoom::set_microphone_muted(bool) {}
void ConferenceRoom::set_camera_off(bool) {}
media::FrameMailbox& ConferenceRoom::self_view() { return m_impl->self; }
std::string ConferenceRoom::counters() const { return {}; }

} // namespace telecentre::app
