// test_saliency.cpp — Sequential::input_gradient (the saliency map): d(class logit)/dx checked
// against central differences on a small net of every layer kind; nothing else is disturbed.
#include <gtest/gtest.h>

#include "gradcheck.h"
#include "model.h"

namespace cnnlab {
namespace {

using testing::random_tensor;

const char* kSpec = R"({"input":{"channels":3,"height":6,"width":6},"classes":["a","b","c"],
  "layers":[{"type":"conv2d","filters":3,"kernel":3,"stride":1,"padding":1},{"type":"relu"},
            {"type":"maxpool2d","size":2,"stride":2},{"type":"conv2d","filters":2,"kernel":[2,3],"stride":[1,2],"padding":[0,1]},
            {"type":"tanh"},{"type":"flatten"},{"type":"dense","units":5},{"type":"sigmoid"},
            {"type":"dropout","rate":0.5},{"type":"dense","units":3}]})";

double logit(Sequential& net, const Tensor& x, int n, int k) {
  return net.forward(x, Mode::kEval).data[static_cast<size_t>(n) * 3 + k];
}

TEST(Saliency, InputGradientMatchesFiniteDifferences) {
  Sequential net(kSpec, 5);
  Rng rng(9);
  Tensor x = random_tensor({2, 3, 6, 6}, rng, 0.0f, 1.0f);
  for (int k = 0; k < 3; ++k) {
    const Tensor dx = net.input_gradient(x, k);
    ASSERT_EQ(dx.shape, x.shape);
    const double eps = 1e-3;
    for (size_t i = 0; i < x.data.size(); ++i) {
      const int n = static_cast<int>(i / (3 * 6 * 6));  // each sample's score depends on its own pixels only
      const float v = x.data[i];
      x.data[i] = v + static_cast<float>(eps);
      const double up = logit(net, x, n, k);
      x.data[i] = v - static_cast<float>(eps);
      const double down = logit(net, x, n, k);
      x.data[i] = v;
      testing::expect_close_grad(dx.data[i], (up - down) / (2 * eps), "class " + std::to_string(k) + " dx[" + std::to_string(i) + "]");
    }
  }
}

TEST(Saliency, ChangesNoWeightsLeavesGradsZeroAndTrainingStillSkipsTheFirstInputGradient) {
  Sequential net(kSpec, 5);
  Rng rng(3);
  const Tensor x = random_tensor({1, 3, 6, 6}, rng, 0.0f, 1.0f);
  const auto before = net.get_weights();
  net.input_gradient(x, 1);
  const auto after = net.get_weights();
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i].tensor.data, after[i].tensor.data) << before[i].name;
  for (Param* p : net.params())
    for (float g : p->grad.data) ASSERT_EQ(g, 0.0f) << p->name;
  // Back to training: the first conv layer's dx stays switched off (backward returns it empty).
  const int labels[1] = {2};
  net.loss_and_grads(x, labels);
  EXPECT_EQ(net.layer(0).backward(Tensor({1, 3, 6, 6})).size(), 0);
}

TEST(Saliency, RefusesAClassOutsideTheModel) {
  Sequential net(kSpec, 5);
  const Tensor x({1, 3, 6, 6});
  try {
    net.input_gradient(x, 3);
    FAIL() << "class 3 of 3 accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code, "saliency.class");
    EXPECT_NE(std::string(e.what()).find("0 to 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(net.input_gradient(x, -1), Error);
}

}  // namespace
}  // namespace cnnlab
