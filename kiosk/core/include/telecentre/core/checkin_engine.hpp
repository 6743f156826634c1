#pragma once
// Turns badge taps into decisions, online when it can and from the cache when it cannot, and
// delivers the journal to the backend exactly once and in order.
// Threading: one worker thread owns the engine and calls every method; the Output callbacks run
// on that thread and must only post to the UI inbox.

#include "telecentre/core/backend_client.hpp"
#include "telecentre/core/badge_reader.hpp"
#include "telecentre/core/clock.hpp"
#include "telecentre/core/decision.hpp"
#include "telecentre/core/journal.hpp"
#include "telecentre/core/member_cache.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace telecentre::core {

struct EngineTiming {
    std::chrono::milliseconds retry_min = std::chrono::seconds{1};
    std::chrono::milliseconds retry_max = std::chrono::seconds{30};
    std::chrono::milliseconds cache_refresh = std::chrono::minutes{5};
};

class CheckinEngine {
public:
    struct Output {
        std::function<void(const Decision&)> on_decision;
        std::function<void(Connection, int journal_pending)> on_connection;
        std::function<void(const std::string& site_name)> on_site_name;
    };

    CheckinEngine(std::string site, Journal& journal, MemberCache& cache, BackendClient& backend, const Clock& clock,
                  std::function<std::string()> new_key, EngineTiming timing, Output output);

    // A badge was read: journal it, then answer from the backend or, failing that, the cache.
    void handle_tap(std::uint64_t tap_id, const BadgeUid& uid);
    // Deliver what is pending and refresh the cache when due. Call when woken or at next_wakeup().
    void pump();
    [[nodiscard]] TimePoint next_wakeup() const;
    [[nodiscard]] Connection connection() const { return m_connection; }

private:
    [[nodiscard]] Decision decide_offline(std::uint64_t tap_id, const wire::CheckinRequest& request);
    [[nodiscard]] Decision decide_online(std::uint64_t tap_id, const wire::CheckinResponse& response);
    // Sends pending entries in order; stops at the first transient failure. True when all delivered.
    bool drain_journal();
    void refresh_cache();
    void set_connection(Connection connection);
    void back_off();

    std::string m_site;
    Journal& m_journal;
    MemberCache& m_cache;
    BackendClient& m_backend;
    const Clock& m_clock;
    std::function<std::string()> m_new_key;
    EngineTiming m_timing;
    Output m_output;

    Connection m_connection = Connection::unknown;
    std::chrono::milliseconds m_retry_delay;
    TimePoint m_next_retry{};
    TimePoint m_next_cache_refresh{};
    // The answer to the last entry drain_journal() delivered, so handle_tap can show it.
    std::optional<std::pair<std::int64_t, wire::CheckinResponse>> m_last_answer;
};

} // namespace telecentre::core
