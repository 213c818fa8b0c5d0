// io/model_file.h — the versioned, self-describing, checksummed model file (CLI and page alike).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../crc32.h"  // the file ends in a CRC-32
#include "../model.h"

namespace cnnlab {

// Layout (all integers little-endian):
//   [0, 8)    magic "CNNLAB\0\x1A"
//   [8, 12)   u32 format version (kModelFormatVersion)
//   [12, 16)  u32 header length H (bytes of UTF-8 JSON, padded with spaces to a multiple of 4)
//   [16, 24)  u64 weights length W (bytes)
//   [24, 24+H)        header JSON: format, spec, classes, input, preprocessing, created,
//                     weights [{name, shape, dtype:"float32", offset}] (offsets into the weights)
//   [24+H, 24+H+W)    float32 little-endian weights, in the order the header lists them
//   [24+H+W, +4)      u32 CRC-32 (IEEE 802.3, as zlib/PNG) of every byte before it
constexpr uint32_t kModelFormatVersion = 1;

// What the model file says beyond the network itself.
struct ModelFileInfo {
  // How pixels become the input tensor; the decoder's policy, recorded so readers can match it.
  std::string preprocessing_json =
      R"({"scale":"0..1","layout":"NCHW","resize":"center-crop","alpha":"composite-on-white"})";
  std::string created_by = "cnnlab";
  std::string created_at;  // ISO 8601 UTC; filled with the current time when empty
};

// The model and everything the header carried.
struct LoadedModel {
  std::unique_ptr<Sequential> model;
  ModelFileInfo info;
  std::string header_json;  // the whole header, for tools that want to show it
};

std::vector<uint8_t> save_model(const Sequential& model, const ModelFileInfo& info = {});
// Refuses (throws Error with a readable reason) truncated, corrupted, foreign and newer files,
// and files whose weights do not fit their spec. Never reads outside [data, data+size).
LoadedModel load_model(const uint8_t* data, size_t size);

// Writes `bytes` to path + ".part", then renames it over `path`: an interrupted save never leaves
// a half-written model. Errors name the path. (Reading: read_file in data/file.h.)
void write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace cnnlab
