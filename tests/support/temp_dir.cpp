#include "temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <system_error>

namespace telecentre::testing {

TempDir::TempDir(std::string_view prefix, KeepFolder keep) : m_keep(keep) {
    std::string pattern = "/tmp/tc-" + std::string(prefix) + "-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    m_path = pattern;
}

TempDir::~TempDir() {
    if (m_keep == KeepFolder::when_the_test_failed && ::testing::Test::HasFailure()) {
        std::fprintf(stderr, "test folder kept for inspection: %s\n", m_path.c_str());
        return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string first_line(const std::filesystem::path& file) {
    std::ifstream input(file);
    std::string text;
    std::getline(input, text);
    return text;
}

} // namespace telecentre::testing
