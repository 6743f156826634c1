#pragma once
// Fixture models: one per screen state worth looking at.

#include "telecentre/core/kiosk_model.hpp"

#include <string>
#include <vector>

namespace telecentre::ui::test {

struct ScreenCase {
    std::string name; // file-name friendly: home, result_in, error_pass_expired...
    core::KioskModel model;
};

// Every screen and every error kind, in the given language.
[[nodiscard]] std::vector<ScreenCase> screen_cases(core::Language language);
[[nodiscard]] ScreenCase screen_case(const std::string& name, core::Language language);

[[nodiscard]] core::KioskModel result_model(core::Language language);
[[nodiscard]] core::KioskModel error_model(core::Language language, core::ErrorKind kind);

} // namespace telecentre::ui::test
