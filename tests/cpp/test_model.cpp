// test_model.cpp — spec validation messages, shapes and parameter counts, weights round trip, learning.
#include <gtest/gtest.h>

#include "loss.h"
#include "model.h"
#include "optim/optimizer.h"

namespace cnnlab {
namespace {

const char* kLectureCnn = R"({"input":{"channels":3,"height":32,"width":32},"classes":["ants","bees"],
  "layers":[{"type":"conv2d","filters":16,"kernel":3,"stride":1,"padding":1},{"type":"relu"},
            {"type":"maxpool2d","size":2,"stride":2},
            {"type":"conv2d","filters":32,"kernel":3,"stride":1,"padding":1},{"type":"relu"},
            {"type":"maxpool2d","size":2,"stride":2},{"type":"flatten"},
            {"type":"dense","units":64},{"type":"relu"},{"type":"dropout","rate":0.5},{"type":"dense","units":2}]})";

TEST(Model, LectureCnnShapesAndParameterCount) {
  Sequential net(kLectureCnn, 1);
  ASSERT_EQ(net.num_layers(), 11u);
  EXPECT_EQ(net.layer(0).out_shape(), (Shape{16, 32, 32}));
  EXPECT_EQ(net.layer(2).out_shape(), (Shape{16, 16, 16}));
  EXPECT_EQ(net.layer(5).out_shape(), (Shape{32, 8, 8}));
  EXPECT_EQ(net.layer(6).out_shape(), (Shape{2048}));
  // conv1 16·3·9+16, conv2 32·16·9+32, dense 64·2048+64, dense 2·64+2 (the PyTorch count)
  EXPECT_EQ(net.num_params(), 448 + 4640 + 131136 + 130);
  const auto w = net.get_weights();
  ASSERT_EQ(w.size(), 8u);
  EXPECT_EQ(w[0].name, "0.weight");
  EXPECT_EQ(w[0].tensor.shape, (Shape{16, 3, 3, 3}));
  EXPECT_EQ(w[7].name, "10.bias");
}

TEST(Model, SameSeedSameWeightsOtherSeedOther) {
  Sequential a(kLectureCnn, 5), b(kLectureCnn, 5), c(kLectureCnn, 6);
  EXPECT_EQ(a.get_weights()[0].tensor.data, b.get_weights()[0].tensor.data);
  EXPECT_NE(a.get_weights()[0].tensor.data, c.get_weights()[0].tensor.data);
}

TEST(Model, SetWeightsRoundTripAndRefusalsChangeNothing) {
  Sequential a(kLectureCnn, 1), b(kLectureCnn, 2);
  b.set_weights(a.get_weights());
  Rng rng(3);
  Tensor x({2, 3, 32, 32});
  for (float& v : x.data) v = rng.uniform();
  EXPECT_EQ(a.predict(x).data, b.predict(x).data);
  const auto before = b.get_weights();
  auto bad = a.get_weights();
  bad[3].tensor = Tensor({1});
  EXPECT_THROW(b.set_weights(bad), Error);
  EXPECT_THROW(b.set_weights({{"99.weight", Tensor({1})}}), Error);
  EXPECT_EQ(b.get_weights()[0].tensor.data, before[0].tensor.data);
}

std::string one_layer(const std::string& layer, const std::string& input = R"({"channels":3,"height":8,"width":8})",
                      int classes = 2) {
  std::string cls;
  for (int i = 0; i < classes; ++i) cls += (i ? ",\"c" : "\"c") + std::to_string(i) + "\"";
  return R"({"input":)" + input + R"(,"classes":[)" + cls + R"(],"layers":[)" + layer + "]}";
}

void expect_refused(const std::string& spec, const std::string& needle) {
  try {
    Sequential net(spec, 1);
    ADD_FAILURE() << "accepted: " << spec;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << "message: " << e.what();
  }
}

