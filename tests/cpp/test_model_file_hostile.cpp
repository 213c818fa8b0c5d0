// test_model_file_hostile.cpp — forged model files: sizes checked against the file's length
// before the network is built, no JSON library text in any refusal, and a code for every refusal.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "hostile_fixtures.h"
#include "io/model_file.h"
#include "model.h"

namespace cnnlab {
namespace {

using nlohmann::json;
using testing::Bytes;
using testing::error_from;
using testing::param;

const char* kSpec = R"({"input":{"channels":1,"height":4,"width":4},"classes":["a","b"],
  "layers":[{"type":"conv2d","filters":2,"kernel":3,"padding":1},{"type":"relu"},{"type":"flatten"},
            {"type":"dense","units":2}]})";

// A real file's header and weights, to be altered and resealed.
struct Parts {
  json header;
  Bytes weights;
};
Parts parts_of(const std::string& spec) {
  ModelFileInfo info;
  info.created_at = "2024-01-01T00:00:00Z";
  const Bytes file = save_model(Sequential(spec, 3), info);
  const uint32_t h = file[12] | file[13] << 8 | file[14] << 16 | static_cast<uint32_t>(file[15]) << 24;
  return {json::parse(file.begin() + 24, file.begin() + 24 + h), Bytes(file.begin() + 24 + h, file.end() - 4)};
}

Error load_error(const json& header, const Bytes& weights) {
  const Bytes file = testing::forge_model_file(header.dump(), weights);
  return error_from([&] { load_model(file.data(), file.size()); });
}

TEST(ModelFileHostile, HugeSpecWithoutItsWeightsIsRefusedBeforeTheNetworkIsBuilt) {
  // The issue's file: 138 KB declaring a 12288→21845 dense layer (268 M weights, 1 GB of floats)
  // and holding none of them. It used to build the network (3 GB, 30 s) before finding
  // "weight 1.weight is missing".
  const std::string spec = R"({"input":{"channels":3,"height":64,"width":64},"classes":["a","b"],
    "layers":[{"type":"flatten"},{"type":"dense","units":21845},{"type":"dense","units":2}]})";
  json header = parts_of(kSpec).header;
  header["spec"] = json::parse(spec);
  header["input"] = {{"channels", 3}, {"height", 64}, {"width", 64}};
  header["weights"] = json::array();
  const Error e = load_error(header, Bytes(138000, 0));
  EXPECT_EQ(e.code, "model_file.too_small");
  EXPECT_EQ(param(e, "needed"), std::to_string(int64_t{12288} * 21845 + 21845 + 21845 * 2 + 2));
  EXPECT_EQ(param(e, "holds"), "34500");
}

TEST(ModelFileHostile, OverlappingWeightsCannotMultiplyTheFile) {
  Parts p = parts_of(kSpec);
  p.header["weights"][1]["offset"] = 0;  // 0.bias now overlaps 0.weight
  const Error e = load_error(p.header, p.weights);
  EXPECT_EQ(e.code, "model_file.weights_overlap") << e.what();
  Parts twice = parts_of(kSpec);
  twice.header["weights"].push_back(twice.header["weights"][0]);
  EXPECT_EQ(load_error(twice.header, twice.weights).code, "model_file.weight_duplicate");
}

