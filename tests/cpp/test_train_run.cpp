// test_train_run.cpp — a Trainer owns its run: extend() carries on bit for bit, the trainer config
// from JSON with refusals that name the key, and the per-class limit of the training photos.
#include <gtest/gtest.h>

#include "refusal.h"
#include "train.h"

namespace cnnlab {
namespace {

using testing::param;
using testing::refusal_of;

// 1×4×4 images, two classes: the bright half is the left (class 0) or the right (class 1).
Dataset halves(int per_class, uint32_t seed) {
  Dataset d = make_dataset(1, 4, 4, {"left", "right"});
  Rng rng(seed);
  for (int i = 0; i < 2 * per_class; ++i) {
    Tensor img({1, 4, 4});
    for (int k = 0; k < 16; ++k) img.data[static_cast<size_t>(k)] = ((k % 4 < 2) == (i % 2 == 0) ? 0.7f : 0.2f) + rng.uniform(-0.15f, 0.15f);
    d.add(img, i % 2);
  }
  return d;
}

// Dropout, augmentation and Adam: every random stream and every optimizer moment matters.
const char* kSpec = R"({"input":{"channels":1,"height":4,"width":4},"classes":["left","right"],
  "layers":[{"type":"conv2d","filters":2,"kernel":3,"padding":1},{"type":"relu"},{"type":"avgpool2d","size":2},
            {"type":"flatten"},{"type":"dropout","rate":0.3},{"type":"dense","units":2}]})";

struct RunResult {
  std::vector<float> losses, weights;
  std::vector<int> epochs;
};

// Trains `first` epochs, then extend(more) (when more > 0), on fresh objects.
RunResult train(int first, int more, int stop_after_batches = -1) {
  Sequential model(kSpec, 4);
  OptimizerConfig oc;
  oc.lr = 0.01f;
  auto opt = make_optimizer(oc);
  Dataset data = halves(12, 1), val = halves(4, 2);
  TrainConfig c;
  c.epochs = first;
  c.batch_size = 5;
  c.seed = 9;
  c.augment = {"flip", "crop"};
  Trainer t(model, *opt, data, &val, c);
  int batches = 0;
  while (!t.should_stop() && batches != stop_after_batches) {
    t.step();
    ++batches;
    if (t.epoch_done()) t.end_epoch();
  }
  if (more > 0) {
    t.extend(more);
    EXPECT_EQ(t.target_epochs(), static_cast<int>(t.history().size()) + more);
    t.run(nullptr);
  }
  RunResult r;
  for (const auto& m : t.history()) {
    r.losses.push_back(m.train_loss);
    r.epochs.push_back(m.epoch);
  }
  for (const auto& w : model.get_weights()) r.weights.insert(r.weights.end(), w.tensor.data.begin(), w.tensor.data.end());
  return r;
}

TEST(TrainRun, ExtendingAFinishedRunIsTheSameAsOneLongerRun) {
  const RunResult whole = train(5, 0), extended = train(3, 2);
  EXPECT_EQ(extended.epochs, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(extended.losses, whole.losses);
  EXPECT_EQ(extended.weights, whole.weights);
  // Re-seeding for the extra epochs (what the page did before) is a different run.
  EXPECT_NE(train(3, 0).weights, whole.weights);
}

TEST(TrainRun, ExtendingAStoppedRunFinishesItsEpochFirst) {
  // 24 images in batches of 5: 5 batches per epoch. Stopped after 7 batches (in epoch 2), then
  // 2 more epochs: epoch 2 is completed and epoch 3 run, as a straight 3-epoch run does.
  const RunResult stopped = train(5, 2, 7), whole = train(3, 0);
  EXPECT_EQ(stopped.epochs, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(stopped.losses, whole.losses);
  EXPECT_EQ(stopped.weights, whole.weights);
}

TEST(TrainRun, ExtendIsRefusedAfterDivergenceAndForNoEpochs) {
  Sequential model(kSpec, 1);
  OptimizerConfig oc;
  oc.type = "sgd";
  oc.lr = 1e6f;
  auto opt = make_optimizer(oc);
  Dataset data = halves(20, 1);
  TrainConfig c;
  c.epochs = 50;
  c.batch_size = 8;
  Trainer t(model, *opt, data, nullptr, c);
  const Error diverged = refusal_of([&] { t.run(nullptr); });
  EXPECT_EQ(diverged.code, "train.diverged");
  EXPECT_EQ(param(diverged, "lr"), "1000000");
  EXPECT_EQ(refusal_of([&] { t.extend(0); }).code, "train.extend_epochs");
  EXPECT_EQ(refusal_of([&] { t.extend(3); }).code, "train.extend_diverged");
}

TEST(TrainConfigJson, ReadsThePagesNamesAndRefusesNamingTheKey) {
  const TrainConfig c = parse_train_config(R"({"epochs":7,"batchSize":16,"seed":3,"augment":["flip"],
    "earlyStopPatience":2,"schedule":"step","stepEvery":4,"stepGamma":0.5})");
  EXPECT_EQ(c.epochs, 7);
  EXPECT_EQ(c.batch_size, 16);
  EXPECT_EQ(c.seed, 3u);
  EXPECT_EQ(c.augment, (std::vector<std::string>{"flip"}));
  EXPECT_EQ(c.early_stop_patience, 2);
  EXPECT_EQ(c.schedule, "step");
  EXPECT_EQ(c.step_every, 4);
  EXPECT_FLOAT_EQ(c.step_gamma, 0.5f);

  Error e = refusal_of([] { parse_train_config(R"({"epochs":"two"})"); });
  EXPECT_EQ(e.code, "trainer.int_range");
  EXPECT_EQ(param(e, "key"), "epochs");
  EXPECT_STREQ(e.what(), "trainer config: 'epochs' must be a whole number from 1 to 1000000, got \"two\"");
  EXPECT_EQ(refusal_of([] { parse_train_config(R"({"batch_size":8})"); }).code, "trainer.unknown_key");
  EXPECT_EQ(refusal_of([] { parse_train_config(R"({"augment":"flip"})"); }).code, "trainer.not_list");
  EXPECT_EQ(refusal_of([] { parse_train_config(R"({"seed":-1})"); }).code, "trainer.int_range");
  EXPECT_EQ(refusal_of([] { parse_train_config("epochs: 3"); }).code, "json.invalid");
  EXPECT_EQ(refusal_of([] { parse_train_config(R"({"stepGamma":1e999})"); }).code, "json.number_too_large");
  EXPECT_EQ(refusal_of([] { parse_train_config("[3]"); }).code, "trainer.not_object");
}

TEST(PerClassLimit, KeepsAtMostThatManyOfEachClassChosenBySeed) {
  Dataset d = halves(10, 3);
  Dataset a = d, b = d, c = d;
  Rng r1(5), r2(5), r3(6);
  limit_per_class(&a, 3, r1);
  limit_per_class(&b, 3, r2);
  limit_per_class(&c, 3, r3);
  EXPECT_EQ(a.class_counts(), (std::vector<int>{3, 3}));
  EXPECT_EQ(a.pixels, b.pixels);
  EXPECT_NE(a.pixels, c.pixels);
  Dataset all = d;
  Rng r4(5);
  limit_per_class(&all, 0, r4);
  EXPECT_EQ(all.size(), d.size());
  EXPECT_EQ(refusal_of([&] { limit_per_class(&all, -1, r4); }).code, "train.per_class_limit");
}

}  // namespace
}  // namespace cnnlab
