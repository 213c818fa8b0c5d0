// test_refusals.cpp — the error catalog, and refusals that must leave everything as it was:
// NaN/Inf inputs and weights, saving what the loader would refuse, non-trainable tensors, and a
// model file that declares a network too large to allocate.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "data/dataset.h"
#include "io/model_file.h"
#include "model.h"
#include "optim/optimizer.h"
#include "refusal.h"

namespace cnnlab {
namespace {

using nlohmann::json;
using testing::param;
using testing::refusal_of;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

const char* kSpec = R"({"input":{"channels":1,"height":4,"width":4},"classes":["a","b"],
  "layers":[{"type":"conv2d","filters":2,"kernel":3,"padding":1},{"type":"relu"},{"type":"flatten"},{"type":"dense","units":2}]})";

TEST(ErrorCatalog, CodesAreUniqueAndSentencesFillEveryPlaceholder) {
  std::set<std::string> seen;
  for (const ErrorCodeInfo& c : error_codes()) {
    EXPECT_TRUE(seen.insert(c.code).second) << "duplicate " << c.code;
    EXPECT_NE(c.code.find('.'), std::string::npos) << c.code;
  }
  const Error e = coded_error("train.diverged", {{"epoch", 3}, {"batch", 7}, {"what", kNaN}, {"lr", 0.5f}});
  EXPECT_EQ(e.code, "train.diverged");
  EXPECT_STREQ(e.what(), "training diverged at epoch 3, batch 7: the loss became NaN. The learning rate (0.5) is "
                         "probably too high; the last good weights were kept.");
  EXPECT_EQ(param(e, "lr"), "0.5");
  // A refusal whose params do not match its sentence is a bug, and says so.
  EXPECT_EQ(coded_error("train.diverged", {{"epoch", 3}}).code, "engine.bad_error");
  EXPECT_EQ(coded_error("no.such_code", {}).code, "engine.bad_error");
  EXPECT_EQ(number_text(0.001f), "0.001");
  EXPECT_EQ(number_text(1e6), "1000000");
  EXPECT_EQ(number_text(1e-8f), "1e-08");
}

TEST(NonFinite, TrainingBatchesWithNaNOrInfAreRefusedAndTheWeightsKept) {
  Sequential net(kSpec, 1);
  const auto before = net.get_weights();
  Tensor x({2, 1, 4, 4}, 0.5f);
  for (float bad : {kNaN, std::numeric_limits<float>::infinity()}) {
    x.data[21] = bad;
    const Error e = refusal_of([&] { net.loss_and_grads(x, std::vector<int>{0, 1}, "trainBatch"); });
    EXPECT_EQ(e.code, "input.not_finite");
    EXPECT_EQ(param(e, "index"), "21");
    EXPECT_EQ(param(e, "method"), "trainBatch");
  }
  EXPECT_EQ(refusal_of([&] { net.loss_and_grads(x, std::vector<int>{0}, "trainBatch"); }).code, "input.labels_count");
  EXPECT_EQ(refusal_of([&] { net.loss_and_grads(x, std::vector<int>{0, 2}, "gradients"); }).code, "input.label_range");
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(net.get_weights()[i].tensor.data, before[i].tensor.data);

  Dataset d = make_dataset(1, 4, 4, {"a", "b"});
  Tensor img({1, 4, 4}, 0.5f);
  img.data[3] = kNaN;
  EXPECT_EQ(refusal_of([&] { d.add(img, 0); }).code, "dataset.not_finite");
  EXPECT_EQ(d.size(), 0u);
}

TEST(NonFinite, WeightsAreNeitherSetNorSavedWhenNotFinite) {
  Sequential net(kSpec, 1);
  auto w = net.get_weights();
  w[0].tensor.data[5] = kNaN;
  const Error e = refusal_of([&] { net.set_weights(w); });
  EXPECT_EQ(e.code, "weights.not_finite");
  EXPECT_EQ(param(e, "name"), "0.weight");
  EXPECT_TRUE(std::isfinite(net.get_weights()[0].tensor.data[5]));
  // A weight poisoned by other means: save refuses rather than write a file load refuses.
  net.params()[2]->value.data[0] = std::numeric_limits<float>::infinity();
  const Error s = refusal_of([&] { save_model(net); });
  EXPECT_EQ(s.code, "model.save_not_finite");
  EXPECT_EQ(param(s, "name"), "3.weight");
}

