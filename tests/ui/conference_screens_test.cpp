// The room terminal's conference screens in French and English, rendered headless: a screenshot
// per case, no missing glyph, a way out everywhere, touch targets a finger can hit; the tiles laid
// out with each participant's picture, the active speaker named; the invitation's QR code read
// back from the screen with zbarimg; and a start driven by finger taps through the controllers.

#include "booking_fixtures.hpp"
#include "telecentre/ui/messages.hpp"
#include "ui_harness.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>

namespace telecentre::ui::test {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr const char* kRoom = "murat-visio";
constexpr const char* kGuestUrl =
    "https://accueil.telecentres-cantal.example/join/q2Lm-Xv8_Rt4NcWz0bKaYd7EoPs3uHfJgTy6iAeQw1M";

// Murat's visio room on the fixture day (Monday 23 November, 09:41 in Paris): booked 09:30-11:00
// by Élodie, whose conference it is.
wire::Availability murat_day() {
    wire::Availability availability;
    availability.site_id = "murat";
    availability.from = sys_days{2026y / November / 23d};
    availability.days = 1;
    availability.rules.slot_minutes = 30;
    availability.rules.kinds = {{wire::ResourceKind::visio_room, 240, false}};
    availability.open = {{paris_at(8, 30), paris_at(12, 30)}, {paris_at(13, 30), paris_at(18, 0)}};
    wire::ResourceAvailability room;
    room.id = kRoom;
    room.name = "Salle visio";
    room.kind = wire::ResourceKind::visio_room;
    room.busy = {wire::BusyInterval{.start = paris_at(9, 30),
                                    .end = paris_at(11, 0),
                                    .booking_id = "b1",
                                    .holder = "Élodie V.",
                                    .checked_in = false}};
    availability.resources = {room};
    return availability;
}

wire::Conference made_conference() {
    wire::Conference conference;
    conference.id = "conf_1";
    conference.booking_id = "b1";
    conference.site_id = "murat";
    conference.resource_id = kRoom;
    conference.resource_name = "Salle visio";
    conference.host_name = "Élodie V.";
    conference.room = 4242;
    conference.pin = "135790";
    conference.janus_ws = "ws://127.0.0.1:8188/";
    conference.janus_token = "t";
    conference.started_at = paris_at(9, 41);
    conference.ends_at = paris_at(11, 0);
    conference.guest_url = kGuestUrl;
    return conference;
}

// The room terminal's door panel with today's schedule.
BookingRig room_rig(core::Language language) {
    BookingRig rig(language);
    rig.model.role = core::KioskRole::room;
    rig.model.booking.door.resource_id = kRoom;
    rig.model.booking.door.today = core::ShownAvailability{.data = murat_day(),
                                                           .origin = core::AvailabilityOrigin::live,
                                                           .offline_since = std::nullopt,
                                                           .received = rig.now};
    rig.conference.set_room(kRoom);
    rig.conference.on_tick(rig.now);
    return rig;
}

// The door panel → badge → started → joined.
void go_live(BookingRig& rig) {
    rig.conference.open(std::nullopt, rig.now);
    rig.conference.on_badge("04A1B2C3", rig.now);
    for (const auto& command : rig.conference.take_commands()) {
        if (const auto* start = std::get_if<core::StartConference>(&command)) {
            rig.conference.on_started(start->request_id, made_conference(), rig.now);
        }
    }
    (void)rig.conference.take_commands();
    rig.conference.on_joined(rig.now);
}

const std::array<const char*, 10> kNames = {"Amandine R.", "Bruno (Clermont)", "Chantal", "Dimitri K.", "Estelle",
                                            "Fabien",      "Gaëlle",           "Hugo",    "Inès",       "Jules"};

void add_participants(BookingRig& rig, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        rig.conference.on_participant({.feed = 100 + i, .name = kNames.at(i), .talking = false, .video = i != 2},
                                      rig.now);
    }
}

struct ConferenceCase {
    std::string name;
    core::KioskModel model;
};

