#include "libnfc_device.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

namespace telecentre::platform {
namespace {

constexpr nfc_modulation kIso14443a{NMT_ISO14443A, NBR_106};
// libnfc copies an APDU into a 264-byte command buffer after two bytes of its own, unchecked.
constexpr std::size_t kMaxApdu = 262;
// The largest answer the PN53x family returns (an extended frame of 264 data bytes).
constexpr std::size_t kMaxAnswer = 264;
constexpr std::size_t kMaxUid = 10;

bool is_card_level(int code) {
    // Errors about the RF exchange with a card, not about the reader itself.
    return code == NFC_ERFTRANS || code == NFC_ETGRELEASED || code == NFC_EMFCAUTHFAIL;
}

NfcError error_from(int code, const char* operation) {
    const FailureScope scope = code == NFC_EOPABORTED ? FailureScope::aborted
                               : is_card_level(code)  ? FailureScope::card
                                                      : FailureScope::reader;
    return NfcError{scope, std::string(operation) + ": " + describe_libnfc_error(code)};
}

SelectedCard to_selected(const nfc_target& target) {
    SelectedCard card;
    card.target = target;
    const auto& info = target.nti.nai;
    // libnfc's types are packed (#pragma pack(1)): copy members by value, never bind references
    // to them (std::min would).
    const std::size_t reported_length = info.szUidLen;
    const auto length = std::min(reported_length, kMaxUid);
    card.tap.uid.bytes.assign(info.abtUid, info.abtUid + length);
    card.tap.atqa = static_cast<std::uint16_t>(info.abtAtqa[0] << 8 | info.abtAtqa[1]);
    card.tap.sak = info.btSak;
    card.tap.iso_dep = (info.btSak & 0x20) != 0;
    return card;
}

// nfc_open gives no reason; for a serial reader the port tells the likely one apart.
std::string describe_open_failure(const std::string& connstring) {
    std::string why = "cannot open the reader " + connstring;
    const auto driver_end = connstring.find(':');
    if (driver_end == std::string::npos || connstring.compare(0, driver_end, "pn532_uart") != 0) {
        return why;
    }
    const auto port_end = connstring.find(':', driver_end + 1);
    const std::string port = connstring.substr(driver_end + 1, port_end - driver_end - 1);
    std::error_code error;
    if (!std::filesystem::exists(port, error)) {
        return why + ": " + port + " does not exist (reader unplugged?)";
    }
    return why + ": no PN532 answered on " + port + " (another program may hold it)";
}

} // namespace

std::string describe_libnfc_error(int code) {
    switch (code) {
    case NFC_SUCCESS: return "success";
    case NFC_EIO: return "input/output error (reader unplugged or garbled answer)";
    case NFC_EINVARG: return "invalid argument";
    case NFC_EDEVNOTSUPP: return "not supported by the reader";
    case NFC_ENOTSUCHDEV: return "no such reader";
    case NFC_EOVFLOW: return "answer too long for the buffer";
    case NFC_ETIMEOUT: return "the reader did not answer in time";
    case NFC_EOPABORTED: return "aborted";
    case NFC_ENOTIMPL: return "not implemented by the driver";
    case NFC_ETGRELEASED: return "the card was released";
    case NFC_ERFTRANS: return "radio transmission error (no answer from the card)";
    case NFC_EMFCAUTHFAIL: return "MIFARE Classic authentication failed";
    case NFC_ESOFT: return "software error in libnfc";
    case NFC_ECHIP: return "the reader's chip reported an error";
    default: return "unknown libnfc error " + std::to_string(code);
    }
}

std::expected<LibnfcContext, std::string> LibnfcContext::init() {
    nfc_context* context = nullptr;
    nfc_init(&context);
    if (context == nullptr) {
        return std::unexpected("libnfc could not start (nfc_init failed)");
    }
    return LibnfcContext(context);
}

LibnfcContext::~LibnfcContext() {
    if (m_context != nullptr) {
        nfc_exit(m_context);
    }
}

std::expected<std::unique_ptr<LibnfcDevice>, std::string> LibnfcDevice::open(const LibnfcContext& context,
                                                                             const std::string& connstring) {
    nfc_connstring name{};
    if (connstring.empty() || connstring.size() >= sizeof(name)) {
        return std::unexpected("the reader's connstring must be 1 to " + std::to_string(sizeof(name) - 1) +
                               " characters");
    }
    std::ranges::copy(connstring, name);
    nfc_device* raw = nfc_open(context.get(), name);
    if (raw == nullptr) {
        return std::unexpected(describe_open_failure(connstring));
    }
    std::unique_ptr<LibnfcDevice> device(new LibnfcDevice(raw));
    if (const int result = nfc_initiator_init(raw); result < 0) {
        return std::unexpected("cannot make " + connstring + " an initiator: " + describe_libnfc_error(result));
    }
    // One short poll per call instead of the chip's endless search (nfc_initiator_init's
    // default): libnfc 1.8 waits 300 ms for InListPassiveTarget's answer, so a chip searching
    // until a card comes would make every empty poll look like a reader that stopped answering.
    if (const int result = nfc_device_set_property_bool(raw, NP_INFINITE_SELECT, false); result < 0) {
        return std::unexpected("cannot configure " + connstring + ": " + describe_libnfc_error(result));
    }
    return device;
}

LibnfcDevice::~LibnfcDevice() {
    if (m_device != nullptr) {
        nfc_close(m_device);
    }
}

void LibnfcDevice::abort() { nfc_abort_command(m_device); }

std::expected<std::optional<SelectedCard>, NfcError> LibnfcDevice::select_card(std::span<const std::uint8_t> uid) {
    nfc_target target{};
    const int result = nfc_initiator_select_passive_target(m_device, kIso14443a, uid.empty() ? nullptr : uid.data(),
                                                           uid.size(), &target);
    if (result < 0) {
        return std::unexpected(error_from(result, "polling for a card"));
    }
    if (result == 0) {
        return std::nullopt;
    }
    if (uid.empty()) {
        m_presence_by_reselect = false;
    }
    return to_selected(target);
}

std::expected<Presence, NfcError> LibnfcDevice::reselect(SelectedCard& card) {
    // A card that has just been spoken to may ignore the first request (ISO 14443-3 sends it
    // back to idle), so a second poll decides.
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto found = select_card(card.tap.uid.bytes);
        if (!found) {
            return std::unexpected(found.error());
        }
        if (*found && (*found)->tap.uid == card.tap.uid) {
            card.target = (*found)->target;
            return Presence::present;
        }
    }
    return Presence::gone;
}

