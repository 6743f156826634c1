#pragma once
// A small, strict reader of the Cookie request header (RFC 6265 section 4.2: "a=1; b=2"), for the
// staff console's session cookie. Strict where it matters for a credential: a cookie named twice
// is refused rather than guessed at (another site on the same domain could plant a second one),
// and so is a value that is quoted or holds characters a cookie value may not; oversized or
// overfull headers are refused whole. Other cookies' contents are not judged.
//
// Threading: pure functions.

#include <expected>
#include <string_view>

namespace telecentre::backend {

enum class CookieProblem {
    absent,    // no cookie of that name
    repeated,  // the name appears more than once
    malformed, // the value is empty, quoted, too long, or holds characters outside cookie-octet
    too_large, // the header is longer than kMaxCookieHeader or holds more than kMaxCookiePairs
};

inline constexpr std::size_t kMaxCookieHeader = 8192;
inline constexpr std::size_t kMaxCookiePairs = 64;
inline constexpr std::size_t kMaxCookieValue = 512;

// The value of cookie `name` in `header` (several Cookie header lines may be joined with "; ").
[[nodiscard]] std::expected<std::string_view, CookieProblem> find_cookie(std::string_view header,
                                                                         std::string_view name);

} // namespace telecentre::backend
