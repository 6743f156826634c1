// telecentre-pn532-emulator: an emulated PN532 on a pty for demos and integration tests.
// Runs until SIGINT or SIGTERM; a control socket accepts tap/place/remove/unplug/plug/status.

#include "telecentre/testing/emulator_control.hpp"
#include "telecentre/testing/pn532_emulator.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <signal.h>
#include <string_view>
#include <sys/signalfd.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr std::string_view kUsage =
    "usage: telecentre-pn532-emulator --link PATH --control SOCKET [--card UIDHEX]...\n"
    "  --link PATH       symlink to create for the emulated reader (connstring pn532_uart:PATH)\n"
    "  --control SOCKET  unix socket for one-line commands:\n"
    "                    tap <UIDHEX> [hold_ms] | place <UIDHEX> | remove | unplug | plug | status\n"
    "  --card UIDHEX     a card in the field at start (the last one given wins)\n";

struct Options {
    std::string link;
    std::string control;
    std::optional<std::vector<std::uint8_t>> card;
};

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--help" || argument == "-h") {
            std::cout << kUsage;
            std::exit(0);
        }
        if (i + 1 >= argc) {
            std::cerr << "missing value after " << argument << "\n" << kUsage;
            return std::nullopt;
        }
        const std::string_view value = argv[++i];
        if (argument == "--link") {
            options.link = value;
        } else if (argument == "--control") {
            options.control = value;
        } else if (argument == "--card") {
            auto uid = telecentre::testing::parse_uid_hex(value);
            if (!uid) {
                std::cerr << "--card " << value << ": " << uid.error() << "\n";
                return std::nullopt;
            }
            options.card = std::move(*uid);
        } else {
            std::cerr << "unknown option " << argument << "\n" << kUsage;
            return std::nullopt;
        }
    }
    if (options.link.empty() || options.control.empty()) {
        std::cerr << kUsage;
        return std::nullopt;
    }
    return options;
}

} // namespace

int main(int argc, char** argv) {
    const auto options = parse_options(argc, argv);
    if (!options) {
        return 2;
    }
    // Block the stop signals before any thread starts, so that only the signalfd sees them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    const int stop_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
    if (stop_fd < 0) {
        std::cerr << "signalfd failed\n";
        return 1;
    }

    auto emulator = telecentre::testing::Pn532Emulator::create(options->link);
    if (!emulator) {
        std::cerr << "telecentre-pn532-emulator: " << emulator.error() << "\n";
        return 1;
    }
    if (options->card) {
        (*emulator)->place_card(telecentre::testing::Card::for_uid(*options->card));
    }
    telecentre::testing::EmulatorControl control(**emulator);
    auto server = telecentre::testing::ControlServer::listen(options->control, control);
    if (!server) {
        std::cerr << "telecentre-pn532-emulator: " << server.error() << "\n";
        return 1;
    }
    std::cout << "telecentre-pn532-emulator: reader at " << (*emulator)->connstring() << ", control socket "
              << options->control << std::endl;
    (*server)->serve_until(stop_fd);
    server->reset();
    (*emulator)->stop();
    close(stop_fd);
    return 0;
}