TEST(Model, BadSpecsNameTheLayerAndTheProblem) {
  expect_refused(one_layer(R"({"type":"conv3d"})"), "layer 0 (conv3d): unknown layer type");
  expect_refused(one_layer(R"({"type":"conv2d","filters":2,"kernel":9},{"type":"flatten"})"),
                 "layer 0 (conv2d): kernel 9×9 is larger than its padded input 8×8");
  expect_refused(one_layer(R"({"type":"flatten"},{"type":"dense","units":0})"), "layer 1 (dense): 'units' must be");
  expect_refused(one_layer(R"({"type":"dense","units":2})"), "layer 0 (dense): needs a flat input");
  expect_refused(one_layer(R"({"type":"flatten"},{"type":"dense","unit":2})"), "layer 1 (dense): unknown option 'unit'");
  expect_refused(one_layer(R"({"type":"flatten"},{"type":"dense","units":3})"), "gives 3 outputs but there are 2 classes");
  expect_refused(one_layer(R"({"type":"conv2d","filters":2,"kernel":3})"), "must end in one value per class");
  expect_refused(one_layer(R"({"type":"maxpool2d","size":2,"padding":2},{"type":"flatten"})"), "layer 0 (maxpool2d): padding");
  expect_refused(one_layer(R"({"type":"flatten"},{"type":"dropout","rate":1.5})"), "layer 1 (dropout): 'rate'");
  expect_refused(one_layer(R"({"type":"conv2d","filters":2,"kernel":[3,3,3]})"), "layer 0 (conv2d): 'kernel'");
  expect_refused(one_layer(R"({"type":"conv2d","filters":2,"kernel":3,"stride":0})"), "layer 0 (conv2d): 'stride'");
  expect_refused(one_layer(R"({"type":"flatten"},{"type":"conv2d","filters":2,"kernel":1})"), "layer 1 (conv2d): needs an image-shaped input");
  expect_refused(one_layer(R"({"kind":"relu"})"), "layer 0: missing \"type\"");
  expect_refused(R"({"input":{"channels":0,"height":8,"width":8},"classes":["a"],"layers":[{"type":"flatten"}]})", "input: 'channels'");
  expect_refused(R"({"input":{"channels":1,"height":8,"width":8},"classes":[],"layers":[{"type":"flatten"}]})", "\"classes\"");
  expect_refused("[1,2", "not valid JSON");
}

TEST(Model, WrongInputShapeIsRefused) {
  Sequential net(kLectureCnn, 1);
  try {
    net.forward(Tensor({1, 1, 32, 32}), Mode::kEval);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("expected N×3×32×32"), std::string::npos) << e.what();
  }
}

TEST(Loss, MatchesDirectFormulaAndIsStableForHugeLogits) {
  Tensor logits({2, 3}, {1.0f, 2.0f, 3.0f, 1000.0f, 0.0f, -1000.0f});
  const int labels[2] = {2, 1};
  Tensor d;
  int correct = 0;
  const float loss = softmax_cross_entropy(logits, labels, &d, &correct);
  const double l0 = -std::log(std::exp(3.0) / (std::exp(1.0) + std::exp(2.0) + std::exp(3.0)));
  const double l1 = 1000.0;  // −log softmax = lse − x_y ≈ 1000 − 0
  EXPECT_NEAR(loss, (l0 + l1) / 2, 1e-4);
  EXPECT_EQ(correct, 1);
  EXPECT_NEAR(d.data[2], (std::exp(3.0) / (std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 1) / 2, 1e-6);
  EXPECT_NEAR(d.data[3], 0.5, 1e-6);
  EXPECT_NEAR(d.data[4], -0.5, 1e-6);
  const int bad[2] = {0, 3};
  EXPECT_THROW(softmax_cross_entropy(logits, bad), Error);
}

// A tiny separable image problem: class 0 has a bright vertical bar, class 1 a horizontal bar,
// at random positions with noise. A small CNN must reach 100% training accuracy.
TEST(Learning, SmallCnnFitsSeparableImages) {
  const std::string spec = R"({"input":{"channels":1,"height":8,"width":8},"classes":["vertical","horizontal"],
    "layers":[{"type":"conv2d","filters":4,"kernel":3,"padding":1},{"type":"relu"},{"type":"maxpool2d","size":2},
              {"type":"flatten"},{"type":"dense","units":8},{"type":"relu"},{"type":"dense","units":2}]})";
  Sequential net(spec, 7);
  auto opt = make_optimizer(parse_optimizer_config(R"({"type":"adam","lr":0.01})"));
  Rng rng(8);
  const int n = 32;
  Tensor x({n, 1, 8, 8});
  std::vector<int> y(n);
  for (int i = 0; i < n; ++i) {
    y[i] = i % 2;
    const int pos = 1 + rng.below(6);
    for (int r = 0; r < 8; ++r)
      for (int c = 0; c < 8; ++c) {
        const bool bar = y[i] == 0 ? c == pos : r == pos;
        x.data[static_cast<size_t>(i * 64 + r * 8 + c)] = (bar ? 0.8f : 0.0f) + 0.2f * rng.uniform();
      }
  }
  Tensor d;
  int correct = 0;
  float first = 0, last = 0;
  for (int step = 0; step < 150; ++step) {
    net.zero_grad();
    last = softmax_cross_entropy(net.forward(x, Mode::kTrain), y.data(), &d);
    if (step == 0) first = last;
    net.backward(d);
    opt->step(net.params());
  }
  softmax_cross_entropy(net.forward(x, Mode::kEval), y.data(), nullptr, &correct);
  EXPECT_EQ(correct, n);
  EXPECT_LT(last, 0.1f * first);
}

}  // namespace
}  // namespace cnnlab
