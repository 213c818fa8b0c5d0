// spec.h — parsing and validating the JSON model spec into layers (README "Model spec").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "layers/layer.h"

namespace cnnlab {

struct ModelSpec;

// Parses `json_text`, fills `spec` and returns the layers wired input to output. Throws Error
// with messages like "layer 3 (conv2d): kernel 5×5 is larger than its padded input 3×3".
// Layer indices in messages and weight names are 0-based, as in the JSON array.
std::vector<std::unique_ptr<Layer>> build_layers(const std::string& json_text, ModelSpec* spec,
                                                 const std::shared_ptr<Rng>& rng);

}  // namespace cnnlab
