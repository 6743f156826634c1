#pragma once
// libnfc behind a small C++ surface: RAII for the context and the device, results as
// std::expected with text errors, so that libnfc's codes and types stay in this folder.
// Threading: a LibnfcDevice is used by one thread, except abort(), which another thread may
// call while that thread is blocked in libnfc.

#include "telecentre/core/badge_reader.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <nfc/nfc.h>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace telecentre::platform {

// Whether a failed call says something about the reader or only about the card in its field.
enum class FailureScope { reader, card, aborted };

struct NfcError {
    FailureScope scope = FailureScope::reader;
    std::string text;
};

// A selected ISO 14443A card: libnfc's description (kept for presence checks) and ours.
struct SelectedCard {
    nfc_target target{};
    core::BadgeTap tap;
};

enum class Presence { present, gone };

class LibnfcContext {
public:
    [[nodiscard]] static std::expected<LibnfcContext, std::string> init();
    ~LibnfcContext();
    LibnfcContext(LibnfcContext&& other) noexcept : m_context(std::exchange(other.m_context, nullptr)) {}
    LibnfcContext& operator=(LibnfcContext&&) = delete;
    LibnfcContext(const LibnfcContext&) = delete;
    LibnfcContext& operator=(const LibnfcContext&) = delete;

    [[nodiscard]] nfc_context* get() const { return m_context; }

private:
    explicit LibnfcContext(nfc_context* context) : m_context(context) {}
    nfc_context* m_context = nullptr;
};

class LibnfcDevice {
public:
    // Opens the reader and makes it an ISO 14443A initiator that polls once per call.
    [[nodiscard]] static std::expected<std::unique_ptr<LibnfcDevice>, std::string> open(const LibnfcContext& context,
                                                                                        const std::string& connstring);
    ~LibnfcDevice();
    LibnfcDevice(const LibnfcDevice&) = delete;
    LibnfcDevice& operator=(const LibnfcDevice&) = delete;

    // One poll: the card in the field, nullopt when there is none. With `uid`, only that card
    // answers (a re-selection).
    [[nodiscard]] std::expected<std::optional<SelectedCard>, NfcError>
    select_card(std::span<const std::uint8_t> uid = {});
    // Whether the card last selected is still in the field; may re-select it, updating `card`.
    [[nodiscard]] std::expected<Presence, NfcError> check_presence(SelectedCard& card);
    // Turns the field off and on, which wakes halted cards and resets confused ones.
    [[nodiscard]] std::expected<void, NfcError> cycle_field();
    // One APDU to the selected ISO-DEP card and its answer.
    [[nodiscard]] std::expected<std::vector<std::uint8_t>, std::string> transceive(std::span<const std::uint8_t> apdu,
                                                                                   std::chrono::milliseconds timeout);
    // Makes the command blocked in another thread return (libnfc's pipe-based abort).
    void abort();

private:
    explicit LibnfcDevice(nfc_device* device) : m_device(device) {}
    [[nodiscard]] std::expected<Presence, NfcError> reselect(SelectedCard& card);

    nfc_device* m_device = nullptr;
    // libnfc cannot ping this kind of card; presence is checked by re-selecting it.
    bool m_presence_by_reselect = false;
};

// libnfc's return codes as words, for logs and the reader status.
[[nodiscard]] std::string describe_libnfc_error(int code);

} // namespace telecentre::platform
