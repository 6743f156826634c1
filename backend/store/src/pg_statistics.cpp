// PgStore: the usage statistics' aggregates (docs/statistics.md), each one GROUP BY over an
// index, in one REPEATABLE READ READ ONLY snapshot; the sites' yearly costs (migration 0010);
// adding sites and members. The same queries as sqlite_statistics.cpp in PostgreSQL's dialect.
#include "pg_rows.hpp"
#include "store_columns.hpp"

#include <cstdio>

namespace telecentre::backend {

using pg::Connection;
using pg::Row;

namespace {

std::string hhmm(int minute) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", (minute / 60) % 100, minute % 60);
    return text;
}

// "(0, $4::timestamptz, $5::timestamptz), (1, $5..., $6...), ...": the buckets as a VALUES list
// whose edges are parameters from `first_parameter` on.
std::string bucket_values(std::size_t edges, int first_parameter) {
    std::string values;
    for (std::size_t i = 0; i + 1 < edges; ++i) {
        values += (i == 0 ? "(" : ", (") + std::to_string(i) + ", $" + std::to_string(first_parameter + i) +
                  "::timestamptz, $" + std::to_string(first_parameter + i + 1) + "::timestamptz)";
    }
    return values;
}

template <typename T, typename Read>
StoreResult<void> collect_into(std::vector<T>& into, std::string_view operation, const pg::Expected<pg::Result>& result,
                               Read read) {
    auto rows = pg::collect<T>(operation, result, read);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    into = std::move(*rows);
    return {};
}

const std::string kUsers = "SELECT site_id, member_id, MAX(EXTRACT(EPOCH FROM out_at - in_at))::bigint "
                           "FROM presence_sessions WHERE out_at IS NOT NULL AND out_at > $1 AND in_at < $2 "
                           "AND ($3::text IS NULL OR site_id = $3) "
                           "GROUP BY site_id, member_id ORDER BY site_id COLLATE \"C\", member_id COLLATE \"C\"";
const std::string kPassMembers =
    "SELECT m.home_site_id, COUNT(*) FROM members m JOIN passes p ON p.member_id = m.id "
    "WHERE p.joined <= $2::date AND GREATEST(p.free_until, p.paid_until) >= $1::date "
    "AND ($3::text IS NULL OR m.home_site_id = $3) GROUP BY m.home_site_id ORDER BY m.home_site_id COLLATE \"C\"";
const std::string kBookedSeconds =
    "SELECT r.site_id, r.kind, SUM(EXTRACT(EPOCH FROM LEAST(b.end_at, $2) - GREATEST(b.start_at, $1)))::bigint "
    "FROM bookings b JOIN resources r ON r.id = b.resource_id "
    "WHERE b.status = 'confirmed' AND r.kind IN ('office', 'open_space') AND b.start_at < $2 AND b.end_at > $1 "
    "AND ($3::text IS NULL OR r.site_id = $3) GROUP BY r.site_id, r.kind ORDER BY r.site_id COLLATE \"C\", r.kind";
// A closed session overlapping a booking began at most $4 seconds (the longest session of the
// period) before it, so the member's index (member_id, in_at) is read from there on only; an
// open session is the member's one open row.
const std::string kBookings =
    "SELECT r.site_id, COUNT(*), COUNT(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM presence_sessions s "
    "WHERE s.member_id = b.member_id AND s.site_id = r.site_id AND s.in_at < b.end_at "
    "AND s.in_at >= b.start_at - make_interval(secs => $4::bigint) AND s.out_at > b.start_at) "
    "AND NOT EXISTS (SELECT 1 FROM presence_sessions s WHERE s.member_id = b.member_id AND s.out_at IS NULL "
    "AND s.site_id = r.site_id AND s.in_at < b.end_at)) "
    "FROM bookings b JOIN resources r ON r.id = b.resource_id "
    "WHERE b.status IN ('confirmed', 'no_show') AND b.start_at >= $1 AND b.start_at < $2 "
    "AND ($3::text IS NULL OR r.site_id = $3) GROUP BY r.site_id ORDER BY r.site_id COLLATE \"C\"";
const std::string kCalls = "SELECT site_id, COUNT(*), COUNT(wait), COALESCE(SUM(wait), 0), COALESCE(MAX(wait), 0), "
                           "COUNT(*) FILTER (WHERE wait <= 60) FROM (SELECT site_id, "
                           "EXTRACT(EPOCH FROM answered_at - queued_at)::bigint AS wait FROM calls "
                           "WHERE queued_at >= $1 AND queued_at < $2 AND ($3::text IS NULL OR site_id = $3)) AS c "
                           "GROUP BY site_id ORDER BY site_id COLLATE \"C\"";

StoreResult<UsageAggregates> aggregate(Connection& db, const UsageQuery& query) {
    UsageAggregates usage;
    const auto from = query.bounds.front();
    const auto to = query.bounds.back();
    const auto& site = query.site_id;

    const std::string presence_sql =
        "WITH buckets(i, b_start, b_end) AS (VALUES " + bucket_values(query.bounds.size(), 4) +
        ") SELECT s.site_id, b.i, SUM(EXTRACT(EPOCH FROM LEAST(s.out_at, b.b_end) - "
        "GREATEST(s.in_at, b.b_start)))::bigint FROM presence_sessions s JOIN buckets b "
        "ON s.in_at < b.b_end AND s.out_at > b.b_start "
        "WHERE s.out_at IS NOT NULL AND s.out_at > $1 AND s.in_at < $2 AND ($3::text IS NULL OR s.site_id = $3) "
        "GROUP BY s.site_id, b.i ORDER BY s.site_id COLLATE \"C\", b.i";
    std::vector<pg::Param> params{pg::param(from), pg::param(to), pg::param(site)};
    for (const auto edge : query.bounds) {
        params.push_back(pg::param(edge));
    }
    if (auto read =
            collect_into(usage.presence_seconds, "usage", db.query_params(presence_sql, params),
                         [](const Row& row) {
                             return SiteBucketSeconds{row.text(0), static_cast<int>(row.integer(1)), row.integer(2)};
                         });
        !read) {
        return std::unexpected(read.error());
    }
    auto pairs = pg::collect<SiteMember>("usage", db.query(kUsers, from, to, site), [](const Row& row) {
        return SiteMember{row.text(0), row.text(1), row.integer(2)};
    });
    if (!pairs) {
        return std::unexpected(pairs.error());
    }
    const std::int64_t longest = count_users(*pairs, usage);

    auto passes = pg::collect<std::pair<std::optional<std::string>, std::int64_t>>(
        "usage", db.query(kPassMembers, query.first_day, query.last_day, site),
        [](const Row& row) { return std::pair(row.optional_text(0), row.integer(1)); });
    if (!passes) {
        return std::unexpected(passes.error());
    }
    for (const auto& [home, count] : *passes) {
        usage.network_pass_members += count;
        if (home) {
            usage.pass_members.push_back(SiteCount{*home, count});
        }
    }
    if (query.detail == UsageDetail::totals) {
        return usage;
    }
    // Check-ins by Paris-local weekday and hour: +2 h inside a summer interval (parameters from $4
    // on), +1 h otherwise; the same rule as the SQLite store's, so both answer alike.
    {
        const auto summers = paris_summers(from, to);
        std::string offset = "CASE";
        std::vector<pg::Param> checkin_params{pg::param(from), pg::param(to), pg::param(site)};
        for (std::size_t i = 0; i < summers.size(); ++i) {
            offset += " WHEN in_at >= $" + std::to_string(4 + 2 * i) + "::timestamptz AND in_at < $" +
                      std::to_string(5 + 2 * i) + "::timestamptz THEN 7200";
            checkin_params.push_back(pg::param(summers[i].first));
            checkin_params.push_back(pg::param(summers[i].second));
        }
        offset += " ELSE 3600 END";
        const std::string local = "(EXTRACT(EPOCH FROM in_at)::bigint + " + offset + ")";
        const std::string sql = "SELECT site_id, date_trunc('hour', MIN(in_at)), COUNT(*) FROM presence_sessions "
                                "WHERE in_at >= $1 AND in_at < $2 AND ($3::text IS NULL OR site_id = $3) "
                                "GROUP BY site_id, (" +
                                local + " / 86400 + 3) % 7, (" + local + " % 86400) / 3600 " +
                                "ORDER BY site_id COLLATE \"C\", 2";
        if (auto read = collect_into(usage.checkins, "usage", db.query_params(sql, checkin_params),
                                     [](const Row& row) {
                                         return HourCount{row.text(0), row.time(1), row.integer(2)};
                                     });
            !read) {
            return std::unexpected(read.error());
        }
    }
    if (auto read = collect_into(
            usage.booked_seconds, "usage", db.query(kBookedSeconds, from, to, site),
            [](const Row& row) {
                return KindSeconds{row.text(0), wire::resource_kind_from(row.text(1)).value_or(ResourceKind::office),
                                   row.integer(2)};
            });
        !read) {
        return std::unexpected(read.error());
    }
    if (auto read = collect_into(usage.bookings, "usage", db.query(kBookings, from, to, site, longest),
                                 [](const Row& row) {
                                     return SiteBookings{row.text(0), row.integer(1), row.integer(2)};
                                 });
        !read) {
        return std::unexpected(read.error());
    }
    if (auto read = collect_into(usage.calls, "usage", db.query(kCalls, from, to, site),
                                 [](const Row& row) {
                                     return SiteCalls{row.text(0),    row.integer(1), row.integer(2),
                                                      row.integer(3), row.integer(4), row.integer(5)};
                                 });
        !read) {
        return std::unexpected(read.error());
    }
    return usage;
}

} // namespace

