// test_optim.cpp — SGD, momentum, Nesterov and Adam against hand-computed values for three steps.
#include <gtest/gtest.h>

#include <cmath>

#include "optim/optimizer.h"

namespace cnnlab {
namespace {

// One weight (decayed) and one bias (never decayed), with fixed gradients per step.
struct TwoParams {
  Param w{"weight", Tensor({1}, {1.0f}), Tensor({1}), true};
  Param b{"bias", Tensor({1}, {0.5f}), Tensor({1}), false};
  std::vector<Param*> list() { return {&w, &b}; }
};

const float kGw[3] = {0.1f, -0.2f, 0.3f};
const float kGb[3] = {1.0f, 1.0f, -1.0f};

TEST(Optimizer, SgdMomentumThreeSteps) {
  OptimizerConfig c;
  c.type = "sgd", c.lr = 0.1f, c.momentum = 0.9f, c.weight_decay = 0.01f;
  auto opt = make_optimizer(c);
  TwoParams p;
  // By hand (torch.optim.SGD): g' = g + wd·w (weights only); v1 = g'; v = 0.9v + g'; w −= 0.1·v
  // w: g'1 = 0.1 + 0.01 = 0.11, v = 0.11, w = 0.989
  //    g'2 = −0.2 + 0.00989 = −0.19011, v = 0.099 − 0.19011 = −0.09111, w = 0.998111
  //    g'3 = 0.3 + 0.00998111 = 0.30998111, v = −0.081999 + 0.30998111 = 0.22798211, w = 0.975312789
  // b: v = 1, b = 0.4; v = 1.9, b = 0.21; v = 1.71 − 1 = 0.71, b = 0.139
  const double want_w[3] = {0.989, 0.998111, 0.975312789};
  const double want_b[3] = {0.4, 0.21, 0.139};
  for (int t = 0; t < 3; ++t) {
    p.w.grad.data[0] = kGw[t];
    p.b.grad.data[0] = kGb[t];
    opt->step(p.list());
    EXPECT_NEAR(p.w.value.data[0], want_w[t], 1e-6) << "step " << t + 1;
    EXPECT_NEAR(p.b.value.data[0], want_b[t], 1e-6) << "step " << t + 1;
  }
  EXPECT_EQ(opt->steps(), 3);
}

TEST(Optimizer, SgdNesterovThreeSteps) {
  OptimizerConfig c;
  c.type = "sgd", c.lr = 0.1f, c.momentum = 0.5f, c.nesterov = true;
  auto opt = make_optimizer(c);
  TwoParams p;
  // v1 = g; w −= lr·(g + μv): v = 0.1, w = 1 − 0.1·(0.1 + 0.05) = 0.985
  // v = 0.05 − 0.2 = −0.15, w = 0.985 − 0.1·(−0.2 − 0.075) = 1.0125
  // v = −0.075 + 0.3 = 0.225, w = 1.0125 − 0.1·(0.3 + 0.1125) = 0.97125
  const double want_w[3] = {0.985, 1.0125, 0.97125};
  for (int t = 0; t < 3; ++t) {
    p.w.grad.data[0] = kGw[t];
    p.b.grad.data[0] = kGb[t];
    opt->step(p.list());
    EXPECT_NEAR(p.w.value.data[0], want_w[t], 1e-6) << "step " << t + 1;
  }
}

TEST(Optimizer, AdamBiasCorrectionDividesThreeSteps) {
  OptimizerConfig c;
  c.type = "adam", c.lr = 0.1f, c.beta1 = 0.9f, c.beta2 = 0.999f, c.eps = 1e-8f, c.weight_decay = 0.1f;
  auto opt = make_optimizer(c);
  TwoParams p;
  // Independent double-precision evaluation of torch.optim.Adam's update, written out step by step.
  double w = 1.0, m = 0.0, v = 0.0, b = 0.5, mb = 0.0, vb = 0.0;
  for (int t = 1; t <= 3; ++t) {
    const double g = kGw[t - 1] + 0.1 * w, gb = kGb[t - 1];
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    w -= 0.1 * (m / (1 - std::pow(0.9, t))) / (std::sqrt(v / (1 - std::pow(0.999, t))) + 1e-8);
    mb = 0.9 * mb + 0.1 * gb;
    vb = 0.999 * vb + 0.001 * gb * gb;
    b -= 0.1 * (mb / (1 - std::pow(0.9, t))) / (std::sqrt(vb / (1 - std::pow(0.999, t))) + 1e-8);
    p.w.grad.data[0] = kGw[t - 1];
    p.b.grad.data[0] = kGb[t - 1];
    opt->step(p.list());
    EXPECT_NEAR(p.w.value.data[0], w, 1e-6) << "step " << t;
    EXPECT_NEAR(p.b.value.data[0], b, 1e-6) << "step " << t;
  }
}

// The first Adam step moves each parameter by ≈ lr·sign(g) whatever |g| is, because the bias
// corrections divide; multiplying instead (ConvNetJS PR #70) would move it by a different amount
TEST(Optimizer, AdamFirstStepIsLrTimesSign) {
  OptimizerConfig c;
  c.lr = 0.01f;
  auto opt = make_optimizer(c);
  TwoParams p;
  p.w.grad.data[0] = 123.0f;
  p.b.grad.data[0] = -0.001f;
  opt->step(p.list());
  EXPECT_NEAR(p.w.value.data[0], 1.0 - 0.01, 1e-6);
  EXPECT_NEAR(p.b.value.data[0], 0.5 + 0.01, 1e-5);
}

TEST(Optimizer, ConfigParsingAndRefusals) {
  const OptimizerConfig c = parse_optimizer_config(R"({"type":"sgd","lr":0.05,"momentum":0.9,"nesterov":true,"weightDecay":1e-4})");
  EXPECT_EQ(c.type, "sgd");
  EXPECT_FLOAT_EQ(c.lr, 0.05f);
  EXPECT_FLOAT_EQ(c.momentum, 0.9f);
  EXPECT_TRUE(c.nesterov);
  EXPECT_FLOAT_EQ(c.weight_decay, 1e-4f);
  auto refused = [](const std::string& json, const std::string& needle) {
    try {
      parse_optimizer_config(json);
      ADD_FAILURE() << "accepted " << json;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  refused(R"({"type":"rmsprop"})", "'type'");
  refused(R"({"lr":-1})", "'lr'");
  refused(R"({"momentum":1.5})", "'momentum'");
  refused(R"({"learning_rate":0.1})", "unknown setting 'learning_rate'");
  refused(R"({"type":"sgd","nesterov":true})", "nesterov");
  refused("{oops", "not valid JSON");
}

}  // namespace
}  // namespace cnnlab
