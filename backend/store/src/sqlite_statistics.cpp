// SqliteStore: the usage statistics' aggregates (docs/statistics.md), each one GROUP BY over an
// index, read in one snapshot on a reader connection so that check-ins never wait behind a
// report; the sites' yearly costs (migration 0010); adding sites and members. Times are ISO 8601
// UTC text of fixed width: MIN/MAX of two pick the earlier/later, and unixepoch() (SQLite 3.38)
// gives whole seconds since the epoch.
#include "sqlite_rows.hpp"
#include "store_columns.hpp"

#include <cstdio>
#include <map>

namespace telecentre::backend {

using sqlite::ScopedTransaction;
using sqlite::Statement;

namespace {

std::string hhmm(int minute) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", (minute / 60) % 100, minute % 60);
    return text;
}

template <typename T, typename Read>
StoreResult<void> collect_into(std::vector<T>& into, StoreResult<Statement> statement, Read read) {
    auto rows = sqlite::collect<T>(std::move(statement), read);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    into = std::move(*rows);
    return {};
}

StoreResult<UsageAggregates> aggregate(sqlite::Database& db, const UsageQuery& query) {
    UsageAggregates usage;
    const auto from = sqlite::to_column(query.bounds.front());
    const auto to = sqlite::to_column(query.bounds.back());
    const auto& site = query.site_id;

    // Presence per bucket, in one pass over the sessions: each closed session is grouped by the
    // bucket it starts in and the bucket it ends in (a CASE over the edges), with the sums of its
    // start and end (clipped to the period) in epoch seconds. A group within one bucket adds
    // sum(end) - sum(start) to it; a group crossing edges is split exactly at them here (the
    // first bucket gets n x edge - sum(start), those in between their whole width n times, the
    // last sum(end) - n x edge). Cheaper than joining every session with every bucket.
    const auto buckets = query.bounds.size() - 1;
    std::string start_bucket = "0";
    std::string end_bucket = "0";
    if (buckets > 1) {
        start_bucket = "CASE";
        end_bucket = "CASE";
        for (std::size_t i = 1; i < buckets; ++i) {
            const auto edge = "?" + std::to_string(3 + i);
            start_bucket += " WHEN in_at < " + edge + " THEN " + std::to_string(i - 1);
            end_bucket += " WHEN out_at <= " + edge + " THEN " + std::to_string(i - 1);
        }
        start_bucket += " ELSE " + std::to_string(buckets - 1) + " END";
        end_bucket += " ELSE " + std::to_string(buckets - 1) + " END";
    }
    const std::string presence_sql =
        "SELECT site_id, first_bucket, last_bucket, COUNT(*), SUM(started), SUM(ended) FROM (SELECT site_id, " +
        start_bucket + " AS first_bucket, " + end_bucket +
        " AS last_bucket, unixepoch(MAX(in_at, ?1)) AS started, unixepoch(MIN(out_at, ?2)) AS ended "
        "FROM presence_sessions WHERE out_at IS NOT NULL AND out_at > ?1 AND in_at < ?2 "
        "AND (?3 IS NULL OR site_id = ?3)) GROUP BY site_id, first_bucket, last_bucket "
        "ORDER BY site_id, first_bucket, last_bucket";
    struct Group {
        std::string site_id;
        std::size_t first = 0;
        std::size_t last = 0;
        std::int64_t count = 0;
        std::int64_t started = 0;
        std::int64_t ended = 0;
    };
    auto presence = db.prepare(presence_sql);
    if (presence) {
        presence->bind(1, from).bind(2, to).bind(3, site);
        for (std::size_t i = 1; i < buckets; ++i) {
            presence->bind(static_cast<int>(3 + i), sqlite::to_column(query.bounds[i]));
        }
    }
    auto groups = sqlite::collect<Group>(std::move(presence), [](const Statement& row) {
        return Group{row.text(0),
                     static_cast<std::size_t>(row.integer(1)),
                     static_cast<std::size_t>(row.integer(2)),
                     row.integer(3),
                     row.integer(4),
                     row.integer(5)};
    });
    if (!groups) {
        return std::unexpected(groups.error());
    }
    std::vector<std::int64_t> edges;
    for (const auto bound : query.bounds) {
        edges.push_back(bound.time_since_epoch().count());
    }
    std::map<std::pair<std::string, std::size_t>, std::int64_t> seconds;
    for (const auto& group : *groups) {
        if (group.last < group.first || group.last >= buckets) {
            continue; // zero-length sessions exactly on an edge
        }
        if (group.first == group.last) {
            seconds[{group.site_id, group.first}] += group.ended - group.started;
            continue;
        }
        seconds[{group.site_id, group.first}] += group.count * edges[group.first + 1] - group.started;
        for (auto middle = group.first + 1; middle < group.last; ++middle) {
            seconds[{group.site_id, middle}] += group.count * (edges[middle + 1] - edges[middle]);
        }
        seconds[{group.site_id, group.last}] += group.ended - group.count * edges[group.last];
    }
    for (const auto& [key, total] : seconds) {
        usage.presence_seconds.push_back(SiteBucketSeconds{key.first, static_cast<int>(key.second), total});
    }

    // Users: one row per (site, member) with a closed session in the period, counted here per
    // site and across sites; and the longest of those sessions, which bounds the no-show search.
    auto pairs = sqlite::collect<SiteMember>(
        db.query("SELECT site_id, member_id, MAX(unixepoch(out_at) - unixepoch(in_at)) FROM presence_sessions "
                 "WHERE out_at IS NOT NULL AND out_at > ?1 AND in_at < ?2 AND (?3 IS NULL OR site_id = ?3) "
                 "GROUP BY site_id, member_id ORDER BY site_id, member_id",
                 from, to, site),
        [](const Statement& row) {
            return SiteMember{row.text(0), row.text(1), row.integer(2)};
        });
    if (!pairs) {
        return std::unexpected(pairs.error());
    }
    const auto longest = count_users(*pairs, usage);

    // Passes valid on some day of the period; NULL home sites count for the network only.
    auto passes = sqlite::collect<std::pair<std::optional<std::string>, std::int64_t>>(
        db.query("SELECT m.home_site_id, COUNT(*) FROM members m JOIN passes p ON p.member_id = m.id "
                 "WHERE p.joined <= ?2 AND MAX(p.free_until, p.paid_until) >= ?1 "
                 "AND (?3 IS NULL OR m.home_site_id = ?3) GROUP BY m.home_site_id ORDER BY m.home_site_id",
                 sqlite::date_column(query.first_day), sqlite::date_column(query.last_day), site),
        [](const Statement& row) { return std::pair(row.optional_text(0), row.integer(1)); });
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

    // Check-ins by Paris-local weekday and hour: strftime('%w%H') of the start shifted by two
    // hours inside a summer interval (parameters from ?4 on), by one otherwise. One key, computed
    // once a row.
    {
        const auto summers = paris_summers(query.bounds.front(), query.bounds.back());
        std::string offset = "CASE";
        for (std::size_t i = 0; i < summers.size(); ++i) {
            offset += " WHEN in_at >= ?" + std::to_string(4 + 2 * i) + " AND in_at < ?" + std::to_string(5 + 2 * i) +
                      " THEN '+2 hours'";
        }
        offset += " ELSE '+1 hours' END";
        auto checkins = db.prepare("SELECT site_id, substr(MIN(in_at), 1, 13), COUNT(*) FROM presence_sessions "
                                   "WHERE in_at >= ?1 AND in_at < ?2 AND (?3 IS NULL OR site_id = ?3) "
                                   "GROUP BY site_id, strftime('%w%H', in_at, " +
                                   offset + ") ORDER BY site_id, 2");
        if (checkins) {
            checkins->bind(1, from).bind(2, to).bind(3, site);
            for (std::size_t i = 0; i < summers.size(); ++i) {
                checkins->bind(static_cast<int>(4 + 2 * i), sqlite::to_column(summers[i].first));
                checkins->bind(static_cast<int>(5 + 2 * i), sqlite::to_column(summers[i].second));
            }
        }
        if (auto read = collect_into(
                usage.checkins, std::move(checkins),
                [](const Statement& row) {
                    return HourCount{row.text(0), sqlite::time_from_column(row.text(1) + ":00:00Z"), row.integer(2)};
                });
            !read) {
            return std::unexpected(read.error());
        }
    }

    if (auto read = collect_into(
            usage.booked_seconds,
            db.query("SELECT r.site_id, r.kind, SUM(unixepoch(MIN(b.end_at, ?2)) - unixepoch(MAX(b.start_at, ?1))) "
                     "FROM bookings b JOIN resources r ON r.id = b.resource_id "
                     "WHERE b.status = 'confirmed' AND r.kind IN ('office', 'open_space') AND b.start_at < ?2 "
                     "AND b.end_at > ?1 AND (?3 IS NULL OR r.site_id = ?3) "
                     "GROUP BY r.site_id, r.kind ORDER BY r.site_id, r.kind",
                     from, to, site),
            [](const Statement& row) {
                return KindSeconds{row.text(0), wire::resource_kind_from(row.text(1)).value_or(ResourceKind::office),
                                   row.integer(2)};
            });
        !read) {
        return std::unexpected(read.error());
    }

    // A closed session overlapping a booking began at most `longest` seconds before it (?4), so
    // the member's index (member_id, in_at) is read from there on only; the unary plus keeps
    // SQLite's planner on that index rather than the site's. An open session is the member's one
    // open row.
    if (auto read = collect_into(
            usage.bookings,
            db.query("SELECT r.site_id, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM presence_sessions s "
                     "WHERE s.member_id = b.member_id AND +s.site_id = r.site_id AND s.in_at < b.end_at "
                     "AND s.in_at >= strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(b.start_at) - ?4, 'unixepoch') "
                     "AND s.out_at > b.start_at) OR EXISTS (SELECT 1 FROM presence_sessions s "
                     "WHERE s.member_id = b.member_id AND s.out_at IS NULL AND s.site_id = r.site_id "
                     "AND s.in_at < b.end_at) THEN 0 ELSE 1 END) "
                     "FROM bookings b JOIN resources r ON r.id = b.resource_id "
                     "WHERE b.status IN ('confirmed', 'no_show') AND b.start_at >= ?1 AND b.start_at < ?2 "
                     "AND (?3 IS NULL OR r.site_id = ?3) GROUP BY r.site_id ORDER BY r.site_id",
                     from, to, site, longest),
            [](const Statement& row) {
                return SiteBookings{row.text(0), row.integer(1), row.integer(2)};
            });
        !read) {
        return std::unexpected(read.error());
    }

    if (auto read = collect_into(
            usage.calls,
            db.query("SELECT site_id, COUNT(*), COUNT(wait), COALESCE(SUM(wait), 0), COALESCE(MAX(wait), 0), "
                     "COUNT(CASE WHEN wait <= 60 THEN 1 END) FROM (SELECT site_id, "
                     "unixepoch(answered_at) - unixepoch(queued_at) AS wait FROM calls "
                     "WHERE queued_at >= ?1 AND queued_at < ?2 AND (?3 IS NULL OR site_id = ?3)) "
                     "GROUP BY site_id ORDER BY site_id",
                     from, to, site),
            [](const Statement& row) {
                return SiteCalls{row.text(0),    row.integer(1), row.integer(2),
                                 row.integer(3), row.integer(4), row.integer(5)};
            });
        !read) {
        return std::unexpected(read.error());
    }
    return usage;
}

} // namespace

