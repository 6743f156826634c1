// APDUs to an ISO-DEP card through on_card_present's channel, and cards that answer badly.

#include "nfc_test_support.hpp"

#include <algorithm>
#include <stdexcept>

namespace telecentre::testing {
namespace {

using Kind = ReaderEvent::Kind;
using ApduResult = std::expected<std::vector<std::uint8_t>, std::string>;

const std::vector<std::uint8_t> kSelectAid =
    bytes({0x00, 0xA4, 0x04, 0x00, 0x07, 0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01, 0x00});
const std::vector<std::uint8_t> kSelectAnswer = bytes({0x6F, 0x05, 0x84, 0x03, 0xD2, 0x76, 0x00, 0x90, 0x00});

// Answers SELECT of the NDEF application, 6A 82 (file not found) to anything else.
std::vector<std::uint8_t> select_responder(std::span<const std::uint8_t> apdu) {
    if (std::ranges::equal(apdu, kSelectAid)) {
        return kSelectAnswer;
    }
    return {0x6A, 0x82};
}

class BadgeReaderApdu : public NfcReaderTest {
protected:
    // Starts a reader whose on_card_present sends `apdu` and keeps the result.
    void start_reader_sending(std::vector<std::uint8_t> apdu) {
        start_reader([this, apdu = std::move(apdu)](const core::BadgeTap&, core::ApduChannel& channel) {
            auto result = channel.transceive(apdu);
            const std::scoped_lock lock(m_results_mutex);
            m_results.push_back(std::move(result));
        });
        ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    }

    std::vector<ApduResult> results() {
        const std::scoped_lock lock(m_results_mutex);
        return m_results;
    }

