// io/weight_floor.h — how many weights a model spec needs at least, read from its JSON alone,
// so a model file can be measured against its own length before any network is built.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

namespace cnnlab {

// The number of weights (conv2d and dense weights and biases) the layers of `spec` need, counted
// the way the README's spec table defines them (PyTorch's shape rules), layer by layer from the
// input. It is a floor, never more than what Sequential builds: counting stops, keeping what it
// has, at the first layer it cannot follow — an unknown type or a value the spec check refuses.
// Nothing is allocated; the sum saturates at 2^62.
int64_t spec_weight_floor(const nlohmann::json& spec);

}  // namespace cnnlab