std::expected<Presence, NfcError> LibnfcDevice::check_presence(SelectedCard& card) {
    if (m_presence_by_reselect) {
        return reselect(card);
    }
    const int result = nfc_initiator_target_is_present(m_device, &card.target);
    if (result == NFC_SUCCESS) {
        return Presence::present;
    }
    switch (result) {
    case NFC_ETGRELEASED:
    case NFC_ERFTRANS:
        // The chip asked the card and the card did not answer: it has left.
        return Presence::gone;
    case NFC_EOPABORTED: return std::unexpected(error_from(result, "checking the card"));
    case NFC_EDEVNOTSUPP:
        // libnfc pings only some kinds of card (ISO-DEP, MIFARE Classic, Ultralight, ...).
        m_presence_by_reselect = true;
        return reselect(card);
    default:
        // A garbled or late answer (EIO, ETIMEOUT, ECHIP...) may come from the card, from the
        // reader, or from a card that left mid-answer. Re-selecting the card tells them apart;
        // a reader that is gone fails that too.
        return reselect(card);
    }
}

std::expected<void, NfcError> LibnfcDevice::cycle_field() {
    for (const bool on : {false, true}) {
        if (const int result = nfc_device_set_property_bool(m_device, NP_ACTIVATE_FIELD, on); result < 0) {
            return std::unexpected(error_from(result, "switching the field"));
        }
    }
    return {};
}

std::expected<std::vector<std::uint8_t>, std::string> LibnfcDevice::transceive(std::span<const std::uint8_t> apdu,
                                                                               std::chrono::milliseconds timeout) {
    if (apdu.empty() || apdu.size() > kMaxApdu) {
        return std::unexpected("an APDU is 1 to " + std::to_string(kMaxApdu) + " bytes");
    }
    std::array<std::uint8_t, kMaxAnswer> answer{};
    const int result = nfc_initiator_transceive_bytes(m_device, apdu.data(), apdu.size(), answer.data(), answer.size(),
                                                      static_cast<int>(timeout.count()));
    if (result < 0) {
        return std::unexpected("APDU exchange: " + describe_libnfc_error(result));
    }
    return std::vector<std::uint8_t>(answer.begin(), answer.begin() + std::min<std::size_t>(result, answer.size()));
}

} // namespace telecentre::platform