StoreResult<UsageAggregates> SqliteStore::usage(const UsageQuery& query) {
    if (query.bounds.size() < 2) {
        return std::unexpected(StoreError{"usage: a period needs at least two bucket edges"});
    }
    // A reader connection of its own: a year's aggregates take tens of milliseconds, which the
    // writer (check-ins, bookings) must not wait for.
    auto db = m_state->take_reader();
    if (!db) {
        return std::unexpected(db.error());
    }
    StoreResult<UsageAggregates> result;
    bool clean = false;
    {
        ScopedTransaction snapshot(*db);
        if (auto begun = snapshot.begin(ScopedTransaction::Mode::deferred); !begun) {
            return std::unexpected(begun.error());
        }
        result = aggregate(*db, query);
        clean = snapshot.commit().has_value();
    }
    if (clean) {
        m_state->give_back_reader(std::move(*db));
    }
    return result;
}

StoreResult<void> SqliteStore::set_site_cost(const SiteCost& cost, const std::string& staff_id, wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    auto written = m_state->db.execute(
        "INSERT INTO site_costs (site_id, year, cost_cents, set_at, set_by) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (site_id, year) DO UPDATE SET cost_cents = excluded.cost_cents, set_at = excluded.set_at, "
        "set_by = excluded.set_by",
        cost.site_id, cost.year, cost.cost_cents, sqlite::to_column(now), staff_id);
    if (!written) {
        return std::unexpected(written.error());
    }
    return {};
}

