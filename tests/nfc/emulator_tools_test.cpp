// The command-line tools: telecentre-pn532-emulator with its control socket, telecentre-tap as
// its client, and libnfc's own nfc-list against the emulator.

#include "nfc_test_support.hpp"
#include "telecentre/testing/emulator_control.hpp"

#include <signal.h>

namespace telecentre::testing {
namespace {

class EmulatorTools : public ::testing::Test {
protected:
    void SetUp() override {
        quiet_libnfc();
        m_dir.emplace();
        m_link = m_dir->path() / "reader";
        m_socket = m_dir->path() / "control";
    }

    void TearDown() override {
        if (m_reader) {
            m_reader->stop();
        }
        if (m_emulator) {
            m_emulator->send_signal(SIGTERM);
            EXPECT_EQ(m_emulator->wait_exit(), 0) << "the emulator must exit cleanly on SIGTERM";
        }
    }

    void start_emulator(std::vector<std::string> extra = {}) {
        std::vector<std::string> arguments = {TELECENTRE_EMULATOR_EXE, "--link", m_link.string(), "--control",
                                              m_socket.string()};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        auto child = ChildProcess::spawn(arguments);
        ASSERT_TRUE(child.has_value()) << child.error();
        m_emulator.emplace(std::move(*child));
        // It prints one line once the link and the socket exist.
        ASSERT_TRUE(m_emulator->wait_for_output("control socket")) << m_emulator->output();
    }

    void start_reader() {
        m_reader = std::make_unique<platform::LibnfcBadgeReader>(platform::LibnfcBadgeReaderConfig{
            "pn532_uart:" + m_link.string(), std::chrono::milliseconds(50), std::chrono::milliseconds(200)});
        m_reader->start(m_events.sink());
        ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    }

    ToolResult tap(std::vector<std::string> words) {
        std::vector<std::string> arguments = {TELECENTRE_TAP_EXE, "--control", m_socket.string()};
        arguments.insert(arguments.end(), words.begin(), words.end());
        return run_tool(arguments);
    }

    std::optional<TempDir> m_dir;
    std::filesystem::path m_link;
    std::filesystem::path m_socket;
    std::optional<ChildProcess> m_emulator;
    std::unique_ptr<platform::LibnfcBadgeReader> m_reader;
    ReaderEvents m_events;
};

TEST_F(EmulatorTools, TapThroughTheControlSocketIsSeenByTheReader) {
    start_emulator();
    start_reader();

    const auto result = tap({"04A1B2C3D4E5F6", "300"});
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_EQ(result.output, "ok tapped 04A1B2C3D4E5F6 for 300ms\n");
    ASSERT_TRUE(m_events.wait_for_taps(1));
    EXPECT_EQ(ReaderEvents::taps(m_events.snapshot()).front().uid.hex(), "04A1B2C3D4E5F6");
    // The emulator takes the card away after the hold time.
    ASSERT_TRUE(m_events.wait_for_removals(1));

    const auto status = tap({"status"});
    EXPECT_EQ(status.exit_code, 0);
    EXPECT_TRUE(status.output.starts_with("ok plugged=yes card=none")) << status.output;
}

TEST_F(EmulatorTools, PlaceRemoveUnplugAndPlugThroughTheTool) {
    start_emulator();
    start_reader();

    EXPECT_EQ(tap({"place", "11223344"}).exit_code, 0);
    ASSERT_TRUE(m_events.wait_for_taps(1));
    EXPECT_EQ(tap({"remove"}).exit_code, 0);
    ASSERT_TRUE(m_events.wait_for_removals(1));

    EXPECT_EQ(tap({"unplug"}).output, "ok unplugged\n");
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::unavailable));
    EXPECT_EQ(tap({"plug"}).output, "ok plugged\n");
    ASSERT_TRUE(m_events.wait_for_state(core::ReaderState::ready));
    EXPECT_EQ(tap({"55667788"}).exit_code, 0);
    ASSERT_TRUE(m_events.wait_for_taps(2));
}

TEST_F(EmulatorTools, CardGivenAtStartIsInTheField) {
    start_emulator({"--card", "0A0B0C0D"});
    start_reader();
    ASSERT_TRUE(m_events.wait_for_taps(1));
    EXPECT_EQ(ReaderEvents::taps(m_events.snapshot()).front().uid.hex(), "0A0B0C0D");
}

TEST_F(EmulatorTools, BadCommandsAreAnsweredWithAnErrorAndExitStatusOne) {
    start_emulator();
    for (const auto& words : std::vector<std::vector<std::string>>{
             {"XYZ"}, {"0102030"}, {"tap", "01020304", "-5"}, {"remove", "now"}, {"dance"}}) {
        const auto result = tap(words);
        EXPECT_EQ(result.exit_code, 1) << words.front();
        EXPECT_TRUE(result.output.starts_with("error ")) << result.output;
    }
    // Lines sent by hand over the socket get the same answers.
    const auto answer = send_control_command(m_socket, "");
    ASSERT_TRUE(answer.has_value()) << answer.error();
    EXPECT_EQ(*answer, "error empty command");
}

TEST_F(EmulatorTools, TapWithoutAnEmulatorFails) {
    const auto result = tap({"01020304"});
    EXPECT_EQ(result.exit_code, 1);
}

// libnfc's own tool probes every modulation; each must get a clean "no target" so the listing
// reaches the card.
TEST_F(EmulatorTools, NfcListFindsTheCard) {
    const std::filesystem::path nfc_list = "/usr/bin/nfc-list";
    if (!std::filesystem::exists(nfc_list)) {
        GTEST_SKIP() << "nfc-list (libnfc-bin) is not installed";
    }
    start_emulator({"--card", "04112233445566"});
    ::setenv("LIBNFC_DEVICE", ("pn532_uart:" + m_link.string()).c_str(), 1);
    const auto result = run_tool({nfc_list.string()});
    ::unsetenv("LIBNFC_DEVICE");
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("04  11  22  33  44  55  66"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("1 ISO14443A passive target(s) found"), std::string::npos) << result.output;
}

} // namespace
} // namespace telecentre::testing
