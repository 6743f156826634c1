// The room terminal's conference, driven by events with a fake clock: when the door panel offers a
// start, the badge → start → join → live flow, refusals, the participants and the active speaker,
// the end-of-booking warning and "Prolonger", and reconnection with its back-off.

#include "telecentre/core/conference_controller.hpp"

#include <gtest/gtest.h>

using namespace telecentre;
using namespace telecentre::core;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

constexpr year_month_day kTuesday = 2026y / November / 24d; // Paris is UTC+1

wire::TimePoint paris(int hour, int minute = 0) {
    return wire::from_paris(local_days{kTuesday} + hours{hour} + minutes{minute});
}

constexpr const char* kRoom = "murat-visio";

// Murat's day: the visio room booked 10:00-11:00 by Élodie, open 8:30-12:30 and 13:30-18:00.
wire::Availability murat_day() {
    wire::Availability availability;
    availability.site_id = "murat";
    availability.from = sys_days{kTuesday};
    availability.days = 1;
    availability.rules.slot_minutes = 30;
    availability.rules.kinds = {{wire::ResourceKind::visio_room, 240, false}};
    availability.open = {{paris(8, 30), paris(12, 30)}, {paris(13, 30), paris(18)}};
    wire::ResourceAvailability room;
    room.id = kRoom;
    room.name = "Salle visio";
    room.kind = wire::ResourceKind::visio_room;
    room.busy = {wire::BusyInterval{.start = paris(10), .end = paris(11), .booking_id = "b1", .holder = "Élodie V."}};
    availability.resources = {room};
    return availability;
}

wire::Conference conference(wire::TimePoint ends = paris(11)) {
    wire::Conference made;
    made.id = "c1";
    made.booking_id = "b1";
    made.site_id = "murat";
    made.resource_id = kRoom;
    made.resource_name = "Salle visio";
    made.host_name = "Élodie V.";
    made.room = 4242;
    made.pin = "135790";
    made.janus_ws = "ws://127.0.0.1:8188/";
    made.janus_token = "janus-token";
    made.started_at = paris(10);
    made.ends_at = ends;
    made.guest_url = "https://accueil.example/join/TOKEN123";
    return made;
}

template <class T> const T* as(const ConferenceCommand& command) { return std::get_if<T>(&command); }

struct ConferenceTest : ::testing::Test {
    KioskModel model;
    FakeClock clock{time_point_cast<milliseconds>(paris(9, 55))};
    ConferenceController controller{model, ConferenceTiming{}};

    void SetUp() override {
        model.role = KioskRole::room;
        model.booking.door.resource_id = kRoom;
        model.booking.door.today = ShownAvailability{
            .data = murat_day(), .origin = AvailabilityOrigin::live, .offline_since = std::nullopt, .received = now()};
        controller.set_room(kRoom);
    }
    TimePoint now() const { return clock.now(); }
    void advance(milliseconds step) {
        clock.advance(step);
        controller.on_tick(now());
    }
    std::vector<ConferenceCommand> commands() { return controller.take_commands(); }

    // Start → badge → the backend's conference → joined: live. Returns the JoinRoom sent.
    JoinRoom start_live(wire::Conference made = conference()) {
        controller.open(std::nullopt, now());
        controller.on_badge("04A1B2C3", now());
        const auto sent = commands();
        EXPECT_EQ(sent.size(), 1U);
        const auto* start = as<StartConference>(sent.at(0));
        EXPECT_NE(start, nullptr);
        controller.on_started(start->request_id, made, now());
        const auto joining = commands();
        EXPECT_EQ(joining.size(), 1U);
        const auto* join = as<JoinRoom>(joining.at(0));
        EXPECT_NE(join, nullptr);
        controller.on_joined(now());
        return *join;
    }
};

} // namespace

TEST(TileGrid, FitsUpToNineTiles) {
    EXPECT_EQ(tile_grid(0).columns, 1);
    EXPECT_EQ(tile_grid(1).columns * tile_grid(1).rows, 1);
    EXPECT_EQ(tile_grid(2).columns, 2);
    EXPECT_EQ(tile_grid(2).rows, 1);
    for (std::size_t tiles = 1; tiles <= kMaxTiles; ++tiles) {
        const TileGrid grid = tile_grid(tiles);
        EXPECT_GE(static_cast<std::size_t>(grid.columns * grid.rows), tiles) << tiles;
        EXPECT_LE(grid.rows, grid.columns) << "landscape: never taller than wide, " << tiles;
    }
    EXPECT_EQ(tile_grid(4).columns, 2);
    EXPECT_EQ(tile_grid(9).rows, 3);
}

