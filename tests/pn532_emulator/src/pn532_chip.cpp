#include "pn532_chip.hpp"

#include "pn532_codes.hpp"

#include <algorithm>

namespace telecentre::testing {

using namespace pn532;

namespace {

// The UID a host names in InListPassiveTarget's initiator data, cascade tags (88) removed.
std::vector<std::uint8_t> uncascade_uid(std::span<const std::uint8_t> data) {
    if (data.size() == 8 && data[0] == 0x88) {
        return {data.begin() + 1, data.end()};
    }
    if (data.size() == 12 && data[0] == 0x88 && data[4] == 0x88) {
        std::vector<std::uint8_t> uid(data.begin() + 1, data.begin() + 4);
        uid.insert(uid.end(), data.begin() + 5, data.end());
        return uid;
    }
    return {data.begin(), data.end()};
}

} // namespace

void Pn532Chip::place_card(Card card) {
    if (card.uid.empty() || card.uid.size() > 10) {
        return; // not a card a PN532 could report
    }
    if (card.ats.empty() || card.ats.front() != card.ats.size()) {
        // TL must count the ATS itself: libnfc copies TL - 1 bytes, so a wrong TL would overrun
        // its buffer. Such a card cannot be emulated faithfully; it gets a plain ATS instead.
        card.ats = Card{}.ats;
    }
    m_card = std::move(card);
    m_card_state = CardState::idle;
    m_card_has_ats = false;
}

void Pn532Chip::remove_card() {
    m_card.reset();
    m_card_state = CardState::idle;
    m_card_has_ats = false;
}

void Pn532Chip::power_on_reset() {
    m_card_state = CardState::idle;
    m_card_has_ats = false;
    m_field_on = false;
    m_parameters = 0;
    m_registers.clear();
    m_deferred_poll_types.reset();
}

std::optional<std::vector<std::uint8_t>> Pn532Chip::card_uid() const {
    if (!m_card) {
        return std::nullopt;
    }
    return m_card->uid;
}

bool Pn532Chip::card_answers_poll() const { return m_card.has_value() && m_card_state != CardState::halted; }

std::vector<std::uint8_t> Pn532Chip::target_data(bool with_ats) const {
    // Reserved and appended piece by piece: g++ 12 -O3 warns (wrongly) about inserting into a
    // vector built from an initializer list.
    std::vector<std::uint8_t> data;
    data.reserve(5 + m_card->uid.size() + m_card->ats.size());
    data.push_back(0x01); // Tg
    data.push_back(static_cast<std::uint8_t>(m_card->atqa >> 8));
    data.push_back(static_cast<std::uint8_t>(m_card->atqa & 0xFF));
    data.push_back(m_card->sak);
    data.push_back(static_cast<std::uint8_t>(m_card->uid.size()));
    data.insert(data.end(), m_card->uid.begin(), m_card->uid.end());
    if (with_ats) {
        data.insert(data.end(), m_card->ats.begin(), m_card->ats.end());
    }
    return data;
}

ChipReply Pn532Chip::handle(std::span<const std::uint8_t> command) {
    if (command.empty()) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    // Any new command ends a waiting InAutoPoll, as on the chip.
    m_deferred_poll_types.reset();
    const std::uint8_t code = command[0];
    const std::uint8_t response_code = static_cast<std::uint8_t>(code + 1);
    const auto params = command.subspan(1);
    switch (code) {
    case kDiagnose: return diagnose(params);
    case kGetFirmwareVersion:
        // IC 0x32 (PN532), firmware 1.6, supports ISO 14443A, ISO 14443B and ISO 18092.
        return answer(response_code, {0x32, 0x01, 0x06, 0x07});
    case kGetGeneralStatus: return general_status();
    case kReadRegister: return read_registers(params);
    case kWriteRegister: return write_registers(params);
    case kReadGpio: return answer(response_code, {0xFF, 0xFF, 0x00});
    case kWriteGpio:
    case kSetSerialBaudRate:
    case kSamConfiguration: return answer(response_code);
    case kSetParameters:
        if (params.empty()) {
            break;
        }
        m_parameters = params[0];
        return answer(response_code);
    case kPowerDown: return answer(response_code, {kStatusOk});
    case kRfConfiguration: return rf_configuration(params);
    case kInListPassiveTarget: return list_passive_target(params);
    case kInAutoPoll: return auto_poll(params);
    case kInDataExchange: return data_exchange(params);
    case kInCommunicateThru: return communicate_thru(params);
    case kInDeselect: return deselect(response_code, false);
    case kInRelease: return deselect(response_code, true);
    case kInSelect: return select(params);
    case kInJumpForDep:
    case kInJumpForPsl:
    case kInAtr:
    case kInPsl:
        // No NFC-DEP peer in the field.
        return answer(response_code, {kStatusTimeout});
    default: break;
    }
    ++m_counters.unknown_commands;
    return syntax_error();
}

ChipReply Pn532Chip::diagnose(std::span<const std::uint8_t> params) {
    constexpr std::uint8_t kResponse = kDiagnose + 1;
    if (params.empty()) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    switch (params[0]) {
    case 0x00: { // communication line test: echo the test number and its data
        static constexpr std::uint8_t kLibnfcProbe[] = {'l', 'i', 'b', 'n', 'f', 'c'};
        if (std::ranges::equal(params.subspan(1), kLibnfcProbe)) {
            ++m_counters.communication_tests;
        }
        return answer(kResponse, {params.begin(), params.end()});
    }
    case 0x06: // card presence (PN533-style ping)
        ++m_counters.presence_checks;
        return answer(kResponse, {m_card && m_card_state == CardState::active ? kStatusOk : kStatusTimeout});
    default: // ROM, RAM, polling and antenna tests all pass
        return answer(kResponse, {kStatusOk});
    }
}

ChipReply Pn532Chip::general_status() const {
    std::vector<std::uint8_t> payload = {0x00, static_cast<std::uint8_t>(m_field_on ? 1 : 0)};
    if (m_card && m_card_state == CardState::active) {
        payload.insert(payload.end(), {0x01, 0x01, 0x00, 0x00, 0x00});
    } else {
        payload.push_back(0x00);
    }
    payload.push_back(0x00); // SAM status
    return answer(kGetGeneralStatus + 1, std::move(payload));
}

ChipReply Pn532Chip::read_registers(std::span<const std::uint8_t> params) {
    if (params.empty() || params.size() % 2 != 0) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    std::vector<std::uint8_t> values;
    for (std::size_t i = 0; i + 1 < params.size(); i += 2) {
        const auto address = static_cast<std::uint16_t>(params[i] << 8 | params[i + 1]);
        const auto found = m_registers.find(address);
        values.push_back(found == m_registers.end() ? 0x00 : found->second);
    }
    return answer(kReadRegister + 1, std::move(values));
}

ChipReply Pn532Chip::write_registers(std::span<const std::uint8_t> params) {
    if (params.empty() || params.size() % 3 != 0) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    for (std::size_t i = 0; i + 2 < params.size(); i += 3) {
        m_registers[static_cast<std::uint16_t>(params[i] << 8 | params[i + 1])] = params[i + 2];
    }
    return answer(kWriteRegister + 1);
}

ChipReply Pn532Chip::rf_configuration(std::span<const std::uint8_t> params) {
    if (params.empty()) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    if (params[0] == kRfFieldItem && params.size() >= 2) {
        const bool on = (params[1] & 0x01) != 0;
        if (!on && m_card) {
            // Without the field the card loses power: it forgets being selected or halted.
            m_card_state = CardState::idle;
            m_card_has_ats = false;
        }
        m_field_on = on;
    }
    return answer(kRfConfiguration + 1);
}

ChipReply Pn532Chip::list_passive_target(std::span<const std::uint8_t> params) {
    constexpr std::uint8_t kResponse = kInListPassiveTarget + 1;
    if (params.size() < 2 || params[0] == 0 || params[0] > 2) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    ++m_counters.passive_polls;
    m_field_on = true;
    const std::uint8_t baud_and_type = params[1];
    const auto initiator_data = params.subspan(2);
    const bool iso14443a = baud_and_type == 0x00;
    if (!iso14443a || !card_answers_poll()) {
        return answer(kResponse, {0x00});
    }
    if (!initiator_data.empty() && uncascade_uid(initiator_data) != m_card->uid) {
        return answer(kResponse, {0x00});
    }
    m_card_state = CardState::active;
    m_card_has_ats = m_card->iso_dep() && (m_parameters & kParamAutoRats) != 0;
    std::vector<std::uint8_t> payload = {0x01};
    const auto data = target_data(m_card_has_ats);
    payload.insert(payload.end(), data.begin(), data.end());
    return answer(kResponse, std::move(payload));
}

std::optional<ChipReply> Pn532Chip::auto_poll_answer(std::span<const std::uint8_t> types) {
    if (!card_answers_poll()) {
        return std::nullopt;
    }
    const auto wants = [&](std::uint8_t type) { return std::ranges::find(types, type) != types.end(); };
    std::uint8_t type = 0;
    if (m_card->iso_dep() && wants(kPollIso14443_4A)) {
        type = kPollIso14443_4A;
    } else if (wants(kPollMifare)) {
        type = kPollMifare;
    } else if (wants(kPollGenericPassive106)) {
        type = kPollGenericPassive106;
    } else {
        return std::nullopt;
    }
    ++m_counters.auto_polls;
    m_card_state = CardState::active;
    m_card_has_ats = type == kPollIso14443_4A;
    const auto data = target_data(m_card_has_ats);
    std::vector<std::uint8_t> payload = {0x01, type, static_cast<std::uint8_t>(data.size())};
    payload.insert(payload.end(), data.begin(), data.end());
    return answer(kInAutoPoll + 1, std::move(payload));
}

ChipReply Pn532Chip::auto_poll(std::span<const std::uint8_t> params) {
    // PollNr (FF: endless), Period (units of 150 ms), then 1 to 15 target types.
    if (params.size() < 3 || params.size() > 17 || params[1] == 0) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    m_field_on = true;
    const auto types = params.subspan(2);
    if (auto reply = auto_poll_answer(types)) {
        return *reply;
    }
    ChipReply reply;
    reply.kind = ChipReply::Kind::deferred;
    if (params[0] != 0xFF) {
        reply.poll_window = kAutoPollPeriodUnit * params[0] * params[1] * static_cast<int>(types.size());
    }
    m_deferred_poll_types = std::vector<std::uint8_t>(types.begin(), types.end());
    return reply;
}

std::optional<ChipReply> Pn532Chip::answer_deferred_poll() {
    if (!m_deferred_poll_types) {
        return std::nullopt;
    }
    auto reply = auto_poll_answer(*m_deferred_poll_types);
    if (reply) {
        m_deferred_poll_types.reset();
    }
    return reply;
}

ChipReply Pn532Chip::expire_deferred_poll() {
    m_deferred_poll_types.reset();
    ++m_counters.auto_polls;
    return answer(kInAutoPoll + 1, {0x00});
}

} // namespace telecentre::testing
