// data/stb_impl.cpp — the one translation unit that compiles stb_image and stb_image_resize.
// Only the four formats the product promises are compiled in: fewer decoders means less to
// attack, a smaller WebAssembly module, and no headerless format (TGA) that would "decode" text.
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>

#define STB_IMAGE_RESIZE_IMPLEMENTATION
#include <stb_image_resize.h>

#include "stb_impl.h"

namespace cnnlab {

void stbi_clear_failure_reason() { stbi__g_failure_reason = nullptr; }

}  // namespace cnnlab
