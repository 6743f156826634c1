#include "telecentre/backend/callback_service.hpp"

#include "telecentre/backend/crypto.hpp"
#include "telecentre/wire/callback_codec.hpp"

namespace telecentre::backend {
namespace {

DomainError storage(const StoreError& error) { return DomainError{ErrorKind::storage, error.message, error.retryable}; }

// An animateur works for one site; reception agents and administrators for the whole network.
std::optional<std::string> visible_site(const StaffRecord& staff) {
    if (staff.role == StaffRole::animateur) {
        return staff.site_id.value_or("");
    }
    return std::nullopt;
}

} // namespace

wire::Callback to_wire(const CallbackRow& row) {
    wire::Callback callback;
    callback.id = row.id;
    callback.site_id = row.site_id;
    callback.site_name = row.site_name;
    callback.visitor_name = row.visitor_name;
    callback.phone = row.phone;
    callback.reason = row.reason;
    callback.call_id = row.call_id;
    callback.requested_at = row.requested_at;
    callback.handled_at = row.handled_at;
    callback.handled_by = row.handled_by;
    return callback;
}

CallbackService::CallbackService(Store& store, Clock clock, Changed changed)
    : m_store(store),
      m_clock(clock ? std::move(clock)
                    : [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }),
      m_changed(std::move(changed)) {}

std::expected<CallbackAnswer, DomainError> CallbackService::request(const DeviceRecord& device,
                                                                    const std::string& idempotency_key,
                                                                    const wire::CallbackRequest& request) {
    CallbackRow row;
    row.id = "cb_" + random_hex(8);
    row.site_id = device.site_id;
    row.device_id = device.id;
    row.call_id = request.call_id;
    row.visitor_name = request.visitor_name;
    row.phone = request.phone;
    row.reason = request.reason;
    row.requested_at = m_clock();
    // "The same request" is the same decoded request: key order and spacing do not matter.
    auto added = m_store.add_callback(row, idempotency_key, sha256_hex(wire::encode(request)));
    if (!added) {
        return std::unexpected(storage(added.error()));
    }
    if (added->outcome == CallbackAdd::conflict) {
        return std::unexpected(DomainError{ErrorKind::idempotency_conflict,
                                           "this Idempotency-Key was already used for a different callback request"});
    }
    const bool created = added->outcome == CallbackAdd::added;
    if (created && m_changed) {
        m_changed();
    }
    return CallbackAnswer{to_wire(added->callback), created};
}

std::expected<std::vector<wire::Callback>, DomainError> CallbackService::list(const StaffRecord& staff) {
    auto rows = m_store.list_callbacks(visible_site(staff), m_clock() - kHandledCallbacksShown);
    if (!rows) {
        return std::unexpected(storage(rows.error()));
    }
    std::vector<wire::Callback> callbacks;
    callbacks.reserve(rows->size());
    for (const auto& row : *rows) {
        callbacks.push_back(to_wire(row));
    }
    return callbacks;
}

std::expected<wire::Callback, DomainError> CallbackService::mark_handled(const StaffRecord& staff,
                                                                         const std::string& callback_id) {
    auto found = m_store.find_callback(callback_id);
    if (!found) {
        return std::unexpected(storage(found.error()));
    }
    if (!*found) {
        return std::unexpected(DomainError{ErrorKind::not_found, "no callback request \"" + callback_id + "\""});
    }
    if (const auto site = visible_site(staff); site && *site != (*found)->site_id) {
        return std::unexpected(
            DomainError{ErrorKind::forbidden_site, "this callback request belongs to another site than yours"});
    }
    if ((*found)->handled_at) {
        return to_wire(**found);
    }
    auto marked = m_store.mark_callback_handled(callback_id, staff.id, m_clock());
    if (!marked) {
        return std::unexpected(storage(marked.error()));
    }
    if (!*marked) {
        return std::unexpected(DomainError{ErrorKind::not_found, "no callback request \"" + callback_id + "\""});
    }
    if (m_changed) {
        m_changed();
    }
    return to_wire(**marked);
}

std::expected<int, DomainError> CallbackService::purge(wire::TimePoint handled_before) {
    auto purged = m_store.purge_handled_callbacks(handled_before);
    if (!purged) {
        return std::unexpected(storage(purged.error()));
    }
    return *purged;
}

} // namespace telecentre::backend
