// Usage statistics and the evaluation report (docs/statistics.md) on both stores, through
// StatisticsService: a small hand-made dataset whose answers were worked out by hand (clipping at
// the period's edges, open sessions ignored, lunch breaks and a closure in the opening time,
// users distinct across the network, no-shows, calls), and a simulated year whose report must
// equal the totals recomputed here from the simulation's own events.
#include "activity_simulation.hpp"
#include "store_fixture.hpp"
#include "telecentre/backend/statistics_service.hpp"
#include "telecentre/wire/local_time.hpp"

#include <map>
#include <set>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

wire::TimePoint paris(int y, unsigned m, unsigned d, int hour, int minute = 0) {
    return wire::from_paris(wire::LocalTime{local_days{year{y} / month{m} / day{d}}.time_since_epoch()} + hours{hour} +
                            minutes{minute});
}

const StaffRecord kAdmin{"stf_admin", "admin", "Admin", StaffRole::admin, std::nullopt, false};
const StaffRecord kCassaniouzeAnimateur{"stf_anim", "anim", "Anim", StaffRole::animateur, "cassaniouze", false};

MemberRecord member(const std::string& id, const std::optional<std::string>& home, sys_days joined,
                    sys_days valid_until) {
    MemberRecord record;
    record.id = id;
    record.first_name = id;
    record.last_name = "Test";
    record.display_name = id;
    record.home_site_id = home;
    record.pass.kind = "pass_actifs_mobiles";
    record.pass.dates = wire::PassDates{joined, joined + days{182}, valid_until, false};
    record.pass.monthly_fee_cents = 6000;
    return record;
}

class StatisticsTest : public StoreFixture {
protected:
    void session(const std::string& member_id, const std::string& site_id, wire::TimePoint in,
                 std::optional<wire::TimePoint> out, SessionClosing closing = SessionClosing::by_member) {
        auto written = m_store->write([&](Transaction& tx) -> StoreResult<UnitEnd> {
            auto id = tx.start_session(member_id, site_id, in);
            if (!id) {
                return std::unexpected(id.error());
            }
            if (out) {
                if (auto closed = tx.close_session(*id, *out, closing); !closed) {
                    return std::unexpected(closed.error());
                }
            }
            return UnitEnd::commit;
        });
        ASSERT_TRUE(written) << written.error().message;
    }

    void booking(const std::string& id, const std::string& resource, const std::string& member_id,
                 wire::TimePoint start, wire::TimePoint end, wire::BookingStatus status) {
        auto added = m_store->add_booking(BookingRecord{id, resource, member_id, start, end, start - days{1}, ""});
        ASSERT_TRUE(added) << added.error().message;
        ASSERT_EQ(*added, BookingOutcome::added);
        if (status != wire::BookingStatus::confirmed) {
            auto closed = m_store->write([&](Transaction& tx) -> StoreResult<UnitEnd> {
                if (auto done = tx.close_booking(id, status, start); !done) {
                    return std::unexpected(done.error());
                }
                return UnitEnd::commit;
            });
            ASSERT_TRUE(closed) << closed.error().message;
        }
    }

