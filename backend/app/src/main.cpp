// telecentre-backend: parse the command line, run the chosen command. Everything else lives in
// the backend libraries, which the tests link too.
#include "telecentre/backend/command_line.hpp"

#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
    using namespace telecentre::backend;
    const std::vector<std::string_view> arguments(argv + 1, argv + argc);
    auto command = parse_command_line(arguments);
    if (!command) {
        std::fprintf(stderr, "telecentre-backend: %s\n\n%s", command.error().c_str(), usage().c_str());
        return 2;
    }
    if (std::holds_alternative<HelpCommand>(*command)) {
        std::printf("%s", usage().c_str());
        return 0;
    }
    if (const auto* provision = std::get_if<ProvisionDeviceCommand>(&*command)) {
        return run_provision_device(*provision);
    }
    if (const auto* feed = std::get_if<IssueCalendarFeedCommand>(&*command)) {
        return run_issue_calendar_feed(*feed);
    }
    if (const auto* staff = std::get_if<AddStaffCommand>(&*command)) {
        return run_add_staff(*staff, stdin);
    }
    return run_server(std::get<RunCommand>(*command));
}
