// telecentre-kiosk: the reception and room terminal. Parses the command line and the config,
// then hands over to run_kiosk().

#include "kiosk_app.hpp"
#include "kiosk_config.hpp"
#include "telecentre/media/media.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

void print_usage() {
    std::fprintf(stderr,
                 "usage: telecentre-kiosk --config FILE [--windowed] [--screenshots DIR] [--exit-after-first-frame]\n"
                 "  --config FILE       the kiosk's TOML configuration (see docs/kiosk.md)\n"
                 "  --windowed          a window instead of full screen (desktops, demos)\n"
                 "  --screenshots DIR   write a PNG of every new screen into DIR\n");
}

} // namespace

int main(int argc, char** argv) {
    telecentre::media::keep_openssl_state_until_exit(); // before any TLS: see media.hpp
    using namespace telecentre::app;
    std::string config_path;
    RunOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--config" && i + 1 < argc) {
            config_path = argv[++i];
        } else if (argument == "--windowed") {
            options.display_override = DisplayMode::windowed;
        } else if (argument == "--screenshots" && i + 1 < argc) {
            options.screenshot_directory = argv[++i];
        } else if (argument == "--exit-after-first-frame") {
            options.exit_after_first_frame = true;
        } else {
            print_usage();
            return 2;
        }
    }
    if (config_path.empty()) {
        print_usage();
        return 2;
    }
    // Before any thread starts: libnfc logs every failed reopen of an unplugged reader otherwise.
    ::setenv("LIBNFC_LOG_LEVEL", "0", /*overwrite=*/0);
    auto config = load_kiosk_config(config_path);
    if (!config) {
        std::fprintf(stderr, "telecentre-kiosk: configuration error: %s\n", config.error().c_str());
        return 2;
    }
    return run_kiosk(*config, options);
}