    // Week of Monday 5 to Sunday 11 March 2040 (CET, UTC+1), and the year 2040 around it.
    void hand_made_dataset() {
        const sys_days y2040{2040y / January / 1};
        for (const auto& [id, home] : std::vector<std::pair<std::string, std::string>>{{"t-m1", "cassaniouze"},
                                                                                       {"t-m2", "cassaniouze"},
                                                                                       {"t-m3", "cassaniouze"},
                                                                                       {"t-m4", "cassaniouze"},
                                                                                       {"t-m5", "murat"}}) {
            ASSERT_TRUE(m_store->add_member(member(id, home, y2040 - days{400}, y2040 + days{800})));
        }
        // Expired in 2039: not a pass member of 2040. Erased but valid in 2040: still counted.
        ASSERT_TRUE(m_store->add_member(member("t-m6", "cassaniouze", y2040 - days{700}, y2040 - days{10})));
        ASSERT_TRUE(m_store->add_member(member("t-m7", "cassaniouze", y2040 + days{100}, y2040 + days{300})));
        ASSERT_TRUE(m_store->erase_member("t-m7"));
        // Cassaniouze is closed on Wednesday 7 March.
        ASSERT_TRUE(m_store->add_closure(
            ClosureRecord{"cassaniouze", sys_days{2040y / March / 7}, sys_days{2040y / March / 7}, "travaux"}));

        session("t-m1", "cassaniouze", paris(2040, 3, 5, 9), paris(2040, 3, 5, 12));           // 3 h
        session("t-m1", "cassaniouze", paris(2040, 3, 4, 23), paris(2040, 3, 5, 1));           // 1 h in the week
        session("t-m2", "cassaniouze", paris(2040, 3, 11, 23, 30), paris(2040, 3, 12, 0, 30)); // 0.5 h in it
        session("t-m4", "cassaniouze", paris(2040, 3, 8, 13, 30), paris(2040, 3, 8, 17, 30),
                SessionClosing::automatic);                                     // 4 h, counted
        session("t-m1", "murat", paris(2040, 3, 6, 14), paris(2040, 3, 6, 16)); // 2 h at Murat
        // The year's edges: 1 h of the first in 2040, 0.5 h of the second.
        session("t-m4", "cassaniouze", paris(2040, 12, 31, 23), paris(2041, 1, 1, 1));
        session("t-m5", "murat", paris(2039, 12, 31, 23, 30), paris(2040, 1, 1, 0, 30));
        // Still open: neither hours nor users, but check-ins.
        session("t-m2", "cassaniouze", paris(2040, 3, 9, 10), std::nullopt);
        session("t-m3", "cassaniouze", paris(2040, 3, 10, 10, 15), std::nullopt);

        booking("t-b1", "cassaniouze-bureau-1", "t-m1", paris(2040, 3, 5, 9), paris(2040, 3, 5, 11),
                wire::BookingStatus::confirmed); // attended
        booking("t-b2", "cassaniouze-bureau-2", "t-m5", paris(2040, 3, 6, 9), paris(2040, 3, 6, 10),
                wire::BookingStatus::confirmed); // nobody came, not released
        booking("t-b3", "cassaniouze-bureau-1", "t-m5", paris(2040, 3, 8, 9), paris(2040, 3, 8, 10),
                wire::BookingStatus::no_show); // released
        booking("t-b4", "cassaniouze-bureau-3", "t-m2", paris(2040, 3, 8, 14), paris(2040, 3, 8, 15),
                wire::BookingStatus::cancelled); // neither

        const auto ten = paris(2040, 3, 5, 10);
        ASSERT_TRUE(m_store->add_call(
            CallRow{"t-c1", "cassaniouze", "dev", ten, ten + seconds{30}, ten + minutes{5}, "stf", "agent_hung_up"}));
        ASSERT_TRUE(m_store->add_call(CallRow{"t-c2", "cassaniouze", "dev", ten + days{1}, ten + days{1} + seconds{90},
                                              ten + days{1} + minutes{5}, "stf", "visitor_hung_up"}));
        ASSERT_TRUE(m_store->add_call(CallRow{"t-c3", "cassaniouze", "dev", ten + days{2}, std::nullopt,
                                              ten + days{2} + minutes{2}, std::nullopt, "unanswered"}));
    }
};

