// io/model_file.cpp — writing and (defensively) reading the CNN Lab model file.
#include "model_file.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <utility>
#include <nlohmann/json.hpp>

#include "../json_parse.h"
#include "model_header.h"
#include "weight_floor.h"
#include "../error_catalog.h"

namespace cnnlab {
namespace {

using nlohmann::json;

constexpr std::array<uint8_t, 8> kMagic = {'C', 'N', 'N', 'L', 'A', 'B', 0x00, 0x1A};
constexpr size_t kFixedHeader = 24;  // magic + version + header length + weights length
constexpr size_t kCrcBytes = 4;
// A header is a spec plus a few names; anything this large is not one of ours.
constexpr uint64_t kMaxHeaderBytes = 64ull << 20;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint32_t get_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}
uint64_t get_u64(const uint8_t* p) {
  return static_cast<uint64_t>(get_u32(p)) | static_cast<uint64_t>(get_u32(p + 4)) << 32;
}

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A file without our signature, refused with what it looks like ("it is a PNG image").
[[noreturn]] void refuse_foreign(const uint8_t* data, size_t size) {
  auto starts = [&](const char* sig, size_t n) { return size >= n && std::memcmp(data, sig, n) == 0; };
  struct Kind {
    const char* format;  // the param: a name that reads the same in every language
    const char* noun;
  };
  const Kind kind = starts("\x89PNG", 4)                      ? Kind{"PNG", "PNG image"}
                    : starts("\xFF\xD8\xFF", 3)                ? Kind{"JPEG", "JPEG image"}
                    : starts("GIF8", 4)                         ? Kind{"GIF", "GIF image"}
                    : starts("BM", 2)                           ? Kind{"BMP", "BMP image"}
                    : starts("PK\x03\x04", 4)                   ? Kind{"ZIP", "ZIP archive"}
                    : starts("\x08", 1) || starts("ONNX", 4)    ? Kind{"ONNX/protobuf", "ONNX or protobuf file"}
                                                                : Kind{nullptr, nullptr};
  if (kind.format)
    throw Error("model_file.foreign", {{"format", kind.format}}, std::string("not a CNN Lab model file: it is a ") + kind.noun);
  if (starts("{", 1))
    throw Error("model_file.spec_json", {}, "not a CNN Lab model file: it looks like JSON (a model spec?), not a trained model");
  throw Error("model_file.unknown", {}, "not a CNN Lab model file: it does not start with the CNN Lab signature");
}

[[noreturn]] void refuse_truncated(uint64_t expected, size_t got) {
  throw Error("model_file.truncated", {{"expected", std::to_string(expected)}, {"got", std::to_string(got)}},
              "model file is truncated: expected " + std::to_string(expected) + " bytes, got " + std::to_string(got));
}

// `frozen`: the names of tensors that are not trainable (saved as weights, marked so).
json weights_index(const std::vector<NamedTensor>& weights, const std::vector<std::string>& frozen,
                   uint64_t* total_bytes) {
  json index = json::array();
  uint64_t offset = 0;
  for (const auto& w : weights) {
    index.push_back({{"name", w.name}, {"shape", w.tensor.shape}, {"dtype", "float32"}, {"offset", offset}});
    if (std::find(frozen.begin(), frozen.end(), w.name) != frozen.end()) index.back()["trainable"] = false;
    offset += static_cast<uint64_t>(w.tensor.size()) * 4;
  }
  *total_bytes = offset;
  return index;
}

// The names of the model's tensors that optimizers leave alone.
std::vector<std::string> frozen_names(const Sequential& model) {
  std::vector<std::string> names;
  for (size_t i = 0; i < model.num_layers(); ++i)
    for (const Param* p : model.layer(i).params())
      if (!p->trainable) names.push_back(std::to_string(i) + "." + p->name);
  return names;
}

}  // namespace

