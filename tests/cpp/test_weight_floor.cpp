// test_weight_floor.cpp — the weights a spec needs, counted from its JSON before anything is built,
// equal what the engine builds and never more.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/weight_floor.h"
#include "model.h"

namespace cnnlab {
namespace {

using nlohmann::json;

TEST(WeightFloor, EqualsTheParametersOfEveryBuiltNetwork) {
  std::ifstream in(std::string(CNNLAB_SOURCE_DIR) + "/tests/bench/fashion_mnist_spec.json");
  std::stringstream fashion;
  fashion << in.rdbuf();
  const std::vector<std::string> specs = {
      fashion.str(),
      R"({"input":{"channels":3,"height":32,"width":32},"classes":["ants","bees"],"layers":[
          {"type":"conv2d","filters":16,"kernel":3,"stride":1,"padding":1},{"type":"relu"},
          {"type":"maxpool2d","size":2,"stride":2},{"type":"flatten"},{"type":"dense","units":64},{"type":"relu"},
          {"type":"dropout","rate":0.5},{"type":"dense","units":2}]})",
      R"({"input":{"channels":2,"height":11,"width":7},"classes":["a","b","c"],"layers":[
          {"type":"conv2d","filters":3,"kernel":[3,2],"stride":[2,1],"padding":[1,0]},{"type":"tanh"},
          {"type":"maxpool2d","size":[3,2],"padding":1},{"type":"conv2d","filters":4,"kernel":2,"stride":2},
          {"type":"sigmoid"},{"type":"flatten"},{"type":"dense","units":3},{"type":"softmax"}]})",
      R"({"input":{"channels":3,"height":5,"width":5},"classes":["p","q"],"layers":[
          {"type":"conv2d","filters":2,"kernel":5},{"type":"flatten"}]})",
      R"({"input":{"channels":1,"height":9,"width":9},"classes":["p","q"],"layers":[
          {"type":"maxpool2d"},{"type":"maxpool2d","size":3,"stride":1},{"type":"flatten"},{"type":"dense","units":2}]})",
  };
  for (const std::string& spec : specs) EXPECT_EQ(spec_weight_floor(json::parse(spec)), Sequential(spec, 1).num_params()) << spec;
}

TEST(WeightFloor, StopsCountingWhereItCannotFollow) {
  const json dense = {{"type", "dense"}, {"units", 1000}};
  json spec = {{"input", {{"channels", 1}, {"height", 10}, {"width", 10}}},
               {"layers", {{{"type", "flatten"}}, dense, {{"type", "some_new_layer"}}, dense}}};
  EXPECT_EQ(spec_weight_floor(spec), 100 * 1000 + 1000) << "the dense layer after the unknown one is not counted";
  spec["layers"][2] = {{"type", "dense"}, {"units", "many"}};
  EXPECT_EQ(spec_weight_floor(spec), 100 * 1000 + 1000);
  spec["layers"][0] = {{"type", "conv2d"}, {"filters", 2}, {"kernel", 11}};  // larger than the input
  EXPECT_EQ(spec_weight_floor(spec), 0);
  EXPECT_EQ(spec_weight_floor(json::array()), 0);
  EXPECT_EQ(spec_weight_floor({{"input", 3}, {"layers", json::array()}}), 0);
  // Sizes no spec accepts saturate instead of overflowing.
  const json huge = {{"input", {{"channels", 1 << 20}, {"height", 1 << 20}, {"width", 1 << 20}}},
                     {"layers", {{{"type", "flatten"}}, {{"type", "dense"}, {"units", 1 << 20}}}}};
  EXPECT_EQ(spec_weight_floor(huge), int64_t{1} << 62);
}

}  // namespace
}  // namespace cnnlab