TEST_F(ConferenceTest, TheDoorPanelOffersAStartForTheBookingAndAdHocInAFreeRoom) {
    const auto early = controller.offer(now()); // 9:55: Élodie's booking starts at 10:00
    EXPECT_TRUE(early.available);
    EXPECT_FALSE(early.ad_hoc_minutes);
    clock.set(time_point_cast<milliseconds>(paris(10, 30)));
    EXPECT_TRUE(controller.offer(now()).available);
    EXPECT_FALSE(controller.offer(now()).ad_hoc_minutes);
    clock.set(time_point_cast<milliseconds>(paris(11, 20))); // free until 12:30 closing
    const auto free_room = controller.offer(now());
    EXPECT_TRUE(free_room.available);
    ASSERT_TRUE(free_room.ad_hoc_minutes);
    EXPECT_EQ(*free_room.ad_hoc_minutes, 60);
    clock.set(time_point_cast<milliseconds>(paris(12))); // 30 minutes left before closing
    ASSERT_TRUE(controller.offer(now()).ad_hoc_minutes);
    EXPECT_EQ(*controller.offer(now()).ad_hoc_minutes, 30);
    clock.set(time_point_cast<milliseconds>(paris(12, 20))); // 10 minutes: too short
    EXPECT_FALSE(controller.offer(now()).available);
    clock.set(time_point_cast<milliseconds>(paris(12, 45))); // closed
    EXPECT_FALSE(controller.offer(now()).available);
}

TEST_F(ConferenceTest, NoOfferOutsideAVisioRoomOrWithoutTheDay) {
    auto day = murat_day();
    day.resources[0].kind = wire::ResourceKind::meeting_room;
    model.booking.door.today->data = day;
    EXPECT_FALSE(controller.offer(now()).available);
    model.booking.door.today.reset();
    EXPECT_FALSE(controller.offer(now()).available);
}

TEST_F(ConferenceTest, BadgeThenStartThenJoinThenLive) {
    controller.open(std::nullopt, now());
    EXPECT_EQ(model.screen, Screen::conference);
    EXPECT_EQ(model.conference.step, ConferenceStep::badge);
    EXPECT_TRUE(controller.wants_badge());
    EXPECT_FALSE(controller.in_progress());

    controller.on_badge("04A1B2C3", now());
    EXPECT_EQ(model.conference.step, ConferenceStep::starting);
    EXPECT_FALSE(controller.wants_badge());
    auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* start = as<StartConference>(sent[0]);
    ASSERT_NE(start, nullptr);
    EXPECT_EQ(start->start.resource_id, kRoom);
    EXPECT_EQ(start->start.badge_uid, "04A1B2C3");
    EXPECT_FALSE(start->start.ad_hoc_minutes);

    controller.on_started(start->request_id + 1, conference(), now());
    EXPECT_EQ(model.conference.step, ConferenceStep::starting) << "an answer to another request is ignored";

    controller.on_started(start->request_id, conference(), now());
    EXPECT_EQ(model.conference.step, ConferenceStep::joining);
    EXPECT_EQ(model.conference.guest_url, "https://accueil.example/join/TOKEN123");
    sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* join = as<JoinRoom>(sent[0]);
    ASSERT_NE(join, nullptr);
    EXPECT_EQ(join->room, 4242);
    EXPECT_EQ(join->pin, "135790");
    EXPECT_EQ(join->janus_token, "janus-token");
    EXPECT_EQ(join->janus_ws, "ws://127.0.0.1:8188/");
    EXPECT_EQ(join->display, "Salle visio");
    EXPECT_TRUE(controller.in_progress());

    controller.on_joined(now());
    EXPECT_EQ(model.conference.step, ConferenceStep::live);
}

