#include "telecentre/backend/staff_service.hpp"

#include "telecentre/backend/crypto.hpp"
#include "telecentre/backend/password_hash.hpp"

#include <algorithm>

namespace telecentre::backend {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::string_view kWrongCredentials = "the login or the password is wrong";

std::string lowercase(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return lower;
}

bool well_formed_token(std::string_view token) {
    return token.size() == kTokenBytes * 2 && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

bool valid_display_name(std::string_view name) {
    return !name.empty() && name.size() <= 128 && std::none_of(name.begin(), name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7F;
    });
}

DomainError storage(const StoreError& error) { return DomainError{ErrorKind::storage, error.message, error.retryable}; }

DomainError invalid(std::string message) { return DomainError{ErrorKind::invalid_request, std::move(message)}; }

DomainError wrong_credentials() { return DomainError{ErrorKind::unauthenticated, std::string(kWrongCredentials)}; }

std::optional<DomainError> password_problem(std::string_view password) {
    if (password.size() > kMaxPasswordBytes) {
        return invalid("a password is at most " + std::to_string(kMaxPasswordBytes) + " bytes");
    }
    if (password_characters(password) < kMinPasswordCharacters) {
        return invalid("a password has at least " + std::to_string(kMinPasswordCharacters) + " characters");
    }
    return std::nullopt;
}

} // namespace

bool valid_staff_login(std::string_view login) {
    return login.size() >= 3 && login.size() <= 64 && std::all_of(login.begin(), login.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
           });
}

std::size_t password_characters(std::string_view password) {
    return static_cast<std::size_t>(std::count_if(password.begin(), password.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80; // not a UTF-8 continuation byte
    }));
}

StaffService::StaffService(Store& store, Clock clock)
    : m_store(store), m_clock(std::move(clock)), m_dummy_hash(hash_password(random_hex(16))) {
    if (!m_clock) {
        m_clock = [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
    }
}

wire::TimePoint StaffService::now() const { return m_clock(); }

std::expected<StaffRecord, DomainError> StaffService::add_staff(std::string_view login, const std::string& display_name,
                                                                StaffRole role,
                                                                const std::optional<std::string>& site_id,
                                                                std::string_view password) {
    const auto lower = lowercase(login);
    if (!valid_staff_login(lower)) {
        return std::unexpected(invalid("a login is 3 to 64 characters among a-z, 0-9, '.', '_' and '-'"));
    }
    if (!valid_display_name(display_name)) {
        return std::unexpected(invalid("a display name is 1 to 128 bytes without control characters"));
    }
    if (auto problem = password_problem(password)) {
        return std::unexpected(*problem);
    }
    if (role == StaffRole::animateur && !site_id) {
        return std::unexpected(invalid("an animateur belongs to a site: give one"));
    }
    if (site_id) {
        auto site = m_store.find_site(*site_id);
        if (!site) {
            return std::unexpected(storage(site.error()));
        }
        if (!*site) {
            return std::unexpected(DomainError{ErrorKind::not_found, "no site \"" + *site_id + "\""});
        }
    }
    StaffRecord staff{"stf_" + random_hex(8), lower, display_name, role, site_id, false};
    auto added = m_store.add_staff(staff, hash_password(password), now());
    if (!added) {
        if (added.error().duplicate) {
            return std::unexpected(DomainError{ErrorKind::already_exists, "the login \"" + lower + "\" is taken"});
        }
        return std::unexpected(storage(added.error()));
    }
    return std::move(*added);
}

std::expected<StaffSession, DomainError> StaffService::log_in(std::string_view login, std::string_view password) {
    const auto lower = lowercase(login);
    std::optional<std::pair<StaffRecord, std::string>> account;
    if (valid_staff_login(lower)) {
        auto found = m_store.find_staff_by_login(lower);
        if (!found) {
            return std::unexpected(storage(found.error()));
        }
        account = std::move(*found);
    }
    // One scrypt run whatever happens, so the answer's timing does not tell whether the login
    // exists; the password is checked even for a disabled account for the same reason.
    const bool matches = verify_password(password.substr(0, kMaxPasswordBytes),
                                         account ? std::string_view(account->second) : std::string_view(m_dummy_hash));
    if (!account || !matches || account->first.disabled || password.size() > kMaxPasswordBytes) {
        return std::unexpected(wrong_credentials());
    }
    StaffSession session{random_hex(kTokenBytes), std::move(account->first), {}};
    const auto started = now();
    session.expires_at = started + kStaffSessionLifetime;
    auto added = m_store.add_staff_session(sha256_hex(session.token), session.staff.id, session.expires_at, started);
    if (!added) {
        return std::unexpected(storage(added.error()));
    }
    return session;
}

std::expected<StaffRecord, DomainError> StaffService::authenticate(std::string_view token) {
    if (!well_formed_token(token)) {
        return std::unexpected(DomainError{ErrorKind::unauthenticated, "the session is not valid; log in"});
    }
    // Looked up by the hash of a 256-bit secret: timing differences in the index search reveal
    // nothing about a valid token (as for device tokens).
    auto staff = m_store.find_staff_session(sha256_hex(token), now());
    if (!staff) {
        return std::unexpected(storage(staff.error()));
    }
    if (!*staff) {
        return std::unexpected(DomainError{ErrorKind::unauthenticated, "the session has ended; log in again"});
    }
    return std::move(**staff);
}

std::expected<void, DomainError> StaffService::log_out(std::string_view token) {
    if (!well_formed_token(token)) {
        return {};
    }
    if (auto revoked = m_store.revoke_staff_session(sha256_hex(token), now()); !revoked) {
        return std::unexpected(storage(revoked.error()));
    }
    return {};
}

std::expected<void, DomainError> StaffService::set_password(std::string_view login, std::string_view password) {
    if (auto problem = password_problem(password)) {
        return std::unexpected(*problem);
    }
    auto account = m_store.find_staff_by_login(lowercase(login));
    if (!account) {
        return std::unexpected(storage(account.error()));
    }
    if (!*account) {
        return std::unexpected(DomainError{ErrorKind::not_found, "no staff login \"" + lowercase(login) + "\""});
    }
    if (auto changed = m_store.set_staff_password((*account)->first.id, hash_password(password)); !changed) {
        return std::unexpected(storage(changed.error()));
    }
    return {};
}

} // namespace telecentre::backend