std::vector<uint8_t> save_model(const Sequential& model, const ModelFileInfo& info) {
  const auto weights = model.get_weights();
  // The loader refuses NaN and infinity, so such a file is never written.
  for (const auto& w : weights)
    for (float v : w.tensor.data)
      if (!std::isfinite(v)) refuse("model.save_not_finite", {{"name", w.name}});
  uint64_t weights_bytes = 0;
  json header = {
      {"format", "cnnlab-model"},
      {"version", kModelFormatVersion},
      {"spec", parse_json(model.spec().json, "model spec")},
      {"classes", model.spec().classes},
      {"input", {{"channels", model.spec().channels}, {"height", model.spec().height}, {"width", model.spec().width}}},
      {"preprocessing", parse_json(info.preprocessing_json, "preprocessing")},
      {"created", {{"by", info.created_by}, {"at", info.created_at.empty() ? now_iso8601() : info.created_at}}},
      {"num_params", model.num_params()},
      {"weights", weights_index(weights, frozen_names(model), &weights_bytes)},
  };
  // Folder names need not be UTF-8; replace bad bytes rather than refuse to save.
  std::string text = header.dump(-1, ' ', false, json::error_handler_t::replace);
  // Spaces are JSON whitespace: padding keeps the float32 section 4-byte aligned in the file,
  // so readers (a JS Float32Array) can view it without copying.
  text.append((4 - text.size() % 4) % 4, ' ');

  std::vector<uint8_t> out(kMagic.begin(), kMagic.end());
  out.reserve(kFixedHeader + text.size() + weights_bytes + kCrcBytes);
  put_u32(out, kModelFormatVersion);
  put_u32(out, static_cast<uint32_t>(text.size()));
  put_u64(out, weights_bytes);
  out.insert(out.end(), text.begin(), text.end());
  for (const auto& w : weights) {
    for (float v : w.tensor.data) {
      uint32_t bits;
      std::memcpy(&bits, &v, 4);
      put_u32(out, bits);
    }
  }
  put_u32(out, crc32(out.data(), out.size()));
  return out;
}

