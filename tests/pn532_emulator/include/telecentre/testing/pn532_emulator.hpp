#pragma once
// An emulated NXP PN532 reader on a pseudo-terminal. The real libnfc pn532_uart driver opens the
// symlink (connstring "pn532_uart:<link>") and talks to it as to a reader on a serial port, so
// tests exercise the same driver, framing and timing code as a kiosk with real hardware.
// Threading: each plugged pty is served by one thread of the emulator. Every public method may be
// called from any thread; plug(), unplug() and stop() wait for that thread to start or finish.

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace telecentre::testing {

// What an emulated card does wrong when it answers, to test how a reader copes with a bad card.
// The fault applies to the frames that carry the card's data (InDataExchange, InCommunicateThru).
enum class AnswerFault {
    none,
    bad_checksum,        // the data checksum of the frame is wrong
    truncated,           // the frame stops halfway, as if the card left in the middle of its answer
    wrong_response_code, // the frame claims to answer another command
};

// Answers one APDU sent to an ISO 14443-4 card. It may throw: the card then stays mute. It runs
// on the emulator's thread under the emulator's lock, so it must not call the emulator.
using ApduResponder = std::function<std::vector<std::uint8_t>(std::span<const std::uint8_t> apdu)>;

struct Card {
    std::vector<std::uint8_t> uid; // 4, 7 or 10 bytes for real cards; 1 to 10 are accepted
    std::uint16_t atqa = 0x0004;   // SENS_RES, written as libnfc prints it (first byte sent high)
    std::uint8_t sak = 0x08;       // SEL_RES; bit 0x20 means the card speaks ISO 14443-4
    // The answer to RATS for an ISO 14443-4 card; the first byte (TL) counts the whole ATS.
    std::vector<std::uint8_t> ats = {0x05, 0x78, 0x80, 0x70, 0x02};
    ApduResponder apdu_responder; // empty: every APDU is answered 6D 00 (instruction not supported)
    AnswerFault answer_fault = AnswerFault::none;

    [[nodiscard]] bool iso_dep() const { return (sak & 0x20) != 0; }

    // The common badge kinds: MIFARE Classic 1K, MIFARE Ultralight / NTAG 21x, an ISO-DEP card
    // (DESFire, NTAG 424 DNA).
    [[nodiscard]] static Card mifare_classic(std::vector<std::uint8_t> uid);
    [[nodiscard]] static Card ultralight(std::vector<std::uint8_t> uid);
    [[nodiscard]] static Card iso_dep_card(std::vector<std::uint8_t> uid, ApduResponder responder);
    // The card the control socket and the demo use for a UID: 4 bytes gives a MIFARE Classic,
    // longer UIDs an Ultralight.
    [[nodiscard]] static Card for_uid(std::vector<std::uint8_t> uid);
};

struct EmulatorCounters {
    std::uint64_t plugs = 0;               // ptys created (plug() and the first one)
    std::uint64_t frames_accepted = 0;     // well-formed command frames from the host
    std::uint64_t frames_rejected = 0;     // start codes followed by a bad length, checksum or TFI
    std::uint64_t bytes_discarded = 0;     // bytes that were not part of any frame
    std::uint64_t host_acks = 0;           // ACK frames from the host (libnfc aborting a command)
    std::uint64_t host_nacks = 0;          // NACK frames (the host asking for the last answer again)
    std::uint64_t communication_tests = 0; // Diagnose "libnfc" echoes: one per nfc_open
    std::uint64_t passive_polls = 0;       // InListPassiveTarget commands answered
    std::uint64_t auto_polls = 0;          // InAutoPoll commands answered
    std::uint64_t presence_checks = 0;     // ISO-DEP R(NAK) pings and Diagnose presence tests
    std::uint64_t apdus = 0;               // APDUs handed to an ISO-DEP card
    std::uint64_t unknown_commands = 0;    // commands answered with the syntax-error frame
    std::uint64_t bytes_swallowed = 0;     // bytes ignored while wedged
    std::uint64_t answers_dropped = 0;     // delayed answers the host did not wait for
};

class Pn532Chip;
class PtySession;

class Pn532Emulator {
public:
    // Creates a pty, points `link` at its slave side (replacing a stale symlink) and serves it.
    [[nodiscard]] static std::expected<std::unique_ptr<Pn532Emulator>, std::string> create(std::filesystem::path link);

    ~Pn532Emulator();
    Pn532Emulator(const Pn532Emulator&) = delete;
    Pn532Emulator& operator=(const Pn532Emulator&) = delete;

    // Puts a card in the field (replacing any card there) or takes it away.
    void place_card(Card card);
    void remove_card();

    // Closes the pty and removes the link: an open reader gets I/O errors, a new open fails.
    void unplug();
    // A fresh pty behind the same link, as if the reader was plugged in again (the card stays).
    [[nodiscard]] std::expected<void, std::string> plug();
    // Unplugs for good; plug() is refused afterwards. Safe to call twice.
    void stop();
    // A wedged chip stays on the line but swallows every byte without answering, not even an
    // ACK; unwedge() makes it answer again.
    void wedge();
    void unwedge();
    // A slow chip: each answer follows its ACK after `delay` (0: at once). A host that sends
    // anything meanwhile (libnfc aborting with an ACK) gets no answer.
    void set_answer_delay(std::chrono::milliseconds delay);

    [[nodiscard]] bool plugged() const;
    [[nodiscard]] std::optional<std::vector<std::uint8_t>> card_uid() const;
    [[nodiscard]] EmulatorCounters counters() const;
    [[nodiscard]] const std::filesystem::path& link() const { return m_link; }
    // What a kiosk passes to nfc_open.
    [[nodiscard]] std::string connstring() const { return "pn532_uart:" + m_link.string(); }

private:
    explicit Pn532Emulator(std::filesystem::path link);

    std::filesystem::path m_link;
    // Guards the chip; the serving thread takes it for each command.
    mutable std::mutex m_chip_mutex;
    std::unique_ptr<Pn532Chip> m_chip;
    // Guards the session pointer and m_stopped; never held while waiting for the chip lock.
    mutable std::mutex m_session_mutex;
    std::unique_ptr<PtySession> m_session;
    bool m_stopped = false;
};

// A UID written as hex ("04A1B2C3") to bytes, and back; used by the control socket and tests.
[[nodiscard]] std::expected<std::vector<std::uint8_t>, std::string> parse_uid_hex(std::string_view text);
[[nodiscard]] std::string uid_to_hex(std::span<const std::uint8_t> uid);

} // namespace telecentre::testing
