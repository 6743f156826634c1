#include "activity_simulation.hpp"

#include "telecentre/wire/local_time.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace telecentre::testing {

using namespace std::chrono;
using namespace telecentre::backend;
namespace wire = telecentre::wire;

namespace {

// splitmix64: small, fast, and the same sequence everywhere (std:: distributions are not
// specified bit for bit across standard libraries).
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // 0 .. n-1 (n > 0)
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

private:
    std::uint64_t m_state;
};

wire::TimePoint at_paris(sys_days day, int minute, int second = 0) {
    return wire::from_paris(wire::LocalTime{day.time_since_epoch()} + minutes{minute} + seconds{second});
}

bool closed_on(const std::vector<ClosureRecord>& closures, const std::string& site_id, sys_days day) {
    return std::any_of(closures.begin(), closures.end(), [&](const ClosureRecord& closure) {
        return (!closure.site_id || *closure.site_id == site_id) && closure.first_day <= day && day <= closure.last_day;
    });
}

bool valid_on(const MemberRecord& member, sys_days day) {
    const auto& dates = member.pass.dates;
    return dates.joined <= day && day <= std::max(dates.free_until, dates.paid_until);
}

MemberRecord member_of(const std::string& id, const std::optional<std::string>& home, int index, int year) {
    MemberRecord member;
    member.id = id;
    member.first_name = "Simulé";
    member.last_name = id;
    member.display_name = "Simulé " + std::to_string(index);
    member.home_site_id = home;
    member.pass.kind = "pass_actifs_mobiles";
    member.pass.monthly_fee_cents = 5000 + 500 * (index % 11);
    const std::chrono::year y{year};
    auto& dates = member.pass.dates;
    switch (index % 10) {
    case 0: // expired the year before
        dates.joined = sys_days{(y - years{2}) / March / 1};
        dates.free_until = sys_days{(y - years{2}) / August / 31};
        dates.paid_until = sys_days{(y - years{1}) / June / 30};
        break;
    case 1: // joins the year after
        dates.joined = sys_days{(y + years{1}) / February / 1};
        dates.free_until = sys_days{(y + years{1}) / July / 31};
        dates.paid_until = dates.free_until;
        break;
    case 2: // joins during the year, free months then three paid ones
        dates.joined = sys_days{y / June / 1} + days{index % 20};
        dates.free_until = dates.joined + days{183};
        dates.paid_until = dates.free_until + days{92};
        break;
    case 3: // valid from the year before until the end of March: the first quarter only
        dates.joined = sys_days{(y - years{1}) / January / 15};
        dates.free_until = sys_days{(y - years{1}) / July / 14};
        dates.paid_until = sys_days{y / March / 31};
        break;
    default: // all year and beyond
        dates.joined = sys_days{(y - years{1}) / September / 1} + days{index % 30};
        dates.free_until = dates.joined + days{183};
        dates.paid_until = sys_days{(y + years{1}) / March / 31};
        break;
    }
    return member;
}

int positions_of(const SiteRecord& site) {
    int positions = 0;
    for (const auto& resource : site.resources) {
        if (resource.kind == ResourceKind::office || resource.kind == ResourceKind::open_space) {
            positions += resource.capacity;
        }
    }
    return positions;
}

} // namespace

SiteRecord twelfth_site() {
    SiteRecord site;
    site.id = "sim-massiac";
    site.name = "Télécentre de Massiac (simulation)";
    site.postal_code = "15500";
    site.town = "Massiac";
    site.description = "A twelfth site for the statistics' benchmark; not part of the real network.";
    for (int day = 1; day <= 5; ++day) {
        site.opening_hours.push_back(OpeningInterval{day, 9 * 60, 12 * 60 + 30});
        site.opening_hours.push_back(OpeningInterval{day, 13 * 60 + 30, 18 * 60});
    }
    for (int i = 1; i <= 2; ++i) {
        site.resources.push_back(ResourceRecord{"sim-massiac-bureau-" + std::to_string(i),
                                                site.id,
                                                ResourceKind::office,
                                                "Bureau " + std::to_string(i),
                                                1,
                                                {}});
        site.resources.push_back(ResourceRecord{"sim-massiac-poste-" + std::to_string(i),
                                                site.id,
                                                ResourceKind::open_space,
                                                "Poste " + std::to_string(i),
                                                1,
                                                {}});
    }
    return site;
}

