#include "kiosk_config.hpp"

#include <gtest/gtest.h>

using telecentre::app::parse_kiosk_config;

namespace {

constexpr const char* kValid = R"(
[kiosk]
site = "murat"
language = "en"
fullscreen = false
[backend]
url = "https://backend.telecentres.example:8443"
ca_file = "tls/ca.pem"
device_token_file = "/etc/telecentre/murat.token"
request_timeout_ms = 8000
[reader]
connstring = "pn532_uart:/dev/ttyUSB0"
[storage]
directory = "state"
)";

std::string with(std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
}

std::string error_of(const std::string& text) {
    auto config = parse_kiosk_config(text, "/opt/kiosk");
    return config ? "(accepted)" : config.error();
}

} // namespace

TEST(KioskConfig, AValidFileIsReadWithPathsFromItsFolder) {
    auto config = parse_kiosk_config(kValid, "/opt/kiosk");
    ASSERT_TRUE(config) << config.error();
    EXPECT_EQ(config->site, "murat");
    EXPECT_EQ(config->language, "en");
    EXPECT_EQ(config->display, telecentre::app::DisplayMode::windowed);
    EXPECT_EQ(config->backend_host, "backend.telecentres.example");
    EXPECT_EQ(config->backend_port, "8443");
    EXPECT_EQ(config->ca_file, "/opt/kiosk/tls/ca.pem");
    EXPECT_EQ(config->device_token_file, "/etc/telecentre/murat.token");
    EXPECT_EQ(config->request_timeout, std::chrono::milliseconds{8000});
    EXPECT_EQ(config->storage_directory, "/opt/kiosk/state");
}

TEST(KioskConfig, EachBadValueIsNamedByItsKey) {
    EXPECT_EQ(error_of(with(kValid, "https://", "http://")),
              "backend.url: must start with https:// (the kiosk only talks TLS)");
    EXPECT_EQ(error_of(with(kValid, R"(site = "murat")", R"(site = "Murat Centre")")),
              "kiosk.site: a site id in lower case, digits and '-' (e.g. \"murat\")");
    EXPECT_EQ(error_of(with(kValid, R"(language = "en")", R"(language = "de")")),
              "kiosk.language: must be \"fr\" or \"en\"");
    EXPECT_EQ(error_of(with(kValid, "fullscreen = false", "fullscreen = \"no\"")),
              "kiosk.fullscreen: must be true or false");
    EXPECT_EQ(error_of(with(kValid, "request_timeout_ms = 8000", "request_timeout_ms = 5")),
              "backend.request_timeout_ms: must be between 100 and 120000");
    EXPECT_EQ(error_of(with(kValid, ":8443", ":99999")), "backend.url: the port must be a number up to 65535");
    EXPECT_EQ(error_of(with(kValid, "pn532_uart:/dev/ttyUSB0", "/dev/ttyUSB0")),
              "reader.connstring: a libnfc connstring, e.g. \"pn532_uart:/dev/ttyUSB0\"");
    EXPECT_EQ(error_of(with(kValid, "[storage]\ndirectory = \"state\"", "")), "storage.directory: missing (required)");
}

TEST(KioskConfig, ATomlSyntaxErrorGivesTheLine) {
    const auto message = error_of(with(kValid, "[reader]", "[reader"));
    EXPECT_TRUE(message.starts_with("line 11:")) << message;
}

TEST(KioskConfig, ARoomTerminalNamesItsRoom) {
    const std::string room = with(kValid, R"(language = "en")", "language = \"en\"\nrole = \"room\"");
    EXPECT_EQ(error_of(room), "kiosk.resource: the id of the room this terminal stands in (e.g. \"murat-salle-1\"), "
                              "required with role = \"room\"");
    auto config = parse_kiosk_config(with(room, "role = \"room\"", "role = \"room\"\nresource = \"murat-salle-1\""),
                                     "/opt/kiosk");
    ASSERT_TRUE(config) << config.error();
    EXPECT_EQ(config->role, telecentre::app::KioskRole::room);
    EXPECT_EQ(config->resource, "murat-salle-1");
    EXPECT_FALSE(config->demo_local_bookings);
    EXPECT_FALSE(config->conference_auto_start) << "the member's badge starts a conference unless told";

    const std::string automatic = with(room, "role = \"room\"", "role = \"room\"\nresource = \"murat-salle-visio\"") +
                                  "[conference]\nauto_start = true\n";
    auto started = parse_kiosk_config(automatic, "/opt/kiosk");
    ASSERT_TRUE(started) << started.error();
    EXPECT_TRUE(started->conference_auto_start);
    EXPECT_EQ(error_of(automatic.substr(0, automatic.size() - 5) + "\"yes\"\n"),
              "conference.auto_start: must be true or false");
}