StoreResult<UsageAggregates> PgStore::usage(const UsageQuery& query) {
    if (query.bounds.size() < 2) {
        return std::unexpected(StoreError{"usage: a period needs at least two bucket edges"});
    }
    return pg::in_transaction<UsageAggregates>(m_state->pool, pg::kBeginSnapshot, "usage",
                                               [&](Connection& db) { return aggregate(db, query); });
}

StoreResult<void> PgStore::set_site_cost(const SiteCost& cost, const std::string& staff_id, wire::TimePoint now) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "set_site_cost", [&](Connection& db) -> StoreResult<void> {
            auto written = pg::written(
                "set_site_cost",
                db.query("INSERT INTO site_costs (site_id, year, cost_cents, set_at, set_by) VALUES ($1, $2, $3, $4, "
                         "$5) ON CONFLICT (site_id, year) DO UPDATE SET cost_cents = excluded.cost_cents, "
                         "set_at = excluded.set_at, set_by = excluded.set_by",
                         cost.site_id, cost.year, cost.cost_cents, now, staff_id));
            if (!written) {
                return std::unexpected(written.error());
            }
            return {};
        });
}

StoreResult<std::vector<SiteCost>> PgStore::site_costs(int year) {
    return pg::in_one_statement<std::vector<SiteCost>>(m_state->pool, "site_costs", [&](Connection& db) {
        return pg::collect<SiteCost>(
            "site_costs",
            db.query("SELECT site_id, year, cost_cents FROM site_costs WHERE year = $1 ORDER BY site_id COLLATE \"C\"",
                     year),
            [](const Row& row) {
                return SiteCost{row.text(0), static_cast<int>(row.integer(1)), row.integer(2)};
            });
    });
}

