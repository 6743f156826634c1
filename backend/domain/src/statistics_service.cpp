#include "telecentre/backend/statistics_service.hpp"

#include "telecentre/wire/local_time.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace telecentre::backend {
namespace {

using namespace std::chrono;

DomainError storage(const StoreError& error) { return DomainError{ErrorKind::storage, error.message, error.retryable}; }

DomainError invalid(std::string message) { return DomainError{ErrorKind::invalid_request, std::move(message)}; }

bool closed_on(const std::vector<ClosureRecord>& closures, const std::optional<std::string>& site_id, sys_days day) {
    return std::any_of(closures.begin(), closures.end(), [&](const ClosureRecord& closure) {
        return (!closure.site_id || closure.site_id == site_id) && closure.first_day <= day && day <= closure.last_day;
    });
}

// Seconds a site is open over [first, last] (Paris-local days): its weekday's intervals, wall
// clock, on every day that no closure of the site or of the network covers.
std::int64_t open_seconds(const SiteRecord& site, const std::vector<ClosureRecord>& closures, sys_days first,
                          sys_days last) {
    std::array<std::int64_t, 8> by_weekday{};
    for (const auto& interval : site.opening_hours) {
        if (interval.iso_weekday >= 1 && interval.iso_weekday <= 7) {
            by_weekday[static_cast<std::size_t>(interval.iso_weekday)] +=
                std::int64_t{interval.closes_minute - interval.opens_minute} * 60;
        }
    }
    const std::optional<std::string> site_id = site.id;
    std::int64_t total = 0;
    for (auto day = first; day <= last; day += days{1}) {
        if (!closed_on(closures, site_id, day)) {
            total += by_weekday[weekday{day}.iso_encoding()];
        }
    }
    return total;
}

int capacity_of(const SiteRecord& site, ResourceKind kind) {
    int capacity = 0;
    for (const auto& resource : site.resources) {
        if (resource.kind == kind) {
            capacity += resource.capacity;
        }
    }
    return capacity;
}

std::optional<double> ratio(std::int64_t numerator, std::int64_t denominator) {
    if (denominator <= 0) {
        return std::nullopt;
    }
    return static_cast<double>(numerator) / static_cast<double>(denominator);
}

wire::TimePoint paris_start(sys_days day) { return wire::paris_day_start(local_days{day.time_since_epoch()}); }

// Edges of the Paris-local months of [first, last]: the period's start, each first of a month
// inside it, the day after its end.
std::vector<wire::TimePoint> month_edges(sys_days first, sys_days last, std::vector<std::string>& names) {
    std::vector<wire::TimePoint> edges{paris_start(first)};
    year_month month{year_month_day{first}.year(), year_month_day{first}.month()};
    while (true) {
        char name[16];
        std::snprintf(name, sizeof name, "%04d-%02u", static_cast<int>(month.year()),
                      static_cast<unsigned>(month.month()));
        names.emplace_back(name);
        month += months{1};
        const sys_days next{month / 1};
        if (next > last) {
            break;
        }
        edges.push_back(paris_start(next));
    }
    edges.push_back(paris_start(last + days{1}));
    return edges;
}

template <typename Row> std::int64_t count_of(const std::vector<Row>& rows, const std::string& site_id) {
    const auto found = std::find_if(rows.begin(), rows.end(), [&](const Row& row) { return row.site_id == site_id; });
    return found == rows.end() ? 0 : found->count;
}

// The sites the report covers: one, or all; closures of the period per site.
struct Scope {
    std::vector<SiteRecord> sites;
    std::vector<ClosureRecord> closures; // of every site in `sites` and of the network
};

std::expected<Scope, DomainError> load_scope(Store& store, const std::optional<std::string>& site_id, sys_days first,
                                             sys_days last) {
    Scope scope;
    auto sites = store.list_sites();
    if (!sites) {
        return std::unexpected(storage(sites.error()));
    }
    for (auto& site : *sites) {
        if (!site_id || site.id == *site_id) {
            scope.sites.push_back(std::move(site));
        }
    }
    if (site_id && scope.sites.empty()) {
        return std::unexpected(invalid("no site \"" + *site_id + "\""));
    }
    auto reader = store.read();
    if (!reader) {
        return std::unexpected(storage(reader.error()));
    }
    for (const auto& site : scope.sites) {
        auto closures = (*reader)->closures(site.id, first, last);
        if (!closures) {
            return std::unexpected(storage(closures.error()));
        }
        for (auto& closure : *closures) {
            scope.closures.push_back(std::move(closure));
        }
    }
    return scope;
}

// Who may read which sites' figures: nullopt is the whole network.
std::expected<void, DomainError> may_read(const StaffRecord& staff, const std::optional<std::string>& site_id) {
    switch (staff.role) {
    case StaffRole::admin: return {};
    case StaffRole::animateur:
        if (!site_id) {
            return std::unexpected(
                DomainError{ErrorKind::forbidden_site, "an animateur sees the statistics of their own site only: add "
                                                       "site=" +
                                                           staff.site_id.value_or("")});
        }
        if (*site_id != staff.site_id) {
            return std::unexpected(
                DomainError{ErrorKind::forbidden_site, "an animateur sees the statistics of their own site only"});
        }
        return {};
    case StaffRole::reception: break;
    }
    return std::unexpected(
        DomainError{ErrorKind::forbidden_role, "the statistics are for administrators and animateurs"});
}

} // namespace

