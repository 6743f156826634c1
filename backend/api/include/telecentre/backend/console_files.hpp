#pragma once
// The staff console's page, styles and scripts (backend/console/), embedded in the binary at build
// time by backend/console/embed_console.cmake, served by Api under /console/.

#include <span>
#include <string_view>

namespace telecentre::backend {

struct ConsoleFile {
    std::string_view name;         // "index.html", "console.js", ...
    std::string_view content_type; // with its charset
    std::string_view body;
};

[[nodiscard]] std::span<const ConsoleFile> console_files();
// The conference guest page (backend/guest/), served by Api under /join/ and /guest/.
[[nodiscard]] std::span<const ConsoleFile> guest_files();

} // namespace telecentre::backend