StoreResult<void> PgStore::add_site(const SiteRecord& site) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "add_site", [&](Connection& db) -> StoreResult<void> {
            auto added = pg::written(
                "add_site", db.query("INSERT INTO sites (id, name, street, postal_code, town, description) "
                                     "VALUES ($1, $2, $3, $4, $5, $6)",
                                     site.id, site.name, site.street, site.postal_code, site.town, site.description));
            if (!added) {
                return std::unexpected(added.error());
            }
            for (const auto& interval : site.opening_hours) {
                auto hours =
                    pg::written("add_site", db.query("INSERT INTO opening_hours (site_id, weekday, opens, "
                                                     "closes) VALUES ($1, $2, $3, $4)",
                                                     site.id, interval.iso_weekday, hhmm(interval.opens_minute),
                                                     hhmm(interval.closes_minute)));
                if (!hours) {
                    return std::unexpected(hours.error());
                }
            }
            for (const auto& resource : site.resources) {
                auto row =
                    pg::written("add_site", db.query("INSERT INTO resources (id, site_id, kind, name, capacity) "
                                                     "VALUES ($1, $2, $3, $4, $5)",
                                                     resource.id, site.id, std::string(wire::to_string(resource.kind)),
                                                     resource.name, resource.capacity));
                if (!row) {
                    return std::unexpected(row.error());
                }
            }
            return {};
        });
}

StoreResult<void> PgStore::add_member(const MemberRecord& member) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "add_member", [&](Connection& db) -> StoreResult<void> {
            auto added = pg::written(
                "add_member", db.query("INSERT INTO members (id, first_name, last_name, display_name, home_site_id, "
                                       "erased) VALUES ($1, $2, $3, $4, $5, $6)",
                                       member.id, member.first_name, member.last_name, member.display_name,
                                       member.home_site_id, member.erased));
            if (!added) {
                return std::unexpected(added.error());
            }
            const auto& pass = member.pass;
            auto passed =
                pg::written("add_member",
                            db.query("INSERT INTO passes (member_id, kind, joined, free_until, paid_until, suspended, "
                                     "monthly_fee_cents) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                                     member.id, pass.kind, pass.dates.joined, pass.dates.free_until,
                                     pass.dates.paid_until, pass.dates.suspended, pass.monthly_fee_cents));
            if (!passed) {
                return std::unexpected(passed.error());
            }
            return {};
        });
}

} // namespace telecentre::backend
