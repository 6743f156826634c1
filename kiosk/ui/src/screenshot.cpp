#include "telecentre/ui/screenshot.hpp"

#include <SDL.h>
#include <cstdint>
#include <stb_image_write.h>
#include <vector>

namespace telecentre::ui {

std::expected<void, std::string> save_png(SDL_Renderer* renderer, const std::string& path) {
    int width = 0;
    int height = 0;
    if (renderer == nullptr || SDL_GetRendererOutputSize(renderer, &width, &height) != 0 || width <= 0 || height <= 0) {
        return std::unexpected(std::string{"save_png: no renderer output: "} + SDL_GetError());
    }
    const int pitch = width * 3;
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(pitch) * static_cast<std::size_t>(height));
    if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGB24, pixels.data(), pitch) != 0) {
        return std::unexpected(std::string{"save_png: cannot read pixels: "} + SDL_GetError());
    }
    if (stbi_write_png(path.c_str(), width, height, 3, pixels.data(), pitch) == 0) {
        return std::unexpected("save_png: cannot write " + path);
    }
    return {};
}

} // namespace telecentre::ui
