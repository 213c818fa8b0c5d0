// data/augment.h — seeded training-time augmentation of a float image batch.
#pragma once

#include <string>
#include <vector>

#include "../rng.h"
#include "../tensor.h"

namespace cnnlab {

// The operations, applied in the order given, each independently per sample:
//  "flip"   — mirror left↔right with probability 0.5;
//  "crop"   — pad by round(size/8) (at least 1) on every side with edge replication, then
//             crop back to the original size at a uniformly random offset (a random shift);
//  "jitter" — v = clamp((v − mean)·c + mean + b, 0, 1), contrast c ∈ [0.9, 1.1] and
//             brightness b ∈ [−0.1, 0.1], mean over the sample's pixels.
// Every op draws the same number of random values per sample whatever it decides, so the result
// depends only on the seed. An unknown name throws Error naming it (before anything changes).
// x: (N, C, H, W) float in [0, 1], changed in place.
void augment_batch(Tensor* x, const std::vector<std::string>& ops, Rng& rng);

// {"flip", "crop", "jitter"}
const std::vector<std::string>& augment_op_names();

}  // namespace cnnlab
