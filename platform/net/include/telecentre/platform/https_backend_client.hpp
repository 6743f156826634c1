#pragma once
// core::BackendClient, core::BookingBackend and core::CallbackBackend over HTTPS: the /v1 API of telecentre-backend,
// authenticated with the kiosk's device token (sent in a header, never logged). A booking write
// the backend refuses with a BookingError body comes back as that refusal, not as an error.
// Threading: one instance per worker thread (check-in, booking, callback), each with its own
// connection.

#include "telecentre/core/backend_client.hpp"
#include "telecentre/core/booking_backend.hpp"
#include "telecentre/core/callback_backend.hpp"
#include "telecentre/core/conference_backend.hpp"
#include "telecentre/platform/https_client.hpp"

namespace telecentre::platform {

class HttpsBackendClient final : public core::BackendClient,
                                 public core::BookingBackend,
                                 public core::CallbackBackend,
                                 public core::ConferenceBackend {
public:
    HttpsBackendClient(HttpsClient client, std::string device_token);

    std::expected<wire::CheckinResponse, core::BackendError> checkin(const std::string& idempotency_key,
                                                                     const wire::CheckinRequest& request) override;
    std::expected<wire::OfflineCache, core::BackendError> offline_cache(const std::string& site,
                                                                        std::int64_t since) override;

    // Booking API (https_backend_bookings.cpp).
    std::expected<wire::Availability, core::BackendError>
    availability(const std::string& site, wire::Date from, int days, std::optional<wire::ResourceKind> kind) override;
    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    book(const std::string& idempotency_key, const wire::BookingRequest& request) override;
    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    change(const std::string& idempotency_key, const std::string& booking_id,
           const wire::BookingChange& change) override;
    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    cancel(const std::string& idempotency_key, const std::string& booking_id,
           const wire::BookingCancel& cancel) override;
    std::expected<core::BookingReply<wire::MemberBookings>, core::BackendError>
    member_bookings(const std::string& badge_uid) override;
    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    check_in(const std::string& idempotency_key, const std::string& booking_id,
             const wire::BookingCancel& holder) override;

    // POST /v1/callbacks.
    std::expected<wire::Callback, core::BackendError> request_callback(const std::string& idempotency_key,
                                                                       const wire::CallbackRequest& request) override;

    // Conference rooms (https_backend_conferences.cpp).
    std::expected<wire::Conference, core::BackendError> start_conference(const wire::ConferenceStart& start) override;
    std::expected<wire::Conference, core::BackendError>
    extend_conference(const std::string& conference_id, const wire::ConferenceExtend& extend) override;
    std::expected<wire::JoinDescriptor, core::BackendError> join_descriptor(const std::string& guest_token) override;

private:
    // Any HTTP status is an answer here; only the transport can fail.
    [[nodiscard]] std::expected<HttpResponse, core::BackendError> exchange(const std::string& method,
                                                                           const std::string& target,
                                                                           std::vector<HttpHeader> headers,
                                                                           const std::string& body);
    // A 2xx answer, or the status turned into an error.
    [[nodiscard]] std::expected<HttpResponse, core::BackendError> call(const std::string& method,
                                                                       const std::string& target,
                                                                       std::vector<HttpHeader> headers,
                                                                       const std::string& body);
    HttpsClient m_client;
    std::string m_device_token;
};

} // namespace telecentre::platform
