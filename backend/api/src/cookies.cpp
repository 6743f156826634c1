#include "telecentre/backend/cookies.hpp"

#include <algorithm>

namespace telecentre::backend {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
bool cookie_octet(char c) { return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\'; }

} // namespace

std::expected<std::string_view, CookieProblem> find_cookie(std::string_view header, std::string_view name) {
    if (header.size() > kMaxCookieHeader) {
        return std::unexpected(CookieProblem::too_large);
    }
    std::size_t pairs = 0;
    std::size_t found = 0;
    std::string_view value;
    while (!header.empty()) {
        const auto end = header.find(';');
        const auto pair = trim(header.substr(0, end));
        header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
        if (pair.empty()) {
            continue; // "a=1;" or "a=1;;b=2": nothing between the separators
        }
        if (++pairs > kMaxCookiePairs) {
            return std::unexpected(CookieProblem::too_large);
        }
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos || trim(pair.substr(0, equals)) != name) {
            continue;
        }
        ++found;
        value = trim(pair.substr(equals + 1));
    }
    if (found == 0) {
        return std::unexpected(CookieProblem::absent);
    }
    if (found > 1) {
        return std::unexpected(CookieProblem::repeated);
    }
    if (value.empty() || value.size() > kMaxCookieValue || !std::all_of(value.begin(), value.end(), cookie_octet)) {
        return std::unexpected(CookieProblem::malformed);
    }
    return value;
}

} // namespace telecentre::backend
