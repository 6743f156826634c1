#pragma once
// The kiosk's TOML configuration, validated as a whole: a bad value gives an error naming the key.

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace telecentre::app {

enum class KioskRole { reception, room };
enum class DisplayMode { fullscreen, windowed };

struct KioskConfig {
    std::string site;
    KioskRole role = KioskRole::reception;
    std::string resource; // role room: the resource id of the room this terminal stands in
    // Role room, a visio room: when a booking begins the terminal starts its conference by itself
    // (no badge); off by default: the booking's member badges "Démarrer la conférence".
    bool conference_auto_start = false;
    std::string language = "fr";
    DisplayMode display = DisplayMode::fullscreen;

    std::string backend_host;
    std::string backend_port = "443";
    std::filesystem::path ca_file;
    std::filesystem::path device_token_file;
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{5000};
    std::chrono::milliseconds retry_max{30000}; // longest wait between two tries while offline
    std::chrono::milliseconds cache_refresh{300000};

    std::string reader_connstring;
    std::filesystem::path storage_directory;

    // Demo mode: keys F1... tap these badges through the emulator's control socket.
    std::filesystem::path demo_control_socket;
    std::vector<std::string> demo_badges;
    // Demo only: answer booking requests from made-up local data (no backend booking client yet).
    bool demo_local_bookings = false;

    // Visio-accueil ([reception]): off unless enabled.
    struct Reception {
        bool enabled = false;
        std::string phone; // the network's number, shown when nobody answers
        std::string hours; // its opening hours, in words
        // Device rules (media/device_choice.hpp, docs/reception.md "Camera, microphone, speaker").
        std::string camera = "test";            // test | test-clock | auto | name:<part> | /dev/videoN | none
        std::string microphone = "test";        // test (a tone) | pulse (the default source) | name:<part> | none
        std::string speaker = "pulse";          // pulse | name:<part> | none (received audio counted and dropped)
        std::string stun;                       // stun://host:port, or empty
        std::vector<std::string> turn;          // turn(s)://user:password@host:port
        std::vector<std::string> ice_addresses; // gather ICE candidates only on these (tests: 127.0.0.1)
        // A call ended, unanswered or failed: its message stays this long, then the phone number,
        // the opening hours and the callback request.
        std::chrono::seconds help_after{8};
        // Answered, but no media flowing by then: the call is given up as failed.
        std::chrono::seconds connecting_timeout{15};
        // The most the agent's browser may send the kiosk as video, kbit/s; 0: no cap.
        int receive_video_kbps = 1500;
    } reception;
};

// Relative paths in the file are taken from the file's own folder.
[[nodiscard]] std::expected<KioskConfig, std::string> load_kiosk_config(const std::filesystem::path& file);
[[nodiscard]] std::expected<KioskConfig, std::string> parse_kiosk_config(std::string_view text,
                                                                         const std::filesystem::path& base);

} // namespace telecentre::app
