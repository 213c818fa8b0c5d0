// spec.cpp — JSON model spec → validated layers, with errors that name the layer and the problem.
#include "spec.h"

#include <nlohmann/json.hpp>
#include <set>

#include "layers/activations.h"
#include "layers/conv2d.h"
#include "layers/dense.h"
#include "json_parse.h"
#include "layers/maxpool2d.h"
#include "model.h"

namespace cnnlab {

using nlohmann::json;

namespace {

const int kMaxSide = 4096;
const int64_t kMaxUnits = 1 << 20;

std::string where(size_t index, const std::string& type) {
  return "layer " + std::to_string(index) + " (" + type + "): ";
}

// Reads an integer option that may be a single int or a pair [h, w], as PyTorch allows.
std::pair<int, int> int_pair(const json& layer, const char* key, int fallback_h, int fallback_w,
                             const std::string& at, int min_value) {
  if (!layer.contains(key)) return {fallback_h, fallback_w};
  const json& v = layer[key];
  auto one = [&](const json& e) -> int {
    if (!e.is_number_integer())
      throw Error(at + "'" + key + "' must be an integer or [height, width], got " + v.dump());
    const int64_t i = e.get<int64_t>();
    if (i < min_value || i > kMaxSide)
      throw Error(at + "'" + key + "' must be between " + std::to_string(min_value) + " and " +
                  std::to_string(kMaxSide) + ", got " + std::to_string(i));
    return static_cast<int>(i);
  };
  if (v.is_array()) {
    if (v.size() != 2) throw Error(at + "'" + key + "' as a list needs exactly [height, width], got " + v.dump());
    return {one(v[0]), one(v[1])};
  }
  const int i = one(v);
  return {i, i};
}

int positive_int(const json& layer, const char* key, const std::string& at, int64_t max_value) {
  if (!layer.contains(key)) throw Error(at + "missing '" + key + "'");
  const json& v = layer[key];
  if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > max_value)
    throw Error(at + "'" + key + "' must be a whole number from 1 to " + std::to_string(max_value) +
                ", got " + v.dump());
  return static_cast<int>(v.get<int64_t>());
}

void check_keys(const json& layer, const std::set<std::string>& allowed, const std::string& at) {
  for (auto it = layer.begin(); it != layer.end(); ++it) {
    if (it.key() == "type" || allowed.count(it.key())) continue;
    std::string list;
    for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
    throw Error(at + "unknown option '" + it.key() + "'" + (list.empty() ? " (it takes none)" : " (it takes: " + list + ")"));
  }
}

// Windows (conv kernels, pooling) must fit the padded input and padding must be smaller than the window.
void check_window(const Shape& in, int kh, int kw, int ph, int pw, const char* what, const std::string& at) {
  if (in.size() != 3)
    throw Error(at + "needs an image-shaped input (channels×height×width), got " + shape_str(in) +
                " — put it before flatten/dense");
  if (kh > in[1] + 2 * ph || kw > in[2] + 2 * pw)
    throw Error(at + what + " " + std::to_string(kh) + "×" + std::to_string(kw) + " is larger than its padded input " +
                std::to_string(in[1] + 2 * ph) + "×" + std::to_string(in[2] + 2 * pw));
}

// The layer that follows position i, skipping shape-only layers, decides He vs Xavier init.
bool relu_follows(const json& layers, size_t i) {
  for (size_t j = i + 1; j < layers.size(); ++j) {
    const json& l = layers[j];  // a malformed layer is refused when it is reached
    const std::string t = l.is_object() && l.contains("type") && l["type"].is_string() ? l["type"].get<std::string>() : "";
    if (t == "flatten" || t == "dropout" || t == "maxpool2d") continue;
    return t == "relu";
  }
  return false;
}

std::unique_ptr<Layer> make_layer(const json& layers, size_t i, const Shape& in, const std::shared_ptr<Rng>& rng) {
  const json& l = layers[i];
  if (!l.is_object()) throw Error("layer " + std::to_string(i) + ": must be an object like {\"type\": \"relu\"}");
  if (!l.contains("type") || !l["type"].is_string())
    throw Error("layer " + std::to_string(i) + ": missing \"type\" (one of conv2d, maxpool2d, dense, flatten, relu, "
                "sigmoid, tanh, softmax, dropout)");
  const std::string type = l["type"];
  const std::string at = where(i, type);
  if (type == "conv2d") {
    check_keys(l, {"filters", "kernel", "stride", "padding"}, at);
    Conv2dConfig c;
    c.filters = positive_int(l, "filters", at, 4096);
    if (!l.contains("kernel")) throw Error(at + "missing 'kernel'");
    std::tie(c.kh, c.kw) = int_pair(l, "kernel", 3, 3, at, 1);
    std::tie(c.sh, c.sw) = int_pair(l, "stride", 1, 1, at, 1);
    std::tie(c.ph, c.pw) = int_pair(l, "padding", 0, 0, at, 0);
    check_window(in, c.kh, c.kw, c.ph, c.pw, "kernel", at);
    return std::make_unique<Conv2d>(in, c, relu_follows(layers, i));
  }
  if (type == "maxpool2d") {
    check_keys(l, {"size", "stride", "padding"}, at);
    Pool2dConfig p;
    std::tie(p.kh, p.kw) = int_pair(l, "size", 2, 2, at, 1);
    std::tie(p.sh, p.sw) = int_pair(l, "stride", p.kh, p.kw, at, 1);  // stride defaults to size, as PyTorch
    std::tie(p.ph, p.pw) = int_pair(l, "padding", 0, 0, at, 0);
    check_window(in, p.kh, p.kw, p.ph, p.pw, "window", at);
    // As in PyTorch: at most half the window, so every window holds at least one real cell.
    if (2 * p.ph > p.kh || 2 * p.pw > p.kw)
      throw Error(at + "padding " + std::to_string(p.ph) + "×" + std::to_string(p.pw) +
                  " must be at most half the window " + std::to_string(p.kh) + "×" + std::to_string(p.kw));
    return std::make_unique<MaxPool2d>(in, p);
  }
  if (type == "dense") {
    check_keys(l, {"units"}, at);
    const int units = positive_int(l, "units", at, kMaxUnits);
    if (in.size() != 1)
      throw Error(at + "needs a flat input but gets " + shape_str(in) + " — add {\"type\": \"flatten\"} before it");
    if (static_cast<int64_t>(in[0]) * units > (int64_t{1} << 28))
      throw Error(at + std::to_string(in[0]) + "×" + std::to_string(units) + " weights are too many for a browser");
    return std::make_unique<Dense>(in, units, relu_follows(layers, i));
  }
  if (type == "flatten") {
    check_keys(l, {}, at);
    return std::make_unique<Flatten>(in);
  }
  if (type == "relu" || type == "sigmoid" || type == "tanh") {
    check_keys(l, {}, at);
    const auto kind = type == "relu" ? Activation::Kind::kRelu
                      : type == "sigmoid" ? Activation::Kind::kSigmoid : Activation::Kind::kTanh;
    return std::make_unique<Activation>(in, kind);
  }
  if (type == "softmax") {
    check_keys(l, {}, at);
    return std::make_unique<Softmax>(in);
  }
  if (type == "dropout") {
    check_keys(l, {"rate"}, at);
    const float rate = l.contains("rate") && l["rate"].is_number() ? l["rate"].get<float>() : -1.0f;
    if (!(rate >= 0.0f && rate < 1.0f)) throw Error(at + "'rate' must be a number in [0, 1), got " + (l.contains("rate") ? l["rate"].dump() : "nothing"));
    return std::make_unique<Dropout>(in, rate, rng);
  }
  throw Error(at + "unknown layer type (expected conv2d, maxpool2d, dense, flatten, relu, sigmoid, tanh, softmax or dropout)");
}

int input_dim(const json& input, const char* key) {
  if (!input.contains(key) || !input[key].is_number_integer() || input[key].get<int64_t>() < 1 ||
      input[key].get<int64_t>() > kMaxSide)
    throw Error(std::string("input: '") + key + "' must be a whole number from 1 to " + std::to_string(kMaxSide));
  return input[key].get<int>();
}

}  // namespace

