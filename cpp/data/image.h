// data/image.h — image files (JPEG, PNG, BMP, GIF) to (C, H, W) float tensors in [0, 1].
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "../tensor.h"

namespace cnnlab {

// Images larger than this are refused before any pixel memory is allocated: a few-kilobyte
// file can claim billions of pixels (a "decompression bomb").
constexpr int kMaxImageSide = 16384;
constexpr int64_t kMaxImagePixels = 100'000'000;

// Decodes a JPEG (baseline or progressive), PNG (8/16-bit, grey, palette, alpha), BMP or GIF
// (first frame) held in memory and returns it as (channels, height, width) float in [0, 1].
//  - JPEG EXIF orientation (1–8) is applied, so phone photos come out upright.
//  - Alpha is composited on white: v = a·v + (1 − a)·1.
//  - Fit policy: centre-crop to the target aspect ratio (height/width), then resize — an area
//    (box) filter when shrinking, bilinear when enlarging. Nothing is stretched or letterboxed,
//    as torchvision's Resize + CenterCrop does for square targets.
//  - channels 1 from colour: luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, as PIL's
//    convert("L")); channels 3 from grey: the grey value in all three.
// Memory stays bounded for large photos: the full-size pixels live only until the small
// image is made. Throws Error with a readable reason (empty, not an image, truncated/corrupt,
// too large, bad target size).
Tensor decode_image(const uint8_t* bytes, size_t size, int channels, int height, int width);

// The same fit policy and channel conversion for pixels already in memory.
// hwc: (src_h, src_w, src_c) interleaved 8-bit with src_c 1 (grey) or 3 (RGB).
// Returns (channels, height, width) float in [0, 1].
Tensor fit_image(const uint8_t* hwc, int src_w, int src_h, int src_c, int channels, int height, int width);
// The same for pixels from outside (the JavaScript API), refusing a count other than H·W·C.
Tensor fit_pixels(const std::vector<uint8_t>& hwc, int src_w, int src_h, int src_c, int channels, int height,
                  int width);

// The EXIF orientation (1–8) of a JPEG, or 1 when the file has none (or is not a JPEG).
int jpeg_exif_orientation(const uint8_t* bytes, size_t size);

}  // namespace cnnlab
