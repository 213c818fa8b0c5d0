// test_train.cpp — Trainer: learning, early stopping, cancel, schedules, divergence, determinism; evaluate().
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <nlohmann/json.hpp>

#include "loss.h"
#include "train.h"

namespace cnnlab {
namespace {

// 1×4×4 images, two classes: the bright half is the left (class 0) or the right (class 1).
// With `flip_labels` the labels are swapped: a validation set that training makes worse.
Dataset halves(int per_class, uint32_t seed, bool flip_labels = false) {
  Dataset d;
  d.channels = 1;
  d.height = d.width = 4;
  d.classes = {"left", "right"};
  Rng rng(seed);
  for (int i = 0; i < 2 * per_class; ++i) {
    const int label = i % 2;
    Tensor img({1, 4, 4});
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x) {
        const bool bright = (x < 2) == (label == 0);
        img.data[static_cast<size_t>(y * 4 + x)] = (bright ? 0.7f : 0.2f) + rng.uniform(-0.15f, 0.15f);
      }
    d.add(img, flip_labels ? 1 - label : label);
  }
  return d;
}

const char* kDense = R"({"input":{"channels":1,"height":4,"width":4},"classes":["left","right"],
  "layers":[{"type":"flatten"},{"type":"dense","units":8},{"type":"relu"},{"type":"dense","units":2}]})";
const char* kDropout = R"({"input":{"channels":1,"height":4,"width":4},"classes":["left","right"],
  "layers":[{"type":"conv2d","filters":2,"kernel":3,"padding":1},{"type":"relu"},{"type":"flatten"},
            {"type":"dropout","rate":0.3},{"type":"dense","units":2}]})";

OptimizerConfig adam(float lr) {
  OptimizerConfig c;
  c.type = "adam";
  c.lr = lr;
  return c;
}

TrainConfig config(int epochs, int batch) {
  TrainConfig c;
  c.epochs = epochs;
  c.batch_size = batch;
  return c;
}

bool all_finite(const Sequential& m) {
  for (const auto& w : m.get_weights())
    for (float v : w.tensor.data)
      if (!std::isfinite(v)) return false;
  return true;
}

TEST(Train, LossFallsAndTheProblemIsLearned) {
  Sequential model(kDense, 1);
  auto opt = make_optimizer(adam(0.02f));
  Dataset train = halves(40, 1), val = halves(10, 2);
  Trainer t(model, *opt, train, &val, config(15, 8));
  EXPECT_EQ(t.batches_per_epoch(), 10);
  int epochs_seen = 0;
  t.run([&](const EpochMetrics& m) { EXPECT_EQ(m.epoch, ++epochs_seen); });
  ASSERT_EQ(t.history().size(), 15u);
  EXPECT_LT(t.history().back().train_loss, 0.5f * t.history().front().train_loss);
  EXPECT_GT(t.history().back().train_acc, 0.95f);
  EXPECT_GT(t.history().back().val_acc, 0.95f);
  EXPECT_TRUE(t.should_stop());
  EXPECT_THROW(t.step(), Error);
  // The validation confusion of the last epoch counts every validation image once.
  const EvalResult& v = t.last_validation();
  EXPECT_EQ(v.confusion[0][0] + v.confusion[0][1] + v.confusion[1][0] + v.confusion[1][1], 20);
  EXPECT_FLOAT_EQ(v.accuracy, t.history().back().val_acc);
}

TEST(Train, EpochMetricsAccumulateOverTheEpochsBatches) {
  Sequential model(kDense, 3);
  auto opt = make_optimizer(adam(0.01f));
  Dataset train = halves(5, 1);  // 10 samples, batches of 4, 4, 2
  Trainer t(model, *opt, train, nullptr, config(1, 4));
  double weighted = 0;
  int sizes[] = {4, 4, 2}, i = 0;
  while (!t.epoch_done()) weighted += static_cast<double>(t.step()) * sizes[i++];
  EXPECT_EQ(i, 3);
  EXPECT_THROW(t.step(), Error);  // the epoch must be closed first
  EpochMetrics m = t.end_epoch();
  EXPECT_NEAR(m.train_loss, weighted / 10.0, 1e-5);
  EXPECT_TRUE(std::isnan(m.val_loss));
  EXPECT_TRUE(std::isnan(m.val_acc));
  nlohmann::json j = m;
  EXPECT_TRUE(j["val_loss"].is_null());
  EXPECT_NEAR(j["train_loss"].get<double>(), weighted / 10.0, 1e-5);
  EXPECT_EQ(j["epoch"], 1);
  EXPECT_TRUE(j.contains("seconds"));
}

