// The commands that reach the card in the field: data exchange, raw frames, (de)selection.

#include "pn532_chip.hpp"
#include "pn532_codes.hpp"

#include <algorithm>
#include <exception>

namespace telecentre::testing {

using namespace pn532;

ChipReply Pn532Chip::card_answer(std::uint8_t response_code, std::vector<std::uint8_t> payload) const {
    ChipReply reply = answer(response_code, std::move(payload));
    reply.fault = m_card ? m_card->answer_fault : AnswerFault::none;
    return reply;
}

std::vector<std::uint8_t> Pn532Chip::run_apdu(std::span<const std::uint8_t> apdu) {
    ++m_counters.apdus;
    if (!m_card->apdu_responder) {
        return {0x6D, 0x00};
    }
    return m_card->apdu_responder(apdu);
}

std::vector<std::uint8_t> Pn532Chip::mifare_read(std::uint8_t page) const {
    // A 64-byte memory image: the UID, then zeros. READ returns four pages and wraps around.
    std::vector<std::uint8_t> memory(64, 0x00);
    std::ranges::copy(m_card->uid, memory.begin());
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < 16; ++i) {
        out.push_back(memory[(static_cast<std::size_t>(page) * 4 + i) % memory.size()]);
    }
    return out;
}

ChipReply Pn532Chip::data_exchange(std::span<const std::uint8_t> params) {
    constexpr std::uint8_t kResponse = kInDataExchange + 1;
    if (params.empty()) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    if ((params[0] & 0x0F) != 0x01 || !m_card || m_card_state != CardState::active) {
        return answer(kResponse, {kStatusTimeout});
    }
    const auto data = params.subspan(1);
    std::vector<std::uint8_t> payload = {kStatusOk};
    if (m_card_has_ats) {
        std::vector<std::uint8_t> response;
        try {
            response = run_apdu(data);
        } catch (const std::exception&) {
            return answer(kResponse, {kStatusTimeout}); // the card went mute
        }
        // The chip holds at most 262 bytes of card answer (264 data bytes in an extended frame).
        if (response.size() > 262) {
            return answer(kResponse, {kStatusBufferOverflow});
        }
        payload.insert(payload.end(), response.begin(), response.end());
        return card_answer(kResponse, std::move(payload));
    }
    // A MIFARE card: READ answers 16 bytes; AUTH and WRITE are accepted; anything else is mute.
    if (!data.empty() && data[0] == 0x30 && data.size() >= 2) {
        const auto pages = mifare_read(data[1]);
        payload.insert(payload.end(), pages.begin(), pages.end());
        return card_answer(kResponse, std::move(payload));
    }
    if (!data.empty() && (data[0] == 0x60 || data[0] == 0x61 || data[0] == 0xA0 || data[0] == 0xA2)) {
        return card_answer(kResponse, std::move(payload));
    }
    return answer(kResponse, {kStatusTimeout});
}

ChipReply Pn532Chip::communicate_thru(std::span<const std::uint8_t> params) {
    constexpr std::uint8_t kResponse = kInCommunicateThru + 1;
    // Nothing to send (libnfc's barcode probe does that with the field off) gets no answer either.
    if (params.empty() || !m_card || m_card_state != CardState::active) {
        return answer(kResponse, {kStatusTimeout});
    }
    const std::uint8_t first = params[0];
    if (m_card_has_ats) {
        // ISO 14443-4 blocks: R(NAK) is a presence ping, answered with R(ACK) of the same block
        // number; I-blocks carry APDUs; S(DESELECT) halts the card.
        if ((first == 0xB2 || first == 0xB3) && params.size() == 1) {
            ++m_counters.presence_checks;
            return card_answer(kResponse, {kStatusOk, static_cast<std::uint8_t>(0xA2 | (first & 0x01))});
        }
        if ((first == 0x02 || first == 0x03) && params.size() >= 2) {
            std::vector<std::uint8_t> response;
            try {
                response = run_apdu(params.subspan(1));
            } catch (const std::exception&) {
                return answer(kResponse, {kStatusTimeout});
            }
            if (response.size() > 261) {
                return answer(kResponse, {kStatusBufferOverflow});
            }
            std::vector<std::uint8_t> payload = {kStatusOk, static_cast<std::uint8_t>(first & 0x03)};
            payload.insert(payload.end(), response.begin(), response.end());
            return card_answer(kResponse, std::move(payload));
        }
        if (first == 0xC2) {
            m_card_state = CardState::halted;
            return card_answer(kResponse, {kStatusOk, 0xC2});
        }
        return answer(kResponse, {kStatusTimeout});
    }
    if (first == 0x30 && params.size() >= 2) {
        std::vector<std::uint8_t> payload = {kStatusOk};
        const auto pages = mifare_read(params[1]);
        payload.insert(payload.end(), pages.begin(), pages.end());
        return card_answer(kResponse, std::move(payload));
    }
    if (first == 0x50) {
        m_card_state = CardState::halted; // HLTA has no answer
    }
    return answer(kResponse, {kStatusTimeout});
}

ChipReply Pn532Chip::deselect(std::uint8_t response_code, bool release) {
    if (!m_card || m_card_state != CardState::active) {
        // InRelease of nothing is fine (libnfc sends it when closing); InDeselect is not.
        return answer(response_code, {release ? kStatusOk : kStatusNotInContext});
    }
    // Deselect sends S(DESELECT) or HLTA: the card halts until the field cycles. Release does
    // the same for an ISO-DEP card and merely forgets a MIFARE one, which drops back to idle.
    m_card_state = (!release || m_card_has_ats) ? CardState::halted : CardState::idle;
    m_card_has_ats = false;
    return answer(response_code, {kStatusOk});
}

ChipReply Pn532Chip::select(std::span<const std::uint8_t> params) {
    constexpr std::uint8_t kResponse = kInSelect + 1;
    if (params.empty()) {
        ++m_counters.unknown_commands;
        return syntax_error();
    }
    if (params[0] != 0x01 || !card_answers_poll()) {
        return answer(kResponse, {kStatusNotInContext});
    }
    m_card_state = CardState::active;
    return answer(kResponse, {kStatusOk});
}

} // namespace telecentre::testing
