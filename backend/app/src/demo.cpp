#include "telecentre/backend/demo.hpp"

#include "telecentre/backend/crypto.hpp"
#include "telecentre/backend/devices.hpp"
#include "telecentre/backend/password_hash.hpp"
#include "telecentre/backend/staff_service.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/local_time.hpp"

#include <algorithm>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace telecentre::backend {
namespace {

std::expected<void, std::string> write_secret_file(const std::filesystem::path& path, const std::string& text) {
    const auto temporary = path.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return std::unexpected("cannot create " + temporary);
    }
    const bool ok = ::fchmod(fd, 0600) == 0 &&
                    ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
        ::unlink(temporary.c_str());
        return std::unexpected("cannot write " + path.string());
    }
    return {};
}

std::expected<DemoKiosk, std::string> ensure_kiosk(Store& store, const std::filesystem::path& folder,
                                                   const std::string& site_id, wire::TimePoint now) {
    DemoKiosk kiosk{site_id, folder / (site_id + ".token"), false};
    std::string token;
    if (std::ifstream in(kiosk.token_file); in) {
        std::getline(in, token);
        auto device = authenticate_device(store, token);
        if (!device) {
            return std::unexpected(device.error().message);
        }
        if (*device && (*device)->site_id == site_id) {
            return kiosk;
        }
    }
    auto provisioned = provision_device(store, site_id, "Borne d'accueil (démo) " + site_id, now);
    if (!provisioned) {
        return std::unexpected(provisioned.error().message);
    }
    if (auto written = write_secret_file(kiosk.token_file, provisioned->token + "\n"); !written) {
        return std::unexpected(written.error());
    }
    kiosk.created = true;
    return kiosk;
}

// The reception agent "accueil". Its password is random and lives only in the file (and as a
// hash in the database): an existing file whose password still logs in is kept; otherwise the
// account is made, or given a new password, and the file written again.
std::expected<DemoStaff, std::string> ensure_reception(Store& store, const std::filesystem::path& folder,
                                                       wire::TimePoint now) {
    DemoStaff staff{"accueil", folder / "accueil.password", false};
    auto account = store.find_staff_by_login(staff.login);
    if (!account) {
        return std::unexpected(account.error().message);
    }
    if (std::ifstream in(staff.password_file); in && *account && !(*account)->first.disabled) {
        std::string password;
        std::getline(in, password);
        if (verify_password(password, (*account)->second)) {
            return staff;
        }
    }
    const auto password = random_hex(12);
    if (*account) {
        if (auto changed = store.set_staff_password((*account)->first.id, hash_password(password)); !changed) {
            return std::unexpected(changed.error().message);
        }
    } else {
        StaffService service(store, [now] { return now; });
        auto added = service.add_staff(staff.login, "Accueil du réseau", StaffRole::reception, std::nullopt, password);
        if (!added) {
            return std::unexpected(added.error().message);
        }
    }
    if (auto written = write_secret_file(staff.password_file, password + "\n"); !written) {
        return std::unexpected(written.error());
    }
    staff.created = true;
    return staff;
}

// Over the coming week, on each day the member's home site opens: a morning and an afternoon
// at a work position (a different one per member and per day, so the booking grid shows some
// variety), and a meeting-room hour for the site's first member. Ids are per day and member, so
// restarting the demo adds nothing twice.
std::expected<int, std::string> ensure_bookings(Store& store, wire::TimePoint now) {
    using namespace std::chrono;
    auto members = store.list_members();
    auto sites = store.list_sites();
    if (!members || !sites) {
        return std::unexpected(members ? sites.error().message : members.error().message);
    }
    std::map<std::string, const SiteRecord*> site_by_id;
    for (const auto& site : *sites) {
        site_by_id[site.id] = &site;
    }
    int added = 0;
    for (int offset = 0; offset < 7; ++offset) {
        const auto day = wire::paris_day(now) + days{offset};
        const auto at = [day](int hour, int minute) {
            return wire::from_paris(wire::LocalTime{day} + hours{hour} + minutes{minute});
        };
        const std::string date = wire::format_date(sys_days{day.time_since_epoch()});
        const int iso_weekday = static_cast<int>(weekday{day}.iso_encoding());
        std::map<std::string, std::size_t> next_position;
        for (const auto& member : *members) {
            if (member.erased || !member.home_site_id || !site_by_id.contains(*member.home_site_id)) {
                continue;
            }
            const SiteRecord& site = *site_by_id[*member.home_site_id];
            const bool open = std::any_of(site.opening_hours.begin(), site.opening_hours.end(),
                                          [&](const auto& interval) { return interval.iso_weekday == iso_weekday; });
            if (!open || iso_weekday > 5) {
                continue;
            }
            std::vector<const ResourceRecord*> positions;
            const ResourceRecord* meeting_room = nullptr;
            for (const auto& resource : site.resources) {
                if (resource.kind == ResourceKind::office || resource.kind == ResourceKind::open_space) {
                    positions.push_back(&resource);
                } else if (resource.kind == ResourceKind::meeting_room && !meeting_room) {
                    meeting_room = &resource;
                }
            }
            if (positions.empty()) {
                continue;
            }
            const std::size_t index = next_position[site.id]++;
            const ResourceRecord& position =
                *positions[(index * 3 + static_cast<std::size_t>(offset)) % positions.size()];
            const auto id = "demo-" + date + "-" + member.id;
            std::vector<BookingRecord> wanted{{id + "-am", position.id, member.id, at(9, 0), at(12, 0), now, ""},
                                              {id + "-pm", position.id, member.id, at(14, 0), at(17, 0), now, ""}};
            if (meeting_room && index == 0) {
                wanted.push_back({id + "-meeting", meeting_room->id, member.id, at(10 + offset % 4, 0),
                                  at(11 + offset % 4, 0), now, ""});
            }
            for (const auto& booking : wanted) {
                auto inserted = store.add_booking(booking);
                if (!inserted) {
                    return std::unexpected(inserted.error().message);
                }
                // An overlap (someone booked that slot meanwhile) is left as it is: the demo
                // member simply has one booking fewer that day.
                added += *inserted == BookingOutcome::added ? 1 : 0;
            }
        }
    }
    return added;
}

} // namespace

std::expected<DemoSetup, std::string> prepare_demo(Store& store, const std::filesystem::path& data_dir,
                                                   wire::TimePoint now) {
    const auto folder = data_dir / "devices";
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
        return std::unexpected("cannot create " + folder.string() + ": " + error.message());
    }
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, error);

    auto sites = store.list_sites();
    if (!sites) {
        return std::unexpected(sites.error().message);
    }
    DemoSetup setup;
    for (const auto& site : *sites) {
        auto kiosk = ensure_kiosk(store, folder, site.id, now);
        if (!kiosk) {
            return std::unexpected(kiosk.error());
        }
        setup.kiosks.push_back(std::move(*kiosk));
    }
    const auto staff_folder = data_dir / "staff";
    std::filesystem::create_directories(staff_folder, error);
    if (error) {
        return std::unexpected("cannot create " + staff_folder.string() + ": " + error.message());
    }
    std::filesystem::permissions(staff_folder, std::filesystem::perms::owner_all, error);
    auto reception = ensure_reception(store, staff_folder, now);
    if (!reception) {
        return std::unexpected(reception.error());
    }
    setup.reception = std::move(*reception);
    auto bookings = ensure_bookings(store, now);
    if (!bookings) {
        return std::unexpected(bookings.error());
    }
    setup.bookings_added = *bookings;
    return setup;
}

} // namespace telecentre::backend