// The waits of a visio-accueil call are the site's to choose, within bounds.
TEST(KioskConfig, TheCallsWaitsAreSetInReception) {
    auto defaults = parse_kiosk_config(kValid, "/opt/kiosk");
    ASSERT_TRUE(defaults) << defaults.error();
    EXPECT_EQ(defaults->reception.help_after, std::chrono::seconds{8});
    EXPECT_EQ(defaults->reception.connecting_timeout, std::chrono::seconds{15});
    EXPECT_EQ(defaults->reception.receive_video_kbps, 1500);

    const std::string set =
        std::string{kValid} + "[reception]\nhelp_after_s = 20\nconnecting_timeout_s = 30\nreceive_video_kbps = 0\n";
    auto config = parse_kiosk_config(set, "/opt/kiosk");
    ASSERT_TRUE(config) << config.error();
    EXPECT_EQ(config->reception.help_after, std::chrono::seconds{20});
    EXPECT_EQ(config->reception.connecting_timeout, std::chrono::seconds{30});
    EXPECT_EQ(config->reception.receive_video_kbps, 0) << "no cap";

    EXPECT_EQ(error_of(with(set, "help_after_s = 20", "help_after_s = 3600")),
              "reception.help_after_s: must be between 0 and 300");
    EXPECT_EQ(error_of(with(set, "connecting_timeout_s = 30", "connecting_timeout_s = \"30\"")),
              "reception.connecting_timeout_s: must be an integer");
    EXPECT_EQ(error_of(with(set, "receive_video_kbps = 0", "receive_video_kbps = -1")),
              "reception.receive_video_kbps: must be between 0 and 20000");
}

TEST(KioskConfig, TheReceptionDevicesAreRulesCheckedAtLoad) {
    const auto reception = [](const std::string& lines) { return std::string{kValid} + "[reception]\n" + lines; };
    const auto defaults = parse_kiosk_config(kValid, "/opt/kiosk");
    ASSERT_TRUE(defaults) << defaults.error();
    EXPECT_EQ(defaults->reception.camera, "test") << "demo and CI: the test pattern";
    EXPECT_EQ(defaults->reception.microphone, "test");
    EXPECT_EQ(defaults->reception.speaker, "pulse");

    const auto chosen = parse_kiosk_config(
        reception("camera = \"name:C920\"\nmicrophone = \"name:C920\"\nspeaker = \"name:HDMI\"\n"), "/opt/kiosk");
    ASSERT_TRUE(chosen) << chosen.error();
    EXPECT_EQ(chosen->reception.camera, "name:C920");
    EXPECT_EQ(chosen->reception.speaker, "name:HDMI");
    for (const auto* camera : {"auto", "none", "test-clock", "/dev/video2"}) {
        EXPECT_EQ(error_of(reception(std::string{"camera = \""} + camera + "\"\n")), "(accepted)") << camera;
    }

    EXPECT_EQ(
        error_of(reception("camera = \"webcam\"\n")),
        R"(reception.camera: "test", "test-clock", "auto", "name:<part of the camera's name>", "none" or a V4L2 node such as "/dev/video0")");
    EXPECT_EQ(error_of(reception("microphone = \"auto\"\n")),
              R"(reception.microphone: "test", "pulse", "name:<part of the microphone's name>" or "none")");
    EXPECT_EQ(error_of(reception("speaker = \"name:\"\n")),
              R"(reception.speaker: "pulse", "name:<part of the speaker's name>" or "none")");
}
