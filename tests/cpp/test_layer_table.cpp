// test_layer_table.cpp — the layer table (types, options, limits), coded spec refusals, size caps,
// and average pooling's forward pass by hand.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "layers/avgpool2d.h"
#include "model.h"
#include "refusal.h"
#include "spec.h"

namespace cnnlab {
namespace {

using nlohmann::json;
using testing::param;
using testing::refusal_of;

std::string spec_with(const std::string& layers, const std::string& input = R"({"channels":3,"height":8,"width":8})") {
  return R"({"input":)" + input + R"(,"classes":["a","b"],"layers":[)" + layers + "]}";
}

Error refused(const std::string& spec) {
  return refusal_of([&] { Sequential net(spec, 1); });
}

TEST(LayerTable, ListsEveryTypeWithItsOptions) {
  const json table = layer_types_json();
  std::vector<std::string> types;
  for (const json& t : table) types.push_back(t["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"conv2d", "maxpool2d", "avgpool2d", "dense", "flatten", "relu", "sigmoid",
                                             "tanh", "softmax", "dropout"}));
  const json& conv = table[0]["options"];
  ASSERT_EQ(conv.size(), 4u);
  EXPECT_EQ(conv[0], (json{{"name", "filters"}, {"kind", "int"}, {"default", nullptr}, {"min", 1}, {"max", 4096}, {"required", true}}));
  EXPECT_EQ(conv[1]["kind"], "pair");
  EXPECT_EQ(conv[3]["default"], 0);  // padding
  const json& pool = table[2]["options"];
  EXPECT_EQ(pool[1]["name"], "stride");
  EXPECT_EQ(pool[1]["default"], "size");  // pooling stride copies the window size, as PyTorch
  EXPECT_EQ(table[9]["options"][0]["kind"], "rate");
  EXPECT_TRUE(table[5]["options"].empty());
}

TEST(LayerTable, EveryTypeBuildsFromItsDefaults) {
  // Required options at a small value; everything else from the table's defaults.
  for (const json& t : layer_types_json()) {
    json layer = {{"type", t["type"]}};
    for (const json& o : t["options"])
      if (o["required"]) layer[o["name"].get<std::string>()] = o["kind"] == "rate" ? json(0.5) : json(2);
    const std::string type = t["type"];
    const bool flat = type == "dense";
    const std::string body = flat ? R"({"type":"flatten"},)" + layer.dump() : layer.dump();
    Sequential net(spec_with(body + R"(,{"type":"flatten"},{"type":"dense","units":2})"), 1);
    EXPECT_EQ(net.layer(flat ? 1 : 0).type(), type);
  }
}

TEST(LayerTable, MessagesListTheTableAndNameTheField) {
  Error e = refused(spec_with(R"({"type":"conv3d"})"));
  EXPECT_EQ(e.code, "spec.unknown_type");
  EXPECT_EQ(param(e, "types"), "conv2d, maxpool2d, avgpool2d, dense, flatten, relu, sigmoid, tanh, softmax, dropout");
  EXPECT_EQ(param(e, "layer"), "0");

  // A string where a layer object belongs, after a valid layer (the library's type_error before).
  e = refused(spec_with(R"({"type":"flatten"},"relu",{"type":"dense","units":2})"));
  EXPECT_EQ(e.code, "spec.layer_not_object");
  EXPECT_EQ(param(e, "layer"), "1");
  EXPECT_NE(std::string(e.what()).find("layer 1: must be an object"), std::string::npos) << e.what();

  e = refused(spec_with(R"({"type":"flatten"},{"type":"dropout","rate":1e999},{"type":"dense","units":2})"));
  EXPECT_EQ(e.code, "json.number_too_large");
  EXPECT_EQ(param(e, "number"), "1e999");
  EXPECT_EQ(param(e, "what"), "model spec");

  e = refused(spec_with(R"({"type":"avgpool2d","size":2,"padding":2},{"type":"flatten"})"));
  EXPECT_EQ(e.code, "spec.pool_padding");
  e = refused(spec_with(R"({"type":"avgpool2d","size":[2,"x"]},{"type":"flatten"})"));
  EXPECT_EQ(e.code, "spec.option_pair");
  EXPECT_EQ(param(e, "option"), "size");
  e = refused(spec_with(R"({"type":"flatten","units":3})"));
  EXPECT_EQ(e.code, "spec.no_options");
  e = refused(spec_with(R"({"type":"conv2d","kernel":3},{"type":"flatten"})"));
  EXPECT_EQ(e.code, "spec.missing_option");
  EXPECT_EQ(param(e, "option"), "filters");
  e = refused("{\"input\": ");
  EXPECT_EQ(e.code, "json.invalid");
  EXPECT_EQ(param(e, "column"), "11");  // the end of the text: the value is missing
}

TEST(LayerTable, ReluAfterPoolingStillPicksHeInitialisation) {
  // Same conv, one followed by avgpool then relu (He: std √(2/27) ≈ 0.27), one by tanh (Xavier
  // uniform, |w| ≤ √(6/(27+36)) ≈ 0.31): He's normal draws exceed Xavier's bound somewhere.
  auto max_abs = [](const std::string& after) {
    Sequential net(spec_with(R"({"type":"conv2d","filters":4,"kernel":3},)" + after + R"(,{"type":"flatten"},{"type":"dense","units":2})"), 3);
    const std::vector<NamedTensor> weights = net.get_weights();
    float m = 0;
    for (float v : weights[0].tensor.data) m = std::max(m, std::abs(v));
    return m;
  };
  EXPECT_GT(max_abs(R"({"type":"avgpool2d"},{"type":"relu"})"), 0.31f);
  EXPECT_LE(max_abs(R"({"type":"avgpool2d"},{"type":"tanh"})"), 0.31f);
}

TEST(SizeCaps, WeightCountsAre64BitAndCappedBeforeAllocation) {
  // 4096·1024·32·32 = 4.3 G weights: 2^32 + … wraps to 12,290 in 32 bits. Allocating it would
  // take 17 GB (a bad_alloc, not a refusal), so the code proves the check came first.
  Error e = refused(spec_with(R"({"type":"conv2d","filters":4096,"kernel":32},{"type":"flatten"})",
                              R"({"channels":1024,"height":32,"width":32})"));
  EXPECT_EQ(e.code, "net.layer_too_big");
  EXPECT_EQ(param(e, "count"), "4294971392");
  EXPECT_EQ(param(e, "layer"), "0");
  // The issue's model file: a 12288→21845 dense layer (268 M weights).
  e = refused(spec_with(R"({"type":"flatten"},{"type":"dense","units":21845})", R"({"channels":3,"height":64,"width":64})"));
  EXPECT_EQ(e.code, "net.layer_too_big");
  EXPECT_EQ(param(e, "layer"), "1");
  // Each layer under the cap, together over it.
  std::string layers = R"({"type":"flatten"})";
  for (int i = 0; i < 3; ++i) layers += R"(,{"type":"dense","units":4096})";
  e = refused(spec_with(layers + R"(,{"type":"dense","units":2})", R"({"channels":1,"height":64,"width":64})"));
  EXPECT_EQ(e.code, "net.too_big");
}

TEST(SizeCaps, ActivationMemoryIsBudgetedPerBatch) {
  // 16 filters on a 3×2048×2048 photo (averaged down to 16 numbers): the im2col scratch alone is
  // 2·27·4.2 M floats per image, about 1.5 GB with the outputs.
  Error e = refused(spec_with(R"({"type":"conv2d","filters":16,"kernel":3},{"type":"avgpool2d","size":2046},)"
                              R"({"type":"flatten"},{"type":"dense","units":2})",
                              R"({"channels":3,"height":2048,"width":2048})"));
  EXPECT_EQ(e.code, "net.memory");
  EXPECT_EQ(param(e, "batch"), "1");
  // A net that fits one image but not a large batch: refused when that batch comes.
  Sequential net(spec_with(R"({"type":"conv2d","filters":16,"kernel":3,"padding":1},{"type":"flatten"},{"type":"dense","units":2})",
                           R"({"channels":3,"height":256,"width":256})"), 1);
  EXPECT_TRUE(net.fits_batch(8));
  EXPECT_FALSE(net.fits_batch(4096));
  e = refusal_of([&] { net.check_memory(4096); });
  EXPECT_EQ(e.code, "net.memory");
  EXPECT_EQ(param(e, "batch"), "4096");
}

TEST(AvgPool, ForwardByHandCountsThePadding) {
  // 1×4×4 input 0..15; 2×2 windows, stride 2: the mean of each quarter.
  Tensor x({1, 1, 4, 4});
  for (int i = 0; i < 16; ++i) x.data[static_cast<size_t>(i)] = static_cast<float>(i);
  Pool2dConfig c;
  AvgPool2d pool({1, 4, 4}, c);
  EXPECT_EQ(pool.forward(x, Mode::kEval).data, (FloatBuffer{2.5f, 4.5f, 10.5f, 12.5f}));
  // 3×3 windows, stride 3, padding 1 on a 4×4 input → 2×2: the top-left window holds the real
  // cells 0, 1, 4, 5 and five padded zeros; it divides by 9 (count_include_pad, as PyTorch).
  Pool2dConfig p;
  p.kh = p.kw = 3;
  p.sh = p.sw = 3;
  p.ph = p.pw = 1;
  AvgPool2d padded({1, 4, 4}, p);
  const Tensor& y = padded.forward(x, Mode::kEval);
  EXPECT_EQ(y.shape, (Shape{1, 1, 2, 2}));
  EXPECT_FLOAT_EQ(y.data[0], (0 + 1 + 4 + 5) / 9.0f);
  EXPECT_FLOAT_EQ(y.data[3], (10 + 11 + 14 + 15) / 9.0f);
}

}  // namespace
}  // namespace cnnlab