StoreResult<SimulatedYear> simulate_year(Store& store, const SimulationConfig& config) {
    if (config.add_twelfth_site) {
        auto existing = store.find_site(twelfth_site().id);
        if (!existing) {
            return std::unexpected(existing.error());
        }
        if (!*existing) {
            if (auto added = store.add_site(twelfth_site()); !added) {
                return std::unexpected(added.error());
            }
        }
    }
    SimulatedYear year;
    year.year = config.year;
    const std::chrono::year y{config.year};
    const sys_days first{y / January / 1};
    const sys_days last = sys_days{(y / January / 1) + months{config.months}} - days{1};

    auto sites = store.list_sites();
    if (!sites) {
        return std::unexpected(sites.error());
    }
    for (auto& site : *sites) {
        if (config.sites.empty() ||
            std::find(config.sites.begin(), config.sites.end(), site.id) != config.sites.end()) {
            year.sites.push_back(std::move(site));
        }
    }
    auto reader = store.read();
    if (!reader) {
        return std::unexpected(reader.error());
    }
    std::set<std::tuple<std::string, sys_days, sys_days>> seen_closures;
    for (const auto& site : year.sites) {
        auto closures = (*reader)->closures(site.id, first, last);
        if (!closures) {
            return std::unexpected(closures.error());
        }
        for (auto& closure : *closures) {
            if (seen_closures.emplace(closure.site_id.value_or("*"), closure.first_day, closure.last_day).second) {
                year.closures.push_back(std::move(closure));
            }
        }
    }
    reader->reset();

    Random random(config.seed);
    std::map<std::string, std::vector<std::size_t>> members_of_site;
    for (const auto& site : year.sites) {
        const int count = std::max(3, positions_of(site) * config.members_per_position);
        for (int i = 0; i < count; ++i) {
            members_of_site[site.id].push_back(year.members.size());
            year.members.push_back(member_of("sim-" + site.id + "-" + std::to_string(i), site.id, i, config.year));
            if (i % 17 == 5) {
                year.erased.push_back(year.members.back().id);
            }
        }
    }
    // A member without a home site: counted in the network's pass members only.
    const std::size_t nomad = year.members.size();
    year.members.push_back(member_of("sim-nomad", std::nullopt, 4, config.year));

    int booking_number = 0;
    for (auto day = first; day <= last; day += days{1}) {
        const auto iso = static_cast<int>(weekday{day}.iso_encoding());
        std::set<std::size_t> busy; // members already present somewhere today
        for (const auto& site : year.sites) {
            std::vector<OpeningInterval> intervals;
            for (const auto& interval : site.opening_hours) {
                if (interval.iso_weekday == iso) {
                    intervals.push_back(interval);
                }
            }
            if (intervals.empty() || closed_on(year.closures, site.id, day)) {
                continue;
            }
            const auto& locals = members_of_site[site.id];
            // Someone free today with a valid pass: a local mostly, now and then someone from
            // elsewhere (or the nomad).
            auto pick = [&]() -> std::optional<std::size_t> {
                for (int attempt = 0; attempt < 8; ++attempt) {
                    std::size_t candidate = 0;
                    if (random.chance(0.1)) {
                        candidate = random.chance(0.2)
                                        ? nomad
                                        : static_cast<std::size_t>(random.below(static_cast<int>(year.members.size())));
                    } else {
                        candidate = locals[static_cast<std::size_t>(random.below(static_cast<int>(locals.size())))];
                    }
                    if (!busy.contains(candidate) && valid_on(year.members[candidate], day)) {
                        busy.insert(candidate);
                        return candidate;
                    }
                }
                return std::nullopt;
            };
            auto session = [&](std::size_t member, int in_minute, int out_minute, bool automatic) {
                const int in_second = random.below(60);
                const auto in_at = at_paris(day, in_minute, in_second);
                auto out_at = at_paris(day, out_minute, automatic ? 0 : random.below(60));
                out_at = std::max(out_at, in_at);
                year.sessions.push_back(SimulatedSession{year.members[member].id, site.id, in_at, out_at, automatic});
            };

            // Bookings: at most one per position and day, so they never overlap.
            for (const auto& resource : site.resources) {
                if ((resource.kind != ResourceKind::office && resource.kind != ResourceKind::open_space) ||
                    !random.chance(config.bookings_per_position_day)) {
                    continue;
                }
                const auto& interval =
                    intervals[static_cast<std::size_t>(random.below(static_cast<int>(intervals.size())))];
                const int slots = (interval.closes_minute - interval.opens_minute) / 30;
                if (slots < 1) {
                    continue;
                }
                const int length = 1 + random.below(std::min(slots, 8));
                const int start = interval.opens_minute + 30 * random.below(slots - length + 1);
                const int end = start + 30 * length;
                const auto member = pick();
                if (!member) {
                    continue;
                }
                SimulatedBooking booking;
                booking.record = BookingRecord{"sim-b-" + std::to_string(++booking_number),
                                               resource.id,
                                               year.members[*member].id,
                                               at_paris(day, start),
                                               at_paris(day, end),
                                               at_paris(day, start) - days{1},
                                               ""};
                booking.site_id = site.id;
                booking.kind = resource.kind;
                const int fate = random.below(100);
                if (fate < 7) {
                    booking.status = wire::BookingStatus::cancelled;
                    booking.member_came = false;
                } else if (fate < 17) {
                    // A no-show: released by the sweeper, or still confirmed (no sweeper ran).
                    booking.status = fate < 12 ? wire::BookingStatus::no_show : wire::BookingStatus::confirmed;
                    booking.member_came = false;
                } else {
                    const int in_minute = std::max(interval.opens_minute, start - random.below(20));
                    const int out_minute = std::min(interval.closes_minute, end + random.below(20));
                    session(*member, in_minute, out_minute, false);
                }
                year.bookings.push_back(std::move(booking));
            }

            // Walk-ins.
            const int walk_ins =
                static_cast<int>(config.walk_ins_per_day * 2.0 * static_cast<double>(random.below(1000)) / 1000.0);
            for (int i = 0; i < walk_ins; ++i) {
                const auto member = pick();
                if (!member) {
                    break;
                }
                const auto& interval =
                    intervals[static_cast<std::size_t>(random.below(static_cast<int>(intervals.size())))];
                const int open_minutes = interval.closes_minute - interval.opens_minute;
                const int in_minute = interval.opens_minute + random.below(std::max(1, open_minutes - 15));
                const bool automatic = random.chance(0.05);
                const int out_minute = automatic ? interval.closes_minute
                                                 : std::min(interval.closes_minute,
                                                            in_minute + 15 + random.below(std::max(1, open_minutes)));
                session(*member, in_minute, out_minute, automatic);
            }

            // Visio-accueil calls.
            if (random.chance(0.15)) {
                const auto& interval = intervals.front();
                const auto queued = at_paris(day, interval.opens_minute + random.below(60), random.below(60));
                const bool answered = random.chance(0.85);
                const auto answered_at = answered ? std::optional(queued + seconds{5 + random.below(115)})
                                                  : std::optional<wire::TimePoint>{};
                year.calls.push_back(CallRow{"sim-call-" + std::to_string(year.calls.size() + 1), site.id,
                                             "sim-dev-" + site.id, queued, answered_at,
                                             (answered_at ? *answered_at : queued) + seconds{90 + random.below(600)},
                                             answered ? std::optional<std::string>("sim-agent") : std::nullopt,
                                             answered ? "agent_hung_up" : "unanswered"});
            }
        }
    }

    // Three members still inside when the period ends: their sessions are not counted.
    int open = 0;
    for (const auto& site : year.sites) {
        for (const auto index : members_of_site[site.id]) {
            const auto& member = year.members[index];
            // Nobody with a session or a booking that day, so a no-show stays one.
            const bool already =
                std::any_of(year.sessions.begin(), year.sessions.end(),
                            [&](const auto& session) {
                                return session.member_id == member.id && session.in_at >= at_paris(last, 0);
                            }) ||
                std::any_of(year.bookings.begin(), year.bookings.end(), [&](const auto& booking) {
                    return booking.record.member_id == member.id && booking.record.end > at_paris(last, 0);
                });
            if (open < 3 && !already && valid_on(member, last)) {
                year.sessions.push_back(
                    SimulatedSession{member.id, site.id, at_paris(last, 10 * 60 + open), std::nullopt, false});
                ++open;
                break;
            }
        }
    }
    return year;
}

