#pragma once
// The durable journal of everything the kiosk must tell the backend. An entry is written before
// the member sees any answer, and leaves the pending list only when the backend has answered it,
// so a crash or an outage never loses a tap and a replay (same idempotency key) never doubles one.
// Threading: used from the check-in worker thread only.

#include "telecentre/core/clock.hpp"
#include "telecentre/wire/types.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

namespace telecentre::core {

struct JournalEntry {
    std::int64_t sequence = 0;
    std::string idempotency_key;
    wire::CheckinRequest request;
    int attempts = 0;
};

class Journal {
public:
    virtual ~Journal() = default;
    [[nodiscard]] virtual std::expected<std::int64_t, std::string> append(const std::string& idempotency_key,
                                                                          const wire::CheckinRequest& request) = 0;
    // The oldest entry not yet answered: replay is strictly in order.
    [[nodiscard]] virtual std::expected<std::optional<JournalEntry>, std::string> oldest_pending() = 0;
    [[nodiscard]] virtual std::expected<void, std::string> mark_delivered(std::int64_t sequence) = 0;
    // The backend refused the entry for good (4xx): kept, out of the pending list, for the operators.
    [[nodiscard]] virtual std::expected<void, std::string> mark_rejected(std::int64_t sequence,
                                                                         const std::string& reason) = 0;
    [[nodiscard]] virtual std::expected<void, std::string> count_attempt(std::int64_t sequence) = 0;
    [[nodiscard]] virtual int pending_count() = 0;
};

} // namespace telecentre::core