StatisticsService::StatisticsService(Store& store, Clock clock)
    : m_store(store), m_clock(clock ? std::move(clock) : Clock([] { return floor<seconds>(system_clock::now()); })) {}

std::expected<StatisticsReport, DomainError> StatisticsService::statistics(const StaffRecord& staff, wire::Date from,
                                                                           wire::Date to,
                                                                           const std::optional<std::string>& site_id) {
    if (staff.role == StaffRole::reception) {
        return std::unexpected(may_read(staff, site_id).error());
    }
    if (to < from) {
        return std::unexpected(invalid("the period ends before it starts: \"to\" must not be before \"from\""));
    }
    if ((to - from).count() + 1 > kMaxStatisticsDays) {
        return std::unexpected(invalid("the period is longer than two years; ask for a shorter one"));
    }
    if (auto allowed = may_read(staff, site_id); !allowed) {
        return std::unexpected(allowed.error());
    }
    auto scope = load_scope(m_store, site_id, from, to);
    if (!scope) {
        return std::unexpected(scope.error());
    }
    std::vector<std::string> month_names;
    UsageQuery query{month_edges(from, to, month_names), from, to, site_id, UsageDetail::everything};
    auto usage = m_store.usage(query);
    if (!usage) {
        return std::unexpected(storage(usage.error()));
    }

    StatisticsReport report;
    report.from = from;
    report.to = to;
    report.site_id = site_id;
    std::map<std::string, std::int64_t> checkins_by_site;
    for (const auto& hour : usage->checkins) {
        checkins_by_site[hour.site_id] += hour.count;
        const auto local = wire::to_paris(hour.hour);
        const auto day = floor<days>(local);
        const auto iso = weekday{day}.iso_encoding();
        const auto hour_of_day = duration_cast<hours>(local - day).count();
        report.peak_hours[iso - 1][static_cast<std::size_t>(hour_of_day)] += hour.count;
    }
    for (const auto& site : scope->sites) {
        SiteStatistics figures;
        figures.site_id = site.id;
        figures.site_name = site.name;
        for (std::size_t i = 0; i < month_names.size(); ++i) {
            figures.hours_by_month.push_back(MonthHours{month_names[i], 0});
        }
        for (const auto& bucket : usage->presence_seconds) {
            if (bucket.site_id == site.id && bucket.bucket >= 0 &&
                static_cast<std::size_t>(bucket.bucket) < figures.hours_by_month.size()) {
                figures.hours_by_month[static_cast<std::size_t>(bucket.bucket)].seconds += bucket.seconds;
            }
        }
        const auto open = open_seconds(site, scope->closures, from, to);
        for (auto kind : {ResourceKind::office, ResourceKind::open_space}) {
            const int capacity = capacity_of(site, kind);
            if (capacity == 0) {
                continue;
            }
            KindOccupancy occupancy{kind, capacity, 0, capacity * open, std::nullopt};
            for (const auto& booked : usage->booked_seconds) {
                if (booked.site_id == site.id && booked.kind == kind) {
                    occupancy.booked_seconds += booked.seconds;
                }
            }
            occupancy.rate = ratio(occupancy.booked_seconds, occupancy.capacity_seconds_open);
            figures.occupancy.push_back(occupancy);
        }
        figures.checkins = checkins_by_site[site.id];
        for (const auto& bookings : usage->bookings) {
            if (bookings.site_id == site.id) {
                figures.bookings = bookings.bookings;
                figures.no_shows = bookings.no_shows;
                figures.bookings_attended = bookings.bookings - bookings.no_shows;
            }
        }
        for (const auto& calls : usage->calls) {
            if (calls.site_id == site.id) {
                figures.calls = calls.calls;
                figures.calls_answered = calls.answered;
                figures.answer_seconds_average = ratio(calls.answer_seconds_total, calls.answered);
                figures.answer_seconds_max = calls.answer_seconds_max;
                figures.answered_within_minute = calls.answered_within_minute;
            }
        }
        report.sites.push_back(std::move(figures));
    }
    return report;
}

