// test_gradients.cpp — finite-difference checks of every layer (inputs and parameters) and a whole network.
#include <gtest/gtest.h>

#include <numeric>

#include "gradcheck.h"
#include "layers/activations.h"
#include "layers/avgpool2d.h"
#include "layers/conv2d.h"
#include "layers/dense.h"
#include "layers/maxpool2d.h"
#include "loss.h"
#include "model.h"

namespace cnnlab {
namespace {

using testing::check_layer_gradients;
using testing::random_tensor;

Conv2dConfig conv(int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
  Conv2dConfig c;
  c.filters = filters;
  c.kh = kh, c.kw = kw, c.sh = sh, c.sw = sw, c.ph = ph, c.pw = pw;
  return c;
}

struct ConvCase {
  Shape in;
  Conv2dConfig cfg;
  int batch;
};

// "in2x6x6_k3x3_s2x2_p0x0_n2": readable test names (and ctest's GetParam() note) instead of bytes.
std::string describe(const ConvCase& c) {
  auto pair = [](int a, int b) { return std::to_string(a) + "x" + std::to_string(b); };
  return "in" + std::to_string(c.in[0]) + "x" + pair(c.in[1], c.in[2]) + "_k" + pair(c.cfg.kh, c.cfg.kw) + "_s" +
         pair(c.cfg.sh, c.cfg.sw) + "_p" + pair(c.cfg.ph, c.cfg.pw) + "_n" + std::to_string(c.batch);
}
std::string case_name(const ::testing::TestParamInfo<ConvCase>& info) { return describe(info.param); }
void PrintTo(const ConvCase& c, std::ostream* os) { *os << describe(c); }

class ConvGradient : public ::testing::TestWithParam<ConvCase> {};

TEST_P(ConvGradient, InputAndParameters) {
  const ConvCase& c = GetParam();
  Rng rng(3);
  Conv2d layer(c.in, c.cfg, true);
  layer.init(rng);
  for (float& b : layer.params()[1]->value.data) b = rng.uniform(-0.5f, 0.5f);
  Shape xs{c.batch};
  xs.insert(xs.end(), c.in.begin(), c.in.end());
  check_layer_gradients(layer, random_tensor(xs, rng));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ConvGradient,
    ::testing::Values(ConvCase{{1, 5, 5}, conv(2, 3, 3, 1, 1, 0, 0), 1},
                      ConvCase{{2, 6, 6}, conv(3, 3, 3, 2, 2, 0, 0), 2},         // stride 2
                      ConvCase{{2, 5, 4}, conv(2, 3, 3, 1, 1, 1, 1), 2},         // padding, non-square input
                      ConvCase{{3, 6, 7}, conv(2, 2, 3, 1, 2, 1, 0), 3},         // non-square kernel, mixed stride
                      ConvCase{{1, 7, 7}, conv(2, 3, 5, 2, 1, 2, 1), 2},         // stride 2 + padding 2
                      ConvCase{{2, 4, 4}, conv(4, 4, 4, 1, 1, 0, 0), 2}),       // kernel = input
    case_name);

TEST(DenseGradient, InputAndParameters) {
  Rng rng(5);
  for (int units : {1, 4}) {
    Dense layer({6}, units, false);
    layer.init(rng);
    for (float& b : layer.params()[1]->value.data) b = rng.uniform(-0.5f, 0.5f);
    check_layer_gradients(layer, random_tensor({3, 6}, rng));
  }
}

TEST(MaxPoolGradient, RoutesToWinners) {
  struct Case { Shape in; Pool2dConfig cfg; };
  for (const Case& c : {Case{{2, 4, 4}, {2, 2, 2, 2, 0, 0}}, Case{{1, 5, 5}, {3, 3, 2, 2, 1, 1}},
                        Case{{2, 5, 6}, {2, 3, 1, 2, 0, 1}}}) {
    MaxPool2d layer(c.in, c.cfg);
    // Distinct values spaced well beyond eps, so no perturbation changes a window's winner.
    const int64_t n = 2 * shape_size(c.in);
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    Rng rng(9);
    rng.shuffle(order);
    Tensor x({2, c.in[0], c.in[1], c.in[2]});
    for (int64_t i = 0; i < n; ++i) x.data[static_cast<size_t>(i)] = 0.05f * static_cast<float>(order[static_cast<size_t>(i)]);
    check_layer_gradients(layer, x);
  }
}

TEST(AvgPoolGradient, EveryCellOfEveryWindow) {
  // No kinks: the check holds for any input, padded windows, overlapping windows and odd strides.
  struct Case { Shape in; Pool2dConfig cfg; };
  for (const Case& c : {Case{{2, 4, 4}, {2, 2, 2, 2, 0, 0}}, Case{{1, 5, 5}, {3, 3, 2, 2, 1, 1}},
                        Case{{2, 5, 6}, {2, 3, 1, 2, 0, 1}}, Case{{1, 6, 5}, {3, 2, 1, 1, 1, 1}}}) {
    AvgPool2d layer(c.in, c.cfg);
    Rng rng(19);
    check_layer_gradients(layer, random_tensor({2, c.in[0], c.in[1], c.in[2]}, rng));
  }
}

TEST(ActivationGradient, ReluSigmoidTanh) {
  Rng rng(11);
  for (auto kind : {Activation::Kind::kRelu, Activation::Kind::kSigmoid, Activation::Kind::kTanh}) {
    Activation layer({2, 3, 3}, kind);
    Tensor x = random_tensor({2, 2, 3, 3}, rng, -2.0f, 2.0f);
    for (float& v : x.data)
      if (std::abs(v) < 0.05f) v += 0.1f;  // keep relu's kink out of the finite-difference window
    check_layer_gradients(layer, x);
  }
}

TEST(SoftmaxGradient, Input) {
  Rng rng(13);
  Softmax layer({5});
  check_layer_gradients(layer, random_tensor({3, 5}, rng, -3.0f, 3.0f));
}

TEST(FlattenGradient, Input) {
  Rng rng(15);
  Flatten layer({2, 3, 2});
  check_layer_gradients(layer, random_tensor({2, 2, 3, 2}, rng));
}

TEST(DropoutGradient, TrainModeUsesTheSameMask) {
  // forward() draws a fresh mask each call, so check backward against the mask it used.
  auto rng = std::make_shared<Rng>(17);
  Dropout layer({50}, 0.4f, rng);
  Rng data(1);
  const Tensor x = random_tensor({4, 50}, data);
  const Tensor y = layer.forward(x, Mode::kTrain);
  const Tensor dy = random_tensor({4, 50}, data);
  const Tensor& dx = layer.backward(dy);
  int dropped = 0;
  for (size_t i = 0; i < x.data.size(); ++i) {
    if (y.data[i] == 0.0f) {
      ++dropped;
      EXPECT_EQ(dx.data[i], 0.0f);
    } else {
      EXPECT_NEAR(y.data[i], x.data[i] / 0.6f, 1e-6);
      EXPECT_NEAR(dx.data[i], dy.data[i] / 0.6f, 1e-6);
    }
  }
  EXPECT_GT(dropped, 40);  // ≈ 0.4 · 200 = 80
  EXPECT_LT(dropped, 120);
  const Tensor& ye = layer.forward(x, Mode::kEval);
  EXPECT_EQ(ye.data, x.data);
}

// The whole lecture-style network with the fused loss: dL/dx and dL/dθ for every parameter
// entry, probed by central differences through Sequential::forward + softmax_cross_entropy.
TEST(NetworkGradient, WholeNetworkWithLoss) {
  const std::string spec = R"({"input":{"channels":2,"height":6,"width":6},"classes":["a","b","c"],
    "layers":[{"type":"conv2d","filters":3,"kernel":3,"stride":1,"padding":1},{"type":"tanh"},
              {"type":"maxpool2d","size":2,"stride":2},{"type":"conv2d","filters":2,"kernel":[2,3],"stride":[1,2],"padding":[0,1]},
              {"type":"sigmoid"},{"type":"flatten"},{"type":"dense","units":5},{"type":"relu"},{"type":"dense","units":3}]})";
  Sequential net(spec, 21);
  Rng rng(23);
  const Tensor x = random_tensor({2, 2, 6, 6}, rng, 0.0f, 1.0f);
  const int labels[2] = {0, 2};
  Tensor dlogits;
  net.zero_grad();
  net.forward(x, Mode::kTrain);
  softmax_cross_entropy(net.forward(x, Mode::kTrain), labels, &dlogits);
  net.zero_grad();
  net.backward(dlogits);
  const double eps = 1e-3;
  for (Param* p : net.params()) {
    for (size_t i = 0; i < p->value.data.size(); ++i) {
      const float v = p->value.data[i];
      p->value.data[i] = v + static_cast<float>(eps);
      const double up = softmax_cross_entropy(net.forward(x, Mode::kEval), labels);
      p->value.data[i] = v - static_cast<float>(eps);
      const double down = softmax_cross_entropy(net.forward(x, Mode::kEval), labels);
      p->value.data[i] = v;
      testing::expect_close_grad(p->grad.data[i], (up - down) / (2 * eps), p->name + "[" + std::to_string(i) + "]");
    }
  }
}

}  // namespace
}  // namespace cnnlab
