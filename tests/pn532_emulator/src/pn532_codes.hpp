#pragma once
// PN532 command codes, status bytes and reply builders shared by the emulated chip's files
// (PN532 user manual §7).

#include "pn532_chip.hpp"

#include <chrono>
#include <cstdint>
#include <vector>

namespace telecentre::testing::pn532 {

// Command codes.
inline constexpr std::uint8_t kDiagnose = 0x00;
inline constexpr std::uint8_t kGetFirmwareVersion = 0x02;
inline constexpr std::uint8_t kGetGeneralStatus = 0x04;
inline constexpr std::uint8_t kReadRegister = 0x06;
inline constexpr std::uint8_t kWriteRegister = 0x08;
inline constexpr std::uint8_t kReadGpio = 0x0C;
inline constexpr std::uint8_t kWriteGpio = 0x0E;
inline constexpr std::uint8_t kSetSerialBaudRate = 0x10;
inline constexpr std::uint8_t kSetParameters = 0x12;
inline constexpr std::uint8_t kSamConfiguration = 0x14;
inline constexpr std::uint8_t kPowerDown = 0x16;
inline constexpr std::uint8_t kRfConfiguration = 0x32;
inline constexpr std::uint8_t kInDataExchange = 0x40;
inline constexpr std::uint8_t kInCommunicateThru = 0x42;
inline constexpr std::uint8_t kInDeselect = 0x44;
inline constexpr std::uint8_t kInJumpForPsl = 0x46;
inline constexpr std::uint8_t kInListPassiveTarget = 0x4A;
inline constexpr std::uint8_t kInPsl = 0x4E;
inline constexpr std::uint8_t kInAtr = 0x50;
inline constexpr std::uint8_t kInRelease = 0x52;
inline constexpr std::uint8_t kInSelect = 0x54;
inline constexpr std::uint8_t kInJumpForDep = 0x56;
inline constexpr std::uint8_t kInAutoPoll = 0x60;

// Status bytes of In* commands.
inline constexpr std::uint8_t kStatusOk = 0x00;
inline constexpr std::uint8_t kStatusTimeout = 0x01; // the target did not answer
inline constexpr std::uint8_t kStatusBufferOverflow = 0x09;
inline constexpr std::uint8_t kStatusNotInContext = 0x27; // no such target

inline constexpr std::uint8_t kParamAutoRats = 0x10;
inline constexpr std::uint8_t kRfFieldItem = 0x01;

// InAutoPoll target types that can report an ISO 14443A card.
inline constexpr std::uint8_t kPollGenericPassive106 = 0x00;
inline constexpr std::uint8_t kPollMifare = 0x10;
inline constexpr std::uint8_t kPollIso14443_4A = 0x20;
inline constexpr std::chrono::milliseconds kAutoPollPeriodUnit{150};

// An answer frame's data: the response code (command + 1) and the payload.
inline ChipReply answer(std::uint8_t response_code, std::vector<std::uint8_t> payload = {}) {
    ChipReply reply;
    reply.data.reserve(payload.size() + 1);
    reply.data.push_back(response_code);
    reply.data.insert(reply.data.end(), payload.begin(), payload.end());
    return reply;
}

inline ChipReply syntax_error() {
    ChipReply reply;
    reply.kind = ChipReply::Kind::syntax_error;
    return reply;
}

} // namespace telecentre::testing::pn532
