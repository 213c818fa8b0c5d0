// rng.cpp — Box–Muller normal draws for Rng.
#include "rng.h"

#include <cmath>

namespace cnnlab {

float Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // u1 in (0, 1] so that log(u1) is finite.
  const double u1 = (static_cast<double>(next_u32() >> 8) + 1.0) / 16777216.0;
  const double u2 = static_cast<double>(next_u32() >> 8) / 16777216.0;
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 6.283185307179586 * u2;
  spare_ = static_cast<float>(r * std::sin(theta));
  has_spare_ = true;
  return static_cast<float>(r * std::cos(theta));
}

}  // namespace cnnlab