TEST(Train, EarlyStoppingRestoresTheBestWeights) {
  Sequential model(kDense, 2);
  auto opt = make_optimizer(adam(0.02f));
  // Validation labels are the opposite of training's: learning makes val loss rise.
  Dataset train = halves(20, 1), val = halves(10, 2, /*flip_labels=*/true);
  TrainConfig c = config(30, 8);
  c.early_stop_patience = 2;
  Trainer t(model, *opt, train, &val, c);
  std::vector<std::vector<NamedTensor>> weights_after;  // weights after each epoch's last batch
  t.run([](const EpochMetrics&) {}, [&](int batch, int batches, float) {
    if (batch == batches) weights_after.push_back(model.get_weights());
  });
  ASSERT_TRUE(t.stopped_early());
  const auto& h = t.history();
  int best = 1;
  for (const auto& m : h)
    if (m.val_loss < h[static_cast<size_t>(best - 1)].val_loss) best = m.epoch;
  EXPECT_EQ(t.best_epoch(), best);
  EXPECT_EQ(static_cast<int>(h.size()), best + 2);
  EXPECT_LT(h.size(), 30u);
  const auto now = model.get_weights();
  const auto& kept = weights_after[static_cast<size_t>(best - 1)];
  for (size_t i = 0; i < now.size(); ++i) EXPECT_EQ(now[i].tensor.data, kept[i].tensor.data) << now[i].name;
  EXPECT_NE(now[0].tensor.data, weights_after.back()[0].tensor.data);
}

TEST(Train, CancelStopsWithinOneBatch) {
  Sequential model(kDense, 1);
  auto opt = make_optimizer(adam(0.01f));
  Dataset train = halves(40, 1);
  Trainer t(model, *opt, train, nullptr, config(5, 4));
  std::atomic<bool> cancel{false};
  int batches = 0;
  t.run([](const EpochMetrics&) {}, [&](int batch, int, float) {
    ++batches;
    if (batch == 3) cancel = true;
  }, &cancel);
  EXPECT_EQ(batches, 3);
  EXPECT_EQ(t.batch_in_epoch(), 3);
  EXPECT_TRUE(t.history().empty());
  EXPECT_FALSE(t.should_stop());  // a cancelled run can be resumed

  cancel = false;
  std::atomic<bool> already{true};
  Trainer t2(model, *opt, train, nullptr, config(5, 4));
  t2.run([](const EpochMetrics&) {}, [&](int, int, float) { ADD_FAILURE() << "trained after cancel"; }, &already);
  EXPECT_EQ(t2.batch_in_epoch(), 0);
}

TEST(Train, ScheduleValues) {
  TrainConfig cos = config(4, 1);
  cos.schedule = "cosine";
  // base·(1 + cos(π·(e−1)/4))/2 for e = 1..4
  const float expected[] = {1.0f, 0.8535534f, 0.5f, 0.1464466f};
  for (int e = 1; e <= 4; ++e) EXPECT_NEAR(scheduled_lr(cos, 1.0f, e), expected[e - 1], 1e-6) << e;
  TrainConfig step = config(5, 1);
  step.schedule = "step";
  step.step_every = 2;
  step.step_gamma = 0.5f;
  const float stepped[] = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f};
  for (int e = 1; e <= 5; ++e) EXPECT_NEAR(scheduled_lr(step, 0.1f, e), stepped[e - 1], 1e-7) << e;
  EXPECT_EQ(scheduled_lr(config(3, 1), 0.3f, 3), 0.3f);
  TrainConfig bad = config(3, 1);
  bad.schedule = "exponential";
  EXPECT_THROW(scheduled_lr(bad, 1.0f, 1), Error);

  // The trainer applies it: each epoch's reported lr is the schedule's.
  Sequential model(kDense, 1);
  auto opt = make_optimizer(adam(0.01f));
  Dataset train = halves(4, 1);
  Trainer t(model, *opt, train, nullptr, cos);
  t.run(nullptr);
  ASSERT_EQ(t.history().size(), 4u);
  for (int e = 1; e <= 4; ++e) EXPECT_NEAR(t.history()[static_cast<size_t>(e - 1)].lr, 0.01f * expected[e - 1], 1e-8);
}

