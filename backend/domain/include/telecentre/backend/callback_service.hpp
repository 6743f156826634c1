#pragma once
// Visio-accueil's callback requests: a kiosk leaves a visitor's name and phone number for
// reception staff (idempotent by the device's Idempotency-Key, like a check-in); staff list them
// (an animateur only those of their own site) and mark them handled; handled ones are purged
// after the retention period. See docs/reception.md, "Callback requests".
//
// Threading: every method may be called from any thread (as thread-safe as the Store); the
// change hook is called on the caller's thread, after the write.

#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/store.hpp"
#include "telecentre/wire/callback.hpp"

#include <chrono>
#include <expected>
#include <functional>
#include <string>
#include <vector>

namespace telecentre::backend {

// How long a handled request stays in the console's list.
inline constexpr std::chrono::hours kHandledCallbacksShown{24};

struct CallbackAnswer {
    wire::Callback callback;
    bool created = false; // false: the answer to an earlier request with the same key
};

class CallbackService {
public:
    using Clock = std::function<wire::TimePoint()>;
    using Changed = std::function<void()>; // a request was added or handled

    explicit CallbackService(Store& store, Clock clock = {}, Changed changed = {});

    // For the device's site. idempotency_conflict: the key was used for a different request.
    [[nodiscard]] std::expected<CallbackAnswer, DomainError>
    request(const DeviceRecord& device, const std::string& idempotency_key, const wire::CallbackRequest& request);
    // What the staff member may see: open ones oldest first, then those handled in the last 24 h.
    [[nodiscard]] std::expected<std::vector<wire::Callback>, DomainError> list(const StaffRecord& staff);
    // not_found: no such request; forbidden_site: an animateur and another site's request. One
    // already handled is answered as it is (its first handling is kept): marking is idempotent.
    [[nodiscard]] std::expected<wire::Callback, DomainError> mark_handled(const StaffRecord& staff,
                                                                          const std::string& callback_id);
    // Deletes the requests handled before `handled_before`; returns how many.
    [[nodiscard]] std::expected<int, DomainError> purge(wire::TimePoint handled_before);

private:
    Store& m_store;
    Clock m_clock;
    Changed m_changed;
};

[[nodiscard]] wire::Callback to_wire(const CallbackRow& row);

} // namespace telecentre::backend
