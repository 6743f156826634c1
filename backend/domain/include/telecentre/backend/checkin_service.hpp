#pragma once
// Decides a badge tap at a kiosk and records it: who the badge belongs to, whether their Pass
// Actifs Mobiles lets them in today, and which way they go (in, out). One check-in is one
// store transaction; a replay with the same Idempotency-Key returns the first answer unchanged.
//
// Threading: check_in may be called from several threads at once; the store serialises writers.

#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/store.hpp"

#include <expected>
#include <functional>
#include <string>

namespace telecentre::backend {

struct CheckinAnswer {
    int status = 200;
    std::string body;      // the encoded wire::CheckinResponse, replayed byte for byte
    bool replayed = false; // true when this is the stored answer to an earlier identical request
};

class CheckinService {
public:
    using Clock = std::function<wire::TimePoint()>;

    // `clock` only stamps when a request was recorded; the decision uses the tap time `at`
    // sent by the kiosk, which may be hours old when it replays its offline journal.
    explicit CheckinService(Store& store, Clock clock = {});

    [[nodiscard]] std::expected<CheckinAnswer, DomainError>
    check_in(const DeviceRecord& device, const std::string& idempotency_key, const wire::CheckinRequest& request);

private:
    Store& m_store;
    Clock m_clock;
};

} // namespace telecentre::backend
