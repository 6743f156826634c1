#pragma once
// What --demo adds on top of the seeded network: one kiosk device per site whose token is
// written to DIR/devices/<site>.token (mode 0600) for the demo run script, a reception agent for
// the staff console (login "accueil", its random password in DIR/staff/accueil.password, mode
// 0600), and bookings over the coming week for the demo members. Safe to run at every start: an
// existing valid token or password file is kept and each day's bookings are only added once.
//
// Threading: call from one thread, before or while the server runs (the store serialises).

#include "telecentre/backend/store.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace telecentre::backend {

struct DemoKiosk {
    std::string site_id;
    std::filesystem::path token_file;
    bool created = false; // false: the file was there and its token still valid
};

struct DemoStaff {
    std::string login;
    std::filesystem::path password_file;
    bool created = false; // false: the file was there and its password still valid
};

struct DemoSetup {
    std::vector<DemoKiosk> kiosks;
    DemoStaff reception;
    int bookings_added = 0;
};

[[nodiscard]] std::expected<DemoSetup, std::string> prepare_demo(Store& store, const std::filesystem::path& data_dir,
                                                                 wire::TimePoint now);

} // namespace telecentre::backend
