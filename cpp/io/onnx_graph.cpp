// io/onnx_graph.cpp — layer → ONNX operator table and the ModelProto (protobuf JSON) around it.
#include "onnx_graph.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <utility>

#include "../layers/conv2d.h"
#include "model_file.h"

namespace cnnlab {
namespace {

using nlohmann::json;

// TensorProto.DataType values of onnx.proto.
constexpr int kFloat = 1;
constexpr int kInt64 = 7;

// Protobuf's JSON mapping writes 64-bit integers as strings (JSON numbers lose precision above 2⁵³).
std::string i64(int64_t v) { return std::to_string(v); }

// Protobuf's JSON mapping writes `bytes` fields as standard base64 with padding (RFC 4648).
std::string base64(const std::vector<uint8_t>& bytes) {
  static const char* const kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t group = static_cast<uint32_t>(bytes[i]) << 16;
    if (n > 1) group |= static_cast<uint32_t>(bytes[i + 1]) << 8;
    if (n > 2) group |= bytes[i + 2];
    for (size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(group >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

// raw_data is little-endian whatever the host (ONNX IR spec), so bytes are written one by one.
template <typename T>
void put_le(std::vector<uint8_t>& out, T value) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  typename std::conditional<sizeof(T) == 4, uint32_t, uint64_t>::type bits;
  std::memcpy(&bits, &value, sizeof bits);
  for (size_t i = 0; i < sizeof bits; ++i) out.push_back(static_cast<uint8_t>(bits >> (8 * i)));
}

json dims_of(const std::vector<int64_t>& dims) {
  json out = json::array();
  for (int64_t d : dims) out.push_back(i64(d));
  return out;
}

json float_initializer(const std::string& name, const Tensor& t) {
  std::vector<uint8_t> raw;
  raw.reserve(t.data.size() * 4);
  for (float v : t.data) put_le(raw, v);
  return {{"name", name},
          {"dataType", kFloat},
          {"dims", dims_of({t.shape.begin(), t.shape.end()})},
          {"rawData", base64(raw)}};
}

json int64_initializer(const std::string& name, const std::vector<int64_t>& values) {
  std::vector<uint8_t> raw;
  for (int64_t v : values) put_le(raw, v);
  return {{"name", name},
          {"dataType", kInt64},
          {"dims", dims_of({static_cast<int64_t>(values.size())})},
          {"rawData", base64(raw)}};
}

json int_attr(const std::string& name, int64_t v) { return {{"name", name}, {"type", "INT"}, {"i", i64(v)}}; }
json ints_attr(const std::string& name, const std::vector<int64_t>& v) {
  return {{"name", name}, {"type", "INTS"}, {"ints", dims_of(v)}};
}

// A float32 tensor value whose first axis is the batch ("batch", any size).
json value_info(const std::string& name, const Shape& per_sample, const std::string& doc) {
  json dim = json::array({{{"dimParam", "batch"}}});
  for (int d : per_sample) dim.push_back({{"dimValue", i64(d)}});
  return {{"name", name},
          {"type", {{"tensorType", {{"elemType", kFloat}, {"shape", {{"dim", dim}}}}}}},
          {"docString", doc}};
}

// An option that is an int or [h, w] in a (validated) spec layer, with the spec's default.
std::pair<int64_t, int64_t> pair_option(const json& layer, const char* key, std::pair<int64_t, int64_t> fallback) {
  if (!layer.contains(key)) return fallback;
  const json& v = layer[key];
  if (v.is_array()) return {v.at(0).get<int64_t>(), v.at(1).get<int64_t>()};
  return {v.get<int64_t>(), v.get<int64_t>()};
}

// The graph under construction, one layer at a time. `x` is the name of the current value.
struct Graph {
  std::vector<NamedTensor> weights;  // the model's, by engine name ("0.weight")
  json nodes = json::array(), initializers = json::array();
  std::string x = "image";

  // Adds a node reading `inputs`; its output becomes the current value.
  // (A std::vector, not a json: nlohmann reads a braced single element as that element, not a list.)
  void node(const std::string& op, const std::string& name, std::vector<std::string> inputs,
            std::vector<json> attributes = {}, const std::string& doc = "") {
    json n = {{"opType", op}, {"name", name}, {"input", std::move(inputs)}, {"output", {name}}};
    if (!attributes.empty()) n["attribute"] = std::move(attributes);
    if (!doc.empty()) n["docString"] = doc;
    nodes.push_back(std::move(n));
    x = name;
  }
  // The layer's parameter as an initializer named as in the engine and PyTorch; returns the name.
  std::string param(const std::string& name) {
    auto w = std::find_if(weights.begin(), weights.end(), [&](const NamedTensor& t) { return t.name == name; });
    if (w == weights.end()) throw Error("onnx export: the model has no weight " + name);
    initializers.push_back(float_initializer(name, w->tensor));
    return name;
  }
};

// What one row of the table sees: the layer's position, its spec entry and the built layer.
struct Step {
  Graph& g;
  size_t index;
  const json& spec;
  const Layer& layer;

  std::string name() const { return std::to_string(index) + "." + spec.at("type").get<std::string>(); }
  std::string param(const char* what) const { return g.param(std::to_string(index) + "." + what); }
  // kernel_shape, strides and pads of a sliding window, checked against the engine's own output
  // size so that the spec's defaults cannot drift apart from what the engine computed.
  std::vector<json> window(std::pair<int64_t, int64_t> k, std::pair<int64_t, int64_t> s,
                           std::pair<int64_t, int64_t> p) const {
    const Shape& in = layer.in_shape();
    const Shape& out = layer.out_shape();
    auto side = [](int n, int64_t k, int64_t s, int64_t p) {
      return window_out(n, static_cast<int>(k), static_cast<int>(s), static_cast<int>(p));
    };
    if (side(in[1], k.first, s.first, p.first) != out[1] || side(in[2], k.second, s.second, p.second) != out[2])
      throw Error("onnx export: layer " + std::to_string(index) + " (" + layer.type() +
                  "): its window does not reproduce the engine's output " + shape_str(out));
    return {ints_attr("kernel_shape", {k.first, k.second}), ints_attr("strides", {s.first, s.second}),
            ints_attr("pads", {p.first, p.second, p.first, p.second})};
  }
};

// A pooling window. MaxPool skips padded cells (they never win), as the engine does; a pooling op
// with options of its own passes them as `extra_attributes` (AveragePool: count_include_pad).
void pool(Step& s, const char* op, std::vector<json> extra_attributes) {
  const auto size = pair_option(s.spec, "size", {2, 2});
  std::vector<json> attributes =
      s.window(size, pair_option(s.spec, "stride", size), pair_option(s.spec, "padding", {0, 0}));
  for (auto& a : extra_attributes) attributes.push_back(std::move(a));
  s.g.node(op, s.name(), {s.g.x}, std::move(attributes));
}

void unary(Step& s, const char* op) { s.g.node(op, s.name(), {s.g.x}); }

// Softmax over all of a sample's features, as the engine: opset 13's Softmax normalises one
// axis only, so an image-shaped input is flattened first and given its shape back after.
void softmax(Step& s) {
  const Shape& in = s.layer.in_shape();
  const std::string name = s.name(), input = s.g.x;
  if (in.size() == 1) {
    s.g.node("Softmax", name, {input}, {int_attr("axis", 1)});
    return;
  }
  s.g.node("Flatten", name + "/flatten", {input}, {int_attr("axis", 1)});
  s.g.node("Softmax", name + "/softmax", {s.g.x}, {int_attr("axis", 1)});
  std::vector<int64_t> shape = {0};  // Reshape: 0 keeps the batch size
  shape.insert(shape.end(), in.begin(), in.end());
  s.g.initializers.push_back(int64_initializer(name + "/shape", shape));
  s.g.node("Reshape", name, {s.g.x, name + "/shape"});
}

struct Row {
  const char* type;
  void (*emit)(Step&);
};

// One row per engine layer type. Conv pads with zeros, as the engine.
const std::vector<Row>& layer_table() {
  static const std::vector<Row> table = {
      {"conv2d",
       [](Step& s) {
         const std::string x = s.g.x, w = s.param("weight"), b = s.param("bias");
         s.g.node("Conv", s.name(), {x, w, b},
                  s.window(pair_option(s.spec, "kernel", {3, 3}), pair_option(s.spec, "stride", {1, 1}),
                           pair_option(s.spec, "padding", {0, 0})));
       }},
      {"maxpool2d", [](Step& s) { pool(s, "MaxPool", {}); }},
      // The engine averages over the whole window, padded cells counting as zeros (PyTorch count_include_pad=True).
      {"avgpool2d", [](Step& s) { pool(s, "AveragePool", {int_attr("count_include_pad", 1)}); }},
      // y = x·Wᵀ + b with W [out, in] as stored: Gemm's transB.
      {"dense",
       [](Step& s) {
         const std::string x = s.g.x, w = s.param("weight"), b = s.param("bias");
         s.g.node("Gemm", s.name(), {x, w, b}, {int_attr("transB", 1)});
       }},
      {"flatten", [](Step& s) { s.g.node("Flatten", s.name(), {s.g.x}, {int_attr("axis", 1)}); }},
      {"relu", [](Step& s) { unary(s, "Relu"); }},
      {"sigmoid", [](Step& s) { unary(s, "Sigmoid"); }},
      {"tanh", [](Step& s) { unary(s, "Tanh"); }},
      {"softmax", softmax},
      // Inverted dropout is the identity at inference.
      {"dropout",
       [](Step& s) {
         s.g.node("Identity", s.name(), {s.g.x}, {},
                  "dropout (rate " + s.spec.at("rate").dump() + "): the identity at inference");
       }},
  };
  return table;
}

// The decoder gives RGB for 3 channels and BT.601 luma for 1; other counts come from tensors.
std::string pixel_kind(int channels) {
  return channels == 3 ? "RGB" : channels == 1 ? "grey" : std::to_string(channels) + "-channel";
}

json metadata(const Sequential& model, const OnnxOptions& options) {
  const ModelSpec& spec = model.spec();
  // Re-serialised, so the record reads the same whether it came from a model file or the default.
  const std::string preprocessing =
      json::parse(options.preprocessing_json.empty() ? ModelFileInfo{}.preprocessing_json : options.preprocessing_json)
          .dump();
  auto prop = [](const std::string& key, const std::string& value) { return json{{"key", key}, {"value", value}}; };
  return json::array({
      prop("classes", json(spec.classes).dump(-1, ' ', false, json::error_handler_t::replace)),
      prop("input", "image: float32 [N, " + std::to_string(spec.channels) + ", " + std::to_string(spec.height) + ", " +
                        std::to_string(spec.width) + "] (NCHW), " + pixel_kind(spec.channels) +
                        " pixels scaled to [0, 1]"),
      prop("outputs", std::string("logits: [N, K] raw class scores (the last layer's output, before softmax)") +
                          (options.probs ? "; probs: [N, K] softmax(logits)" : "")),
      prop("preprocessing", preprocessing),
      prop("cnnlab_spec", spec.json),
  });
}

}  // namespace

std::string onnx_model_json(const Sequential& model, const OnnxOptions& options) {
  const ModelSpec& spec = model.spec();
  const json layers = json::parse(spec.json).at("layers");
  Graph g;
  g.weights = model.get_weights();
  for (size_t i = 0; i < model.num_layers(); ++i) {
    const std::string type = model.layer(i).type();
    const auto& table = layer_table();
    auto row = std::find_if(table.begin(), table.end(), [&](const Row& r) { return type == r.type; });
    if (row == table.end())
      throw Error("onnx export: layer " + std::to_string(i) + " (" + type + ") has no ONNX mapping yet");
    Step step{g, i, layers.at(i), model.layer(i)};
    row->emit(step);
  }
  g.nodes.back()["output"][0] = "logits";
  const Shape classes = {model.num_classes()};
  json outputs = json::array({value_info("logits", classes, "raw class scores (before softmax)")});
  if (options.probs) {
    g.node("Softmax", "probs", {"logits"}, {int_attr("axis", 1)});
    outputs.push_back(value_info("probs", classes, "class probabilities: softmax(logits)"));
  }
  const std::string pixels = pixel_kind(spec.channels);
  json graph = {
      {"name", "cnnlab"},
      {"node", g.nodes},
      {"initializer", g.initializers},
      {"input", json::array({value_info("image", model.input_shape(),
                                        pixels + " pixels scaled to [0, 1], NCHW: decode, centre-crop to the "
                                                 "aspect ratio, resize, divide by 255")})},
      {"output", outputs},
  };
  json proto = {
      {"irVersion", i64(kOnnxIrVersion)},
      {"opsetImport", json::array({{{"domain", ""}, {"version", i64(kOnnxOpset)}}})},
      {"producerName", "cnnlab"},
      {"producerVersion", options.producer_version},
      {"docString", "CNN Lab image classifier; class names and preprocessing in metadata_props"},
      {"graph", graph},
      {"metadataProps", metadata(model, options)},
  };
  return proto.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace cnnlab
