// Test helper: opens the reader named on the command line with libnfc, prints "open", then polls
// for cards until it is killed. Tests kill it with SIGKILL to leave the port as a crashed kiosk
// would, without nfc_close.

#include <cstdio>
#include <cstring>
#include <nfc/nfc.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: telecentre_nfc_hold_reader CONNSTRING\n");
        return 2;
    }
    nfc_context* context = nullptr;
    nfc_init(&context);
    if (context == nullptr) {
        return 1;
    }
    nfc_connstring connstring{};
    std::strncpy(connstring, argv[1], sizeof(connstring) - 1);
    nfc_device* device = nfc_open(context, connstring);
    if (device == nullptr || nfc_initiator_init(device) < 0 ||
        nfc_device_set_property_bool(device, NP_INFINITE_SELECT, false) < 0) {
        std::fprintf(stderr, "cannot open %s\n", argv[1]);
        return 1;
    }
    std::printf("open\n");
    std::fflush(stdout);
    const nfc_modulation modulation{NMT_ISO14443A, NBR_106};
    for (;;) {
        nfc_target target{};
        if (nfc_initiator_select_passive_target(device, modulation, nullptr, 0, &target) < 0) {
            break;
        }
    }
    nfc_close(device);
    nfc_exit(context);
    return 1;
}
