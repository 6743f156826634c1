#pragma once
// Saving what the renderer drew, for tests and the app's screenshot mode.
// Threading: the renderer's thread; call after drawing and before SDL_RenderPresent.

#include <expected>
#include <string>

struct SDL_Renderer;

namespace telecentre::ui {

// Writes the renderer's current output as an RGB PNG file.
[[nodiscard]] std::expected<void, std::string> save_png(SDL_Renderer* renderer, const std::string& path);

} // namespace telecentre::ui
