// io/weight_floor.cpp — the weights a spec needs, from its JSON (see weight_floor.h).
#include "weight_floor.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace cnnlab {

namespace {

using nlohmann::json;

constexpr int64_t kLargest = int64_t{1} << 62;
constexpr int64_t kMaxValue = 1 << 20;  // beyond any size the spec check accepts

int64_t add(int64_t a, int64_t b) { return std::min(kLargest, a + b); }
int64_t mul(int64_t a, int64_t b) { return a == 0 || b <= kLargest / a ? a * b : kLargest; }

// A whole number in [min, kMaxValue], or nothing.
std::optional<int64_t> whole(const json& v, int64_t min) {
  if (!v.is_number_integer()) return std::nullopt;
  const int64_t i = v.get<int64_t>();
  if (i < min || i > kMaxValue) return std::nullopt;
  return i;
}

// An option that takes an int or [h, w] (kernel, stride, padding, size), or `fallback` when absent.
std::optional<std::pair<int64_t, int64_t>> pair_option(const json& layer, const char* key,
                                                       std::pair<int64_t, int64_t> fallback, int64_t min) {
  if (!layer.contains(key)) return fallback;
  const json& v = layer[key];
  if (v.is_array() && v.size() == 2) {
    const auto h = whole(v[0], min), w = whole(v[1], min);
    if (h && w) return std::make_pair(*h, *w);
    return std::nullopt;
  }
  if (const auto i = whole(v, min)) return std::make_pair(*i, *i);
  return std::nullopt;
}

// A window of k cells moved by s over n cells padded by p on both sides: floor((n + 2p − k) / s) + 1.
std::optional<int64_t> slide(int64_t n, int64_t k, int64_t s, int64_t p) {
  if (k > n + 2 * p) return std::nullopt;
  return (n + 2 * p - k) / s + 1;
}

}  // namespace

int64_t spec_weight_floor(const json& spec) {
  if (!spec.is_object() || !spec.contains("input") || !spec["input"].is_object() || !spec.contains("layers") ||
      !spec["layers"].is_array())
    return 0;
  const json& input = spec["input"];
  const auto c = whole(input.value("channels", json()), 1), h = whole(input.value("height", json()), 1),
             w = whole(input.value("width", json()), 1);
  if (!c || !h || !w) return 0;
  std::vector<int64_t> shape = {*c, *h, *w};  // per sample: {C, H, W} or {F}
  int64_t floor = 0;
  for (const json& layer : spec["layers"]) {
    if (!layer.is_object() || !layer.contains("type") || !layer["type"].is_string()) break;
    const std::string type = layer["type"];
    if (type == "conv2d" || type == "maxpool2d" || type == "avgpool2d") {
      if (shape.size() != 3) break;
      const bool conv = type == "conv2d";
      const auto filters = conv ? whole(layer.value("filters", json()), 1) : std::optional<int64_t>(shape[0]);
      const auto k = conv ? (layer.contains("kernel") ? pair_option(layer, "kernel", {0, 0}, 1) : std::nullopt)
                          : pair_option(layer, "size", {2, 2}, 1);
      if (!filters || !k) break;
      const auto s = pair_option(layer, "stride", conv ? std::make_pair(int64_t{1}, int64_t{1}) : *k, 1);
      const auto p = pair_option(layer, "padding", {0, 0}, 0);
      if (!s || !p) break;
      const auto ho = slide(shape[1], k->first, s->first, p->first), wo = slide(shape[2], k->second, s->second, p->second);
      if (!ho || !wo) break;
      // conv2d: weight [filters, C, kh, kw] and bias [filters].
      if (conv) floor = add(floor, add(mul(mul(*filters, shape[0]), mul(k->first, k->second)), *filters));
      shape = {*filters, *ho, *wo};
    } else if (type == "dense") {
      const auto units = whole(layer.value("units", json()), 1);
      if (!units || shape.size() != 1) break;
      floor = add(floor, add(mul(*units, shape[0]), *units));  // weight [units, in] and bias [units]
      shape = {*units};
    } else if (type == "flatten") {
      int64_t n = 1;
      for (int64_t d : shape) n = mul(n, d);
      shape = {n};
    } else if (type != "relu" && type != "sigmoid" && type != "tanh" && type != "softmax" && type != "dropout") {
      break;
    }
  }
  return floor;
}

}  // namespace cnnlab
