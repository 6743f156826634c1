// The reader going away and coming back, a reader missing at start, a kiosk that reopens the
// port after a crash.

#include "nfc_test_support.hpp"

#include <signal.h>

namespace telecentre::testing {
namespace {

using Kind = ReaderEvent::Kind;

class BadgeReaderRecovery : public NfcReaderTest {};

TEST_F(BadgeReaderRecovery, UnplugMakesItUnavailableAndPlugMakesItReadyAgain) {
    start_reader();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));

    m_emulator->unplug();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::unavailable));
    const auto events = m_events.snapshot();
    EXPECT_FALSE(events.back().status.detail.empty());

    ASSERT_TRUE(m_emulator->plug().has_value());
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));

    m_emulator->place_card(Card::mifare_classic(bytes({0xCA, 0xFE, 0xBA, 0xBE})));
    ASSERT_TRUE(m_events.wait_for_taps(1));
    EXPECT_EQ(ReaderEvents::taps(m_events.snapshot()).front().uid.hex(), "CAFEBABE");
}

TEST_F(BadgeReaderRecovery, UnplugWhileACardIsHeldReportsItsRemoval) {
    start_reader();
    m_emulator->place_card(Card::ultralight(bytes({0x04, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60})));
    ASSERT_TRUE(m_events.wait_for_taps(1));

    m_emulator->unplug();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::unavailable));
    ASSERT_TRUE(m_events.wait_for_removals(1));

    // Plugged back with the card still on it: a new tap, as for a reader that just started.
    ASSERT_TRUE(m_emulator->plug().has_value());
    ASSERT_TRUE(m_events.wait_for_taps(2));
}

TEST_F(BadgeReaderRecovery, RepeatedUnplugsAreEachReported) {
    start_reader();
    for (int round = 0; round < 3; ++round) {
        ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready)) << "round " << round;
        m_emulator->unplug();
        ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::unavailable)) << "round " << round;
        ASSERT_TRUE(m_emulator->plug().has_value());
    }
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
}

TEST_F(BadgeReaderRecovery, ReaderMissingAtStartIsRetriedUntilItAppears) {
    const auto later_link = m_dir->path() / "later";
    start_reader({}, "pn532_uart:" + later_link.string());
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::unavailable));
    EXPECT_NE(m_events.snapshot().back().status.detail.find("does not exist"), std::string::npos)
        << m_events.snapshot().back().status.detail;

    auto late = Pn532Emulator::create(later_link);
    ASSERT_TRUE(late.has_value()) << late.error();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    (*late)->place_card(Card::mifare_classic(bytes({0x01, 0x23, 0x45, 0x67})));
    ASSERT_TRUE(m_events.wait_for_taps(1));
    stop_reader();
    (*late)->stop();

    // Retries that failed the same way were not reported again and again.
    const auto events = m_events.snapshot();
    EXPECT_EQ(ReaderEvents::count(events, Kind::status), 3); // starting, unavailable, ready
}

TEST_F(BadgeReaderRecovery, ReaderCanBeStoppedAndStartedAgainOnTheSamePort) {
    for (int round = 0; round < 3; ++round) {
        ReaderEvents events;
        platform::LibnfcBadgeReader reader(
            {m_emulator->connstring(), std::chrono::milliseconds(50), std::chrono::milliseconds(200)});
        reader.start(events.sink());
        ASSERT_TRUE(events.wait_for_state(core::ReaderState::ready)) << "round " << round;
        reader.stop();
        reader.stop(); // twice is fine
    }
    EXPECT_EQ(m_emulator->counters().communication_tests, 3U);
}

TEST_F(BadgeReaderRecovery, PortReopensAfterTheKioskWasKilled) {
    // Another process opens the reader with libnfc and is killed in the middle of its polling,
    // without nfc_close: the kiosk restarted after kill -9.
    auto holder = ChildProcess::spawn({TELECENTRE_HOLD_READER_EXE, m_emulator->connstring()});
    ASSERT_TRUE(holder.has_value()) << holder.error();
    ASSERT_TRUE(holder->wait_for_output("open"));
    ASSERT_TRUE(wait_for_more_commands(5));
    holder->send_signal(SIGKILL);
    EXPECT_FALSE(holder->wait_exit().has_value()); // died by the signal

    start_reader();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    m_emulator->place_card(Card::mifare_classic(bytes({0x09, 0x08, 0x07, 0x06})));
    ASSERT_TRUE(m_events.wait_for_taps(1));
}

TEST_F(BadgeReaderRecovery, StopReturnsWhileACardIsHeld) {
    start_reader();
    m_emulator->place_card(Card::iso_dep_card(bytes({0x04, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06}), {}));
    ASSERT_TRUE(m_events.wait_for_taps(1));
    stop_reader();
    // No removal is reported for a card still in the field when the kiosk stops.
    EXPECT_EQ(ReaderEvents::count(m_events.snapshot(), Kind::removed), 0);
}

TEST_F(BadgeReaderRecovery, WedgedReaderIsReportedUnavailableThenRecovers) {
    start_reader();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    // The chip stays on the line but answers nothing: libnfc's commands time out one by one.
    m_emulator->wedge();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::unavailable));
    EXPECT_GT(m_emulator->counters().bytes_swallowed, 0U);

    m_emulator->unwedge();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    m_emulator->place_card(Card::mifare_classic(bytes({0x0B, 0xAD, 0xCA, 0xFE})));
    ASSERT_TRUE(m_events.wait_for_taps(1));
}

TEST_F(BadgeReaderRecovery, StopReturnsWhileTheReaderIsWedged) {
    start_reader();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    const auto swallowed = m_emulator->counters().bytes_swallowed;
    m_emulator->wedge();
    ASSERT_TRUE(eventually([&] { return m_emulator->counters().bytes_swallowed > swallowed; }));
    stop_reader(); // returns: every libnfc call the reader makes has a timeout
    EXPECT_EQ(ReaderEvents::taps(m_events.snapshot()).size(), 0U);
}

TEST_F(BadgeReaderRecovery, StopAbortsACommandTheChipIsSlowToAnswer) {
    start_reader();
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    // Answers now come 250 ms after their ACK, inside libnfc's 300 ms: the reader thread sits in
    // libnfc's abortable wait for the answer.
    m_emulator->set_answer_delay(std::chrono::milliseconds(250));
    const auto accepted = m_emulator->counters().frames_accepted;
    ASSERT_TRUE(eventually([&] { return m_emulator->counters().frames_accepted > accepted + 1; }));
    m_emulator->place_card(Card::mifare_classic(bytes({0x0D, 0x0E, 0x0A, 0x0D})));
    stop_reader();
    // An aborted command is not taken for a card: whatever was reported came from a finished poll.
    for (const auto& tap : ReaderEvents::taps(m_events.snapshot())) {
        EXPECT_EQ(tap.uid.hex(), "0D0E0A0D");
    }
}

} // namespace
} // namespace telecentre::testing