LoadedModel load_model(const uint8_t* data, size_t size) {
  if (size == 0 || data == nullptr) throw Error("model_file.empty", {}, "not a CNN Lab model file: the file is empty");
  if (size < kMagic.size() || std::memcmp(data, kMagic.data(), kMagic.size()) != 0) refuse_foreign(data, size);
  if (size < kFixedHeader + kCrcBytes) refuse_truncated(kFixedHeader + kCrcBytes, size);
  uint32_t version = get_u32(data + 8);
  if (version != kModelFormatVersion)
    throw Error("model_file.version", {{"found", std::to_string(version)}, {"expected", std::to_string(kModelFormatVersion)}},
                "model file format version " + std::to_string(version) + " is not supported (this CNN Lab reads version " +
                    std::to_string(kModelFormatVersion) + ")");
  uint64_t header_bytes = get_u32(data + 12);
  uint64_t weights_bytes = get_u64(data + 16);
  if (header_bytes > kMaxHeaderBytes || weights_bytes > (uint64_t{1} << 40))
    throw Error("model_file.sizes", {}, "model file is corrupted: implausible section sizes in the fixed header");
  uint64_t expected = kFixedHeader + header_bytes + weights_bytes + kCrcBytes;
  if (size < expected) refuse_truncated(expected, size);
  if (size > expected)
    throw Error("model_file.trailing", {{"count", std::to_string(size - expected)}},
                "model file is corrupted: " + std::to_string(size - expected) + " unexpected bytes after the checksum");
  uint32_t stored = get_u32(data + expected - kCrcBytes);
  uint32_t actual = crc32(data, static_cast<size_t>(expected - kCrcBytes));
  if (stored != actual)
    throw Error("model_file.checksum", {}, "model file is corrupted: checksum mismatch (the bytes were changed after saving)");

  const char* htext = reinterpret_cast<const char*>(data + kFixedHeader);
  const json header = parse_json({htext, static_cast<size_t>(header_bytes)}, "model file header", kMaxHeaderBytes);
  if (header_field(header, "", "format", &json::is_string, "a text") != "cnnlab-model")
    throw Error("model_file.header", {{"field", "format"}}, "model file: header format is not cnnlab-model");
  const json& spec = header_field(header, "", "spec", &json::is_object, "an object");
  // Sizes before anything is allocated: the spec's layers need at least `needed` weights, all of
  // which must be in the file, so a small file cannot make the engine build a huge network.
  const std::vector<WeightEntry> index =
      index_weights(header_field(header, "", "weights", &json::is_array, "a list"), weights_bytes);
  const int64_t needed = spec_weight_floor(spec);
  if (static_cast<uint64_t>(needed) > weights_bytes / 4)
    throw Error("model_file.too_small", {{"needed", std::to_string(needed)}, {"holds", std::to_string(weights_bytes / 4)}},
                "model file: its spec needs at least " + std::to_string(needed) + " weights but the file holds " +
                    std::to_string(weights_bytes / 4) + " (truncated or altered?)");

  LoadedModel loaded;
  loaded.model = std::make_unique<Sequential>(spec.dump(), 0);
  const ModelSpec& model_spec = loaded.model->spec();
  const json& classes = header_field(header, "", "classes", &json::is_array, "a list of names");
  if (classes != json(model_spec.classes))
    throw Error("model_file.classes_mismatch", {}, "model file: header classes disagree with the spec's classes");
  const json& input = header_field(header, "", "input", &json::is_object, "an object");
  for (const auto& [key, value] : {std::pair{"channels", model_spec.channels}, {"height", model_spec.height}, {"width", model_spec.width}})
    if (!input.contains(key) || input[key] != value)
      throw Error("model_file.input_mismatch", {}, "model file: header input size disagrees with the spec's input");
  // Every parameter must come from the file (a missing one would silently stay random), with its shape.
  std::map<std::string, Shape> wanted;
  for (size_t i = 0; i < loaded.model->num_layers(); ++i)
    for (const Param* p : loaded.model->layer(i).params()) wanted[std::to_string(i) + "." + p->name] = p->value.shape;
  for (const WeightEntry& w : index) {
    const auto it = wanted.find(w.name);
    if (it == wanted.end())
      throw Error("model_file.weight_unknown", {{"name", w.name}}, "model file: the network has no weight named " + w.name);
    if (it->second != w.shape)
      throw Error("model_file.weight_shape_mismatch",
                  {{"name", w.name}, {"expected", shape_str(it->second)}, {"found", shape_str(w.shape)}},
                  "model file: weight " + w.name + " has shape " + shape_str(w.shape) + " but the spec makes it " +
                      shape_str(it->second));
    wanted.erase(it);
  }
  if (!wanted.empty())
    throw Error("model_file.weight_missing", {{"name", wanted.begin()->first}},
                "model file: weight " + wanted.begin()->first + " is missing");
  // A tensor the file marks as not trainable must be one its layer keeps out of training, and back.
  const std::vector<std::string> frozen = frozen_names(*loaded.model);
  for (const json& entry : header["weights"]) {
    const json* mark = entry.is_object() && entry.contains("trainable") ? &entry["trainable"] : nullptr;
    if (mark && !mark->is_boolean())
      throw Error("model_file.header", {{"field", "trainable"}}, "model file: a weight's 'trainable' is not true or false");
    const bool marked = mark && !mark->get<bool>();
    const std::string name = entry["name"].get<std::string>();
    if (marked != (std::find(frozen.begin(), frozen.end(), name) != frozen.end()))
      throw Error("model_file.trainable_mismatch", {{"name", name}},
                  "model file: weight " + name + " is marked as " + (marked ? "not trainable" : "trainable") +
                      ", but its layer says otherwise");
  }
  loaded.model->set_weights(read_weights(index, data + kFixedHeader + header_bytes));
  if (header.contains("preprocessing")) loaded.info.preprocessing_json = header["preprocessing"].dump();
  if (header.contains("created") && header["created"].is_object()) {
    const json& created = header["created"];
    auto text = [&](const char* key) { return created.contains(key) && created[key].is_string() ? created[key].get<std::string>() : ""; };
    loaded.info.created_by = text("by");
    loaded.info.created_at = text("at");
  }
  loaded.header_json = header.dump(-1, ' ', false, json::error_handler_t::replace);
  return loaded;
}

void write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string tmp = path + ".part";
  auto refuse = [&](const std::string& reason) {
    std::remove(tmp.c_str());
    throw Error("file.cannot_write", {{"path", path}, {"reason", reason}}, "cannot write " + path + ": " + reason);
  };
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) refuse(std::strerror(errno));
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) refuse("the write failed (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) refuse(std::strerror(errno));
}

}  // namespace cnnlab
