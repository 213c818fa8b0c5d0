// test_model_file.cpp — model file: exact round trip, CRC-32, and a refusal for every kind of bad file.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/model_file.h"
#include "model.h"

namespace cnnlab {
namespace {

using Bytes = std::vector<uint8_t>;

const char* kSpec = R"({"input":{"channels":3,"height":6,"width":6},"classes":["ants","bees","wasps"],
  "layers":[{"type":"conv2d","filters":4,"kernel":3,"stride":1,"padding":1},{"type":"relu"},
            {"type":"maxpool2d","size":2,"stride":2},{"type":"flatten"},
            {"type":"dense","units":5},{"type":"tanh"},{"type":"dropout","rate":0.5},{"type":"dense","units":3}]})";

ModelFileInfo fixed_info() {
  ModelFileInfo info;
  info.created_at = "2024-01-02T03:04:05Z";
  return info;
}

Tensor random_input(int n, uint32_t seed) {
  Rng rng(seed);
  Tensor x({n, 3, 6, 6});
  for (float& v : x.data) v = rng.uniform();
  return x;
}

// The error message of load_model on `bytes`, or "" when it loaded.
std::string refusal(const Bytes& bytes) {
  try {
    load_model(bytes.data(), bytes.size());
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

uint32_t get_u32(const Bytes& b, size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
}
void put_u32(Bytes* b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*b)[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}
// Recomputes the trailing checksum, so a test reaches the checks that come after it.
void reseal(Bytes* b) { put_u32(b, b->size() - 4, crc32(b->data(), b->size() - 4)); }

// A well-sealed file with the given header JSON and weights section, as a forger would write it.
Bytes forge(const std::string& header, const Bytes& weights) {
  Bytes b = {'C', 'N', 'N', 'L', 'A', 'B', 0x00, 0x1A};
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  u32(kModelFormatVersion);
  u32(static_cast<uint32_t>(header.size()));
  u32(static_cast<uint32_t>(weights.size()));
  u32(0);
  b.insert(b.end(), header.begin(), header.end());
  b.insert(b.end(), weights.begin(), weights.end());
  u32(0);
  reseal(&b);
  return b;
}

// The header JSON and weights section of a real file.
void split_file(const Bytes& file, nlohmann::json* header, Bytes* weights) {
  uint32_t h = get_u32(file, 12);
  *header = nlohmann::json::parse(file.begin() + 24, file.begin() + 24 + h);
  weights->assign(file.begin() + 24 + h, file.end() - 4);
}

TEST(ModelFile, Crc32MatchesTheStandardCheckValue) {
  const char* check = "123456789";  // the CRC-32/ISO-HDLC check value is 0xCBF43926
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t*>(check), 9), 0xCBF43926u);
  EXPECT_EQ(crc32(nullptr, 0), 0u);
  // Incremental use gives the same value as one pass.
  uint32_t part = crc32(reinterpret_cast<const uint8_t*>(check), 4);
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t*>(check) + 4, 5, part), 0xCBF43926u);
}

TEST(ModelFile, RoundTripIsBitExactAndPredictsTheSame) {
  Sequential a(kSpec, 7);
  const Bytes file = save_model(a, fixed_info());
  LoadedModel b = load_model(file.data(), file.size());
  const auto wa = a.get_weights(), wb = b.model->get_weights();
  ASSERT_EQ(wa.size(), wb.size());
  for (size_t i = 0; i < wa.size(); ++i) {
    EXPECT_EQ(wa[i].name, wb[i].name);
    EXPECT_EQ(wa[i].tensor.shape, wb[i].tensor.shape);
    ASSERT_EQ(wa[i].tensor.data.size(), wb[i].tensor.data.size());
    EXPECT_EQ(std::memcmp(wa[i].tensor.data.data(), wb[i].tensor.data.data(), wa[i].tensor.data.size() * 4), 0)
        << wa[i].name;
  }
  EXPECT_EQ(b.model->spec().classes, (std::vector<std::string>{"ants", "bees", "wasps"}));
  EXPECT_EQ(b.model->input_shape(), (Shape{3, 6, 6}));
  EXPECT_EQ(b.info.created_at, "2024-01-02T03:04:05Z");
  EXPECT_NE(b.info.preprocessing_json.find("0..1"), std::string::npos);
  const Tensor x = random_input(4, 11);
  EXPECT_EQ(a.predict(x).data, b.model->predict(x).data);
  // Saving what was loaded gives the same bytes: nothing is lost or invented on the way.
  EXPECT_EQ(save_model(*b.model, b.info), file);
}

TEST(ModelFile, HeaderIsSelfDescribingAndWeightsAligned) {
  Sequential a(kSpec, 7);
  const Bytes file = save_model(a, fixed_info());
  nlohmann::json header;
  Bytes weights;
  split_file(file, &header, &weights);
  EXPECT_EQ(header["format"], "cnnlab-model");
  EXPECT_EQ(header["version"], kModelFormatVersion);
  EXPECT_EQ(header["input"]["channels"], 3);
  EXPECT_EQ(header["classes"].size(), 3u);
  EXPECT_EQ(header["spec"]["layers"].size(), 8u);
  EXPECT_EQ(header["weights"][0]["name"], "0.weight");
  EXPECT_EQ(header["weights"][0]["shape"], nlohmann::json({4, 3, 3, 3}));
  EXPECT_EQ(get_u32(file, 12) % 4, 0u);
  EXPECT_EQ(weights.size(), static_cast<size_t>(a.num_params()) * 4);
  // The first weight's first float, read back little-endian from the file.
  uint32_t bits = get_u32(weights, 0);
  float v;
  std::memcpy(&v, &bits, 4);
  EXPECT_EQ(v, a.get_weights()[0].tensor.data[0]);
}

