// telecentre-tap: sends one command to a telecentre-pn532-emulator control socket and prints
// the answer. Exit status 1 when the emulator answers an error or cannot be reached.

#include "telecentre/testing/emulator_control.hpp"

#include <iostream>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view kUsage =
    "usage: telecentre-tap --control SOCKET <UIDHEX [hold_ms] | place UIDHEX | remove | unplug | plug | status>\n"
    "  A bare UIDHEX taps that card: it is placed, then removed after hold_ms (default 800).\n";

} // namespace

int main(int argc, char** argv) {
    std::string control;
    std::string command;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--help" || argument == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (argument == "--control" && i + 1 < argc) {
            control = argv[++i];
            continue;
        }
        if (!command.empty()) {
            command += ' ';
        }
        command += argument;
    }
    if (control.empty() || command.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    const auto first_word = command.substr(0, command.find(' '));
    const bool is_verb = first_word == "tap" || first_word == "place" || first_word == "remove" ||
                         first_word == "unplug" || first_word == "plug" || first_word == "status";
    if (!is_verb) {
        command = "tap " + command;
    }
    const auto answer = telecentre::testing::send_control_command(control, command);
    if (!answer) {
        std::cerr << "telecentre-tap: " << answer.error() << "\n";
        return 1;
    }
    std::cout << *answer << "\n";
    return answer->starts_with("ok") ? 0 : 1;
}
