#pragma once
// Column values both stores read the same way (private to backend/store).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telecentre::backend {

// A comma-joined list (the equipment of a resource: CHECKed words, so a comma never occurs in an
// item); NULL is the empty list.
inline std::vector<std::string> split_list(const std::optional<std::string>& joined) {
    std::vector<std::string> items;
    if (!joined) {
        return items;
    }
    std::string_view rest(*joined);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        items.emplace_back(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return items;
}

} // namespace telecentre::backend
