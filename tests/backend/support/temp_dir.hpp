#pragma once
// A fresh folder under the system temp directory, removed with everything in it when the
// object goes away. Each test gets its own, so tests never share a database.

#include <filesystem>

namespace telecentre::backend::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace telecentre::backend::test
