#pragma once
// Failures of the backend's use cases, named by what went wrong rather than by HTTP status; the
// API layer maps each kind to a status and a wire error code.

#include <string>

namespace telecentre::backend {

enum class ErrorKind {
    invalid_request,      // the request is well-formed JSON but breaks a rule
    forbidden_site,       // the device acts for another site than its own
    forbidden_role,       // the staff member's role may not do this
    not_found,            // the thing named does not exist
    idempotency_conflict, // the key was used before with a different request
    already_exists,       // a unique name (a staff login) is taken
    unauthenticated,      // wrong credentials, or a session that ended
    storage,              // the store failed; the message is for logs only
};

struct DomainError {
    ErrorKind kind = ErrorKind::storage;
    std::string message;
    bool retryable = false; // a storage error the unit of work may win by running again
};

} // namespace telecentre::backend