TEST(ModelFileHostile, EveryWrongTypeInTheHeaderIsARefusalInPlainWords) {
  const Parts p = parts_of(kSpec);
  ASSERT_EQ(load_error(p.header, p.weights).code, "none");
  // Every field the loader reads, set to every kind of JSON value it is not.
  const std::vector<json::json_pointer> fields = {
      json::json_pointer("/format"),           json::json_pointer("/spec"),
      json::json_pointer("/classes"),          json::json_pointer("/classes/0"),
      json::json_pointer("/input"),            json::json_pointer("/input/height"),
      json::json_pointer("/weights"),          json::json_pointer("/weights/0"),
      json::json_pointer("/weights/0/name"),   json::json_pointer("/weights/0/shape"),
      json::json_pointer("/weights/0/shape/1"), json::json_pointer("/weights/0/offset"),
      json::json_pointer("/weights/0/dtype"),  json::json_pointer("/created"),
      json::json_pointer("/created/by"),       json::json_pointer("/preprocessing")};
  const std::vector<json> kinds = {nullptr, true, -1, 2.5, "text", json::array(), json::object(), json::array({1, "x"})};
  int refused = 0;
  for (const auto& field : fields)
    for (const json& kind : kinds) {
      json h = p.header;
      if (h[field] == kind) continue;
      h[field] = kind;
      const Error e = load_error(h, p.weights);
      const std::string what = e.what();
      EXPECT_EQ(what.find("json.exception"), std::string::npos) << field << " = " << kind << ": " << what;
      // A bad spec is the spec check's to name (its codes are the spec's, not the file's).
      if (field != json::json_pointer("/spec")) {
        EXPECT_NE(e.code, "engine") << field << " = " << kind << ": " << what;
      }
      refused += e.code != "none";
    }
  EXPECT_GT(refused, 90);
  // created and preprocessing are informative: odd values there do not make a file unreadable.
  json odd = p.header;
  odd["created"] = {{"by", 5}, {"at", nullptr}};
  EXPECT_EQ(load_error(odd, p.weights).code, "none");
}

TEST(ModelFileHostile, RefusalsCarryStableCodes) {
  const Parts p = parts_of(kSpec);
  const Bytes good = testing::forge_model_file(p.header.dump(), p.weights);
  auto code_of = [](const Bytes& b) { return error_from([&] { load_model(b.data(), b.size()); }); };
  EXPECT_EQ(code_of({}).code, "model_file.empty");
  const Error png = code_of({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0});
  EXPECT_EQ(png.code, "model_file.foreign");
  EXPECT_EQ(param(png, "format"), "PNG");
  EXPECT_STREQ(png.what(), "not a CNN Lab model file: it is a PNG image");
  EXPECT_EQ(code_of(Bytes{'{', '"'}).code, "model_file.spec_json");
  EXPECT_EQ(code_of(Bytes(40, 7)).code, "model_file.unknown");
  const Error cut = code_of(Bytes(good.begin(), good.end() - 9));
  EXPECT_EQ(cut.code, "model_file.truncated");
  EXPECT_EQ(param(cut, "expected"), std::to_string(good.size()));
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_EQ(code_of(longer).code, "model_file.trailing");
  Bytes flipped = good;
  flipped[good.size() / 2] ^= 1;
  EXPECT_EQ(code_of(flipped).code, "model_file.checksum");
  Bytes newer = good;
  newer[8] = 9;
  const Error version = code_of(newer);
  EXPECT_EQ(version.code, "model_file.version");
  EXPECT_EQ(param(version, "found"), "9");
  EXPECT_EQ(param(version, "expected"), std::to_string(kModelFormatVersion));

  json h = p.header;
  h["weights"][0]["shape"] = {2, 1, 3, 2};
  EXPECT_EQ(load_error(h, p.weights).code, "model_file.weight_shape_mismatch");
  h = p.header;
  h["weights"][3]["name"] = "9.bias";
  EXPECT_EQ(load_error(h, p.weights).code, "model_file.weight_unknown");
  h = p.header;
  h["weights"].erase(3);
  const Error missing = load_error(h, p.weights);
  EXPECT_EQ(missing.code, "model_file.weight_missing");
  EXPECT_EQ(param(missing, "name"), "3.bias");
  h = p.header;
  h["classes"] = {"a", "c"};
  EXPECT_EQ(load_error(h, p.weights).code, "model_file.classes_mismatch");
  h = p.header;
  h["input"]["width"] = 5;
  EXPECT_EQ(load_error(h, p.weights).code, "model_file.input_mismatch");
}

}  // namespace
}  // namespace cnnlab
