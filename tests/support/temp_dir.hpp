#pragma once
// A fresh folder for one test, removed with everything in it when the object goes away (or kept
// for a post-mortem when the test failed, if asked). Paths stay short: libnfc keeps only 127
// characters of a port path, and parallel tests must never share a folder.

#include <filesystem>
#include <string>
#include <string_view>

namespace telecentre::testing {

enum class KeepFolder { never, when_the_test_failed };

class TempDir {
public:
    explicit TempDir(std::string_view prefix = "test", KeepFolder keep = KeepFolder::never);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
    KeepFolder m_keep;
};

// The first line of a file a program under test wrote (a port file, a token); empty when the
// file is missing or empty.
[[nodiscard]] std::string first_line(const std::filesystem::path& file);

} // namespace telecentre::testing