std::expected<EvaluationReport, DomainError> StatisticsService::evaluation(const StaffRecord& staff, int year) {
    if (staff.role == StaffRole::reception) {
        return std::unexpected(may_read(staff, std::nullopt).error());
    }
    if (year < 2000 || year > 2100) {
        return std::unexpected(invalid("year must be between 2000 and 2100"));
    }
    // An animateur's report is their own site's row.
    const std::optional<std::string> site_id =
        staff.role == StaffRole::animateur ? staff.site_id : std::optional<std::string>{};
    if (staff.role == StaffRole::animateur && !site_id) {
        return std::unexpected(DomainError{ErrorKind::forbidden_site, "this animateur has no site"});
    }
    const sys_days first{std::chrono::year{year} / January / 1};
    const sys_days last{std::chrono::year{year} / December / 31};
    auto scope = load_scope(m_store, site_id, first, last);
    if (!scope) {
        return std::unexpected(scope.error());
    }
    UsageQuery query{{paris_start(first), paris_start(last + days{1})}, first, last, site_id, UsageDetail::totals};
    auto usage = m_store.usage(query);
    if (!usage) {
        return std::unexpected(storage(usage.error()));
    }
    auto costs = m_store.site_costs(year);
    if (!costs) {
        return std::unexpected(storage(costs.error()));
    }

    EvaluationReport report;
    report.year = year;
    EvaluationRow network;
    network.site_name = "Réseau";
    bool every_cost = true;
    std::int64_t network_cost = 0;
    for (const auto& site : scope->sites) {
        EvaluationRow row;
        row.site_id = site.id;
        row.site_name = site.name;
        row.offices = capacity_of(site, ResourceKind::office);
        row.open_space = capacity_of(site, ResourceKind::open_space);
        row.positions = row.offices + row.open_space;
        row.users = count_of(usage->users, site.id);
        for (const auto& bucket : usage->presence_seconds) {
            if (bucket.site_id == site.id) {
                row.seconds_of_use += bucket.seconds;
            }
        }
        row.position_seconds_open = row.positions * open_seconds(site, scope->closures, first, last);
        row.fill_rate = ratio(row.seconds_of_use, row.position_seconds_open);
        row.pass_members = count_of(usage->pass_members, site.id);
        const auto cost = std::find_if(costs->begin(), costs->end(),
                                       [&](const SiteCost& entered) { return entered.site_id == site.id; });
        if (cost != costs->end()) {
            row.cost_cents = cost->cost_cents;
            network_cost += cost->cost_cents;
            if (row.positions > 0) {
                row.cost_per_position_cents = static_cast<double>(cost->cost_cents) / row.positions;
            }
        } else if (row.positions > 0) {
            // A site without positions costs nothing per position; one with positions and no
            // cost leaves the network's figure unknown.
            every_cost = false;
        }
        network.offices += row.offices;
        network.open_space += row.open_space;
        network.positions += row.positions;
        network.seconds_of_use += row.seconds_of_use;
        network.position_seconds_open += row.position_seconds_open;
        report.sites.push_back(std::move(row));
    }
    if (staff.role == StaffRole::admin) {
        network.users = usage->network_users;
        network.pass_members = usage->network_pass_members;
        network.fill_rate = ratio(network.seconds_of_use, network.position_seconds_open);
        if (every_cost && !costs->empty()) {
            network.cost_cents = network_cost;
            if (network.positions > 0) {
                network.cost_per_position_cents = static_cast<double>(network_cost) / network.positions;
            }
        }
        report.network = std::move(network);
    }
    return report;
}

std::expected<SiteCost, DomainError> StatisticsService::set_cost(const StaffRecord& staff, const SiteCost& cost) {
    if (staff.role != StaffRole::admin) {
        return std::unexpected(
            DomainError{ErrorKind::forbidden_role, "only a network administrator enters the sites' costs"});
    }
    if (cost.year < 2000 || cost.year > 2100) {
        return std::unexpected(invalid("year must be between 2000 and 2100"));
    }
    if (cost.cost_cents < 0 || cost.cost_cents > 100'000'000'000) {
        return std::unexpected(invalid("cost_cents must be an integer from 0 to 100000000000"));
    }
    auto site = m_store.find_site(cost.site_id);
    if (!site) {
        return std::unexpected(storage(site.error()));
    }
    if (!*site) {
        return std::unexpected(invalid("no site \"" + cost.site_id + "\""));
    }
    if (auto set = m_store.set_site_cost(cost, staff.id, m_clock()); !set) {
        return std::unexpected(storage(set.error()));
    }
    return cost;
}

} // namespace telecentre::backend
