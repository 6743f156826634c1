#pragma once
// The command set of an emulated PN532 and the card in its field, without any I/O: a command
// (code and parameters, TFI stripped) goes in, the answer comes out. Not thread-safe; the
// emulator calls it under its lock.

#include "telecentre/testing/pn532_emulator.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace telecentre::testing {

struct ChipReply {
    enum class Kind {
        answer,       // send ACK, then a response frame carrying `data`
        syntax_error, // send ACK, then the syntax-error frame
        deferred,     // send ACK now; the answer comes when a card shows up or the window ends
    };
    Kind kind = Kind::answer;
    std::vector<std::uint8_t> data; // response code (command + 1) and payload
    AnswerFault fault = AnswerFault::none;
    // For a deferred InAutoPoll: how long the chip polls before answering "no target"; nullopt
    // when the host asked for endless polling.
    std::optional<std::chrono::milliseconds> poll_window;
};

class Pn532Chip {
public:
    [[nodiscard]] ChipReply handle(std::span<const std::uint8_t> command);

    // A waiting InAutoPoll: its answer if a card can be reported now.
    [[nodiscard]] std::optional<ChipReply> answer_deferred_poll();
    // A waiting InAutoPoll whose window ran out: "no target".
    [[nodiscard]] ChipReply expire_deferred_poll();
    void cancel_deferred_poll() { m_deferred_poll_types.reset(); }
    [[nodiscard]] bool has_deferred_poll() const { return m_deferred_poll_types.has_value(); }

    void place_card(Card card);
    void remove_card();
    // The chip lost power (unplugged): registers, parameters, field and card state start over.
    void power_on_reset();

    [[nodiscard]] std::optional<std::vector<std::uint8_t>> card_uid() const;
    // A wedged chip ignores its host entirely (the emulator drops what it reads).
    void set_wedged(bool wedged) { m_wedged = wedged; }
    [[nodiscard]] bool wedged() const { return m_wedged; }
    // How long answers wait after their ACK, to emulate a slow chip.
    void set_answer_delay(std::chrono::milliseconds delay) { m_answer_delay = delay; }
    [[nodiscard]] std::chrono::milliseconds answer_delay() const { return m_answer_delay; }
    [[nodiscard]] EmulatorCounters& counters() { return m_counters; }
    [[nodiscard]] const EmulatorCounters& counters() const { return m_counters; }

private:
    // ISO 14443-3 card states that matter to a reader: a halted card answers no poll until the
    // field goes off and on again (the PN532 polls with REQA, never WUPA).
    enum class CardState { idle, active, halted };

    ChipReply diagnose(std::span<const std::uint8_t> params);
    ChipReply general_status() const;
    ChipReply read_registers(std::span<const std::uint8_t> params);
    ChipReply write_registers(std::span<const std::uint8_t> params);
    ChipReply rf_configuration(std::span<const std::uint8_t> params);
    ChipReply list_passive_target(std::span<const std::uint8_t> params);
    ChipReply auto_poll(std::span<const std::uint8_t> params);
    ChipReply data_exchange(std::span<const std::uint8_t> params);
    ChipReply communicate_thru(std::span<const std::uint8_t> params);
    ChipReply deselect(std::uint8_t response_code, bool release);
    ChipReply select(std::span<const std::uint8_t> params);

    [[nodiscard]] bool card_answers_poll() const;
    // Tg, SENS_RES, SEL_RES, NFCID1 and, when `with_ats`, the ATS; as InListPassiveTarget sends it.
    [[nodiscard]] std::vector<std::uint8_t> target_data(bool with_ats) const;
    [[nodiscard]] ChipReply card_answer(std::uint8_t response_code, std::vector<std::uint8_t> payload) const;
    [[nodiscard]] std::vector<std::uint8_t> run_apdu(std::span<const std::uint8_t> apdu);
    [[nodiscard]] std::vector<std::uint8_t> mifare_read(std::uint8_t page) const;
    [[nodiscard]] std::optional<ChipReply> auto_poll_answer(std::span<const std::uint8_t> types);

    std::optional<Card> m_card;
    CardState m_card_state = CardState::idle;
    bool m_card_has_ats = false; // RATS was done when the card was selected
    bool m_field_on = false;
    bool m_wedged = false;
    std::chrono::milliseconds m_answer_delay{0};
    std::uint8_t m_parameters = 0;
    std::map<std::uint16_t, std::uint8_t> m_registers;
    std::optional<std::vector<std::uint8_t>> m_deferred_poll_types;
    EmulatorCounters m_counters;
};

} // namespace telecentre::testing
