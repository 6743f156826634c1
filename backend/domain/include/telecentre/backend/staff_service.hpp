#pragma once
// Staff accounts of the web console and their log-in sessions: who may log in, with what
// password, and which session token stands for whom. Passwords are kept as scrypt hashes
// (password_hash.hpp); a session token is 32 random bytes in hex, shown once to the browser (as a
// cookie, by the API) and kept only as its SHA-256, for 12 hours. See docs/backend.md, "Staff
// accounts".
//
// Threading: every method may be called from any thread (as thread-safe as the Store).

#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/store.hpp"

#include <chrono>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace telecentre::backend {

inline constexpr std::chrono::hours kStaffSessionLifetime{12};

struct StaffSession {
    std::string token; // give it to the browser; only its hash is kept
    StaffRecord staff;
    wire::TimePoint expires_at{};
};

// The rules on what an account is made of, for the console's forms and the CLI's messages.
[[nodiscard]] bool valid_staff_login(std::string_view login);             // 3-64 of [a-z0-9._-]
[[nodiscard]] std::size_t password_characters(std::string_view password); // UTF-8 code points
inline constexpr std::size_t kMinPasswordCharacters = 10;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

class StaffService {
public:
    using Clock = std::function<wire::TimePoint()>;

    explicit StaffService(Store& store, Clock clock = {});

    // `login` is lowercased first. invalid_request: a login that is not 3-64 of [a-z0-9._-], a
    // display name that is empty, longer than 128 bytes or holds control characters, a password
    // shorter than 10 characters (or longer than 1024 bytes), an animateur without a site;
    // not_found: a site that does not exist; already_exists: the login is taken.
    [[nodiscard]] std::expected<StaffRecord, DomainError> add_staff(std::string_view login,
                                                                    const std::string& display_name, StaffRole role,
                                                                    const std::optional<std::string>& site_id,
                                                                    std::string_view password);

    // A new session for the account. An unknown login, a wrong password and a disabled account
    // give one and the same unauthenticated error, in about the same time: a password is checked
    // against a hash in every case (a dummy one for an unknown login).
    [[nodiscard]] std::expected<StaffSession, DomainError> log_in(std::string_view login, std::string_view password);

    // The staff member of a live session; unauthenticated when the token is malformed, unknown,
    // expired, revoked, or its account disabled.
    [[nodiscard]] std::expected<StaffRecord, DomainError> authenticate(std::string_view token);

    // Ends the session; a token that names no live session is not an error.
    [[nodiscard]] std::expected<void, DomainError> log_out(std::string_view token);

    [[nodiscard]] std::expected<void, DomainError> set_password(std::string_view login, std::string_view password);

private:
    [[nodiscard]] wire::TimePoint now() const;

    Store& m_store;
    Clock m_clock;
    std::string m_dummy_hash; // checked for unknown logins, so they take as long as known ones
};

} // namespace telecentre::backend