std::vector<ConferenceCase> conference_cases(core::Language language) {
    std::vector<ConferenceCase> cases;
    {
        BookingRig rig = room_rig(language);
        cases.push_back({"conference_door_panel", rig.model});
        rig.conference.open(std::nullopt, rig.now);
        cases.push_back({"conference_badge", rig.model});
        rig.conference.on_badge("04A1B2C3", rig.now);
        for (const auto& command : rig.conference.take_commands()) {
            if (const auto* start = std::get_if<core::StartConference>(&command)) {
                rig.conference.on_started(
                    start->request_id,
                    core::ConferenceRefusal{.status = 403, .code = "not_your_booking", .message = {}}, rig.now);
            }
        }
        cases.push_back({"conference_refused", rig.model});
    }
    {
        BookingRig rig = room_rig(language);
        rig.conference.open(45, rig.now);
        cases.push_back({"conference_badge_ad_hoc", rig.model});
    }
    {
        BookingRig rig = room_rig(language);
        go_live(rig);
        cases.push_back({"conference_alone", rig.model});
        add_participants(rig, 1);
        cases.push_back({"conference_one", rig.model});
        add_participants(rig, 4);
        rig.conference.on_talking(101, true, rig.now);
        cases.push_back({"conference_four_speaker", rig.model});
        rig.conference.toggle_invite(rig.now);
        cases.push_back({"conference_invite", rig.model});
    }
    {
        BookingRig rig = room_rig(language);
        go_live(rig);
        add_participants(rig, 10);
        rig.conference.toggle_microphone(rig.now);
        cases.push_back({"conference_ten_muted", rig.model});
    }
    {
        BookingRig rig = room_rig(language);
        go_live(rig);
        add_participants(rig, 2);
        rig.now = time_point_cast<milliseconds>(paris_at(10, 56));
        rig.model.now = rig.now;
        rig.conference.on_tick(rig.now);
        cases.push_back({"conference_ending_soon", rig.model});
        rig.conference.extend(rig.now);
        for (const auto& command : rig.conference.take_commands()) {
            if (const auto* extend = std::get_if<core::ExtendConference>(&command)) {
                rig.conference.on_extended(extend->request_id,
                                           core::ConferenceRefusal{.status = 409, .code = "slot_taken", .message = {}},
                                           rig.now);
            }
        }
        cases.push_back({"conference_extend_refused", rig.model});
        rig.conference.on_room_lost("test", rig.now);
        cases.push_back({"conference_reconnecting", rig.model});
    }
    return cases;
}

struct Size {
    int width;
    int height;
};

struct ConferenceParam {
    std::string screen;
    core::Language language;
    Size size;
};

std::vector<ConferenceParam> all_params() {
    std::vector<ConferenceParam> params;
    for (const core::Language language : {core::Language::fr, core::Language::en}) {
        for (const ConferenceCase& screen : conference_cases(language)) {
            params.push_back({screen.name, language, {1920, 1080}});
            if (screen.name == "conference_four_speaker" || screen.name == "conference_invite" ||
                screen.name == "conference_ending_soon" || screen.name == "conference_door_panel") {
                params.push_back({screen.name, language, {1280, 800}});
            }
        }
    }
    return params;
}

std::string param_name(const ConferenceParam& param) {
    std::string name = param.screen + (param.language == core::Language::fr ? "_fr" : "_en");
    if (param.size.width != 1920 || param.size.height != 1080) {
        name += "_" + std::to_string(param.size.width) + "x" + std::to_string(param.size.height);
    }
    return name;
}