TEST(Train, DivergenceStopsWithAClearMessageAndFiniteWeights) {
  for (const char* type : {"sgd", "adam"}) {
    Sequential model(kDense, 1);
    OptimizerConfig oc = adam(1e6f);
    oc.type = type;
    auto opt = make_optimizer(oc);
    Dataset train = halves(40, 1);
    Trainer t(model, *opt, train, nullptr, config(200, 8));
    std::string message;
    try {
      t.run([](const EpochMetrics&) {});
    } catch (const Error& e) {
      message = e.what();
    }
    EXPECT_NE(message.find("diverged"), std::string::npos) << type << ": " << message;
    EXPECT_NE(message.find("learning rate"), std::string::npos) << message;
    EXPECT_TRUE(all_finite(model)) << type;
    // The kept weights are sane ones: one more forward pass gives a loss below the threshold.
    Tensor x;
    std::vector<int> y;
    std::vector<int> all(train.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    train.batch(all, 0, all.size(), &x, &y);
    EXPECT_LT(softmax_cross_entropy(model.forward(x, Mode::kEval), y.data()), kDivergedLoss) << type;
    EXPECT_TRUE(t.should_stop());
    EXPECT_THROW(t.step(), Error);
  }
}

TEST(Train, SameSeedSameRunOtherSeedOther) {
  auto run = [](uint32_t seed) {
    Sequential model(kDropout, 4);
    auto opt = make_optimizer(adam(0.01f));
    Dataset train = halves(12, 1);
    TrainConfig c = config(3, 5);
    c.seed = seed;
    c.augment = {"flip", "crop"};
    Trainer t(model, *opt, train, nullptr, c);
    t.run(nullptr);
    std::vector<float> out;
    for (const auto& m : t.history()) out.push_back(m.train_loss);
    for (const auto& w : model.get_weights()) out.insert(out.end(), w.tensor.data.begin(), w.tensor.data.end());
    return out;
  };
  EXPECT_EQ(run(9), run(9));
  EXPECT_NE(run(9), run(10));
}

TEST(Train, RefusesWhatCannotBeTrained) {
  Sequential model(kDense, 1);
  auto opt = make_optimizer(adam(0.01f));
  Dataset train = halves(4, 1), empty;
  empty.channels = 1;
  empty.height = empty.width = 4;
  auto message = [&](const Dataset& tr, const Dataset* val, TrainConfig c) -> std::string {
    try {
      Trainer t(model, *opt, tr, val, c);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(empty, nullptr, config(1, 2)).find("empty"), std::string::npos);
  EXPECT_NE(message(train, nullptr, config(0, 2)).find("epochs"), std::string::npos);
  EXPECT_NE(message(train, nullptr, config(1, 0)).find("batch"), std::string::npos);
  TrainConfig patient = config(3, 2);
  patient.early_stop_patience = 1;
  EXPECT_NE(message(train, nullptr, patient).find("validation"), std::string::npos);
  TrainConfig aug = config(1, 2);
  aug.augment = {"rotate"};
  EXPECT_NE(message(train, nullptr, aug).find("rotate"), std::string::npos);
  Dataset big = train;
  big.height = big.width = 2;
  EXPECT_NE(message(big, nullptr, config(1, 2)).find("1×2×2"), std::string::npos);
  Dataset three = train;
  three.classes.push_back("up");
  EXPECT_NE(message(three, nullptr, config(1, 2)).find("3 classes"), std::string::npos);
}

// One dense layer with hand-set weights: logit0 = weight · the left half's sum, logit1 = weight ·
// the right half's.
Sequential left_right_model(float weight) {
  Sequential model(R"({"input":{"channels":1,"height":4,"width":4},"classes":["left","right"],
    "layers":[{"type":"flatten"},{"type":"dense","units":2}]})", 1);
  Tensor w({2, 16}), b({2});
  for (int x = 0; x < 16; ++x) w.data[static_cast<size_t>((x % 4 < 2 ? 0 : 16) + x)] = weight;
  model.set_weights({{"1.weight", w}, {"1.bias", b}});
  return model;
}

TEST(Evaluate, ConfusionAndPerClassAccuracyByHand) {
  Sequential model = left_right_model(1.0f);
  Dataset d = halves(3, 4);           // 3 left, 3 right, all classified correctly
  Dataset swapped = halves(1, 5, true);  // 1 of each, labels swapped: both wrong
  for (size_t i = 0; i < swapped.size(); ++i) {
    Tensor img;
    std::vector<int> y;
    swapped.batch({static_cast<int>(i)}, 0, 1, &img, &y);
    img.shape = {1, 4, 4};
    d.add(img, y[0]);
  }
  EvalResult r = evaluate(model, d, 3);
  EXPECT_EQ(r.count, 8);
  EXPECT_EQ(r.confusion, (std::vector<std::vector<int>>{{3, 1}, {1, 3}}));
  EXPECT_FLOAT_EQ(r.accuracy, 6.0f / 8.0f);
  EXPECT_FLOAT_EQ(r.per_class_accuracy[0], 0.75f);
  EXPECT_EQ(r.classes, (std::vector<std::string>{"left", "right"}));
  nlohmann::json j = r;
  EXPECT_EQ(j["confusion"][0][1], 1);
  EXPECT_THROW(evaluate(model, Dataset{}, 3), Error);
}

TEST(Evaluate, PerSamplePredictionsAreWhatTheConfusionMatrixCounts) {
  Sequential model = left_right_model(0.5f);
  Dataset all = halves(5, 5);
  all.labels[1] = 1 - all.labels[1];  // one deliberate mistake per class
  all.labels[7] = 1 - all.labels[7];
  Rng rng(9);
  Dataset train, val;
  stratified_split(all, 0.5f, rng, &train, &val);
  EvalResult plain = evaluate(model, val, 2);
  EXPECT_TRUE(plain.sample_origin.empty());
  EXPECT_FALSE(nlohmann::json(plain).contains("samples"));
  EvalResult r = evaluate(model, val, 2, true);  // batches of 2: the samples span batches
  ASSERT_EQ(r.sample_predicted.size(), val.size());
  ASSERT_EQ(r.sample_probs.size(), val.size() * 2);
  EXPECT_EQ(r.confusion, plain.confusion);
  std::vector<std::vector<int>> counted(2, std::vector<int>(2, 0));
  for (size_t i = 0; i < val.size(); ++i) {
    const int origin = r.sample_origin[i];
    EXPECT_EQ(origin, val.origin(i));
    EXPECT_EQ(r.sample_label[i], all.labels[static_cast<size_t>(origin)]);
    ++counted[static_cast<size_t>(r.sample_label[i])][static_cast<size_t>(r.sample_predicted[i])];
    const float p0 = r.sample_probs[2 * i], p1 = r.sample_probs[2 * i + 1];
    EXPECT_NEAR(p0 + p1, 1.0f, 1e-6f);
    EXPECT_EQ(r.sample_predicted[i], p1 > p0 ? 1 : 0);
    // Softmax of the hand-set logits: left-half mean vs right-half mean, times 8·0.5.
    Tensor x;
    std::vector<int> y;
    all.batch({origin}, 0, 1, &x, &y);
    float left = 0, right = 0;
    for (int k = 0; k < 16; ++k) (k % 4 < 2 ? left : right) += 0.5f * x.data[static_cast<size_t>(k)];
    EXPECT_NEAR(p1, 1.0f / (1.0f + std::exp(left - right)), 1e-5f);
  }
  EXPECT_EQ(counted, r.confusion);
  const nlohmann::json j = r;
  EXPECT_EQ(j["samples"]["predicted"].size(), val.size());
  EXPECT_EQ(j["samples"]["probs"].size(), 2 * val.size());
}

}  // namespace
}  // namespace cnnlab
