// The visitor's side of a visio-accueil call, event by event with a fake clock: what each step
// shows, the live messages and media actions it asks for, and every way a call ends.

#include "telecentre/core/call_controller.hpp"

#include <functional>
#include <gtest/gtest.h>

using namespace telecentre;
using namespace telecentre::core;
using namespace std::chrono_literals;

namespace {

template <class T> const T* find(const std::vector<CallCommand>& commands) {
    for (const auto& command : commands) {
        if (const auto* found = std::get_if<T>(&command)) {
            return found;
        }
    }
    return nullptr;
}

struct CallTest : ::testing::Test {
    KioskModel model;
    TimePoint now = TimePoint{} + 1000h;
    CallController call{model, CallTiming{}, Language::fr};

    void SetUp() override {
        model.call_available = true; // the app's word: live link up and media engine ready
        call.on_link(true, now);
    }
    std::vector<CallCommand> commands() { return call.take_commands(); }
    void advance(std::chrono::milliseconds step) {
        now += step;
        call.on_tick(now);
    }
    void type(std::u32string_view text) {
        for (const char32_t c : text) {
            call.key_character(c, now);
        }
    }
    // Consent -> call -> queued as call-1, answered by Camille.
    void answered() {
        call.open(now);
        call.call(now);
        call.on_queued({"call-1", 1, 1}, now);
        call.on_answered({"call-1", "Camille"}, now);
        (void)commands();
    }
};

// Until the live link is up and the media engine is ready, the button is not drawn; a tap that
// reaches the controller anyway (test control, a race with the engine) opens nothing.
TEST_F(CallTest, NothingOpensWhileCallsAreNotOffered) {
    model.call_available = false;
    call.open(now);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_TRUE(commands().empty()) << "no camera for a call that cannot be made";
    model.call_available = true;
    call.open(now);
    EXPECT_EQ(model.screen, Screen::call);
}

TEST_F(CallTest, OpeningShowsTheVisitorsOwnImageFirst) {
    call.open(now);
    EXPECT_EQ(model.screen, Screen::call);
    EXPECT_EQ(model.call.step, CallStep::consent);
    EXPECT_NE(find<StartPreview>(commands()), nullptr) << "consent: the visitor sees what will be sent";
}

// Consent and waiting both show the visitor's own picture (the ringing screen too): the preview
// runs from the consent screen until the call takes the camera over, with no gap in between.
TEST_F(CallTest, ThePreviewLastsThroughWaitingUntilTheCallTakesTheCamera) {
    call.open(now);
    EXPECT_NE(find<StartPreview>(commands()), nullptr);
    call.call(now);
    const auto sent = commands();
    EXPECT_NE(find<SendCallRequest>(sent), nullptr);
    EXPECT_EQ(find<StopMedia>(sent), nullptr) << "asking keeps the preview on";
    call.on_queued({"call-1", 2, 1}, now);
    advance(10min);
    EXPECT_EQ(model.call.step, CallStep::waiting);
    EXPECT_TRUE(commands().empty()) << "waiting has no time-out of its own; the preview stays";
    call.on_answered({"call-1", "Camille"}, now);
    const auto answered = commands();
    ASSERT_EQ(answered.size(), 1U);
    EXPECT_TRUE(std::holds_alternative<StartCall>(answered[0])) << "the app hands the camera from preview to call";
}

// The privacy rule: the camera is on only while the visitor is in the call flow, and every way
// out of it turns it off.
TEST_F(CallTest, EveryWayOutOfTheCallFlowTurnsTheCameraOff) {
    struct Way {
        const char* name;
        std::function<void()> leave;
    };
    const Way ways[] = {
        {"cancel on consent", [&] { call.cancel(now); }},
        {"consent left alone", [&] { advance(CallTiming{}.idle); }},
        {"cancel while waiting",
         [&] {
             call.call(now);
             call.on_queued({"call-1", 1, 1}, now);
             call.cancel(now);
         }},
        {"a callback instead of waiting",
         [&] {
             call.call(now);
             call.on_queued({"call-1", 1, 0}, now);
             call.ask_callback(now);
         }},
        {"request refused",
         [&] {
             call.call(now);
             call.on_refused(now);
         }},
        {"link lost while waiting",
         [&] {
             call.call(now);
             call.on_link(false, now);
             call.on_link(true, now);
         }},
        {"unanswered",
         [&] {
             call.call(now);
             call.on_queued({"call-1", 1, 1}, now);
             call.on_ended({"call-1", wire::CallEndReason::unanswered}, now);
         }},
        {"hung up",
         [&] {
             call.call(now);
             call.on_queued({"call-1", 1, 1}, now);
             call.on_answered({"call-1", "Camille"}, now);
             call.on_media_state(MediaState::connected, now);
             call.hang_up(now);
         }},
        {"a badge tap takes the consent screen",
         [&] {
             model.screen = Screen::checking; // what KioskController::on_tap_seen does
             advance(1ms);
         }},
    };
    for (const Way& way : ways) {
        call.open(now);
        (void)commands();
        way.leave();
        const auto sent = commands();
        EXPECT_NE(find<StopMedia>(sent), nullptr) << way.name;
        advance(1ms);
        EXPECT_EQ(find<StopMedia>(commands()), nullptr) << way.name << ": said once";
        call.close(now);
        model.screen = Screen::home;
    }
}

TEST_F(CallTest, NameAndReasonAreTypedThenSentWithTheRequest) {
    call.open(now);
    call.edit(CallField::name, now);
    type(U"jeanne");
    call.edit(CallField::reason, now);
    type(U"un bureau");
    call.key_done(now);
    EXPECT_EQ(model.call.name.text, "Jeanne") << "a name starts with a capital";
    (void)commands();
    call.call(now);
    const auto sent = commands();
    const auto* request = find<SendCallRequest>(sent);
    ASSERT_NE(request, nullptr);
    EXPECT_EQ(request->request.visitor_name, "Jeanne");
    EXPECT_EQ(request->request.reason, "Un bureau");
    EXPECT_EQ(model.call.step, CallStep::waiting);
}

TEST_F(CallTest, WaitingShowsThePlaceThenTheAgentAnswersAndTheKioskOffers) {
    call.open(now);
    call.call(now);
    call.on_queued({"call-1", 2, 1}, now);
    EXPECT_EQ(model.call.position, 2);
    EXPECT_EQ(model.call.agents_available, 1);
    call.on_queued({"call-other", 1, 1}, now);
    EXPECT_EQ(model.call.position, 2) << "another kiosk's call changes nothing";

    call.on_answered({"call-1", "Camille"}, now);
    EXPECT_EQ(model.call.step, CallStep::connecting);
    EXPECT_EQ(model.call.agent_name, "Camille");
    const auto sent = commands();
    const auto* start = find<StartCall>(sent);
    ASSERT_NE(start, nullptr) << "the kiosk makes the offer once answered";
    EXPECT_EQ(start->call_id, "call-1");

    call.on_local_description(wire::SignalKind::offer, "v=0\r\n", now);
    call.on_local_candidate(0, "candidate:1 1 UDP 1 127.0.0.1 5000 typ host", now);
    const auto signals = commands();
    ASSERT_EQ(signals.size(), 2u);
    EXPECT_EQ(std::get<SendSignal>(signals[0]).signal.kind, wire::SignalKind::offer);
    EXPECT_EQ(std::get<SendSignal>(signals[0]).signal.call_id, "call-1");
    EXPECT_EQ(std::get<SendSignal>(signals[1]).signal.mline_index, 0);

    call.on_signal({"call-1", wire::SignalKind::answer, "v=0\r\n", {}, 0}, now);
    ASSERT_NE(find<ApplyRemoteSignal>(commands()), nullptr);
    call.on_signal({"call-9", wire::SignalKind::answer, "v=0\r\n", {}, 0}, now);
    EXPECT_TRUE(commands().empty()) << "another call's signalling is ignored";

    call.on_media_state(MediaState::connected, now);
    EXPECT_EQ(model.call.step, CallStep::in_call);
}

// First in the queue, the kiosk builds its offer while the agent's console rings; the offer and
// candidates are held (the backend relays nothing before the accept) and go out, in order, the
// moment the agent accepts. The camera is not opened twice.
TEST_F(CallTest, FirstInTheQueueTheOfferIsMadeAheadAndSentOnTheAnswer) {
    call.open(now);
    call.call(now);
    (void)commands();
    call.on_queued({"call-1", 2, 1}, now);
    EXPECT_EQ(find<StartCall>(commands()), nullptr) << "second in line: the preview only";
    call.on_queued({"call-1", 1, 1}, now);
    const auto prepared = commands();
    const auto* start = find<StartCall>(prepared);
    ASSERT_NE(start, nullptr) << "first in line: the call takes the camera";
    EXPECT_EQ(start->call_id, "call-1");
    call.on_queued({"call-1", 1, 2}, now);
    EXPECT_EQ(find<StartCall>(commands()), nullptr) << "once only";

    call.on_local_description(wire::SignalKind::offer, "v=0\r\n", now);
    call.on_local_candidate(0, "candidate:1 1 UDP 1 127.0.0.1 5000 typ host", now);
    call.on_local_candidate(1, "candidate:2 1 UDP 1 127.0.0.1 5002 typ host", now);
    EXPECT_TRUE(commands().empty()) << "nothing goes to the backend before the accept";
    EXPECT_EQ(model.call.step, CallStep::waiting);

    call.on_answered({"call-1", "Camille"}, now);
    EXPECT_EQ(model.call.step, CallStep::connecting);
    const auto sent = commands();
    EXPECT_EQ(find<StartCall>(sent), nullptr) << "the call's media is already up";
    ASSERT_EQ(sent.size(), 3U);
    EXPECT_EQ(std::get<SendSignal>(sent[0]).signal.kind, wire::SignalKind::offer);
    EXPECT_EQ(std::get<SendSignal>(sent[0]).signal.call_id, "call-1");
    EXPECT_EQ(std::get<SendSignal>(sent[1]).signal.candidate, "candidate:1 1 UDP 1 127.0.0.1 5000 typ host");
    EXPECT_EQ(std::get<SendSignal>(sent[2]).signal.mline_index, 1);

    call.on_local_candidate(0, "candidate:3 1 UDP 1 127.0.0.1 5004 typ host", now);
    const auto later = commands();
    ASSERT_EQ(later.size(), 1U) << "after the accept, candidates go straight out";
    EXPECT_EQ(std::get<SendSignal>(later[0]).signal.candidate, "candidate:3 1 UDP 1 127.0.0.1 5004 typ host");
}

// A prepared call given up: the held signalling goes with it, and the next call starts clean.
TEST_F(CallTest, AHeldOfferDiesWithItsCall) {
    call.open(now);
    call.call(now);
    call.on_queued({"call-1", 1, 1}, now);
    call.on_local_description(wire::SignalKind::offer, "v=0\r\nold", now);
    call.cancel(now);
    const auto cancelled = commands();
    EXPECT_NE(find<SendCallCancel>(cancelled), nullptr);
    EXPECT_NE(find<StopMedia>(cancelled), nullptr);

    call.open(now);
    call.call(now);
    call.on_queued({"call-2", 1, 1}, now);
    (void)commands();
    call.on_local_description(wire::SignalKind::offer, "v=0\r\nnew", now);
    call.on_answered({"call-2", "Camille"}, now);
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    EXPECT_EQ(std::get<SendSignal>(sent[0]).signal.sdp, "v=0\r\nnew");
    EXPECT_EQ(std::get<SendSignal>(sent[0]).signal.call_id, "call-2");
}

// The camera or pipeline fails while the call waits: no agent is rung for a call that cannot
// carry a picture; the visitor is told and offered the phone number.
TEST_F(CallTest, MediaFailingBeforeTheAnswerWithdrawsTheCall) {
    call.open(now);
    call.call(now);
    call.on_queued({"call-1", 1, 1}, now);
    (void)commands();
    call.on_media_state(MediaState::failed, now);
    const auto sent = commands();
    const auto* withdrawn = find<SendCallCancel>(sent);
    ASSERT_NE(withdrawn, nullptr);
    EXPECT_EQ(withdrawn->call_id, "call-1");
    EXPECT_NE(find<StopMedia>(sent), nullptr);
    EXPECT_EQ(model.call.step, CallStep::ended);
    EXPECT_EQ(model.call.ended, CallEnd::failed);
}

TEST_F(CallTest, ACallInProgressHoldsTheScreen) {
    EXPECT_FALSE(call.in_progress());
    call.open(now);
    EXPECT_FALSE(call.in_progress()) << "consent: a badge tap may still take the screen";
    call.call(now);
    EXPECT_TRUE(call.in_progress());
    call.on_queued({"call-1", 1, 1}, now);
    call.on_answered({"call-1", "Camille"}, now);
    call.on_media_state(MediaState::connected, now);
    EXPECT_TRUE(call.in_progress());
    call.hang_up(now);
    EXPECT_FALSE(call.in_progress()) << "ended: the screen is free again";
}

TEST_F(CallTest, MuteAndCameraDuringTheCall) {
    answered();
    call.on_media_state(MediaState::connected, now);
    call.toggle_microphone(now);
    EXPECT_TRUE(model.call.microphone_muted);
    const auto muted = commands();
    const auto* mute = find<SetMicrophoneMuted>(muted);
    ASSERT_NE(mute, nullptr);
    EXPECT_TRUE(mute->muted);
    call.toggle_camera(now);
    EXPECT_TRUE(model.call.camera_off);
    ASSERT_NE(find<SetCameraOff>(commands()), nullptr);
}

TEST_F(CallTest, TheVisitorHangsUpThenSeesThePhoneNumberAfterAWhile) {
    answered();
    call.on_media_state(MediaState::connected, now);
    call.hang_up(now);
    const auto sent = commands();
    ASSERT_NE(find<SendHangUp>(sent), nullptr);
    EXPECT_NE(find<StopMedia>(sent), nullptr);
    EXPECT_EQ(model.call.step, CallStep::ended);
    EXPECT_EQ(model.call.ended, CallEnd::visitor);
    advance(CallTiming{}.help_after);
    EXPECT_EQ(model.call.step, CallStep::help);
    advance(CallTiming{}.idle);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_TRUE(model.call.name.text.empty()) << "nothing of the visitor stays";
}

TEST_F(CallTest, EveryWayTheBackendEndsACallIsSaid) {
    const std::pair<wire::CallEndReason, CallEnd> cases[] = {
        {wire::CallEndReason::agent_hung_up, CallEnd::agent},
        {wire::CallEndReason::unanswered, CallEnd::unanswered},
        {wire::CallEndReason::agent_lost, CallEnd::failed},
        {wire::CallEndReason::server_restart, CallEnd::failed},
    };
    for (const auto& [reason, shown] : cases) {
        answered();
        call.on_ended({"call-1", reason}, now);
        EXPECT_EQ(model.call.ended, shown) << wire::to_string(reason);
        EXPECT_NE(find<StopMedia>(commands()), nullptr);
        call.close(now);
    }
}

TEST_F(CallTest, CancellingWhileWaitingTellsTheBackend) {
    call.open(now);
    call.call(now);
    call.on_queued({"call-1", 1, 0}, now);
    (void)commands();
    call.cancel(now);
    const auto sent = commands();
    const auto* cancel = find<SendCallCancel>(sent);
    ASSERT_NE(cancel, nullptr);
    EXPECT_EQ(cancel->call_id, "call-1");
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(CallTest, NobodyAvailableTheVisitorLeavesANumberInstead) {
    call.open(now);
    call.edit(CallField::name, now);
    type(U"Jeanne");
    call.call(now);
    call.on_queued({"call-1", 1, 0}, now);
    (void)commands();
    call.ask_callback(now);
    EXPECT_NE(find<SendCallCancel>(commands()), nullptr);
    EXPECT_EQ(model.call.step, CallStep::callback);
    EXPECT_EQ(model.call.callback_name.text, "Jeanne") << "typed once is enough";

    call.send_callback(now);
    EXPECT_TRUE(commands().empty()) << "no phone number yet";
    EXPECT_EQ(model.call.editing, CallField::callback_phone);
    type(U"04 71 x00 00 00");
    EXPECT_EQ(model.call.callback_phone.text, "04 71 00 00 00") << "digits and spaces only";
    call.send_callback(now);
    const auto sent = commands();
    const auto* callback = find<SubmitCallback>(sent);
    ASSERT_NE(callback, nullptr);
    EXPECT_EQ(callback->name, "Jeanne");
    EXPECT_EQ(callback->phone, "04 71 00 00 00");
    EXPECT_EQ(callback->call_id, "call-1") << "the call that nobody could answer";

    call.on_callback_answer(callback->request_id, false, now);
    EXPECT_TRUE(model.call.callback_failed) << "said, and the text kept for another try";
    call.send_callback(now);
    const auto again = commands();
    ASSERT_NE(find<SubmitCallback>(again), nullptr);
    call.on_callback_answer(find<SubmitCallback>(again)->request_id, true, now);
    EXPECT_EQ(model.call.step, CallStep::callback_sent);
    advance(CallTiming{}.sent_home);
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(CallTest, ACallbackNeedsANameToAskFor) {
    call.on_link(false, now);
    call.open(now);
    call.call(now);
    call.on_tick(now + CallTiming{}.help_after);
    call.ask_callback(now);
    call.edit(CallField::callback_phone, now);
    type(U"0471000000");
    (void)commands();
    call.send_callback(now);
    EXPECT_TRUE(commands().empty()) << "no name yet";
    EXPECT_EQ(model.call.editing, CallField::callback_name);
    type(U"Jeanne");
    call.send_callback(now);
    const auto sent = commands();
    const auto* callback = find<SubmitCallback>(sent);
    ASSERT_NE(callback, nullptr);
    EXPECT_EQ(callback->name, "Jeanne");
    EXPECT_TRUE(callback->call_id.empty()) << "no call was made: the link was down";
}

TEST_F(CallTest, MediaThatNeverComesUpEndsTheCall) {
    answered();
    advance(CallTiming{}.connecting);
    const auto sent = commands();
    EXPECT_NE(find<SendHangUp>(sent), nullptr);
    EXPECT_EQ(model.call.ended, CallEnd::failed);

    answered();
    call.on_media_state(MediaState::connected, now);
    call.on_media_state(MediaState::failed, now);
    EXPECT_NE(find<SendHangUp>(commands()), nullptr);
    EXPECT_EQ(model.call.ended, CallEnd::failed);
}

TEST_F(CallTest, WithoutTheLinkNoCallIsMadeAndALostLinkEndsOne) {
    call.on_link(false, now);
    call.open(now);
    call.call(now);
    EXPECT_EQ(find<SendCallRequest>(commands()), nullptr);
    EXPECT_EQ(model.call.ended, CallEnd::unavailable);
    call.close(now);

    call.on_link(true, now);
    answered();
    call.on_link(false, now);
    EXPECT_EQ(model.call.ended, CallEnd::failed);
}

TEST_F(CallTest, ARefusedRequestSaysNobodyCanBeReached) {
    call.open(now);
    call.call(now);
    call.on_refused(now);
    EXPECT_EQ(model.call.step, CallStep::ended);
    EXPECT_EQ(model.call.ended, CallEnd::unavailable);
}

TEST_F(CallTest, AnUnattendedConsentScreenGoesHome) {
    call.open(now);
    (void)commands();
    advance(CallTiming{}.idle);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_NE(find<StopMedia>(commands()), nullptr) << "the camera goes off";
}

} // namespace

// No camera plugged in: the visitor is told, no preview is started, and the call is made all the
// same (sound only, the agent's picture still shown).
TEST_F(CallTest, WithoutACameraThePreviewIsNotStartedAndTheCallIsSoundOnly) {
    call.on_devices({.camera = false, .microphone = true}, now);
    EXPECT_FALSE(model.camera_present);
    EXPECT_TRUE(model.microphone_present);
    call.open(now);
    EXPECT_EQ(model.call.step, CallStep::consent);
    EXPECT_EQ(find<StartPreview>(commands()), nullptr) << "nothing to preview";
    call.call(now);
    call.on_queued({"call-1", 1, 1}, now);
    call.on_answered({"call-1", "Camille"}, now);
    EXPECT_NE(find<StartCall>(commands()), nullptr) << "the call is made without a camera";
    EXPECT_TRUE(model.call.without_camera);
    EXPECT_FALSE(model.call.camera_lost);
    call.on_media_state(MediaState::connected, now);
    EXPECT_EQ(model.call.step, CallStep::in_call);
    call.on_camera_lost(now);
    EXPECT_FALSE(model.call.camera_lost) << "there was none to lose";
}

// The camera comes and goes on the consent and waiting screens: the preview follows it.
TEST_F(CallTest, ThePreviewFollowsTheCameraBeforeTheCall) {
    call.open(now);
    EXPECT_NE(find<StartPreview>(commands()), nullptr);
    const auto revision = model.revision;
    call.on_devices({.camera = false, .microphone = true}, now);
    EXPECT_GT(model.revision, revision) << "the screen says the camera is gone";
    EXPECT_NE(find<StopMedia>(commands()), nullptr) << "the preview of a camera that went is closed";
    call.on_devices({.camera = false, .microphone = true}, now);
    EXPECT_TRUE(commands().empty()) << "nothing changed";
    call.on_devices({.camera = true, .microphone = true}, now);
    EXPECT_NE(find<StartPreview>(commands()), nullptr) << "plugged in again: the preview comes back";
    call.call(now);
    call.on_queued({"call-1", 2, 1}, now);
    (void)commands();
    call.on_devices({.camera = false, .microphone = true}, now);
    EXPECT_NE(find<StopMedia>(commands()), nullptr) << "likewise while waiting";
    EXPECT_EQ(model.call.step, CallStep::waiting) << "the call request stands";
    call.on_devices({.camera = true, .microphone = true}, now);
    EXPECT_NE(find<StartPreview>(commands()), nullptr);
    // Away from the call screens only the model changes.
    call.cancel(now);
    (void)commands();
    call.on_devices({.camera = false, .microphone = false}, now);
    EXPECT_TRUE(commands().empty());
    EXPECT_FALSE(model.microphone_present);
}

// A camera pulled out during the call: the call goes on (no StopMedia, no hang-up), the screen
// says the camera was lost; plugged in again, the next call has it.
TEST_F(CallTest, ACameraLostDuringTheCallLeavesTheCallGoing) {
    answered();
    call.on_media_state(MediaState::connected, now);
    call.on_devices({.camera = false, .microphone = true}, now);
    EXPECT_TRUE(model.call.camera_lost);
    EXPECT_EQ(model.call.step, CallStep::in_call);
    EXPECT_TRUE(commands().empty()) << "the call keeps going";
    call.on_camera_lost(now); // the media says so too: said once
    EXPECT_TRUE(model.call.camera_lost);
    call.on_devices({.camera = true, .microphone = true}, now);
    EXPECT_TRUE(commands().empty()) << "the call does not take the camera back";
    EXPECT_TRUE(model.call.camera_lost);
    call.hang_up(now);
    call.close(now);
    (void)commands();
    call.open(now);
    EXPECT_NE(find<StartPreview>(commands()), nullptr) << "the next visitor has the camera";
    EXPECT_FALSE(model.call.camera_lost);
}

// The media may say the camera failed before the watcher hears it was unplugged.
TEST_F(CallTest, TheMediaSayingTheCameraFailedIsEnough) {
    answered();
    call.on_camera_lost(now);
    EXPECT_TRUE(model.call.camera_lost);
    EXPECT_EQ(model.call.step, CallStep::connecting);
    EXPECT_TRUE(commands().empty());
}

// First in the queue, the call's media is made ahead with the camera as it is; the camera going
// or coming back before the answer makes it again (nothing of it reached the agent yet).
TEST_F(CallTest, ACallMadeAheadIsMadeAgainWhenTheCameraComesOrGoesBeforeTheAnswer) {
    call.open(now);
    call.call(now);
    call.on_queued({"call-1", 1, 1}, now);
    ASSERT_NE(find<StartCall>(commands()), nullptr);
    call.on_local_description(wire::SignalKind::offer, "v=0\r\nwith-camera", now);

    call.on_devices({.camera = false, .microphone = true}, now);
    auto again = commands();
    ASSERT_EQ(again.size(), 2U);
    EXPECT_TRUE(std::holds_alternative<StopMedia>(again[0]));
    EXPECT_TRUE(std::holds_alternative<StartCall>(again[1])) << "made again, sound only";
    EXPECT_TRUE(model.call.without_camera);
    EXPECT_EQ(model.call.step, CallStep::waiting) << "the call request stands";

    call.on_devices({.camera = true, .microphone = true}, now);
    again = commands();
    ASSERT_EQ(again.size(), 2U);
    EXPECT_TRUE(std::holds_alternative<StartCall>(again[1])) << "made again, with the camera";
    EXPECT_FALSE(model.call.without_camera);

    call.on_local_description(wire::SignalKind::offer, "v=0\r\nagain", now);
    call.on_answered({"call-1", "Camille"}, now);
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U) << "only the offer of the media that stands";
    EXPECT_EQ(std::get<SendSignal>(sent[0]).signal.sdp, "v=0\r\nagain");
}
