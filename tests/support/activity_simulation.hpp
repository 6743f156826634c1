#pragma once
// A seeded, deterministic year of activity across the network's sites, for the statistics'
// tests and benchmark: members holding passes (some joined during the year, some expired before
// it, some erased), presence sessions within opening hours (a few closed automatically, a few
// still open at the end), bookings of offices and open-space desks with their holders' presence
// (and some no-shows and cancellations), and visio-accueil calls. The same seed gives the same
// year on every run and every machine (its own random generator, no std:: distributions).
//
// simulate_year() only computes the events; write_year() writes them through the Store (members
// one by one, every session and booking in one unit of work), so a test can recompute the
// figures from the events themselves.

#include "telecentre/backend/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::testing {

struct SimulationConfig {
    std::uint64_t seed = 2013;
    int year = 2025;
    // Walk-in sessions per open site and day, on average, beside those of bookings.
    double walk_ins_per_day = 6;
    // Bookings per position and open day, on average (0 to 1).
    double bookings_per_position_day = 0.35;
    int members_per_position = 4;
    // Only these sites (empty: every site of the store) and only the first `months` months.
    std::vector<std::string> sites;
    int months = 12;
    // Adds a twelfth site (simulation only, "sim-massiac") before the year is simulated.
    bool add_twelfth_site = false;
};

struct SimulatedSession {
    std::string member_id;
    std::string site_id;
    telecentre::wire::TimePoint in_at{};
    std::optional<telecentre::wire::TimePoint> out_at; // none: still open at the end
    bool auto_closed = false;
};

struct SimulatedBooking {
    telecentre::backend::BookingRecord record;
    std::string site_id;
    telecentre::backend::ResourceKind kind = telecentre::backend::ResourceKind::office;
    telecentre::wire::BookingStatus status = telecentre::wire::BookingStatus::confirmed;
    bool member_came = true; // the generator made a presence session overlapping it
};

struct SimulatedYear {
    int year = 0;
    std::vector<telecentre::backend::SiteRecord> sites; // with opening hours and resources
    std::vector<telecentre::backend::ClosureRecord> closures;
    std::vector<telecentre::backend::MemberRecord> members;
    std::vector<std::string> erased; // members erased after their activity
    std::vector<SimulatedSession> sessions;
    std::vector<SimulatedBooking> bookings;
    std::vector<telecentre::backend::CallRow> calls;
};

// The twelfth site the benchmark's network has: two offices and two open-space desks, open
// Monday to Friday with a lunch break.
[[nodiscard]] telecentre::backend::SiteRecord twelfth_site();

// Reads the sites and closures from the store (adding the twelfth site first when asked), then
// simulates. Fails only when the store does.
[[nodiscard]] telecentre::backend::StoreResult<SimulatedYear> simulate_year(telecentre::backend::Store& store,
                                                                            const SimulationConfig& config);

// Writes the members (and erasures), sessions, bookings and calls.
[[nodiscard]] telecentre::backend::StoreResult<void> write_year(telecentre::backend::Store& store,
                                                                const SimulatedYear& year);

} // namespace telecentre::testing