    std::mutex m_results_mutex;
    std::vector<ApduResult> m_results;
};

TEST_F(BadgeReaderApdu, SelectReturnsTheCardsAnswerBeforeTheTap) {
    start_reader_sending(kSelectAid);
    m_emulator->place_card(Card::iso_dep_card(bytes({0x04, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36}), select_responder));
    ASSERT_TRUE(m_events.wait_for_taps(1));

    const auto answers = results();
    ASSERT_EQ(answers.size(), 1U);
    ASSERT_TRUE(answers[0].has_value()) << answers[0].error();
    EXPECT_EQ(*answers[0], kSelectAnswer);
    EXPECT_EQ(m_emulator->counters().apdus, 1U);

    // The secure-badge check runs while the card is in the field, before the tap is reported.
    std::vector<Kind> order;
    for (const auto& event : m_events.snapshot()) {
        if (event.kind == Kind::card_present || event.kind == Kind::tap) {
            order.push_back(event.kind);
        }
    }
    EXPECT_EQ(order, (std::vector<Kind>{Kind::card_present, Kind::tap}));
}

TEST_F(BadgeReaderApdu, LongApdusTravelInExtendedFrames) {
    // 5 + 250 bytes of command and 258 bytes of answer: both frames exceed 254 data bytes.
    std::vector<std::uint8_t> command = {0x90, 0x8D, 0x00, 0x00, 250};
    for (int i = 0; i < 250; ++i) {
        command.push_back(static_cast<std::uint8_t>(i));
    }
    std::vector<std::uint8_t> long_answer;
    for (int i = 0; i < 256; ++i) {
        long_answer.push_back(static_cast<std::uint8_t>(255 - i));
    }
    long_answer.insert(long_answer.end(), {0x91, 0x00});
    // The responder runs on the emulator's thread.
    std::mutex received_mutex;
    std::vector<std::uint8_t> received_command;
    start_reader_sending(command);
    m_emulator->place_card(
        Card::iso_dep_card(bytes({0x04, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06}), [&](std::span<const std::uint8_t> apdu) {
            const std::scoped_lock lock(received_mutex);
            received_command.assign(apdu.begin(), apdu.end());
            return long_answer;
        }));
    ASSERT_TRUE(m_events.wait_for_taps(1));
    const auto answers = results();
    ASSERT_EQ(answers.size(), 1U);
    ASSERT_TRUE(answers[0].has_value()) << answers[0].error();
    EXPECT_EQ(*answers[0], long_answer);
    const std::scoped_lock lock(received_mutex);
    EXPECT_EQ(received_command, command);
}

TEST_F(BadgeReaderApdu, ApduTooLongForLibnfcIsRefusedWithoutSendingIt) {
    start_reader_sending(std::vector<std::uint8_t>(300, 0x00));
    m_emulator->place_card(Card::iso_dep_card(bytes({0x04, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06}), select_responder));
    ASSERT_TRUE(m_events.wait_for_taps(1));
    const auto answers = results();
    ASSERT_EQ(answers.size(), 1U);
    EXPECT_FALSE(answers[0].has_value());
    EXPECT_EQ(m_emulator->counters().apdus, 0U);
}

TEST_F(BadgeReaderApdu, CardWithoutIsoDepRefusesApdusButIsStillReported) {
    start_reader_sending(kSelectAid);
    m_emulator->place_card(Card::mifare_classic(bytes({0x11, 0x22, 0x33, 0x44})));
    ASSERT_TRUE(m_events.wait_for_taps(1));
    const auto answers = results();
    ASSERT_EQ(answers.size(), 1U);
    ASSERT_FALSE(answers[0].has_value());
    EXPECT_NE(answers[0].error().find("ISO 14443-4"), std::string::npos);
}

TEST_F(BadgeReaderApdu, ThrowingSinkDoesNotStopTheReader) {
    start_reader([](const core::BadgeTap&, core::ApduChannel&) { throw std::runtime_error("sink bug"); });
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    m_emulator->place_card(Card::mifare_classic(bytes({0x11, 0x22, 0x33, 0x44})));
    ASSERT_TRUE(m_events.wait_for_taps(1));
    m_emulator->remove_card();
    ASSERT_TRUE(m_events.wait_for_removals(1));
}

// A card that answers garbage, answers nothing, or answers too much: the APDU fails cleanly, the
// tap is still reported once, and the reader goes on to report the next card.
struct MalformedCard {
    const char* name;
    AnswerFault fault;
    ApduResponder responder;
};

class BadgeReaderMalformedCard : public BadgeReaderApdu, public ::testing::WithParamInterface<MalformedCard> {};

TEST_P(BadgeReaderMalformedCard, ApduFailsCleanlyAndTheReaderCarriesOn) {
    start_reader_sending(kSelectAid);
    Card bad = Card::iso_dep_card(bytes({0x04, 0xBA, 0xD0, 0xCA, 0x4D, 0x00, 0x01}), GetParam().responder);
    bad.answer_fault = GetParam().fault;
    m_emulator->place_card(bad);
    ASSERT_TRUE(m_events.wait_for_taps(1));
    ASSERT_TRUE(wait_for_more_commands(20)); // presence checks of a card that answers badly
    EXPECT_EQ(ReaderEvents::taps(m_events.snapshot()).size(), 1U);

    const auto answers = results();
    ASSERT_EQ(answers.size(), 1U);
    if (answers[0]) {
        EXPECT_NE(*answers[0], kSelectAnswer); // whatever came back, it is not a valid answer
    }

    m_emulator->remove_card();
    ASSERT_TRUE(m_events.wait_for_removals(1));
    m_emulator->place_card(Card::iso_dep_card(bytes({0x04, 0x60, 0x0D, 0x0C, 0x0A, 0x4D, 0x02}), select_responder));
    ASSERT_TRUE(m_events.wait_for_taps(2));
    const auto after = results();
    ASSERT_EQ(after.size(), 2U);
    ASSERT_TRUE(after[1].has_value()) << after[1].error();
    EXPECT_EQ(*after[1], kSelectAnswer);
    EXPECT_EQ(ReaderEvents::last_state(m_events.snapshot()), core::ReaderState::ready);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, BadgeReaderMalformedCard,
    ::testing::Values(MalformedCard{"BadChecksum", AnswerFault::bad_checksum, select_responder},
                      MalformedCard{"TruncatedFrame", AnswerFault::truncated, select_responder},
                      MalformedCard{"WrongResponseCode", AnswerFault::wrong_response_code, select_responder},
                      MalformedCard{"EmptyAnswer", AnswerFault::none,
                                    [](std::span<const std::uint8_t>) { return std::vector<std::uint8_t>{}; }},
                      MalformedCard{"OversizedAnswer", AnswerFault::none,
                                    [](std::span<const std::uint8_t>) { return std::vector<std::uint8_t>(300, 0xEE); }},
                      MalformedCard{"MuteCard", AnswerFault::none,
                                    [](std::span<const std::uint8_t>) -> std::vector<std::uint8_t> {
                                        throw std::runtime_error("mute");
                                    }}),
    [](const ::testing::TestParamInfo<MalformedCard>& test) { return std::string(test.param.name); });

} // namespace
} // namespace telecentre::testing
