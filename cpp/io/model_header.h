// io/model_header.h — the model file's JSON header read defensively: every field checked for its
// type, and the weight list checked against the weights section before anything is allocated.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../model.h"

namespace cnnlab {

// header[key] when it is there and `is` says it has the right type; otherwise Error
// model_file.header {field} ("model file: the header's 'classes' is missing or is not a list").
// `path` names the object for nested fields ("input", "weights[3]").
const nlohmann::json& header_field(const nlohmann::json& object, const std::string& path, const char* key,
                                   bool (nlohmann::json::*is)() const noexcept, const char* expected);

// One entry of the header's weight list: where its float32 values lie in the weights section.
struct WeightEntry {
  std::string name;
  Shape shape;
  uint64_t offset = 0;  // bytes from the start of the weights section
  uint64_t count = 0;   // values
};

// The header's "weights" list, checked without allocating: names unique, dtype float32, shapes of
// positive sizes, every entry inside [0, weights_bytes) and no two overlapping (so reading them
// allocates no more than the file holds). Refusals: model_file.header,
// model_file.weight_dtype {name, dtype}, model_file.weight_shape {name},
// model_file.weight_outside {name}, model_file.weight_duplicate {name},
// model_file.weights_overlap {name, other}.
std::vector<WeightEntry> index_weights(const nlohmann::json& list, uint64_t weights_bytes);

// The values of each entry, from the weights section `wdata` (little-endian float32). Refuses
// NaN and infinity: model_file.weight_not_finite {name}.
std::vector<NamedTensor> read_weights(const std::vector<WeightEntry>& index, const uint8_t* wdata);

}  // namespace cnnlab