StoreResult<std::vector<SiteCost>> SqliteStore::site_costs(int year) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<SiteCost>(
        m_state->db.query("SELECT site_id, year, cost_cents FROM site_costs WHERE year = ? ORDER BY site_id", year),
        [](const Statement& row) {
            return SiteCost{row.text(0), static_cast<int>(row.integer(1)), row.integer(2)};
        });
}

StoreResult<void> SqliteStore::add_site(const SiteRecord& site) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    ScopedTransaction transaction(db);
    if (auto begun = transaction.begin(ScopedTransaction::Mode::immediate); !begun) {
        return std::unexpected(begun.error());
    }
    auto added = db.execute("INSERT INTO sites (id, name, street, postal_code, town, description) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            site.id, site.name, site.street, site.postal_code, site.town, site.description);
    if (!added) {
        return std::unexpected(added.error());
    }
    for (const auto& interval : site.opening_hours) {
        auto hours =
            db.execute("INSERT INTO opening_hours (site_id, weekday, opens, closes) VALUES (?, ?, ?, ?)", site.id,
                       interval.iso_weekday, hhmm(interval.opens_minute), hhmm(interval.closes_minute));
        if (!hours) {
            return std::unexpected(hours.error());
        }
    }
    for (const auto& resource : site.resources) {
        auto row =
            db.execute("INSERT INTO resources (id, site_id, kind, name, capacity) VALUES (?, ?, ?, ?, ?)", resource.id,
                       site.id, std::string(wire::to_string(resource.kind)), resource.name, resource.capacity);
        if (!row) {
            return std::unexpected(row.error());
        }
    }
    return transaction.commit();
}

StoreResult<void> SqliteStore::add_member(const MemberRecord& member) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    ScopedTransaction transaction(db);
    if (auto begun = transaction.begin(ScopedTransaction::Mode::immediate); !begun) {
        return std::unexpected(begun.error());
    }
    auto added = db.execute("INSERT INTO members (id, first_name, last_name, display_name, home_site_id, erased) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            member.id, member.first_name, member.last_name, member.display_name, member.home_site_id,
                            member.erased);
    if (!added) {
        return std::unexpected(added.error());
    }
    const auto& pass = member.pass;
    auto passed = db.execute("INSERT INTO passes (member_id, kind, joined, free_until, paid_until, suspended, "
                             "monthly_fee_cents) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             member.id, pass.kind, sqlite::date_column(pass.dates.joined),
                             sqlite::date_column(pass.dates.free_until), sqlite::date_column(pass.dates.paid_until),
                             pass.dates.suspended, pass.monthly_fee_cents);
    if (!passed) {
        return std::unexpected(passed.error());
    }
    return transaction.commit();
}

} // namespace telecentre::backend
