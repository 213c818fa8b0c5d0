// io/model_header.cpp — defensive reading of the model file's header (see model_header.h).
#include "model_header.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

namespace cnnlab {

namespace {

using nlohmann::json;

constexpr int64_t kMaxDim = int64_t{1} << 28;

std::string field_name(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }

[[noreturn]] void refuse_weight(const std::string& code, const std::string& name, const std::string& english) {
  throw Error(code, {{"name", name}}, "model file: weight " + name + " " + english);
}

}  // namespace

const json& header_field(const json& object, const std::string& path, const char* key,
                         bool (json::*is)() const noexcept, const char* expected) {
  if (!object.is_object() || !object.contains(key) || !(object[key].*is)()) {
    const std::string field = field_name(path, key);
    throw Error("model_file.header", {{"field", field}},
                "model file: the header's '" + field + "' is missing or is not " + expected);
  }
  return object[key];
}

std::vector<WeightEntry> index_weights(const json& list, uint64_t weights_bytes) {
  std::vector<WeightEntry> index;
  std::set<std::string> names;
  for (size_t i = 0; i < list.size(); ++i) {
    const json& entry = list[i];
    const std::string at = "weights[" + std::to_string(i) + "]";
    WeightEntry w;
    w.name = header_field(entry, at, "name", &json::is_string, "a name").get<std::string>();
    if (entry.contains("dtype") && entry["dtype"] != "float32")
      throw Error("model_file.weight_dtype", {{"name", w.name}, {"dtype", entry["dtype"].dump()}},
                  "model file: weight " + w.name + " has unsupported dtype " + entry["dtype"].dump());
    const json& shape = header_field(entry, at, "shape", &json::is_array, "a list of sizes");
    if (shape.empty()) refuse_weight("model_file.weight_shape", w.name, "has a bad shape (no sizes)");
    w.count = 1;
    for (const json& d : shape) {
      if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > kMaxDim)
        refuse_weight("model_file.weight_shape", w.name, "has a bad shape " + shape.dump());
      w.shape.push_back(d.get<int>());
      w.count *= static_cast<uint64_t>(d.get<int64_t>());
      if (w.count > weights_bytes / 4) refuse_weight("model_file.weight_outside", w.name, "is larger than the file");
    }
    const json& offset = header_field(entry, at, "offset", &json::is_number_unsigned, "a byte offset");
    w.offset = offset.get<uint64_t>();
    if (w.offset % 4 != 0 || w.offset > weights_bytes || w.count * 4 > weights_bytes - w.offset)
      refuse_weight("model_file.weight_outside", w.name, "lies outside the weights section");
    if (!names.insert(w.name).second) refuse_weight("model_file.weight_duplicate", w.name, "is listed twice");
    index.push_back(std::move(w));
  }
  // Entries in disjoint parts of the section hold no more than the file: overlapping ones could
  // make a small file expand into many copies of its weights.
  std::vector<const WeightEntry*> by_offset;
  for (const WeightEntry& w : index) by_offset.push_back(&w);
  std::sort(by_offset.begin(), by_offset.end(), [](auto a, auto b) { return a->offset < b->offset; });
  for (size_t i = 1; i < by_offset.size(); ++i) {
    const WeightEntry &a = *by_offset[i - 1], &b = *by_offset[i];
    if (a.offset + 4 * a.count > b.offset)
      throw Error("model_file.weights_overlap", {{"name", a.name}, {"other", b.name}},
                  "model file: weights " + a.name + " and " + b.name + " overlap in the weights section");
  }
  return index;
}

std::vector<NamedTensor> read_weights(const std::vector<WeightEntry>& index, const uint8_t* wdata) {
  std::vector<NamedTensor> out;
  for (const WeightEntry& w : index) {
    NamedTensor nt{w.name, Tensor(w.shape)};
    const uint8_t* p = wdata + w.offset;
    for (uint64_t i = 0; i < w.count; ++i) {
      const uint32_t bits = static_cast<uint32_t>(p[4 * i]) | static_cast<uint32_t>(p[4 * i + 1]) << 8 |
                            static_cast<uint32_t>(p[4 * i + 2]) << 16 | static_cast<uint32_t>(p[4 * i + 3]) << 24;
      float v;
      std::memcpy(&v, &bits, 4);
      if (!std::isfinite(v)) refuse_weight("model_file.weight_not_finite", w.name, "contains NaN or infinity");
      nt.tensor.data[i] = v;
    }
    out.push_back(std::move(nt));
  }
  return out;
}

}  // namespace cnnlab