bool overlaps(const TouchTarget& a, const TouchTarget& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

bool drew(UiHarness& harness, std::string_view text) {
    const auto& drawn = harness.ui().texts_drawn();
    return std::ranges::any_of(drawn, [&](const std::string& one) { return one.find(text) != std::string::npos; });
}

class ConferenceScreenTest : public ::testing::TestWithParam<ConferenceParam> {};

TEST_P(ConferenceScreenTest, Renders) {
    const ConferenceParam& param = GetParam();
    UiHarness harness(param.size.width, param.size.height);
    ASSERT_EQ(harness.start_error(), "");
    core::KioskModel model;
    for (ConferenceCase& candidate : conference_cases(param.language)) {
        if (candidate.name == param.screen) {
            model = std::move(candidate.model);
        }
    }
    EXPECT_TRUE(harness.settle(model).empty());
    EXPECT_EQ(harness.save(param_name(param)), "");
    for (const std::string& text : harness.ui().texts_with_missing_glyphs()) {
        ADD_FAILURE() << "drawn with a missing glyph: " << text;
    }
    EXPECT_GT(harness.pixel_stats().share_unlike_corner, 0.05);
    if (model.screen == core::Screen::home) {
        EXPECT_TRUE(harness.target(Command{Action::door_conference, 0})) << "the door panel offers the start";
    } else {
        const bool in_room = harness.target(Action::conference_leave).has_value();
        EXPECT_TRUE(in_room || harness.target(Action::conference_cancel)) << "no way out";
        if (in_room) {
            EXPECT_TRUE(harness.target(Action::conference_microphone));
            EXPECT_TRUE(harness.target(Action::conference_camera));
            EXPECT_TRUE(harness.target(Action::conference_invite));
        }
    }
    const auto& targets = harness.ui().touch_targets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        SCOPED_TRACE(to_string(targets[i].command));
        EXPECT_GE(targets[i].width, 90.0F);
        EXPECT_GE(targets[i].height, 90.0F);
        EXPECT_LE(targets[i].x + targets[i].width, static_cast<float>(param.size.width) + 0.5F);
        EXPECT_LE(targets[i].y + targets[i].height, static_cast<float>(param.size.height) + 0.5F);
        // The invitation lies over the meeting; its own button is the one that counts there.
        if (model.conference.invite_shown) {
            continue;
        }
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            EXPECT_FALSE(overlaps(targets[i], targets[j])) << "overlaps " << to_string(targets[j].command);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(ConferenceScreens, ConferenceScreenTest, ::testing::ValuesIn(all_params()),
                         [](const ::testing::TestParamInfo<ConferenceParam>& param_info) {
                             return param_name(param_info.param);
                         });

// What the screens say, by case: the names, the speaker, the overflow line, the refusal's reason,
// the warning with its end time, "reconnecting".
TEST(ConferenceScreens, SayWhoIsThereWhoSpeaksAndWhatHappens) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    for (ConferenceCase& one : conference_cases(core::Language::fr)) {
        SCOPED_TRACE(one.name);
        (void)harness.settle(one.model);
        if (one.name == "conference_four_speaker") {
            EXPECT_TRUE(drew(harness, "Bruno (Clermont) · parle")) << "the speaker named, not by colour alone";
            EXPECT_TRUE(drew(harness, "Amandine R."));
            EXPECT_TRUE(drew(harness, "Caméra coupée")) << "Chantal publishes no camera";
        } else if (one.name == "conference_ten_muted") {
            EXPECT_TRUE(drew(harness, "Jules")) << "the tenth, beyond the nine tiles, by name";
            EXPECT_TRUE(drew(harness, text(core::Language::fr, Msg::call_unmute)));
        } else if (one.name == "conference_refused") {
            EXPECT_TRUE(drew(harness, text(core::Language::fr, Msg::conference_refused_not_yours)));
        } else if (one.name == "conference_ending_soon") {
            EXPECT_TRUE(drew(harness, "11\u00A0h")) << "the booking's end";
            EXPECT_TRUE(harness.target(Action::conference_extend));
        } else if (one.name == "conference_extend_refused") {
            EXPECT_TRUE(drew(harness, text(core::Language::fr, Msg::conference_extend_refused)));
            EXPECT_FALSE(harness.target(Action::conference_extend)) << "not offered again once refused";
        } else if (one.name == "conference_reconnecting") {
            EXPECT_TRUE(drew(harness, text(core::Language::fr, Msg::conference_reconnecting)));
        } else if (one.name == "conference_badge_ad_hoc") {
            EXPECT_TRUE(drew(harness, "45\u00A0min"));
        }
    }
}

// Each participant's tile shows the newest picture of their own mailbox.
TEST(ConferenceVideo, EachTileShowsItsParticipantsPicture) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    BookingRig rig = room_rig(core::Language::fr);
    go_live(rig);
    rig.conference.on_participant({.feed = 7, .name = "Amandine", .talking = false, .video = true}, rig.now);
    rig.conference.on_participant({.feed = 8, .name = "Bruno", .talking = false, .video = true}, rig.now);
    const auto publish = [](media::FrameMailbox& mailbox, std::uint8_t y, std::uint8_t u, std::uint8_t v) {
        media::VideoFrame frame = mailbox.recycled();
        frame.resize_i420(320, 180);
        std::fill_n(frame.plane_data(0), frame.planes[0].pitch * 180, y);
        std::fill_n(frame.plane_data(1), frame.planes[1].pitch * 90, u);
        std::fill_n(frame.plane_data(2), frame.planes[2].pitch * 90, v);
        mailbox.publish(std::move(frame));
    };
    media::FrameMailbox red;
    media::FrameMailbox blue;
    publish(red, 81, 90, 240);
    publish(blue, 41, 240, 110);
    harness.ui().set_conference_video({{7, &red}, {8, &blue}});
    (void)harness.settle(rig.model);
    EXPECT_EQ(harness.save("conference_two_pictures_fr"), "");
    const auto is_red = [](Uint32 pixel) { return ((pixel >> 16) & 0xFF) > 180 && ((pixel >> 8) & 0xFF) < 80; };
    const auto is_blue = [](Uint32 pixel) { return (pixel & 0xFF) > 180 && ((pixel >> 16) & 0xFF) < 80; };
    // Two tiles side by side: Amandine on the left, Bruno on the right.
    EXPECT_TRUE(is_red(harness.pixel(500, 500))) << std::hex << harness.pixel(500, 500);
    EXPECT_TRUE(is_blue(harness.pixel(1400, 500))) << std::hex << harness.pixel(1400, 500);

    // Bruno leaves: his picture goes from the screen with him.
    rig.conference.on_participant_left(8, rig.now);
    harness.ui().set_conference_video({{7, &red}});
    (void)harness.settle(rig.model);
    EXPECT_TRUE(is_red(harness.pixel(960, 500))) << "Amandine alone, in the middle";
    EXPECT_FALSE(is_blue(harness.pixel(1400, 500)));
    harness.ui().set_conference_video({});
}