TEST(ModelFile, RefusesEmptyAndForeignFiles) {
  EXPECT_NE(refusal({}).find("empty"), std::string::npos);
  const Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
  EXPECT_NE(refusal(png).find("PNG"), std::string::npos);
  const Bytes jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
  EXPECT_NE(refusal(jpeg).find("JPEG"), std::string::npos);
  const std::string spec = kSpec;
  EXPECT_NE(refusal(Bytes(spec.begin(), spec.end())).find("spec"), std::string::npos);
  Rng rng(5);
  for (size_t size : {1u, 7u, 8u, 100u, 5000u}) {
    Bytes noise(size);
    for (uint8_t& b : noise) b = static_cast<uint8_t>(rng.next_u32());
    EXPECT_NE(refusal(noise).find("not a CNN Lab model file"), std::string::npos) << size;
  }
}

TEST(ModelFile, RefusesEveryTruncation) {
  const Bytes file = save_model(Sequential(kSpec, 1), fixed_info());
  const size_t header_end = 24 + get_u32(file, 12);
  for (size_t cut : {size_t{1}, size_t{7}, size_t{8}, size_t{12}, size_t{23}, size_t{24}, size_t{40}, header_end - 1,
                     header_end, header_end + 5, file.size() - 4, file.size() - 1}) {
    const std::string msg = refusal(Bytes(file.begin(), file.begin() + static_cast<long>(cut)));
    EXPECT_TRUE(msg.find("truncated") != std::string::npos || msg.find("not a CNN Lab") != std::string::npos)
        << "cut at " << cut << ": " << msg;
  }
  Bytes longer = file;
  longer.push_back(0);
  EXPECT_NE(refusal(longer).find("unexpected bytes"), std::string::npos);
}

TEST(ModelFile, RefusesAnySingleBitFlip) {
  const Bytes file = save_model(Sequential(kSpec, 1), fixed_info());
  for (size_t i = 0; i < file.size(); ++i) {
    Bytes bad = file;
    bad[i] ^= static_cast<uint8_t>(1u << (i % 8));
    EXPECT_NE(refusal(bad), "") << "flip in byte " << i << " was not noticed";
  }
  Bytes bad = file;
  bad[file.size() / 2] ^= 0x10;
  EXPECT_NE(refusal(bad).find("checksum"), std::string::npos);
}

TEST(ModelFile, RefusesOtherFormatVersions) {
  Bytes file = save_model(Sequential(kSpec, 1), fixed_info());
  put_u32(&file, 8, kModelFormatVersion + 1);
  reseal(&file);
  const std::string msg = refusal(file);
  EXPECT_NE(msg.find("version 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not supported"), std::string::npos) << msg;
}

TEST(ModelFile, RefusesSealedFilesWhoseHeaderLies) {
  const Bytes file = save_model(Sequential(kSpec, 1), fixed_info());
  nlohmann::json header;
  Bytes weights;
  split_file(file, &header, &weights);
  EXPECT_EQ(refusal(forge(header.dump(), weights)), "");  // the forger itself is faithful

  EXPECT_NE(refusal(forge("{not json", weights)).find("not valid JSON"), std::string::npos);
  auto changed = [&](const std::function<void(nlohmann::json&)>& edit, const Bytes& w) {
    nlohmann::json h = header;
    edit(h);
    return refusal(forge(h.dump(), w));
  };
  EXPECT_NE(changed([](auto& h) { h["weights"][1]["offset"] = 1u << 30; }, weights).find("outside"), std::string::npos);
  EXPECT_NE(changed([](auto& h) { h["weights"][0]["offset"] = 2; }, weights).find("outside"), std::string::npos);
  EXPECT_NE(changed([](auto& h) { h["weights"][0]["shape"] = {4, 3, 3, 2}; }, weights), "");
  EXPECT_NE(changed([](auto& h) { h["weights"][0]["shape"] = {-4, 3, 3, 3}; }, weights).find("bad shape"),
            std::string::npos);
  EXPECT_NE(changed([](auto& h) { h["weights"].erase(3); }, weights), "");
  EXPECT_NE(changed([](auto& h) { h["weights"][0]["dtype"] = "float16"; }, weights).find("dtype"), std::string::npos);
  EXPECT_NE(changed([](auto& h) { h["classes"] = {"a", "b", "c"}; }, weights).find("classes"), std::string::npos);
  EXPECT_NE(changed([](auto& h) { h["input"]["width"] = 7; }, weights).find("input"), std::string::npos);
  EXPECT_NE(changed([](auto& h) { h["spec"]["layers"][0]["type"] = "bogus"; }, weights), "");
  EXPECT_NE(changed([](auto& h) { h.erase("spec"); }, weights).find("the header's 'spec' is missing"), std::string::npos);
  EXPECT_NE(changed([](auto& h) { h["format"] = "other"; }, weights).find("format"), std::string::npos);
  Bytes nan_weights = weights;
  put_u32(&nan_weights, 0, 0x7FC00000u);  // a quiet NaN
  EXPECT_NE(changed([](auto&) {}, nan_weights).find("NaN"), std::string::npos);
}

}  // namespace
}  // namespace cnnlab
