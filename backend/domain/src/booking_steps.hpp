#pragma once
// Pieces shared by the booking use cases (private to the domain): a refusal carried as a value,
// the badge-to-member step, and the rule inputs of a resource's site.

#include "telecentre/backend/booking_rules.hpp"
#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/store.hpp"
#include "telecentre/wire/booking_codec.hpp"

#include <expected>
#include <string>
#include <type_traits>
#include <variant>

namespace telecentre::backend::booking {

// A request the rules refuse: an HTTP status and the body the kiosk reads.
struct Refusal {
    int status = 422;
    wire::BookingError error;
};

[[nodiscard]] inline Refusal refuse(int status, wire::BookingRefusal reason, std::string message) {
    return Refusal{status, wire::BookingError{reason, std::move(message), std::nullopt}};
}

// Either the store failed or the request is refused; both stop the unit of work.
using Stop = std::variant<StoreError, Refusal>;
template <typename T> using Step = std::expected<T, Stop>;

template <typename T> [[nodiscard]] Step<T> from_store(StoreResult<T> result) {
    if (!result) {
        return std::unexpected(Stop{std::move(result.error())});
    }
    if constexpr (std::is_void_v<T>) {
        return {};
    } else {
        return std::move(*result);
    }
}

[[nodiscard]] inline DomainError storage_error(const StoreError& error) {
    return DomainError{ErrorKind::storage, error.message, error.retryable};
}

// The member a badge tap proves, refused when the badge is unknown, revoked or its member left.
[[nodiscard]] Step<MemberRecord> badge_holder(Reader& reader, const std::string& badge_uid);

// Everything check_booking needs about a resource's site, read in the caller's snapshot.
[[nodiscard]] Step<SiteCalendar> site_rules(Reader& reader, const std::string& site_id, wire::TimePoint around);

} // namespace telecentre::backend::booking
