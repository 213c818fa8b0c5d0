// rng.h — the one seeded random source for init, dropout, shuffling and augmentation.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace cnnlab {

// std::mt19937's output sequence is fixed by the standard, but the std:: distributions are not
// (libstdc++ natively and libc++ in WebAssembly differ), so the distributions are written here:
// the same seed gives the same numbers in the CLI and in the browser.
class Rng {
 public:
  explicit Rng(uint32_t seed = 42) : gen_(seed) {}

  uint32_t next_u32() { return static_cast<uint32_t>(gen_()); }
  // Uniform in [0, 1) with 24 random bits.
  float uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal by Box–Muller (the second value is kept for the next call).
  float normal();
  // Uniform integer in [0, n).
  int below(int n) { return static_cast<int>((static_cast<uint64_t>(next_u32()) * n) >> 32); }
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<size_t>(below(static_cast<int>(i)))]);
  }

 private:
  std::mt19937 gen_;
  bool has_spare_ = false;
  float spare_ = 0.0f;
};

}  // namespace cnnlab
