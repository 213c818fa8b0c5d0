// data/augment.cpp — flip, random crop (shift with edge padding), brightness/contrast jitter.
#include "augment.h"

#include <algorithm>
#include <cmath>

namespace cnnlab {

namespace {

// One sample (C, H, W) at s.
void flip(float* s, int c, int h, int w) {
  for (int r = 0; r < c * h; ++r) std::reverse(s + static_cast<size_t>(r) * w, s + static_cast<size_t>(r + 1) * w);
}

// out(y, x) = in(clamp(y + dy), clamp(x + dx)): the same as padding with edge replication and
// cropping at offset (pad + dy, pad + dx).
void shift(float* s, int c, int h, int w, int dy, int dx, std::vector<float>* scratch) {
  const size_t plane = static_cast<size_t>(h) * w;
  scratch->assign(s, s + c * plane);
  for (int k = 0; k < c; ++k)
    for (int y = 0; y < h; ++y) {
      const int sy = std::min(std::max(y + dy, 0), h - 1);
      for (int x = 0; x < w; ++x) {
        const int sx = std::min(std::max(x + dx, 0), w - 1);
        s[k * plane + static_cast<size_t>(y) * w + x] = (*scratch)[k * plane + static_cast<size_t>(sy) * w + sx];
      }
    }
}

void jitter(float* s, size_t n, float contrast, float brightness) {
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += s[i];
  const float mean = static_cast<float>(sum / static_cast<double>(n));
  for (size_t i = 0; i < n; ++i) s[i] = std::min(std::max((s[i] - mean) * contrast + mean + brightness, 0.0f), 1.0f);
}

}  // namespace

const std::vector<std::string>& augment_op_names() {
  static const std::vector<std::string> names = {"flip", "crop", "jitter"};
  return names;
}

void augment_batch(Tensor* x, const std::vector<std::string>& ops, Rng& rng) {
  const auto& known = augment_op_names();
  for (const std::string& op : ops)
    if (std::find(known.begin(), known.end(), op) == known.end())
      throw Error("unknown augmentation '" + op + "' (known: flip, crop, jitter)");
  if (x->shape.size() != 4) throw Error("augment: expected a (N, C, H, W) batch, got shape " + shape_str(x->shape));
  const int n = x->dim(0), c = x->dim(1), h = x->dim(2), w = x->dim(3);
  const size_t sample = static_cast<size_t>(c) * h * w;
  if (sample == 0) return;
  const int pad_y = std::max(1, static_cast<int>(std::lround(h / 8.0))), pad_x = std::max(1, static_cast<int>(std::lround(w / 8.0)));
  std::vector<float> scratch;
  for (int i = 0; i < n; ++i) {
    float* s = x->ptr() + static_cast<size_t>(i) * sample;
    for (const std::string& op : ops) {
      if (op == "flip") {
        if (rng.uniform() < 0.5f) flip(s, c, h, w);
      } else if (op == "crop") {
        const int dy = rng.below(2 * pad_y + 1) - pad_y;
        const int dx = rng.below(2 * pad_x + 1) - pad_x;
        shift(s, c, h, w, dy, dx, &scratch);
      } else {
        const float contrast = rng.uniform(0.9f, 1.1f);
        const float brightness = rng.uniform(-0.1f, 0.1f);
        jitter(s, sample, contrast, brightness);
      }
    }
  }
}

}  // namespace cnnlab