TEST_P(StatisticsTest, AWeekOfAHandMadeDatasetHasTheFiguresWorkedOutByHand) {
    ASSERT_NO_FATAL_FAILURE(hand_made_dataset());
    StatisticsService service(*m_store);
    auto report = service.statistics(kAdmin, sys_days{2040y / March / 5}, sys_days{2040y / March / 11},
                                     std::string("cassaniouze"));
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_EQ(report->sites.size(), 1u);
    const auto& site = report->sites[0];
    ASSERT_EQ(site.hours_by_month.size(), 1u);
    EXPECT_EQ(site.hours_by_month[0].month, "2040-03");
    EXPECT_EQ(site.hours_by_month[0].seconds, (3 * 60 + 60 + 30 + 4 * 60) * 60) << "8.5 h, clipped to the week";

    // Opening time: 3 h + 4 h (lunch break between) on Monday, Tuesday, Thursday, Friday; closed
    // Wednesday; 2 h on Saturday: 30 h, for 3 offices.
    ASSERT_EQ(site.occupancy.size(), 1u) << "Cassaniouze has offices only";
    EXPECT_EQ(site.occupancy[0].kind, ResourceKind::office);
    EXPECT_EQ(site.occupancy[0].capacity, 3);
    EXPECT_EQ(site.occupancy[0].capacity_seconds_open, 3 * 30 * 3600);
    EXPECT_EQ(site.occupancy[0].booked_seconds, 3 * 3600) << "t-b1 and t-b2; released and cancelled ones do not hold";
    ASSERT_TRUE(site.occupancy[0].rate);
    EXPECT_DOUBLE_EQ(*site.occupancy[0].rate, 3.0 / 90.0);

    EXPECT_EQ(site.checkins, 5) << "sessions begun in the week, open ones included";
    EXPECT_EQ(site.bookings, 3);
    EXPECT_EQ(site.no_shows, 2);
    EXPECT_EQ(site.bookings_attended, 1);
    EXPECT_EQ(site.calls, 3);
    EXPECT_EQ(site.calls_answered, 2);
    ASSERT_TRUE(site.answer_seconds_average);
    EXPECT_DOUBLE_EQ(*site.answer_seconds_average, 60.0);
    EXPECT_EQ(site.answer_seconds_max, 90);
    EXPECT_EQ(site.answered_within_minute, 1);

    // Paris-local weekday (0 = Monday) and hour of each check-in.
    std::array<std::array<std::int64_t, 24>, 7> peak{};
    peak[0][9] = 1;  // Monday 09:00
    peak[3][13] = 1; // Thursday 13:30
    peak[4][10] = 1; // Friday 10:00 (open)
    peak[5][10] = 1; // Saturday 10:15 (open)
    peak[6][23] = 1; // Sunday 23:30
    EXPECT_EQ(report->peak_hours, peak);
}

