// tests/fuzz/fuzz_targets.cpp — the body of each fuzzer (see fuzz_targets.h).
#include "fuzz_targets.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>

#include "data/gzip.h"
#include "data/idx.h"
#include "data/image.h"
#include "io/model_file.h"
#include "json_parse.h"
#include "model.h"
#include "optim/optimizer.h"

namespace cnnlab::fuzz {

namespace {

// Networks whose activations for one sample exceed this are built but not run: running them
// tests the machine's memory, not the engine's checks.
constexpr int64_t kMaxRunFloats = int64_t{1} << 20;

int64_t activation_floats(const Sequential& model) {
  int64_t n = shape_size(model.input_shape());
  for (size_t i = 0; i < model.num_layers(); ++i) n += shape_size(model.layer(i).out_shape());
  return n;
}

// A batch of `n` inputs for `model`, deterministic but not constant.
Tensor some_input(const Sequential& model, int n) {
  Shape shape = model.input_shape();
  shape.insert(shape.begin(), n);
  Tensor x(shape);
  for (size_t i = 0; i < x.data.size(); ++i) x.data[i] = static_cast<float>((i * 37) % 101) / 100.0f;
  return x;
}

// A finding the sanitizers cannot see: stop the fuzzer with a message.
[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what);
  std::abort();
}

// True when every number in j is at most `max` in size. The spec's caps (on main: 2^28 weights
// per dense layer, nothing on a convolution's scratch memory) let a few bytes of spec ask for
// gigabytes; with sizes of at most 16 the largest net and its im2col buffers stay in the tens of
// megabytes. Once the engine caps a network's memory itself, this filter can go.
bool small_numbers(const nlohmann::json& j, double max) {
  if (j.is_number()) return std::abs(j.get<double>()) <= max;
  if (j.is_structured())
    for (const auto& v : j)
      if (!small_numbers(v, max)) return false;
  return true;
}

uint32_t get_u32(const std::vector<uint8_t>& b, size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
}
void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace

void image(const uint8_t* data, size_t size) {
  // The parity of the size picks grey or colour, so both conversions are fuzzed.
  const int channels = size % 2 ? 1 : 3;
  try {
    const Tensor t = decode_image(data, size, channels, 9, 12);
    for (float v : t.data)
      if (!(v >= 0.0f && v <= 1.0f)) finding("decoded pixel outside [0, 1]");
  } catch (const Error&) {
  }
}

void model_file(const uint8_t* data, size_t size) {
  // Mutations rarely keep a CRC-32 right, nor the section lengths that must add up to the file's
  // size. So when the first byte is even, the rest is a file without its checksum: the weights
  // length is fixed to fit and the right CRC appended, and mutations reach the header and the
  // weights. An odd first byte passes the rest on untouched, for the framing checks.
  if (size == 0) return;
  std::vector<uint8_t> file(data + 1, data + size);
  if (data[0] % 2 == 0) {
    if (file.size() >= 24) {
      const uint64_t header = get_u32(file, 12);
      if (24 + header <= file.size()) {
        const uint64_t weights = file.size() - 24 - header;
        put_u32(file, 16, static_cast<uint32_t>(weights));
        put_u32(file, 20, static_cast<uint32_t>(weights >> 32));
      }
    }
    file.resize(file.size() + 4);
    put_u32(file, file.size() - 4, crc32(file.data(), file.size() - 4, 0));  // model_file.h's
  }
  try {
    LoadedModel m = load_model(file.data(), file.size());
    if (activation_floats(*m.model) <= kMaxRunFloats) {
      const Tensor p = m.model->predict(some_input(*m.model, 2));
      // NaN is garbage in, garbage out: finite weights of 1e35 overflow float32 activations.
      for (float v : p.data)
        if (!std::isnan(v) && !(v >= 0.0f && v <= 1.0f)) finding("a loaded model predicts a probability outside [0, 1]");
    }
  } catch (const Error&) {
  }
}

void spec(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<uint8_t> file;
  try {
    if (!small_numbers(parse_json(text, "fuzz"), 16)) return;
    Sequential model(text, 1);
    if (activation_floats(model) > kMaxRunFloats) return;
    const int labels[2] = {0, model.num_classes() - 1};
    model.loss_and_grads(some_input(model, 2), labels);
    ModelFileInfo info;
    info.created_at = "2000-01-01T00:00:00Z";
    file = save_model(model, info);
  } catch (const Error&) {
    return;
  }
  // Whatever the engine accepts and saves, its loader must read back exactly.
  try {
    const LoadedModel loaded = load_model(file.data(), file.size());
    if (save_model(*loaded.model, loaded.info) != file) finding("a model file does not round-trip");
  } catch (const Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    finding("the loader refuses a model file the engine saved");
  }
}

void settings(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const OptimizerConfig config = parse_optimizer_config(text);
    Param p{"weight", Tensor({3}), Tensor({3}), true};
    p.grad.data = {0.5f, -1.0f, 0.0f};
    make_optimizer(config)->step({&p});
  } catch (const Error&) {
  }
  try {
    parse_json(text, "fuzz", 1 << 16);
  } catch (const Error&) {
  }
}

void idx(const uint8_t* data, size_t size) {
  // Byte 0: bit 0 picks grey or colour output; byte 1: how many of the following bytes are the
  // labels file; the rest is the images file. Either may be gzipped.
  if (size < 2) return;
  const size_t labels_size = std::min<size_t>(data[1], size - 2);
  const uint8_t* labels = data + 2;
  const uint8_t* images = labels + labels_size;
  try {
    const Dataset d = idx_to_dataset(maybe_gunzip({images, data + size}), maybe_gunzip({labels, labels + labels_size}),
                                     data[0] % 2 ? 1 : 3, 6, 5, "images", "labels");
    if (d.pixels.size() != d.size() * d.sample_size()) finding("data set pixels do not match its size");
  } catch (const Error&) {
  }
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"image", image}, {"model_file", model_file}, {"spec", spec}, {"settings", settings}, {"idx", idx}};
  return all;
}

}  // namespace cnnlab::fuzz
