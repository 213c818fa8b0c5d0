// spec.h — the layer table and the JSON model spec → validated layers (README "Model spec").
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "layers/layer.h"

namespace cnnlab {

struct ModelSpec;

// One option of a layer type. kInt: a whole number; kPair: a whole number or [height, width];
// kRate: a number in [min, max).
struct LayerOption {
  enum class Kind { kInt, kPair, kRate };
  const char* name;
  Kind kind;
  bool required;
  double fallback;            // the value when the option is left out (unless required)
  const char* fallback_from;  // or: the value of this other option (pooling stride = size)
  double min, max;
};

// The options of one layer in a spec, read and checked against its LayerOptions.
class LayerArgs {
 public:
  int integer(const std::string& name) const { return static_cast<int>(values_.at(name).first); }
  std::pair<int, int> pair(const std::string& name) const;
  float rate(const std::string& name) const { return static_cast<float>(values_.at(name).first); }
  void set(const std::string& name, double a, double b) { values_[name] = {a, b}; }

 private:
  std::map<std::string, std::pair<double, double>> values_;
};

// Where a layer is built: its index in the spec and type (for messages), its input shape, whether
// ReLU follows (He rather than Xavier initialisation) and the network's Rng (dropout masks).
struct LayerSite {
  size_t index;
  std::string type;
  Shape in;
  bool he;
  std::shared_ptr<Rng> rng;
};

// One row of the layer table: everything the engine knows about a layer type. Adding a layer
// type is one row here (spec.cpp) plus its layer file.
struct LayerType {
  enum class Input { kAny, kImage, kFlat };
  const char* name;
  std::vector<LayerOption> options;
  Input input;
  // Layers that only move or pick values (pooling, flatten, dropout) are looked through when
  // deciding whether ReLU follows a layer with weights.
  bool looked_through;
  std::unique_ptr<Layer> (*make)(const LayerSite& site, const LayerArgs& args);
};

// The layer table, in the order the editor offers the types.
const std::vector<LayerType>& layer_types();
// [{type, options: [{name, kind: "int"|"pair"|"rate", default, min, max, required}]}]; default is
// a number, the name of the option it copies, or null for a required option (lab.layerTypes()).
nlohmann::json layer_types_json();

// Parses `json_text`, fills `spec` and returns the layers wired input to output. Throws Error
// with messages like "layer 3 (conv2d): kernel 5×5 is larger than its padded input 3×3".
// Layer indices in messages and weight names are 0-based, as in the JSON array. No weight is
// allocated yet: Sequential checks the network's size first and then calls init().
std::vector<std::unique_ptr<Layer>> build_layers(const std::string& json_text, ModelSpec* spec,
                                                 const std::shared_ptr<Rng>& rng);

}  // namespace cnnlab