TEST_P(StatisticsTest, TheEvaluationOfAHandMadeYearCountsUsersOnceAndLeavesAnUnknownCostNull) {
    ASSERT_NO_FATAL_FAILURE(hand_made_dataset());
    StatisticsService service(*m_store);
    ASSERT_TRUE(service.set_cost(kAdmin, SiteCost{"cassaniouze", 2040, 280'200}));
    auto report = service.evaluation(kAdmin, 2040);
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_EQ(report->sites.size(), 11u) << "the seeded network";
    const auto row = [&](const std::string& id) {
        const auto found = std::find_if(report->sites.begin(), report->sites.end(),
                                        [&](const EvaluationRow& r) { return r.site_id == id; });
        EXPECT_NE(found, report->sites.end()) << id;
        return found == report->sites.end() ? EvaluationRow{} : *found;
    };
    const auto cassaniouze = row("cassaniouze");
    EXPECT_EQ(cassaniouze.positions, 3);
    EXPECT_EQ(cassaniouze.users, 3) << "t-m1, t-m2, t-m4; t-m3 only has an open session";
    EXPECT_EQ(cassaniouze.seconds_of_use, 11 * 3600) << "3 + 2 + 1 + 4 + 1 h";
    // 2040 is a leap year starting on a Sunday: 261 weekdays (7 h each, lunch break out), 52
    // Saturdays (2 h), one weekday closed: 1924 h per position.
    EXPECT_EQ(cassaniouze.position_seconds_open, 3LL * 1924 * 3600);
    ASSERT_TRUE(cassaniouze.fill_rate);
    EXPECT_DOUBLE_EQ(*cassaniouze.fill_rate, 11.0 / (3.0 * 1924));
    EXPECT_EQ(cassaniouze.pass_members, 5) << "t-m1..4 and the erased t-m7; not t-m6, expired in 2039";
    EXPECT_EQ(cassaniouze.cost_cents, 280'200);
    ASSERT_TRUE(cassaniouze.cost_per_position_cents);
    EXPECT_DOUBLE_EQ(*cassaniouze.cost_per_position_cents, 93'400.0);

    const auto murat = row("murat");
    EXPECT_EQ(murat.positions, 12);
    EXPECT_EQ(murat.users, 2);
    EXPECT_EQ(murat.seconds_of_use, 2 * 3600 + 1800);
    // Monday to Friday 10 h (261 days), Saturday 3 h (52): 2766 h per position.
    EXPECT_EQ(murat.position_seconds_open, 12LL * 2766 * 3600);
    EXPECT_EQ(murat.pass_members, 1);
    EXPECT_EQ(murat.cost_cents, std::nullopt);
    EXPECT_EQ(murat.cost_per_position_cents, std::nullopt) << "absent, never 0";

    ASSERT_TRUE(report->network);
    const auto& network = *report->network;
    EXPECT_EQ(network.offices, 34);
    EXPECT_EQ(network.open_space, 24);
    EXPECT_EQ(network.positions, 58);
    EXPECT_EQ(network.users, 4) << "t-m1 used two sites and counts once";
    EXPECT_EQ(network.seconds_of_use, 13 * 3600 + 1800);
    EXPECT_EQ(network.pass_members, 6);
    std::int64_t open = 0;
    for (const auto& site : report->sites) {
        open += site.position_seconds_open;
    }
    EXPECT_EQ(network.position_seconds_open, open);
    ASSERT_TRUE(network.fill_rate);
    EXPECT_DOUBLE_EQ(*network.fill_rate, static_cast<double>(network.seconds_of_use) / static_cast<double>(open));
    EXPECT_EQ(network.cost_per_position_cents, std::nullopt) << "ten sites have no cost for 2040";

    // An animateur gets their own site's row, and no network.
    auto own = service.evaluation(kCassaniouzeAnimateur, 2040);
    ASSERT_TRUE(own) << own.error().message;
    ASSERT_EQ(own->sites.size(), 1u);
    EXPECT_EQ(own->sites[0].site_id, "cassaniouze");
    EXPECT_EQ(own->sites[0].seconds_of_use, 11 * 3600);
    EXPECT_FALSE(own->network);
}

TEST_P(StatisticsTest, ACostIsReplacedAndTheServiceRefusesWhatItMustRefuse) {
    StatisticsService service(*m_store);
    ASSERT_TRUE(service.set_cost(kAdmin, SiteCost{"ydes", 2027, 100}));
    ASSERT_TRUE(service.set_cost(kAdmin, SiteCost{"ydes", 2027, 373'600}));
    auto costs = m_store->site_costs(2027);
    ASSERT_TRUE(costs) << costs.error().message;
    ASSERT_EQ(costs->size(), 1u);
    EXPECT_EQ((*costs)[0].cost_cents, 373'600);
    EXPECT_EQ(m_store->site_costs(2026)->size(), 0u);

    EXPECT_EQ(service.set_cost(kCassaniouzeAnimateur, SiteCost{"cassaniouze", 2027, 1}).error().kind,
              ErrorKind::forbidden_role);
    EXPECT_EQ(service.set_cost(kAdmin, SiteCost{"nowhere", 2027, 1}).error().kind, ErrorKind::invalid_request);
    EXPECT_EQ(service.set_cost(kAdmin, SiteCost{"ydes", 2027, -1}).error().kind, ErrorKind::invalid_request);
    const auto march = sys_days{2027y / March / 1};
    EXPECT_EQ(service.statistics(kAdmin, march, march - days{1}, std::nullopt).error().kind,
              ErrorKind::invalid_request);
    EXPECT_EQ(service.statistics(kAdmin, march, march + days{kMaxStatisticsDays}, std::nullopt).error().kind,
              ErrorKind::invalid_request);
    EXPECT_TRUE(service.statistics(kAdmin, march, march + days{kMaxStatisticsDays - 1}, std::nullopt));
    EXPECT_EQ(service.statistics(kAdmin, march, march, std::string("nowhere")).error().kind,
              ErrorKind::invalid_request);
    EXPECT_EQ(service.statistics(kCassaniouzeAnimateur, march, march, std::string("murat")).error().kind,
              ErrorKind::forbidden_site);
    EXPECT_EQ(service.statistics(kCassaniouzeAnimateur, march, march, std::nullopt).error().kind,
              ErrorKind::forbidden_site);
    const StaffRecord reception{"stf_r", "r", "R", StaffRole::reception, std::nullopt, false};
    EXPECT_EQ(service.statistics(reception, march, march, std::nullopt).error().kind, ErrorKind::forbidden_role);
    EXPECT_EQ(service.evaluation(reception, 2027).error().kind, ErrorKind::forbidden_role);
}

// The figures recomputed here from the simulation's events, without the store's SQL.
struct Expected {
    std::map<std::string, std::set<std::string>> users;
    std::set<std::string> network_users;
    std::map<std::string, std::int64_t> seconds;
    std::map<std::string, std::int64_t> open_seconds; // per position
    std::map<std::string, int> positions;
};

Expected recompute(const telecentre::testing::SimulatedYear& simulated) {
    Expected expected;
    const auto start = wire::paris_day_start(local_days{year{simulated.year} / January / 1});
    const auto end = wire::paris_day_start(local_days{year{simulated.year + 1} / January / 1});
    for (const auto& session : simulated.sessions) {
        if (!session.out_at || *session.out_at <= start || session.in_at >= end) {
            continue;
        }
        expected.users[session.site_id].insert(session.member_id);
        expected.network_users.insert(session.member_id);
        expected.seconds[session.site_id] += (std::min(*session.out_at, end) - std::max(session.in_at, start)).count();
    }
    for (const auto& site : simulated.sites) {
        for (const auto& resource : site.resources) {
            if (resource.kind == ResourceKind::office || resource.kind == ResourceKind::open_space) {
                expected.positions[site.id] += resource.capacity;
            }
        }
        for (sys_days day{year{simulated.year} / January / 1}; day < sys_days{year{simulated.year + 1} / January / 1};
             day += days{1}) {
            const bool closed = std::any_of(simulated.closures.begin(), simulated.closures.end(), [&](const auto& c) {
                return (!c.site_id || *c.site_id == site.id) && c.first_day <= day && day <= c.last_day;
            });
            if (closed) {
                continue;
            }
            for (const auto& interval : site.opening_hours) {
                if (static_cast<unsigned>(interval.iso_weekday) == weekday{day}.iso_encoding()) {
                    expected.open_seconds[site.id] += (interval.closes_minute - interval.opens_minute) * 60;
                }
            }
        }
    }
    return expected;
}

TEST_P(StatisticsTest, TheEvaluationOfASimulatedYearEqualsTheTotalsRecomputedFromItsEvents) {
    telecentre::testing::SimulationConfig config;
    config.year = 2027; // the seeded public holidays are 2027's
    if (GetParam() == StoreKind::postgresql) {
        // A statement per event is a round trip each on a server: a smaller network there.
        config.sites = {"murat", "cassaniouze", "riom-es-montagnes"};
    }
    auto simulated = telecentre::testing::simulate_year(*m_store, config);
    ASSERT_TRUE(simulated) << simulated.error().message;
    ASSERT_TRUE(telecentre::testing::write_year(*m_store, *simulated));
    ASSERT_GT(simulated->sessions.size(), 1000u);
    ASSERT_FALSE(simulated->erased.empty());
    ASSERT_FALSE(simulated->closures.empty());

    StatisticsService service(*m_store);
    auto report = service.evaluation(kAdmin, 2027);
    ASSERT_TRUE(report) << report.error().message;
    const auto expected = recompute(*simulated);

    // Pass members from the members' own rows (the demo members of migration 0003 included),
    // by the pass rule applied here.
    auto members = m_store->list_members();
    ASSERT_TRUE(members);
    std::map<std::string, std::int64_t> pass_members;
    std::int64_t network_pass_members = 0;
    const sys_days first{2027y / January / 1};
    const sys_days last{2027y / December / 31};
    for (const auto& member : *members) {
        const auto& dates = member.pass.dates;
        if (dates.joined <= last && std::max(dates.free_until, dates.paid_until) >= first) {
            ++network_pass_members;
            if (member.home_site_id) {
                ++pass_members[*member.home_site_id];
            }
        }
    }

    std::int64_t network_seconds = 0;
    std::int64_t network_open = 0;
    int network_positions = 0;
    for (const auto& row : report->sites) {
        const bool simulated_site = std::any_of(simulated->sites.begin(), simulated->sites.end(),
                                                [&](const auto& s) { return s.id == row.site_id; });
        if (!simulated_site) {
            EXPECT_EQ(row.seconds_of_use, 0) << row.site_id;
            network_open += row.position_seconds_open;
            network_positions += row.positions;
            continue;
        }
        SCOPED_TRACE(row.site_id);
        EXPECT_EQ(row.positions, expected.positions.at(row.site_id));
        EXPECT_EQ(row.users, static_cast<std::int64_t>(expected.users.at(row.site_id).size()));
        EXPECT_EQ(row.seconds_of_use, expected.seconds.at(row.site_id));
        EXPECT_EQ(row.position_seconds_open, row.positions * expected.open_seconds.at(row.site_id));
        EXPECT_EQ(row.pass_members, pass_members[row.site_id]);
        network_seconds += row.seconds_of_use;
        network_open += row.position_seconds_open;
        network_positions += row.positions;
    }
    ASSERT_TRUE(report->network);
    EXPECT_EQ(report->network->users, static_cast<std::int64_t>(expected.network_users.size()));
    EXPECT_EQ(report->network->seconds_of_use, network_seconds);
    EXPECT_EQ(report->network->position_seconds_open, network_open);
    EXPECT_EQ(report->network->positions, network_positions);
    EXPECT_EQ(report->network->pass_members, network_pass_members);
    EXPECT_LT(report->network->users, [&] {
        std::int64_t sum = 0;
        for (const auto& [site, users] : expected.users) {
            sum += static_cast<std::int64_t>(users.size());
        }
        return sum;
    }()) << "members who used several sites count once for the network";

    // The statistics' no-shows against the simulation's own.
    auto statistics = service.statistics(kAdmin, first, last, std::nullopt);
    ASSERT_TRUE(statistics) << statistics.error().message;
    // Check-ins by Paris-local weekday and hour, summer time included, from the sessions' own
    // starts (open sessions too).
    std::array<std::array<std::int64_t, 24>, 7> peak{};
    std::map<std::string, std::int64_t> checkins;
    const auto year_start = wire::paris_day_start(local_days{2027y / January / 1});
    const auto year_end = wire::paris_day_start(local_days{2028y / January / 1});
    for (const auto& session : simulated->sessions) {
        if (session.in_at < year_start || session.in_at >= year_end) {
            continue;
        }
        const auto local = wire::to_paris(session.in_at);
        const auto day = floor<days>(local);
        ++peak[weekday{day}.iso_encoding() - 1][static_cast<std::size_t>(duration_cast<hours>(local - day).count())];
        ++checkins[session.site_id];
    }
    EXPECT_EQ(statistics->peak_hours, peak);
    for (const auto& site : statistics->sites) {
        EXPECT_EQ(site.checkins, checkins[site.site_id]) << site.site_id;
    }

    std::map<std::string, std::pair<std::int64_t, std::int64_t>> bookings; // site: bookings, no-shows
    for (const auto& booking : simulated->bookings) {
        if (booking.status != wire::BookingStatus::cancelled) {
            ++bookings[booking.site_id].first;
            bookings[booking.site_id].second += booking.member_came ? 0 : 1;
        }
    }
    for (const auto& site : statistics->sites) {
        EXPECT_EQ(site.bookings, bookings[site.site_id].first) << site.site_id;
        EXPECT_EQ(site.no_shows, bookings[site.site_id].second) << site.site_id;
        std::int64_t months = 0;
        for (const auto& month : site.hours_by_month) {
            months += month.seconds;
        }
        EXPECT_EQ(months, expected.seconds.contains(site.site_id) ? expected.seconds.at(site.site_id) : 0)
            << site.site_id << ": the months add up to the year";
    }
}

TEST(EvaluationCsv, HasAHeaderOneRowPerSiteThenTheNetworkAndEmptyCellsForAbsentFigures) {
    EvaluationReport report;
    report.year = 2040;
    EvaluationRow site;
    site.site_id = "cassaniouze";
    site.site_name = "Télécentre de Cassaniouze, \"le bourg\"";
    site.offices = 3;
    site.positions = 3;
    site.users = 4;
    site.seconds_of_use = 5400;
    site.fill_rate = 0.35;
    site.pass_members = 2;
    site.cost_cents = 280'200;
    site.cost_per_position_cents = 93'400;
    report.sites.push_back(site);
    EvaluationRow network;
    network.site_name = "Réseau";
    network.positions = 3;
    network.offices = 3;
    report.network = network;
    EXPECT_EQ(evaluation_csv(report),
              "site_id,site,bureaux,postes_open_space,postes,utilisateurs,heures_utilisation,"
              "taux_remplissage_moyen_pct,adherents_pass,cout_annuel_eur,cout_par_poste_eur\r\n"
              "cassaniouze,\"Télécentre de Cassaniouze, \"\"le bourg\"\"\",3,0,3,4,1.5,35.0,2,2802.00,934.00\r\n"
              ",Réseau,3,0,3,0,0.0,,0,,\r\n");
}

INSTANTIATE_TEST_SUITE_P(Stores, StatisticsTest, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
