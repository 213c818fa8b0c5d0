// tests/cpp/hostile_fixtures.h — inputs for the hostile-input tests that no library here writes:
// BMPs in every layout stb_image reads (top-down too) and model files with a forged header.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "error.h"

namespace cnnlab::testing {

using Bytes = std::vector<uint8_t>;

// A BMP (BITMAPINFOHEADER, uncompressed) of w×h pixels from `rgb` (h rows of w RGB triples, top
// row first). bits: 24 (BGR), 32 (BGRA, opaque), 8 (a 256-level grey palette, index = grey) or
// 1 (black/white palette, index = grey ≥ 128). Rows are stored bottom-up as usual, or top-down
// (negative height) when `top_down`.
Bytes write_bmp(int w, int h, int bits, bool top_down, const Bytes& rgb);
// The grey level write_bmp stores for an RGB pixel at 8 bits: (r + g + b) / 3.
uint8_t bmp_grey(const uint8_t* rgb);

// A model file with the given header JSON and weights section, sealed with the right lengths and
// CRC-32, as a forger would write it.
Bytes forge_model_file(const std::string& header, const Bytes& weights);

// The cnnlab::Error that f throws; code "none" when it throws nothing.
Error error_from(const std::function<void()>& f);
// The value of the named parameter of `e`, or "<no NAME>".
std::string param(const Error& e, const std::string& name);

}  // namespace cnnlab::testing
