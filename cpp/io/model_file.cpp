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
#include <nlohmann/json.hpp>

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

// Names what a foreign file looks like, so the message helps ("this is a PNG image").
std::string describe_foreign(const uint8_t* data, size_t size) {
  auto starts = [&](const char* sig, size_t n) { return size >= n && std::memcmp(data, sig, n) == 0; };
  if (starts("\x89PNG", 4)) return "it is a PNG image";
  if (starts("\xFF\xD8\xFF", 3)) return "it is a JPEG image";
  if (starts("GIF8", 4)) return "it is a GIF image";
  if (starts("BM", 2)) return "it looks like a BMP image";
  if (starts("PK\x03\x04", 4)) return "it is a ZIP archive";
  if (starts("\x08", 1) || starts("ONNX", 4)) return "it may be an ONNX or protobuf file";
  if (starts("{", 1)) return "it looks like JSON (a model spec?), not a trained model";
  return "it does not start with the CNN Lab signature";
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

// Reads the header's weight list against the weights section [0, weights_bytes).
std::vector<NamedTensor> read_weights(const json& index, const uint8_t* wdata, uint64_t weights_bytes) {
  if (!index.is_array()) throw Error("model file: header field 'weights' is not a list");
  std::vector<NamedTensor> out;
  for (const auto& entry : index) {
    NamedTensor nt;
    nt.name = entry.at("name").get<std::string>();
    if (entry.value("dtype", "float32") != "float32")
      throw Error("model file: weight " + nt.name + " has unsupported dtype " + entry.at("dtype").dump());
    Shape shape = entry.at("shape").get<Shape>();
    uint64_t count = 1;
    for (int d : shape) {
      if (d <= 0 || d > (1 << 28)) throw Error("model file: weight " + nt.name + " has a bad shape");
      count *= static_cast<uint64_t>(d);
      if (count > weights_bytes) throw Error("model file: weight " + nt.name + " is larger than the file");
    }
    uint64_t offset = entry.at("offset").get<uint64_t>();
    if (offset % 4 != 0 || offset > weights_bytes || count * 4 > weights_bytes - offset)
      throw Error("model file: weight " + nt.name + " lies outside the weights section");
    nt.tensor = Tensor(shape);
    const uint8_t* p = wdata + offset;
    for (uint64_t i = 0; i < count; ++i) {
      uint32_t bits = get_u32(p + 4 * i);
      float v;
      std::memcpy(&v, &bits, 4);
      if (!std::isfinite(v)) throw Error("model file: weight " + nt.name + " contains NaN or infinity");
      nt.tensor.data[i] = v;
    }
    out.push_back(std::move(nt));
  }
  return out;
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
      {"spec", json::parse(model.spec().json)},
      {"classes", model.spec().classes},
      {"input", {{"channels", model.spec().channels}, {"height", model.spec().height}, {"width", model.spec().width}}},
      {"preprocessing", json::parse(info.preprocessing_json)},
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
  if (size == 0 || data == nullptr) throw Error("not a CNN Lab model file: the file is empty");
  if (size < kMagic.size() || std::memcmp(data, kMagic.data(), kMagic.size()) != 0)
    throw Error("not a CNN Lab model file: " + describe_foreign(data, size));
  if (size < kFixedHeader + kCrcBytes)
    throw Error("model file is truncated: " + std::to_string(size) + " bytes is shorter than the fixed header");
  uint32_t version = get_u32(data + 8);
  if (version != kModelFormatVersion)
    throw Error("model file format version " + std::to_string(version) +
                " is not supported (this CNN Lab reads version " + std::to_string(kModelFormatVersion) + ")");
  uint64_t header_bytes = get_u32(data + 12);
  uint64_t weights_bytes = get_u64(data + 16);
  if (header_bytes > kMaxHeaderBytes || weights_bytes > (uint64_t{1} << 40))
    throw Error("model file is corrupted: implausible section sizes in the fixed header");
  uint64_t expected = kFixedHeader + header_bytes + weights_bytes + kCrcBytes;
  if (size < expected)
    throw Error("model file is truncated: expected " + std::to_string(expected) + " bytes, got " + std::to_string(size));
  if (size > expected)
    throw Error("model file is corrupted: " + std::to_string(size - expected) + " unexpected bytes after the checksum");
  uint32_t stored = get_u32(data + expected - kCrcBytes);
  uint32_t actual = crc32(data, static_cast<size_t>(expected - kCrcBytes));
  if (stored != actual) throw Error("model file is corrupted: checksum mismatch (the bytes were changed after saving)");

  const char* htext = reinterpret_cast<const char*>(data + kFixedHeader);
  json header = json::parse(htext, htext + header_bytes, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) throw Error("model file: the header is not valid JSON");
  LoadedModel loaded;
  try {
    if (header.value("format", "") != "cnnlab-model") throw Error("model file: header format is not cnnlab-model");
    loaded.model = std::make_unique<Sequential>(header.at("spec").dump(), 0);
    const ModelSpec& spec = loaded.model->spec();
    if (header.at("classes").get<std::vector<std::string>>() != spec.classes)
      throw Error("model file: header classes disagree with the spec's classes");
    const json& input = header.at("input");
    if (input.at("channels").get<int>() != spec.channels || input.at("height").get<int>() != spec.height ||
        input.at("width").get<int>() != spec.width)
      throw Error("model file: header input size disagrees with the spec's input");
    std::vector<NamedTensor> weights = read_weights(header.at("weights"), data + kFixedHeader + header_bytes, weights_bytes);
    // Every parameter must come from the file: a missing one would silently stay random.
    for (const NamedTensor& expected : loaded.model->get_weights()) {
      auto found = std::find_if(weights.begin(), weights.end(), [&](const NamedTensor& w) { return w.name == expected.name; });
      if (found == weights.end()) throw Error("model file: weight " + expected.name + " is missing");
    }
    // A tensor the file marks as not trainable must be one its layer keeps out of training, and back.
    const std::vector<std::string> frozen = frozen_names(*loaded.model);
    for (const json& entry : header.at("weights")) {
      const bool marked = !entry.value("trainable", true);
      if (marked != (std::find(frozen.begin(), frozen.end(), entry.at("name").get<std::string>()) != frozen.end()))
        throw Error("model file: weight " + entry.at("name").get<std::string>() + " is marked as " +
                    (marked ? "not trainable" : "trainable") + ", but its layer says otherwise");
    }
    loaded.model->set_weights(weights);
    if (header.contains("preprocessing")) loaded.info.preprocessing_json = header["preprocessing"].dump();
    if (header.contains("created")) {
      loaded.info.created_by = header["created"].value("by", "");
      loaded.info.created_at = header["created"].value("at", "");
    }
  } catch (const json::exception& e) {
    throw Error(std::string("model file: malformed header (") + e.what() + ")");
  }
  loaded.header_json = header.dump(-1, ' ', false, json::error_handler_t::replace);
  return loaded;
}

void write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string tmp = path + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write " + path + ": " + std::strerror(errno));
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw Error("cannot write " + path + " (disk full?)");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error("cannot write " + path + ": " + std::strerror(errno));
  }
}

}  // namespace cnnlab
