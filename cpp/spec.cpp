// spec.cpp — the layer table (types, options, limits, factories) and the JSON model spec →
// validated layers, with refusals that name the layer and the problem (codes in error_catalog).
#include "spec.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "error_catalog.h"
#include "json_read.h"
#include "layers/activations.h"
#include "layers/avgpool2d.h"
#include "layers/conv2d.h"
#include "layers/dense.h"
#include "json_parse.h"
#include "layers/maxpool2d.h"
#include "model.h"

namespace cnnlab {

using nlohmann::json;

namespace {

using Kind = LayerOption::Kind;
using Input = LayerType::Input;

constexpr double kMaxSide = 4096;  // any image side, kernel, stride or padding
constexpr double kMaxFilters = 4096;
constexpr double kMaxUnits = 1 << 20;

constexpr LayerOption required_int(const char* name, double max) { return {name, Kind::kInt, true, 0, nullptr, 1, max}; }
constexpr LayerOption pair_of(const char* name, double fallback, double min) {
  return {name, Kind::kPair, false, fallback, nullptr, min, kMaxSide};
}
constexpr LayerOption pair_from(const char* name, const char* from) { return {name, Kind::kPair, false, 0, from, 1, kMaxSide}; }

// Windows (conv kernels, pooling) must fit the padded input: kh ≤ H + 2·ph, kw ≤ W + 2·pw.
void check_window(const LayerSite& at, const char* option, std::pair<int, int> k, std::pair<int, int> pad) {
  const Shape& in = at.in;
  if (k.first > in[1] + 2 * pad.first || k.second > in[2] + 2 * pad.second)
    refuse("spec.window_too_large", {{"layer", at.index}, {"type", at.type}, {"option", option},
                                     {"window", shape_str({k.first, k.second})},
                                     {"input", shape_str({in[1] + 2 * pad.first, in[2] + 2 * pad.second})}});
}

Pool2dConfig pool_config(const LayerSite& at, const LayerArgs& args) {
  Pool2dConfig p;
  std::tie(p.kh, p.kw) = args.pair("size");
  std::tie(p.sh, p.sw) = args.pair("stride");
  std::tie(p.ph, p.pw) = args.pair("padding");
  check_window(at, "size", {p.kh, p.kw}, {p.ph, p.pw});
  // As in PyTorch: at most half the window, so every window holds at least one real cell.
  if (2 * p.ph > p.kh || 2 * p.pw > p.kw)
    refuse("spec.pool_padding", {{"layer", at.index}, {"type", at.type}, {"padding", shape_str({p.ph, p.pw})},
                                 {"window", shape_str({p.kh, p.kw})}});
  return p;
}

std::unique_ptr<Layer> make_conv2d(const LayerSite& at, const LayerArgs& args) {
  Conv2dConfig c;
  c.filters = args.integer("filters");
  std::tie(c.kh, c.kw) = args.pair("kernel");
  std::tie(c.sh, c.sw) = args.pair("stride");
  std::tie(c.ph, c.pw) = args.pair("padding");
  check_window(at, "kernel", {c.kh, c.kw}, {c.ph, c.pw});
  return std::make_unique<Conv2d>(at.in, c, at.he);
}

std::unique_ptr<Layer> activation(const LayerSite& at, Activation::Kind kind) {
  return std::make_unique<Activation>(at.in, kind);
}

const LayerOption kPoolOptions[] = {pair_of("size", 2, 1), pair_from("stride", "size"), pair_of("padding", 0, 0)};

}  // namespace

std::pair<int, int> LayerArgs::pair(const std::string& name) const {
  const auto& v = values_.at(name);
  return {static_cast<int>(v.first), static_cast<int>(v.second)};
}

const std::vector<LayerType>& layer_types() {
  static const std::vector<LayerType> table = {
      {"conv2d",
       {required_int("filters", kMaxFilters), {"kernel", Kind::kPair, true, 0, nullptr, 1, kMaxSide},
        pair_of("stride", 1, 1), pair_of("padding", 0, 0)},
       Input::kImage, false, make_conv2d},
      {"maxpool2d", {std::begin(kPoolOptions), std::end(kPoolOptions)}, Input::kImage, true,
       [](const LayerSite& at, const LayerArgs& a) -> std::unique_ptr<Layer> {
         return std::make_unique<MaxPool2d>(at.in, pool_config(at, a));
       }},
      {"avgpool2d", {std::begin(kPoolOptions), std::end(kPoolOptions)}, Input::kImage, true,
       [](const LayerSite& at, const LayerArgs& a) -> std::unique_ptr<Layer> {
         return std::make_unique<AvgPool2d>(at.in, pool_config(at, a));
       }},
      {"dense", {required_int("units", kMaxUnits)}, Input::kFlat, false,
       [](const LayerSite& at, const LayerArgs& a) -> std::unique_ptr<Layer> {
         return std::make_unique<Dense>(at.in, a.integer("units"), at.he);
       }},
      {"flatten", {}, Input::kAny, true,
       [](const LayerSite& at, const LayerArgs&) -> std::unique_ptr<Layer> { return std::make_unique<Flatten>(at.in); }},
      {"relu", {}, Input::kAny, false,
       [](const LayerSite& at, const LayerArgs&) { return activation(at, Activation::Kind::kRelu); }},
      {"sigmoid", {}, Input::kAny, false,
       [](const LayerSite& at, const LayerArgs&) { return activation(at, Activation::Kind::kSigmoid); }},
      {"tanh", {}, Input::kAny, false,
       [](const LayerSite& at, const LayerArgs&) { return activation(at, Activation::Kind::kTanh); }},
      {"softmax", {}, Input::kAny, false,
       [](const LayerSite& at, const LayerArgs&) -> std::unique_ptr<Layer> { return std::make_unique<Softmax>(at.in); }},
      {"dropout", {{"rate", Kind::kRate, true, 0, nullptr, 0, 1}}, Input::kAny, true,
       [](const LayerSite& at, const LayerArgs& a) -> std::unique_ptr<Layer> {
         return std::make_unique<Dropout>(at.in, a.rate("rate"), at.rng);
       }},
  };
  return table;
}

json layer_types_json() {
  static const char* const kKinds[] = {"int", "pair", "rate"};
  json out = json::array();
  for (const LayerType& t : layer_types()) {
    json options = json::array();
    for (const LayerOption& o : t.options) {
      json fallback = o.required ? json() : o.fallback_from ? json(o.fallback_from) : json(o.fallback);
      options.push_back({{"name", o.name}, {"kind", kKinds[static_cast<int>(o.kind)]}, {"default", fallback},
                         {"min", o.min}, {"max", o.max}, {"required", o.required}});
    }
    out.push_back({{"type", t.name}, {"options", options}});
  }
  return out;
}

namespace {

const LayerType* find_type(const std::string& name) {
  for (const LayerType& t : layer_types())
    if (name == t.name) return &t;
  return nullptr;
}

std::string type_names() {
  std::string list;
  for (const LayerType& t : layer_types()) list += (list.empty() ? "" : ", ") + std::string(t.name);
  return list;
}

// One option of `layer` checked against its table entry; `args` gets its value.
void read_option(const json& layer, const LayerOption& o, const LayerSite& at, LayerArgs* args) {
  if (!layer.contains(o.name)) {
    if (o.required) refuse("spec.missing_option", {{"layer", at.index}, {"type", at.type}, {"option", o.name}});
    const double v = o.fallback_from ? args->pair(o.fallback_from).first : o.fallback;
    const double w = o.fallback_from ? args->pair(o.fallback_from).second : o.fallback;
    args->set(o.name, v, w);
    return;
  }
  const json& v = layer[o.name];
  auto bad = [&](const char* code) {
    refuse(code, {{"layer", at.index}, {"type", at.type}, {"option", o.name}, {"min", o.min}, {"max", o.max},
                  {"value", json_text(v)}});
  };
  auto whole = [&](const json& e) {
    if (!e.is_number_integer() || e.get<double>() < o.min || e.get<double>() > o.max)
      bad(o.kind == Kind::kPair ? "spec.option_pair" : "spec.option_int");
    return e.get<double>();
  };
  switch (o.kind) {
    case Kind::kInt: {
      const double i = whole(v);
      args->set(o.name, i, i);
      break;
    }
    case Kind::kPair:
      if (v.is_array()) {
        if (v.size() != 2) bad("spec.option_pair");
        args->set(o.name, whole(v[0]), whole(v[1]));
      } else {
        const double i = whole(v);
        args->set(o.name, i, i);
      }
      break;
    case Kind::kRate:
      if (!v.is_number() || !(v.get<double>() >= o.min && v.get<double>() < o.max)) bad("spec.option_rate");
      args->set(o.name, v.get<double>(), v.get<double>());
      break;
  }
}

// He initialisation when ReLU follows layer i, looking through pooling, flatten and dropout.
bool relu_follows(const json& layers, size_t i) {
  for (size_t j = i + 1; j < layers.size(); ++j) {
    const json& l = layers[j];
    if (!l.is_object() || !l.contains("type") || !l["type"].is_string()) return false;  // refused when reached
    const LayerType* t = find_type(l["type"].get<std::string>());
    if (t && t->looked_through) continue;
    return l["type"] == "relu";
  }
  return false;
}

std::unique_ptr<Layer> make_layer(const json& layers, size_t i, const Shape& in, const std::shared_ptr<Rng>& rng) {
  const json& l = layers[i];
  if (!l.is_object()) refuse("spec.layer_not_object", {{"layer", i}, {"value", json_text(l)}});
  if (!l.contains("type") || !l["type"].is_string()) refuse("spec.missing_type", {{"layer", i}, {"types", type_names()}});
  const LayerSite at{i, l["type"].get<std::string>(), in, relu_follows(layers, i), rng};
  const LayerType* type = find_type(at.type);
  if (!type) refuse("spec.unknown_type", {{"layer", i}, {"type", at.type}, {"types", type_names()}});
  for (auto it = l.begin(); it != l.end(); ++it) {
    if (it.key() == "type") continue;
    const auto& opts = type->options;
    if (std::any_of(opts.begin(), opts.end(), [&](const LayerOption& o) { return it.key() == o.name; })) continue;
    std::string list;
    for (const LayerOption& o : opts) list += (list.empty() ? "" : ", ") + std::string(o.name);
    if (list.empty()) refuse("spec.no_options", {{"layer", i}, {"type", at.type}, {"option", it.key()}});
    refuse("spec.unknown_option", {{"layer", i}, {"type", at.type}, {"option", it.key()}, {"options", list}});
  }
  LayerArgs args;
  for (const LayerOption& o : type->options) read_option(l, o, at, &args);
  if (type->input == Input::kImage && in.size() != 3)
    refuse("spec.needs_image_input", {{"layer", i}, {"type", at.type}, {"shape", shape_str(in)}});
  if (type->input == Input::kFlat && in.size() != 1)
    refuse("spec.needs_flat_input", {{"layer", i}, {"type", at.type}, {"shape", shape_str(in)}});
  return type->make(at, args);
}

int input_dim(const json& input, const char* key) {
  const json v = input.contains(key) ? input[key] : json();
  if (!v.is_number_integer() || v.get<double>() < 1 || v.get<double>() > kMaxSide)
    refuse("spec.input_dim", {{"key", key}, {"max", static_cast<int>(kMaxSide)}, {"value", json_text(v)}});
  return v.get<int>();
}

}  // namespace

std::vector<std::unique_ptr<Layer>> build_layers(const std::string& json_text_in, ModelSpec* spec,
                                                 const std::shared_ptr<Rng>& rng) {
  const json j = read_json(json_text_in, "spec");
  if (!j.is_object()) refuse("spec.not_object");
  if (!j.contains("input") || !j["input"].is_object()) refuse("spec.input_missing");
  const json& input = j["input"];
  spec->channels = input_dim(input, "channels");
  spec->height = input_dim(input, "height");
  spec->width = input_dim(input, "width");
  if (!j.contains("classes") || !j["classes"].is_array() || j["classes"].empty()) refuse("spec.classes");
  spec->classes.clear();
  for (const json& c : j["classes"]) {
    if (!c.is_string()) refuse("spec.class_name", {{"value", json_text(c)}});
    spec->classes.push_back(c.get<std::string>());
  }
  if (!j.contains("layers") || !j["layers"].is_array() || j["layers"].empty()) refuse("spec.layers");
  const json& layers = j["layers"];

  std::vector<std::unique_ptr<Layer>> out;
  Shape shape{spec->channels, spec->height, spec->width};
  int64_t total = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    out.push_back(make_layer(layers, i, shape, rng));
    const Layer& layer = *out.back();
    // Counted from the declared shapes, in 64 bits, before any weight exists.
    if (layer.num_params() > kMaxLayerWeights)
      refuse("net.layer_too_big",
             {{"layer", i}, {"type", layer.type()}, {"count", layer.num_params()}, {"max", kMaxLayerWeights}});
    total += layer.num_params();
    shape = layer.out_shape();
  }
  if (total > kMaxNetWeights) refuse("net.too_big", {{"count", total}, {"max", kMaxNetWeights}});
  const int k = static_cast<int>(spec->classes.size());
  const size_t last = layers.size() - 1;
  if (shape.size() != 1)
    refuse("spec.last_not_flat", {{"layer", last}, {"type", out.back()->type()}, {"shape", shape_str(shape)}, {"classes", k}});
  if (shape[0] != k)
    refuse("spec.outputs_mismatch", {{"layer", last}, {"type", out.back()->type()}, {"outputs", shape[0]}, {"classes", k}});
  spec->json = j.dump();
  return out;
}

}  // namespace cnnlab
