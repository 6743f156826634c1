// Hostile input on the emulator's line: garbage, malformed frames, random commands and hosts
// that vanish mid-frame never crash it, and a real reader works on the same port afterwards.

#include "nfc_test_support.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <random>
#include <termios.h>
#include <unistd.h>

namespace telecentre::testing {
namespace {

// A host frame (TFI D4) in the normal or extended form, built independently of the emulator.
std::vector<std::uint8_t> host_frame(std::span<const std::uint8_t> data) {
    // Appended byte by byte: g++ 12 -O3 warns (wrongly) about inserting into a vector built
    // from an initializer list.
    std::vector<std::uint8_t> frame;
    for (const int byte : {0x00, 0x00, 0xFF}) {
        frame.push_back(static_cast<std::uint8_t>(byte));
    }
    const std::size_t length = data.size() + 1;
    if (length <= 255) {
        frame.push_back(static_cast<std::uint8_t>(length));
        frame.push_back(static_cast<std::uint8_t>(0x100 - length));
    } else {
        const auto high = static_cast<std::uint8_t>(length >> 8);
        const auto low = static_cast<std::uint8_t>(length & 0xFF);
        for (const int byte : {0xFF, 0xFF, int{high}, int{low}, 0x100 - ((high + low) & 0xFF)}) {
            frame.push_back(static_cast<std::uint8_t>(byte));
        }
    }
    unsigned sum = 0xD4;
    frame.push_back(0xD4);
    for (auto byte : data) {
        frame.push_back(byte);
        sum += byte;
    }
    frame.push_back(static_cast<std::uint8_t>(0x100 - (sum & 0xFF)));
    frame.push_back(0x00);
    return frame;
}

// The far end of the line, opened directly like a misbehaving host would.
class RawHost {
public:
    explicit RawHost(const std::filesystem::path& link) {
        m_fd = ::open(link.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (m_fd >= 0) {
            termios tio{};
            ::tcgetattr(m_fd, &tio);
            ::cfmakeraw(&tio);
            ::tcsetattr(m_fd, TCSANOW, &tio);
        }
    }
    ~RawHost() { close(); }
    RawHost(const RawHost&) = delete;
    RawHost& operator=(const RawHost&) = delete;

    [[nodiscard]] bool is_open() const { return m_fd >= 0; }
    void close() {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }

    // Writes everything, reading what comes back meanwhile so that neither side blocks.
    void write(std::span<const std::uint8_t> data) {
        std::size_t done = 0;
        while (done < data.size()) {
            const auto written = ::write(m_fd, data.data() + done, data.size() - done);
            if (written > 0) {
                done += static_cast<std::size_t>(written);
            } else if (written < 0 && errno != EAGAIN && errno != EINTR) {
                return;
            }
            drain(written > 0 ? 0 : 5);
        }
    }

    void drain(int timeout_ms) {
        pollfd in{m_fd, POLLIN, 0};
        while (::poll(&in, 1, timeout_ms) > 0) {
            std::array<std::uint8_t, 4096> buffer{};
            const auto got = ::read(m_fd, buffer.data(), buffer.size());
            if (got <= 0) {
                return;
            }
            m_received.insert(m_received.end(), buffer.begin(), buffer.begin() + got);
            timeout_ms = 0;
        }
    }

    // True once `expected` has arrived (anywhere after the last clear()).
    [[nodiscard]] bool wait_for(std::span<const std::uint8_t> expected) {
        return eventually([&] {
            drain(10);
            return std::ranges::search(m_received, expected).begin() != m_received.end();
        });
    }
    void clear() { m_received.clear(); }

private:
    int m_fd = -1;
    std::vector<std::uint8_t> m_received;
};

const std::vector<std::uint8_t> kFirmwareAnswer =
    bytes({0x00, 0x00, 0xFF, 0x06, 0xFA, 0xD5, 0x03, 0x32, 0x01, 0x06, 0x07, 0xE8, 0x00});

class Pn532EmulatorHostile : public NfcReaderTest {
protected:
    // The emulator still answers a clean command, and a real reader still works on the port.
    void expect_still_serving(RawHost& host) {
        host.clear();
        host.write(host_frame(bytes({0x02})));
        EXPECT_TRUE(host.wait_for(kFirmwareAnswer)) << "no firmware version after the hostile input";
        host.close();

        start_reader();
        ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
        m_emulator->place_card(Card::mifare_classic(bytes({0x5A, 0xFE, 0x00, 0x01})));
        ASSERT_TRUE(m_events.wait_for_taps(1));
        EXPECT_EQ(ReaderEvents::taps(m_events.snapshot()).front().uid.hex(), "5AFE0001");
    }
};

TEST_F(Pn532EmulatorHostile, GarbageAndMalformedFramesAreSkipped) {
    RawHost host(m_emulator->link());
    ASSERT_TRUE(host.is_open());
    std::mt19937 random(20240611);
    std::uniform_int_distribution<int> byte(0, 255);
    std::vector<std::uint8_t> garbage(64 * 1024);
    for (auto& value : garbage) {
        value = static_cast<std::uint8_t>(byte(random));
    }
    host.write(garbage);

    const std::vector<std::vector<std::uint8_t>> malformed = {
        bytes({0x00, 0xFF, 0x05, 0x00, 0xD4, 0x02}),                   // length checksum wrong
        bytes({0x00, 0x00, 0xFF, 0x02, 0xFE, 0xD4, 0x02, 0x00, 0x00}), // data checksum wrong
        bytes({0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}),       // extended, absurd length
        bytes({0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00}),       // extended, zero length
        bytes({0x00, 0x00, 0xFF, 0x00, 0x00}),                         // zero length
        bytes({0x00, 0x00, 0xFF, 0x02, 0xFE, 0xD5, 0x02, 0x29, 0x00}), // chip-to-host TFI
        bytes({0x00, 0x00, 0xFF, 0x01, 0xFF, 0xD4, 0x2B, 0x00}),       // TFI without a command
        bytes({0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00}),                   // stray ACK
        bytes({0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00}),                   // NACK before any answer
        bytes({0x55, 0x55, 0x00, 0x00, 0x00}),                         // wake-up burst
        bytes({0x00, 0x00, 0xFF, 0xC8, 0x38, 0xD4}),                   // claims 200 bytes, sends 1
    };
    for (const auto& frame : malformed) {
        host.write(frame);
    }
    // A valid command right behind the frame that never completes: found once that is given up.
    host.write(host_frame(bytes({0x02})));
    EXPECT_TRUE(host.wait_for(kFirmwareAnswer));

    const auto counters = m_emulator->counters();
    EXPECT_GT(counters.frames_rejected, 0U);
    EXPECT_GT(counters.bytes_discarded, 0U);
    EXPECT_GT(counters.host_acks, 0U);
    EXPECT_GT(counters.host_nacks, 0U);
    expect_still_serving(host);
}

TEST_F(Pn532EmulatorHostile, RandomWellFormedCommandsAreAnsweredOrRefused) {
    m_emulator->place_card(
        Card::iso_dep_card(bytes({0x04, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06}), [](std::span<const std::uint8_t> apdu) {
            return std::vector<std::uint8_t>(apdu.begin(), apdu.end());
        }));
    RawHost host(m_emulator->link());
    ASSERT_TRUE(host.is_open());
    // Mostly commands the emulator knows, so that their parameter parsing is what gets fuzzed.
    const auto known = bytes({0x00, 0x02, 0x04, 0x06, 0x08, 0x0C, 0x0E, 0x10, 0x12, 0x14, 0x16, 0x32,
                              0x40, 0x42, 0x44, 0x46, 0x4A, 0x4E, 0x50, 0x52, 0x54, 0x56, 0x60, 0x8C});
    std::mt19937 random(424242);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> pick(0, known.size() - 1);
    std::uniform_int_distribution<int> short_length(0, 24);
    std::uniform_int_distribution<int> percent(0, 99);
    for (int i = 0; i < 3000; ++i) {
        std::vector<std::uint8_t> command = {percent(random) < 90 ? known[pick(random)]
                                                                  : static_cast<std::uint8_t>(byte(random))};
        const int length = percent(random) < 3 ? 255 + short_length(random) : short_length(random);
        for (int j = 0; j < length; ++j) {
            command.push_back(static_cast<std::uint8_t>(byte(random)));
        }
        host.write(host_frame(command));
        host.drain(0);
        if (i % 500 == 0) {
            m_emulator->place_card(Card::ultralight(bytes({0x04, 0x0F, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A})));
        }
    }
    EXPECT_TRUE(eventually([&] { return m_emulator->counters().frames_accepted >= 3000U; }));
    m_emulator->remove_card();
    expect_still_serving(host);
}

// nfc-poll's way of waiting: an endless InAutoPoll is answered when a card arrives, and an ACK
// from the host (libnfc aborting) cancels it.
TEST_F(Pn532EmulatorHostile, EndlessAutoPollIsAnsweredWhenACardArrives) {
    RawHost host(m_emulator->link());
    ASSERT_TRUE(host.is_open());
    host.write(host_frame(bytes({0x60, 0xFF, 0x01, 0x10})));
    ASSERT_TRUE(host.wait_for(bytes({0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00})));
    m_emulator->place_card(Card::mifare_classic(bytes({0x04, 0x03, 0x02, 0x01})));
    // D5 61, one target of type 10 whose data carries the UID.
    EXPECT_TRUE(
        host.wait_for(bytes({0xD5, 0x61, 0x01, 0x10, 0x09, 0x01, 0x00, 0x04, 0x08, 0x04, 0x04, 0x03, 0x02, 0x01})));
    EXPECT_EQ(m_emulator->counters().auto_polls, 1U);

    m_emulator->remove_card();
    host.write(host_frame(bytes({0x60, 0xFF, 0x01, 0x10})));
    host.write(bytes({0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00})); // abort
    EXPECT_TRUE(eventually([&] { return m_emulator->counters().host_acks == 1; }));
    expect_still_serving(host);
    EXPECT_EQ(m_emulator->counters().auto_polls, 1U);
}

TEST_F(Pn532EmulatorHostile, HostVanishingMidFrameLeavesThePortUsable) {
    {
        RawHost first(m_emulator->link());
        ASSERT_TRUE(first.is_open());
        const auto frame = host_frame(bytes({0x4A, 0x01, 0x00}));
        first.write(std::span(frame).first(5)); // header only, then gone
    }
    RawHost second(m_emulator->link());
    ASSERT_TRUE(second.is_open());
    expect_still_serving(second);
}

} // namespace
} // namespace telecentre::testing
