#pragma once
// The badge reader as the model sees it: taps, removals and the reader's own state.
// Threading: an implementation runs its own thread; it calls the Sink on that thread, so a
// sink only posts to the UI inbox and returns. start() and stop() are called from one thread.

#include <cstdint>
#include <expected>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace telecentre::core {

// A card's anti-collision identifier (4, 7 or 10 bytes for ISO 14443A).
struct BadgeUid {
    std::vector<std::uint8_t> bytes;

    // Upper-case hex without separators, e.g. "04A1B2C3D4E5F6": the form used on the wire.
    [[nodiscard]] std::string hex() const;
    [[nodiscard]] static std::expected<BadgeUid, std::string> from_hex(std::string_view text);
    friend bool operator==(const BadgeUid&, const BadgeUid&) = default;
};

enum class ReaderState {
    starting,    // opening the device
    ready,       // polling for cards
    unavailable, // unplugged or not answering; the reader retries by itself
};

struct ReaderStatus {
    ReaderState state = ReaderState::starting;
    std::string detail; // for logs and the health report, never shown raw to a visitor
};

// A card in the field that speaks ISO 14443-4 can be sent APDUs (secure badges, later).
class ApduChannel {
public:
    virtual ~ApduChannel() = default;
    [[nodiscard]] virtual std::expected<std::vector<std::uint8_t>, std::string>
    transceive(std::span<const std::uint8_t> apdu) = 0;
};

struct BadgeTap {
    BadgeUid uid;
    std::uint16_t atqa = 0;
    std::uint8_t sak = 0;
    bool iso_dep = false; // SAK bit 6: the card speaks ISO 14443-4 (APDUs)
};

class BadgeReader {
public:
    struct Sink {
        std::function<void(const BadgeTap&)> on_tap;
        std::function<void()> on_removed;
        std::function<void(const ReaderStatus&)> on_status;
        // Optional: called on the reader thread while the card is still in the field, so that a
        // secure-badge check can exchange APDUs before the tap is reported. Returning an error
        // string rejects the card (the tap is then reported with that refusal by the caller).
        std::function<void(const BadgeTap&, ApduChannel&)> on_card_present;
    };

    virtual ~BadgeReader() = default;
    virtual void start(Sink sink) = 0;
    // Stops polling and joins the reader thread; safe to call twice.
    virtual void stop() = 0;
};

} // namespace telecentre::core
