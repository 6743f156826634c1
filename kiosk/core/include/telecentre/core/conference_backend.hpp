#pragma once
// Conference rooms as the room terminal asks the backend for them (docs/conference.md).
// Threading: blocking calls with bounded timeouts, made from the conference worker's thread only;
// never from the UI thread.

#include "telecentre/core/backend_client.hpp"
#include "telecentre/wire/conference.hpp"

#include <expected>
#include <string>

namespace telecentre::core {

class ConferenceBackend {
public:
    virtual ~ConferenceBackend() = default;
    // POST /v1/conferences: the booking's conference (made if need be) with a fresh guest link.
    [[nodiscard]] virtual std::expected<wire::Conference, BackendError>
    start_conference(const wire::ConferenceStart& start) = 0;
    // POST /v1/conferences/{id}/extend.
    [[nodiscard]] virtual std::expected<wire::Conference, BackendError>
    extend_conference(const std::string& conference_id, const wire::ConferenceExtend& extend) = 0;
    // GET /v1/join/{token}: where the conference is now (the backend makes its room again in a
    // restarted Janus). 410 once it is over.
    [[nodiscard]] virtual std::expected<wire::JoinDescriptor, BackendError>
    join_descriptor(const std::string& guest_token) = 0;
};

} // namespace telecentre::core