TEST_F(ConferenceTest, AnAdHocStartAsksForTheFreeTime) {
    clock.set(time_point_cast<milliseconds>(paris(11, 20)));
    const auto offered = controller.offer(now());
    controller.open(offered.ad_hoc_minutes, now());
    controller.on_badge("04A1B2C3", now());
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* start = as<StartConference>(sent[0]);
    ASSERT_NE(start, nullptr);
    EXPECT_EQ(start->start.ad_hoc_minutes, 60);
}

TEST_F(ConferenceTest, ARefusalIsShownThenTheDoorPanelComesBack) {
    controller.open(std::nullopt, now());
    controller.on_badge("0BADBADGE0", now());
    const auto sent = commands();
    const auto* start = as<StartConference>(sent.at(0));
    ASSERT_NE(start, nullptr);
    controller.on_started(start->request_id,
                          ConferenceRefusal{.status = 403, .code = "not_your_booking", .message = "not yours"}, now());
    EXPECT_EQ(model.conference.step, ConferenceStep::refused);
    ASSERT_TRUE(model.conference.refusal);
    EXPECT_EQ(model.conference.refusal->code, "not_your_booking");
    EXPECT_TRUE(commands().empty()) << "no room joined";
    EXPECT_EQ(controller.next_deadline(), now() + 20s);
    advance(20s);
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(ConferenceTest, NoBadgeInThirtySecondsGoesHome) {
    controller.open(std::nullopt, now());
    advance(29s);
    EXPECT_EQ(model.screen, Screen::conference);
    advance(1s);
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(ConferenceTest, NoAnswerFromTheBackendIsARefusalWithoutStatus) {
    controller.open(std::nullopt, now());
    controller.on_badge("04A1B2C3", now());
    (void)commands();
    advance(20s);
    EXPECT_EQ(model.conference.step, ConferenceStep::refused);
    ASSERT_TRUE(model.conference.refusal);
    EXPECT_EQ(model.conference.refusal->status, 0);
}

TEST_F(ConferenceTest, ParticipantsAndTheActiveSpeaker) {
    (void)start_live();
    controller.on_participant({.feed = 11, .name = "Amandine", .talking = false, .video = true}, now());
    controller.on_participant({.feed = 12, .name = "Bruno", .talking = false, .video = true}, now());
    ASSERT_EQ(model.conference.participants.size(), 2U);
    EXPECT_EQ(model.conference.participants[0].name, "Amandine");
    controller.on_participant({.feed = 12, .name = "Bruno (téléphone)", .talking = false, .video = false}, now());
    ASSERT_EQ(model.conference.participants.size(), 2U) << "an update is not a new participant";
    EXPECT_EQ(model.conference.participants[1].name, "Bruno (téléphone)");
    EXPECT_FALSE(model.conference.participants[1].video);

    EXPECT_FALSE(model.conference.speaker);
    controller.on_talking(11, true, now());
    EXPECT_EQ(model.conference.speaker, 11U);
    controller.on_talking(12, true, now());
    EXPECT_EQ(model.conference.speaker, 12U) << "the newest talker";
    controller.on_talking(12, false, now());
    EXPECT_EQ(model.conference.speaker, 11U) << "whoever still talks takes over";
    controller.on_talking(11, false, now());
    EXPECT_EQ(model.conference.speaker, 11U) << "silence keeps the last speaker";
    controller.on_talking(99, true, now());
    EXPECT_EQ(model.conference.speaker, 11U) << "an unknown feed changes nothing";

    controller.on_participant_left(11, now());
    EXPECT_EQ(model.conference.participants.size(), 1U);
    EXPECT_FALSE(model.conference.speaker) << "the speaker left";
}

TEST_F(ConferenceTest, MutesAndInviteAreCommandsAndState) {
    (void)start_live();
    controller.toggle_microphone(now());
    controller.toggle_camera(now());
    auto sent = commands();
    ASSERT_EQ(sent.size(), 2U);
    const auto* microphone = as<SetRoomMicrophone>(sent[0]);
    const auto* camera = as<SetRoomCamera>(sent[1]);
    ASSERT_NE(microphone, nullptr);
    ASSERT_NE(camera, nullptr);
    EXPECT_TRUE(microphone->muted);
    EXPECT_TRUE(camera->off);
    EXPECT_TRUE(model.conference.microphone_muted);
    controller.toggle_invite(now());
    EXPECT_TRUE(model.conference.invite_shown);
    controller.toggle_invite(now());
    EXPECT_FALSE(model.conference.invite_shown);
}

TEST_F(ConferenceTest, FiveMinutesBeforeTheEndAWarningThenExtend) {
    (void)start_live();
    EXPECT_FALSE(model.conference.ending_soon);
    ASSERT_TRUE(controller.next_deadline());
    EXPECT_EQ(*controller.next_deadline(), time_point_cast<milliseconds>(paris(10, 55)));
    clock.set(time_point_cast<milliseconds>(paris(10, 54) + 59s));
    controller.on_tick(now());
    EXPECT_FALSE(model.conference.ending_soon);
    clock.set(time_point_cast<milliseconds>(paris(10, 55)));
    controller.on_tick(now());
    EXPECT_TRUE(model.conference.ending_soon);

    controller.extend(now());
    EXPECT_EQ(model.conference.extend, ExtendState::asking);
    auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* extend = as<ExtendConference>(sent[0]);
    ASSERT_NE(extend, nullptr);
    EXPECT_EQ(extend->conference_id, "c1");
    EXPECT_EQ(extend->extend.badge_uid, "04A1B2C3") << "in the name of the member who started it";
    EXPECT_EQ(extend->extend.minutes, 30);
    controller.extend(now());
    EXPECT_TRUE(commands().empty()) << "one request at a time";

    controller.on_extended(extend->request_id, conference(paris(11, 30)), now());
    EXPECT_EQ(model.conference.extend, ExtendState::extended);
    EXPECT_FALSE(model.conference.ending_soon) << "the new end is 35 minutes away";
    EXPECT_EQ(model.conference.conference->ends_at, paris(11, 30));
}

TEST_F(ConferenceTest, AnExtensionTheRoomCannotTakeIsSaid) {
    (void)start_live();
    clock.set(time_point_cast<milliseconds>(paris(10, 56)));
    controller.on_tick(now());
    controller.extend(now());
    const auto sent = commands();
    const auto* extend = as<ExtendConference>(sent.at(0));
    ASSERT_NE(extend, nullptr);
    controller.on_extended(extend->request_id,
                           ConferenceRefusal{.status = 409, .code = "slot_taken", .message = "booked after"}, now());
    EXPECT_EQ(model.conference.extend, ExtendState::refused);
    EXPECT_TRUE(model.conference.ending_soon);
    EXPECT_EQ(model.conference.step, ConferenceStep::live) << "the meeting goes on";
}

TEST_F(ConferenceTest, ALostRoomReconnectsWithBackOffThroughTheGuestLink) {
    (void)start_live();
    controller.on_participant({.feed = 11, .name = "Amandine", .talking = false, .video = true}, now());
    controller.toggle_microphone(now());
    (void)commands();

    controller.on_room_lost("websocket closed", now());
    EXPECT_EQ(model.conference.step, ConferenceStep::reconnecting);
    EXPECT_TRUE(model.conference.participants.empty()) << "tiles go until the room is back";
    auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    EXPECT_NE(as<LeaveRoom>(sent[0]), nullptr);
    EXPECT_EQ(controller.next_deadline(), now() + 1s);

    advance(1s);
    sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* fetch = as<FetchJoinDescriptor>(sent[0]);
    ASSERT_NE(fetch, nullptr);
    EXPECT_EQ(fetch->guest_token, "TOKEN123");

    // The backend cannot be reached: the next try 2 s later, then 4 s.
    controller.on_join_descriptor(fetch->request_id, ConferenceRefusal{.status = 0, .code = {}, .message = {}}, now());
    EXPECT_EQ(controller.next_deadline(), now() + 2s);
    advance(2s);
    sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    fetch = as<FetchJoinDescriptor>(sent[0]);
    ASSERT_NE(fetch, nullptr);
    controller.on_join_descriptor(fetch->request_id, ConferenceRefusal{.status = 503, .code = {}, .message = {}},
                                  now());
    EXPECT_EQ(controller.next_deadline(), now() + 4s);
    advance(4s);
    sent = commands();
    fetch = as<FetchJoinDescriptor>(sent.at(0));
    ASSERT_NE(fetch, nullptr);

    wire::JoinDescriptor descriptor;
    descriptor.conference = "c1";
    descriptor.room = 4242;
    descriptor.pin = "135790";
    descriptor.janus_ws = "ws://127.0.0.1:8188/";
    descriptor.janus_token = "janus-token";
    descriptor.ends_at = paris(11);
    controller.on_join_descriptor(fetch->request_id, descriptor, now());
    EXPECT_EQ(model.conference.step, ConferenceStep::joining);
    sent = commands();
    ASSERT_EQ(sent.size(), 2U);
    const auto* rejoin = as<JoinRoom>(sent[0]);
    ASSERT_NE(rejoin, nullptr);
    EXPECT_EQ(rejoin->display, "Salle visio");
    ASSERT_NE(as<SetRoomMicrophone>(sent[1]), nullptr) << "the microphone stays muted after the reconnection";
    controller.on_joined(now());
    EXPECT_EQ(model.conference.step, ConferenceStep::live);
    EXPECT_EQ(model.conference.reconnect_attempt, 0);
}

TEST_F(ConferenceTest, AJoinThatNeverCompletesIsRetried) {
    (void)start_live();
    controller.on_room_lost("janus error", now());
    (void)commands(); // LeaveRoom
    advance(1s);
    const auto sent = commands();
    const auto* fetch = as<FetchJoinDescriptor>(sent.at(0));
    ASSERT_NE(fetch, nullptr);
    wire::JoinDescriptor descriptor;
    descriptor.room = 4242;
    descriptor.ends_at = paris(11);
    controller.on_join_descriptor(fetch->request_id, descriptor, now());
    (void)commands();
    advance(20s);
    EXPECT_EQ(model.conference.step, ConferenceStep::reconnecting);
    const auto again = commands();
    ASSERT_FALSE(again.empty());
    EXPECT_NE(as<LeaveRoom>(again[0]), nullptr);
}

TEST_F(ConferenceTest, AConferenceOverEndsTheScreen) {
    (void)start_live();
    controller.on_room_lost("room destroyed", now());
    (void)commands(); // LeaveRoom
    advance(1s);
    const auto sent = commands();
    const auto* fetch = as<FetchJoinDescriptor>(sent.at(0));
    ASSERT_NE(fetch, nullptr);
    controller.on_join_descriptor(fetch->request_id, ConferenceRefusal{.status = 410, .code = "gone", .message = {}},
                                  now());
    EXPECT_EQ(model.conference.step, ConferenceStep::ended);
    advance(15s);
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(ConferenceTest, LeavingLeavesTheRoomAndForgetsTheMember) {
    (void)start_live();
    controller.leave(now());
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    EXPECT_NE(as<LeaveRoom>(sent[0]), nullptr);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_FALSE(model.conference.conference) << "nothing of the meeting stays on the terminal";
    EXPECT_TRUE(model.conference.guest_url.empty());
    controller.extend(now());
    EXPECT_TRUE(commands().empty());
}

TEST_F(ConferenceTest, AutoStartStartsTheBookingUnderWayByItselfOnce) {
    controller.set_auto_start(true);
    controller.on_tick(now()); // 9:55: the booking has not begun
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_TRUE(commands().empty());

    clock.set(time_point_cast<milliseconds>(paris(10)));
    controller.on_tick(now());
    EXPECT_EQ(model.screen, Screen::conference);
    EXPECT_EQ(model.conference.step, ConferenceStep::starting) << "no badge asked";
    auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* start = as<StartConference>(sent[0]);
    ASSERT_NE(start, nullptr);
    EXPECT_TRUE(start->start.automatic);
    EXPECT_TRUE(start->start.badge_uid.empty());
    controller.on_started(start->request_id, conference(), now());
    (void)commands();
    controller.on_joined(now());
    EXPECT_EQ(model.conference.step, ConferenceStep::live);

    controller.leave(now());
    (void)commands();
    advance(1min);
    EXPECT_EQ(model.screen, Screen::home) << "left: not started again for the same booking";
    EXPECT_TRUE(commands().empty());
    controller.extend(now());
    EXPECT_TRUE(commands().empty()) << "nobody badged: no extension in anyone's name";
}
