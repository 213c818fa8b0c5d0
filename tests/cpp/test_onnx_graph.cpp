// test_onnx_graph.cpp — the ONNX graph of every layer type: operators, attributes, weights and
// metadata, read back through libprotobuf's strict JSON parser and onnx.proto (as the CLI encodes).
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/onnx_graph.h"
#include "model.h"
#include "onnx.pb.h"

namespace cnnlab {
namespace {

// Every layer type; a non-square kernel with stride and padding, padded pooling, a softmax over
// image-shaped features, and bias sizes of 12, 16 and 8 bytes (each remainder of base64's groups of 3).
const char* kAllLayers = R"({"input":{"channels":1,"height":9,"width":10},"classes":["a","b"],
  "layers":[{"type":"conv2d","filters":3,"kernel":[3,5],"stride":[2,1],"padding":[1,2]},{"type":"sigmoid"},
            {"type":"maxpool2d","size":3,"stride":2,"padding":1},{"type":"softmax"},{"type":"tanh"},
            {"type":"flatten"},{"type":"dense","units":4},{"type":"relu"},{"type":"dropout","rate":0.25},
            {"type":"dense","units":2}]})";

onnx::ModelProto parse(const std::string& model_json) {
  onnx::ModelProto proto;
  // Strict: a field name that is not in onnx.proto fails here (protobufjs would drop it silently).
  const auto status = google::protobuf::util::JsonStringToMessage(model_json, &proto);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return proto;
}

std::vector<int64_t> ints(const onnx::NodeProto& node, const std::string& name) {
  for (const auto& a : node.attribute())
    if (a.name() == name) return {a.ints().begin(), a.ints().end()};
  ADD_FAILURE() << node.op_type() << " has no attribute " << name;
  return {};
}

const onnx::NodeProto& node_named(const onnx::GraphProto& g, const std::string& name) {
  for (const auto& n : g.node())
    if (n.name() == name) return n;
  throw std::runtime_error("no node " + name);
}

TEST(OnnxGraph, EveryLayerTypeBecomesItsOperatorsInOrder) {
  Sequential model(kAllLayers, 3);
  const onnx::ModelProto proto = parse(onnx_model_json(model));
  std::vector<std::string> ops;
  for (const auto& n : proto.graph().node()) ops.push_back(n.op_type());
  EXPECT_EQ(ops, (std::vector<std::string>{"Conv", "Sigmoid", "MaxPool", "Flatten", "Softmax", "Reshape", "Tanh",
                                           "Flatten", "Gemm", "Relu", "Identity", "Gemm", "Softmax"}));
  EXPECT_EQ(proto.ir_version(), kOnnxIrVersion);
  ASSERT_EQ(proto.opset_import_size(), 1);
  EXPECT_EQ(proto.opset_import(0).version(), kOnnxOpset);
  EXPECT_EQ(proto.opset_import(0).domain(), "");
}

// libprotobuf takes a lone object for a repeated field; protobufjs (the page) insists on a list.
TEST(OnnxGraph, RepeatedFieldsAreListsForStricterReaders) {
  Sequential model(kAllLayers, 3);
  const nlohmann::json proto = nlohmann::json::parse(onnx_model_json(model));
  for (const auto& node : proto.at("graph").at("node")) {
    for (const char* key : {"input", "output", "attribute"})
      if (node.contains(key)) EXPECT_TRUE(node[key].is_array()) << node.at("name") << " " << key;
  }
  for (const char* key : {"node", "initializer", "input", "output"}) EXPECT_TRUE(proto["graph"][key].is_array()) << key;
}