TEST(Trainable, OptimizersLeaveFrozenTensorsAlone) {
  for (const char* type : {"adam", "sgd"}) {
    Param trained = shaped_param("weight", {3}, true), frozen = shaped_param("running_mean", {3}, false);
    allocate(&trained);
    allocate(&frozen);
    frozen.trainable = false;
    for (Param* p : {&trained, &frozen}) p->grad = Tensor({3}, 1.0f);
    OptimizerConfig c;
    c.type = type;
    c.lr = 0.1f;
    c.weight_decay = 0.1f;
    make_optimizer(c)->step({&trained, &frozen});
    EXPECT_EQ(frozen.value.data, (FloatBuffer{0, 0, 0})) << type;
    EXPECT_NE(trained.value.data, (FloatBuffer{0, 0, 0})) << type;
  }
}

TEST(Trainable, TheModelFileMarksFrozenTensorsAndChecksThem) {
  Sequential net(kSpec, 1);
  net.layer(0).params()[1]->trainable = false;  // as a layer with running statistics would
  const std::vector<uint8_t> file = save_model(net);
  const uint32_t h = file[12] | file[13] << 8 | file[14] << 16 | static_cast<uint32_t>(file[15]) << 24;
  const json header = json::parse(file.begin() + 24, file.begin() + 24 + h);
  EXPECT_EQ(header["weights"][1]["name"], "0.bias");
  EXPECT_EQ(header["weights"][1]["trainable"], false);
  EXPECT_FALSE(header["weights"][0].contains("trainable"));
  // Loaded into layers that train every tensor, the mark does not fit: refused.
  try {
    load_model(file.data(), file.size());
    ADD_FAILURE() << "loaded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("0.bias is marked as not trainable"), std::string::npos) << e.what();
  }
}

TEST(SizeCaps, AModelFileDeclaringAHugeNetIsRefusedBeforeAllocating) {
  // A valid small file whose header is rewritten to declare a 12288→21845 dense layer (1 GB of
  // weights) and resealed: refused by the caps, not by bad_alloc after allocating it.
  Sequential net(kSpec, 1);
  std::vector<uint8_t> file = save_model(net);
  const uint32_t h = file[12] | file[13] << 8 | file[14] << 16 | static_cast<uint32_t>(file[15]) << 24;
  json header = json::parse(file.begin() + 24, file.begin() + 24 + h);
  header["spec"] = json::parse(R"({"input":{"channels":3,"height":64,"width":64},"classes":["a","b"],
    "layers":[{"type":"flatten"},{"type":"dense","units":21845},{"type":"dense","units":2}]})");
  header["input"] = {{"channels", 3}, {"height", 64}, {"width", 64}};
  std::string text = header.dump();
  text.append((4 - text.size() % 4) % 4, ' ');
  std::vector<uint8_t> forged(file.begin(), file.begin() + 24);
  for (int i = 0; i < 4; ++i) forged[12 + static_cast<size_t>(i)] = static_cast<uint8_t>(text.size() >> (8 * i));
  forged.insert(forged.end(), text.begin(), text.end());
  forged.insert(forged.end(), file.begin() + 24 + h, file.end() - 4);
  const uint32_t crc = crc32(forged.data(), forged.size());
  for (int i = 0; i < 4; ++i) forged.push_back(static_cast<uint8_t>(crc >> (8 * i)));
  // The file holds far fewer weights than the declared net needs: refused before the net is built.
  const Error e = refusal_of([&] { load_model(forged.data(), forged.size()); });
  EXPECT_EQ(e.code, "model_file.too_small");
}

}  // namespace
}  // namespace cnnlab