StoreResult<void> write_year(Store& store, const SimulatedYear& year) {
    for (const auto& member : year.members) {
        if (auto added = store.add_member(member); !added) {
            return added;
        }
    }
    auto written = store.write([&](Transaction& transaction) -> StoreResult<UnitEnd> {
        for (const auto& session : year.sessions) {
            auto id = transaction.start_session(session.member_id, session.site_id, session.in_at);
            if (!id) {
                return std::unexpected(id.error());
            }
            if (session.out_at) {
                auto closed = transaction.close_session(
                    *id, *session.out_at, session.auto_closed ? SessionClosing::automatic : SessionClosing::by_member);
                if (!closed) {
                    return std::unexpected(closed.error());
                }
            }
        }
        for (const auto& booking : year.bookings) {
            auto added = transaction.insert_booking(booking.record);
            if (!added) {
                return std::unexpected(added.error());
            }
            if (*added != BookingOutcome::added) {
                return std::unexpected(StoreError{"simulated booking " + booking.record.id + " was not added"});
            }
            if (booking.status != wire::BookingStatus::confirmed) {
                const auto at = booking.status == wire::BookingStatus::cancelled ? booking.record.start - hours{2}
                                                                                 : booking.record.start + minutes{30};
                if (auto closed = transaction.close_booking(booking.record.id, booking.status, at); !closed) {
                    return std::unexpected(closed.error());
                }
            }
        }
        return UnitEnd::commit;
    });
    if (!written) {
        return written;
    }
    for (const auto& call : year.calls) {
        if (auto added = store.add_call(call); !added) {
            return added;
        }
    }
    for (const auto& id : year.erased) {
        if (auto erased = store.erase_member(id); !erased) {
            return erased;
        }
    }
    return {};
}

} // namespace telecentre::testing