TEST(OnnxGraph, WindowsKeepKernelStrideAndPaddingPerAxis) {
  Sequential model(kAllLayers, 3);
  const onnx::GraphProto g = parse(onnx_model_json(model)).graph();
  const auto& conv = node_named(g, "0.conv2d");
  EXPECT_EQ(ints(conv, "kernel_shape"), (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(ints(conv, "strides"), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(ints(conv, "pads"), (std::vector<int64_t>{1, 2, 1, 2}));  // [top, left, bottom, right]
  EXPECT_EQ(conv.input(1), "0.weight");
  EXPECT_EQ(conv.input(2), "0.bias");
  const auto& pool = node_named(g, "2.maxpool2d");
  EXPECT_EQ(ints(pool, "kernel_shape"), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(ints(pool, "strides"), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(ints(pool, "pads"), (std::vector<int64_t>{1, 1, 1, 1}));
  const auto& gemm = node_named(g, "6.dense");
  ASSERT_EQ(gemm.attribute_size(), 1);
  EXPECT_EQ(gemm.attribute(0).name(), "transB");  // W is [out, in], as stored
  EXPECT_EQ(gemm.attribute(0).i(), 1);
}

TEST(OnnxGraph, PoolStrideDefaultsToItsSize) {
  Sequential model(R"({"input":{"channels":2,"height":8,"width":8},"classes":["a","b"],
    "layers":[{"type":"maxpool2d","size":[2,4]},{"type":"flatten"},{"type":"dense","units":2}]})",
                   1);
  const onnx::ModelProto proto = parse(onnx_model_json(model));
  const auto& pool = node_named(proto.graph(), "0.maxpool2d");
  EXPECT_EQ(ints(pool, "strides"), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(ints(pool, "pads"), (std::vector<int64_t>{0, 0, 0, 0}));
}

TEST(OnnxGraph, ImageShapedSoftmaxIsFlattenedAndGivenItsShapeBack) {
  Sequential model(kAllLayers, 3);
  const onnx::GraphProto g = parse(onnx_model_json(model)).graph();
  const auto& reshape = node_named(g, "3.softmax");
  EXPECT_EQ(reshape.op_type(), "Reshape");
  for (const auto& t : g.initializer()) {
    if (t.name() != reshape.input(1)) continue;
    ASSERT_EQ(t.data_type(), onnx::TensorProto::INT64);
    std::vector<int64_t> shape(4);
    ASSERT_EQ(t.raw_data().size(), 32u);
    std::memcpy(shape.data(), t.raw_data().data(), 32);  // little-endian, as this host
    const Shape& in = model.layer(3).in_shape();
    EXPECT_EQ(shape, (std::vector<int64_t>{0, in[0], in[1], in[2]}));
    return;
  }
  FAIL() << "no shape initializer for the softmax";
}

TEST(OnnxGraph, InitializersAreTheWeightsBitForBitUnderTheirEngineNames) {
  Sequential model(kAllLayers, 7);
  const onnx::GraphProto g = parse(onnx_model_json(model)).graph();
  std::vector<NamedTensor> weights = model.get_weights();
  int found = 0;
  for (const auto& t : g.initializer()) {
    if (t.data_type() != onnx::TensorProto::FLOAT) continue;
    const auto w =
        std::find_if(weights.begin(), weights.end(), [&](const NamedTensor& n) { return n.name == t.name(); });
    ASSERT_NE(w, weights.end()) << t.name();
    EXPECT_EQ(std::vector<int64_t>(t.dims().begin(), t.dims().end()),
              std::vector<int64_t>(w->tensor.shape.begin(), w->tensor.shape.end()));
    ASSERT_EQ(t.raw_data().size(), w->tensor.data.size() * 4) << t.name();
    EXPECT_EQ(std::memcmp(t.raw_data().data(), w->tensor.data.data(), t.raw_data().size()), 0) << t.name();
    ++found;
  }
  EXPECT_EQ(found, static_cast<int>(weights.size()));
}

TEST(OnnxGraph, InputOutputsAndMetadataDescribeThePreprocessing) {
  Sequential model(kAllLayers, 3);
  const onnx::ModelProto proto = parse(onnx_model_json(model, {true, "9.9.9", ""}));
  const onnx::GraphProto& g = proto.graph();
  ASSERT_EQ(g.input_size(), 1);
  EXPECT_EQ(g.input(0).name(), "image");
  const auto& dims = g.input(0).type().tensor_type().shape().dim();
  ASSERT_EQ(dims.size(), 4);
  EXPECT_EQ(dims[0].dim_param(), "batch");
  EXPECT_EQ(dims[1].dim_value(), 1);
  EXPECT_EQ(dims[2].dim_value(), 9);
  EXPECT_EQ(dims[3].dim_value(), 10);
  ASSERT_EQ(g.output_size(), 2);
  EXPECT_EQ(g.output(0).name(), "logits");
  EXPECT_EQ(g.output(1).name(), "probs");
  EXPECT_EQ(g.node(g.node_size() - 2).output(0), "logits");
  EXPECT_EQ(proto.producer_name(), "cnnlab");
  EXPECT_EQ(proto.producer_version(), "9.9.9");
  std::map<std::string, std::string> meta;
  for (const auto& p : proto.metadata_props()) meta[p.key()] = p.value();
  EXPECT_EQ(nlohmann::json::parse(meta.at("classes")), nlohmann::json({"a", "b"}));
  EXPECT_NE(meta.at("input").find("[N, 1, 9, 10] (NCHW), grey pixels scaled to [0, 1]"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(meta.at("preprocessing")).at("scale"), "0..1");
  EXPECT_EQ(nlohmann::json::parse(meta.at("cnnlab_spec")), nlohmann::json::parse(model.spec().json));
}

TEST(OnnxGraph, WithoutProbsTheLogitsAreTheOnlyOutput) {
  Sequential model(kAllLayers, 3);
  const onnx::GraphProto g = parse(onnx_model_json(model, {false, "", ""})).graph();
  ASSERT_EQ(g.output_size(), 1);
  EXPECT_EQ(g.output(0).name(), "logits");
  EXPECT_EQ(g.node(g.node_size() - 1).op_type(), "Gemm");
  EXPECT_EQ(g.node(g.node_size() - 1).output(0), "logits");
}

TEST(OnnxGraph, SerialisesAndParsesBackUnchanged) {
  Sequential model(kAllLayers, 3);
  const onnx::ModelProto proto = parse(onnx_model_json(model));
  std::string bytes;
  ASSERT_TRUE(proto.SerializeToString(&bytes));
  onnx::ModelProto back;
  ASSERT_TRUE(back.ParseFromString(bytes));
  EXPECT_EQ(back.SerializeAsString(), bytes);
  EXPECT_EQ(back.graph().node_size(), proto.graph().node_size());
}

}  // namespace
}  // namespace cnnlab
