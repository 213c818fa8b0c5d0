// conformance_test.cpp — runs ONNX's own operator test vectors (libonnx-testdata, converted by
// convert.py into $CNNLAB_CONFORMANCE_DIR/manifest.json) through the engine's public API.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "loss.h"
#include "model.h"
#include "onnx_cases.h"
#include "optim/optimizer.h"

namespace cnnlab::conformance {
namespace {

using nlohmann::json;

// A value passes when |got − want| ≤ kTolerance · max(1, |want|): relative above 1, absolute
// below (sums that cancel to ~0 keep the rounding error of their larger terms).
constexpr double kTolerance = 1e-5;

struct Manifest {
  json root;
  std::map<std::string, const json*> by_name;
};

// Loaded once; throws (failing every test loudly) when the converted vectors are missing.
const Manifest& manifest() {
  static const Manifest m = [] {
    // ctest sets the folder (CMakeLists.txt) after its onnx_vectors fixture wrote it; run by
    // hand, the binary looks in its build's folder.
    const char* dir = std::getenv("CNNLAB_CONFORMANCE_DIR");
    const std::string folder = dir && *dir ? dir : CNNLAB_BINARY_DIR "/conformance";
    const std::string path = folder + "/manifest.json";
    std::ifstream f(path);
    if (!f)
      throw std::runtime_error("cannot read " + path + ": run ctest (its onnx_vectors fixture converts them) or "
                               "/usr/bin/python3 tests/conformance/convert.py " + folder);
    Manifest out;
    out.root = json::parse(f);
    for (const json& c : out.root.at("cases")) out.by_name[c.at("name").get<std::string>()] = &c;
    return out;
  }();
  return m;
}

Shape shape_of(const json& j) { return j.get<Shape>(); }

Tensor tensor_of(const json& j) {
  return Tensor(shape_of(j.at("shape")), j.at("data").get<std::vector<float>>());
}

// Passes when every value is within kTolerance; otherwise names the worst value.
::testing::AssertionResult all_close(const FloatBuffer& got, const json& want,
                                     const std::string& what) {
  const auto expected = want.get<std::vector<double>>();
  if (got.size() != expected.size())
    return ::testing::AssertionFailure() << what << ": " << got.size() << " values, ONNX has "
                                         << expected.size();
  size_t bad = 0, worst = 0;
  double worst_ratio = 0.0, max_abs = 0.0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double err = std::abs(static_cast<double>(got[i]) - expected[i]);
    const double ratio = err / (kTolerance * std::max(1.0, std::abs(expected[i])));
    if (!(ratio <= 1.0)) ++bad;  // NaN counts as bad
    if (!(ratio <= worst_ratio)) worst_ratio = ratio, worst = i;
    max_abs = std::max(max_abs, err);
  }
  // The measured error goes into the ctest/XML record (errors as a fraction of the tolerance).
  std::ostringstream measured;
  measured << std::setprecision(3) << max_abs << " abs, " << worst_ratio << " of tolerance";
  ::testing::Test::RecordProperty(what + "_max_error", measured.str());
  if (bad == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << what << ": " << bad << " of " << got.size() << " values differ beyond 1e-5·max(1, "
         << "|want|); worst at flat index " << worst << ": got " << std::setprecision(9)
         << got[worst] << ", ONNX " << expected[worst];
}

// One layer (plus flatten) built from the spec convert.py wrote; the compared layer's output
// must have the ONNX output's shape and values.
void run_network(const json& c) {
  Sequential net(c.at("spec").dump(), 1);
  std::vector<NamedTensor> weights;
  for (const auto& [name, t] : c.at("weights").items()) weights.push_back({name, tensor_of(t)});
  if (!weights.empty()) net.set_weights(weights);
  net.forward(tensor_of(c.at("input")), Mode::kEval);
  const Tensor& y = net.layer(c.at("compare_layer").get<size_t>()).output();
  EXPECT_EQ(shape_str(y.shape), shape_str(shape_of(c.at("expected").at("shape"))));
  EXPECT_TRUE(all_close(y.data, c.at("expected").at("data"), "output"));
}

void run_sce(const json& c) {
  const Tensor logits = tensor_of(c.at("logits"));
  const auto labels = c.at("labels").get<std::vector<int>>();
  ASSERT_EQ(static_cast<int>(labels.size()), logits.dim(0));
  const float loss = softmax_cross_entropy(logits, labels.data());
  EXPECT_TRUE(all_close({loss}, json::array({c.at("expected")}), "loss"));
}

// ONNX Momentum at T=0 (ai.onnx.preview.training):
//   g' = G + norm_coefficient·X;  V_new = alpha·V + g';
//   X_new = X − R·V_new  (standard)  or  X − R·(g' + alpha·V_new)  (nesterov).
// SGD's velocity starts at the first gradient (as PyTorch), so one step with gradient V and no
// decay loads the ONNX input V into it; the ONNX step follows. V_new is read back by a probe step
// from x = 0 with g = 0, lr = 1: x becomes −alpha·V_new (standard) or −alpha²·V_new (nesterov).
void run_momentum(const json& c) {
  OptimizerConfig config;
  config.type = "sgd";
  config.lr = c.at("lr").get<float>();
  config.momentum = c.at("alpha").get<float>();
  config.nesterov = c.at("nesterov").get<bool>();
  config.weight_decay = c.at("norm_coefficient").get<float>();
  const auto opt = make_optimizer(config);

  const json& xs = c.at("x");
  std::vector<Param> params(xs.size());
  std::vector<Param*> ptrs;
  for (size_t k = 0; k < xs.size(); ++k) {
    params[k] = {"x" + std::to_string(k), tensor_of(xs[k]), tensor_of(c.at("v")[k]), false};
    ptrs.push_back(&params[k]);
  }
  opt->step(ptrs);  // loads V
  for (size_t k = 0; k < xs.size(); ++k) {
    params[k].value = tensor_of(xs[k]);
    params[k].grad = tensor_of(c.at("g")[k]);
    params[k].decay = true;
  }
  opt->step(ptrs);  // the ONNX step
  for (size_t k = 0; k < xs.size(); ++k)
    EXPECT_TRUE(all_close(params[k].value.data, c.at("x_new")[k].at("data"), "X_new" + std::to_string(k)));

  for (Param& p : params) {
    p.value.zero();
    p.grad.zero();
    p.decay = false;
  }
  opt->set_lr(1.0f);
  opt->step(ptrs);  // the probe
  const double alpha = config.momentum;
  const double scale = config.nesterov ? -alpha * alpha : -alpha;
  for (size_t k = 0; k < xs.size(); ++k) {
    FloatBuffer v_new;
    for (float x : params[k].value.data) v_new.push_back(static_cast<float>(x / scale));
    EXPECT_TRUE(all_close(v_new, c.at("v_new")[k].at("data"), "V_new" + std::to_string(k)));
  }
}

class OnnxCase : public ::testing::TestWithParam<const char*> {};

TEST_P(OnnxCase, MatchesOnnx) {
  const auto& cases = manifest().by_name;
  const auto it = cases.find(GetParam());
  if (it == cases.end()) FAIL() << GetParam() << " is missing from the manifest; re-run convert.py";
  const json& c = *it->second;
  RecordProperty("onnx_source", c.at("source").get<std::string>());
  if (c.at("status") == "skip") GTEST_SKIP() << c.at("reason").get<std::string>();
  RecordProperty("mapping", c.at("mapping").get<std::string>());
  const std::string kind = c.at("kind");
  if (kind == "network") {
    run_network(c);
  } else if (kind == "sce") {
    run_sce(c);
  } else if (kind == "momentum") {
    run_momentum(c);
  } else {
    FAIL() << "unknown case kind '" << kind << "'";
  }
}

std::string case_name(const ::testing::TestParamInfo<const char*>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Onnx, OnnxCase, ::testing::ValuesIn(kOnnxCases), case_name);

// The list compiled into this binary and the cases convert.py found must be the same set, so a
// case can neither be dropped silently nor appear without a test.
TEST(OnnxManifest, HoldsExactlyTheListedCases) {
  const std::set<std::string> listed(std::begin(kOnnxCases), std::end(kOnnxCases));
  std::set<std::string> converted;
  for (const auto& entry : manifest().by_name) converted.insert(entry.first);
  std::vector<std::string> only_listed, only_converted;
  std::set_difference(listed.begin(), listed.end(), converted.begin(), converted.end(),
                      std::back_inserter(only_listed));
  std::set_difference(converted.begin(), converted.end(), listed.begin(), listed.end(),
                      std::back_inserter(only_converted));
  std::ostringstream diff;
  for (const auto& n : only_listed) diff << " -" << n;
  for (const auto& n : only_converted) diff << " +" << n;
  EXPECT_TRUE(only_listed.empty() && only_converted.empty())
      << "onnx_cases.h and the manifest disagree (- only listed, + only converted):" << diff.str();
  int runnable = 0;
  for (const auto& entry : manifest().by_name) runnable += entry.second->at("status") == "run";
  RecordProperty("runnable", runnable);
  EXPECT_GT(runnable, 0) << "every ONNX case was skipped";
}

}  // namespace
}  // namespace cnnlab::conformance