// The invitation's QR code, read from the screenshot as a phone would, is the guest link.
TEST(ConferenceInvite, TheScreensQrCodeIsTheGuestLink) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    BookingRig rig = room_rig(core::Language::fr);
    go_live(rig);
    rig.conference.toggle_invite(rig.now);
    (void)harness.settle(rig.model);
    ASSERT_EQ(harness.save("conference_invite_qr_fr"), "");
    const auto png = std::filesystem::path(TELECENTRE_UI_ARTEFACTS_DIR) / "conference_invite_qr_fr.png";
    const std::string command = "zbarimg --raw --quiet -Sdisable -Sqrcode.enable '" + png.string() + "' 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    ASSERT_TRUE(pipe);
    std::string read;
    std::array<char, 4096> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) {
        read += buffer.data();
    }
    while (!read.empty() && (read.back() == '\n' || read.back() == '\r')) {
        read.pop_back();
    }
    EXPECT_EQ(read, kGuestUrl);
    EXPECT_TRUE(drew(harness, "https://accueil.telecentres-canta")) << "the link as text too";
    EXPECT_TRUE(harness.target(Action::conference_invite)) << "closed with one tap";
}

// The door panel's button, a badge, the backend's answer: by finger taps through the controllers.
TEST(ConferenceFlow, StartedFromTheDoorPanelByTouch) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    BookingRig rig = room_rig(core::Language::fr);
    (void)harness.settle(rig.model);
    const auto start = harness.target(Command{Action::door_conference, 0});
    ASSERT_TRUE(start);
    rig.apply(harness.tap(rig.model, start->x + start->width / 2, start->y + start->height / 2));
    EXPECT_EQ(rig.model.screen, core::Screen::conference);
    EXPECT_TRUE(rig.conference.wants_badge());
    rig.conference.on_badge("04A1B2C3", rig.now);
    EXPECT_EQ(rig.model.conference.step, core::ConferenceStep::starting);
    (void)harness.settle(rig.model);
    EXPECT_TRUE(drew(harness, text(core::Language::fr, Msg::conference_starting)));
}

} // namespace
} // namespace telecentre::ui::test
