#pragma once
// Usage statistics and the network's yearly evaluation report, in the département's own terms
// (docs/statistics.md has every definition): positions, users, hours of use, average fill rate,
// pass members and cost per position per site and for the network; hours per month, occupancy
// per position kind, peak hours, bookings against presence, visio-accueil calls. The database
// aggregates (Store::usage); this service adds the calendar (opening hours, closures, Paris
// time) and the role rules: an administrator sees every site, an animateur their own site only,
// reception agents neither.
//
// Threading: every method may be called from any thread (as thread-safe as the Store).

#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/store.hpp"

#include <array>
#include <chrono>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::backend {

// The longest period the statistics answer for (two years, a leap day included).
inline constexpr int kMaxStatisticsDays = 731;

// One line of the evaluation report: a site, or the network (site_id empty).
struct EvaluationRow {
    std::string site_id;
    std::string site_name;
    int offices = 0;    // capacity of the office resources
    int open_space = 0; // capacity of the open-space resources
    int positions = 0;  // offices + open_space
    std::int64_t users = 0;
    std::int64_t seconds_of_use = 0;
    // Seconds the positions could have been used: for a site, positions x its opening time in
    // the period (closures taken out); for the network, the sum over its sites.
    std::int64_t position_seconds_open = 0;
    std::optional<double> fill_rate; // seconds_of_use / position_seconds_open; none without positions
    std::int64_t pass_members = 0;
    std::optional<std::int64_t> cost_cents;        // none when not entered
    std::optional<double> cost_per_position_cents; // none without a cost or without positions
};

struct EvaluationReport {
    int year = 0;
    std::vector<EvaluationRow> sites;     // by site id
    std::optional<EvaluationRow> network; // none for an animateur
};

struct MonthHours {
    std::string month; // "YYYY-MM", Paris-local
    std::int64_t seconds = 0;
};

struct KindOccupancy {
    ResourceKind kind = ResourceKind::office;
    int capacity = 0;
    std::int64_t booked_seconds = 0;
    std::int64_t capacity_seconds_open = 0; // capacity x opening time in the period
    std::optional<double> rate;
};

struct SiteStatistics {
    std::string site_id;
    std::string site_name;
    std::vector<MonthHours> hours_by_month; // every month of the period, zeros included
    std::vector<KindOccupancy> occupancy;   // office, open_space (those the site has)
    std::int64_t checkins = 0;              // presence sessions begun in the period
    std::int64_t bookings = 0;
    std::int64_t bookings_attended = 0;
    std::int64_t no_shows = 0;
    std::int64_t calls = 0;
    std::int64_t calls_answered = 0;
    std::optional<double> answer_seconds_average;
    std::int64_t answer_seconds_max = 0;
    std::int64_t answered_within_minute = 0;
};

struct StatisticsReport {
    wire::Date from{};
    wire::Date to{};
    std::optional<std::string> site_id;
    std::vector<SiteStatistics> sites;
    // Check-ins by Paris-local ISO weekday (index 0 = Monday) and hour of the day, over the
    // sites of the report.
    std::array<std::array<std::int64_t, 24>, 7> peak_hours{};
};

class StatisticsService {
public:
    using Clock = std::function<wire::TimePoint()>;
    explicit StatisticsService(Store& store, Clock clock = {});

    // [from, to]: Paris-local days, inclusive. invalid_request: to before from, longer than
    // kMaxStatisticsDays, an unknown site; forbidden_role: reception; forbidden_site: an
    // animateur and another site or the whole network (no site).
    [[nodiscard]] std::expected<StatisticsReport, DomainError>
    statistics(const StaffRecord& staff, wire::Date from, wire::Date to, const std::optional<std::string>& site_id);
    // The calendar year's report (2000-2100); an animateur gets their own site's row only.
    [[nodiscard]] std::expected<EvaluationReport, DomainError> evaluation(const StaffRecord& staff, int year);
    // A site's cost for a year, administrators only.
    [[nodiscard]] std::expected<SiteCost, DomainError> set_cost(const StaffRecord& staff, const SiteCost& cost);

private:
    Store& m_store;
    Clock m_clock;
};

// The report as CSV (RFC 4180, UTF-8, CRLF line ends): a header row, one row per site, then the
// network's row when there is one. Columns in docs/statistics.md.
[[nodiscard]] std::string evaluation_csv(const EvaluationReport& report);

} // namespace telecentre::backend