std::vector<std::unique_ptr<Layer>> build_layers(const std::string& json_text, ModelSpec* spec,
                                                 const std::shared_ptr<Rng>& rng) {
  json j = parse_json(json_text, "model spec");
  if (!j.is_object()) throw Error("model spec must be a JSON object with input, classes and layers");
  if (!j.contains("input") || !j["input"].is_object()) throw Error("model spec: missing \"input\": {channels, height, width}");
  const json& input = j["input"];
  spec->channels = input_dim(input, "channels");
  spec->height = input_dim(input, "height");
  spec->width = input_dim(input, "width");
  if (!j.contains("classes") || !j["classes"].is_array() || j["classes"].empty())
    throw Error("model spec: \"classes\" must be a non-empty list of class names");
  spec->classes.clear();
  for (const json& c : j["classes"]) {
    if (!c.is_string()) throw Error("model spec: every class name must be a string, got " + c.dump());
    spec->classes.push_back(c.get<std::string>());
  }
  if (!j.contains("layers") || !j["layers"].is_array() || j["layers"].empty())
    throw Error("model spec: \"layers\" must be a non-empty list");
  const json& layers = j["layers"];

  std::vector<std::unique_ptr<Layer>> out;
  Shape shape{spec->channels, spec->height, spec->width};
  for (size_t i = 0; i < layers.size(); ++i) {
    out.push_back(make_layer(layers, i, shape, rng));
    shape = out.back()->out_shape();
  }
  const int k = static_cast<int>(spec->classes.size());
  if (shape.size() != 1)
    throw Error("the last layer (" + std::to_string(layers.size() - 1) + ", " + out.back()->type() + ") gives " +
                shape_str(shape) + "; the network must end in one value per class — add flatten and dense(" +
                std::to_string(k) + ")");
  if (shape[0] != k)
    throw Error("the last layer (" + std::to_string(layers.size() - 1) + ", " + out.back()->type() + ") gives " +
                std::to_string(shape[0]) + " outputs but there are " + std::to_string(k) + " classes");
  spec->json = j.dump();
  return out;
}

}  // namespace cnnlab
