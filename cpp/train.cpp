// train.cpp — Trainer (epochs, metrics, early stopping, LR schedule, divergence guard) and evaluate().
#include "train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>

#include "data/augment.h"
#include "error_catalog.h"
#include "json_read.h"
#include "loss.h"

namespace cnnlab {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The data set must produce exactly the tensors the model takes, with labels it can score.
// `set` names it in messages: "training", "validation" or "evaluation".
void check_dataset(const Sequential& model, const Dataset& data, const char* set) {
  const ModelSpec& spec = model.spec();
  if (data.channels != spec.channels || data.height != spec.height || data.width != spec.width)
    refuse("train.set_image_size", {{"set", set}, {"shape", shape_str({data.channels, data.height, data.width})},
                                    {"expected", shape_str(model.input_shape())}});
  if (!data.classes.empty() && static_cast<int>(data.classes.size()) != model.num_classes())
    refuse("train.set_classes", {{"set", set}, {"count", data.classes.size()}, {"classes", model.num_classes()}});
  for (int label : data.labels)
    if (label < 0 || label >= model.num_classes())
      refuse("train.set_label", {{"set", set}, {"label", label}, {"classes", model.num_classes()}});
}

bool all_finite(const std::vector<Param*>& params) {
  for (const Param* p : params)
    for (float v : p->value.data)
      if (!std::isfinite(v)) return false;
  return true;
}

// float → the shortest decimal that reads back as the same float: JSON shows 0.1 rather than
// 0.10000000149011612. NaN and infinities (no JSON number) become null.
nlohmann::json tidy(float v) {
  if (!std::isfinite(v)) return nullptr;
  char buf[32];
  for (int digits = 6; digits < 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return std::strtod(buf, nullptr);
}

nlohmann::json tidy(const std::vector<float>& v) {
  nlohmann::json out = nlohmann::json::array();
  for (float x : v) out.push_back(tidy(x));
  return out;
}

}  // namespace

EvalResult evaluate(Sequential& model, const Dataset& data, int batch_size, bool per_sample) {
  if (data.size() == 0) refuse("train.eval_empty");
  if (batch_size <= 0) refuse("train.eval_batch", {{"value", batch_size}});
  check_dataset(model, data, "evaluation");
  const int k = model.num_classes();
  EvalResult r;
  r.classes = model.spec().classes;
  r.confusion.assign(static_cast<size_t>(k), std::vector<int>(static_cast<size_t>(k), 0));
  std::vector<int> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  Tensor x;
  std::vector<int> y;
  double loss_sum = 0;
  for (size_t begin = 0; begin < data.size(); begin += static_cast<size_t>(batch_size)) {
    size_t n = std::min(static_cast<size_t>(batch_size), data.size() - begin);
    data.batch(order, begin, n, &x, &y);
    // logits: (n, K)
    const Tensor& logits = model.forward(x, Mode::kEval);
    loss_sum += static_cast<double>(softmax_cross_entropy(logits, y.data())) * static_cast<double>(n);
    if (per_sample) {
      const Tensor probs = softmax_rows(logits);
      r.sample_probs.insert(r.sample_probs.end(), probs.ptr(), probs.ptr() + probs.size());
    }
    for (size_t i = 0; i < n; ++i) {
      const float* row = logits.ptr() + i * static_cast<size_t>(k);
      int pred = static_cast<int>(std::max_element(row, row + k) - row);
      ++r.confusion[static_cast<size_t>(y[i])][static_cast<size_t>(pred)];
      if (per_sample) {
        r.sample_origin.push_back(data.origin(begin + i));
        r.sample_label.push_back(y[i]);
        r.sample_predicted.push_back(pred);
      }
    }
  }
  int correct = 0;
  for (int c = 0; c < k; ++c) {
    const auto& row = r.confusion[static_cast<size_t>(c)];
    int total = std::accumulate(row.begin(), row.end(), 0);
    correct += row[static_cast<size_t>(c)];
    r.per_class_accuracy.push_back(total ? static_cast<float>(row[static_cast<size_t>(c)]) / total : kNaN);
  }
  r.count = static_cast<int>(data.size());
  r.loss = static_cast<float>(loss_sum / static_cast<double>(data.size()));
  r.accuracy = static_cast<float>(correct) / static_cast<float>(data.size());
  return r;
}

float scheduled_lr(const TrainConfig& config, float base_lr, int epoch) {
  if (config.schedule == "none" || config.schedule.empty()) return base_lr;
  if (config.schedule == "step")
    return base_lr * std::pow(config.step_gamma, static_cast<float>((epoch - 1) / std::max(1, config.step_every)));
  if (config.schedule == "cosine") {
    const double pi = 3.14159265358979323846;
    double t = static_cast<double>(epoch - 1) / static_cast<double>(std::max(1, config.epochs));
    return static_cast<float>(base_lr * 0.5 * (1.0 + std::cos(pi * t)));
  }
  refuse("train.schedule", {{"value", config.schedule}});
}

struct Trainer::State {
  std::shared_ptr<Sequential> model;
  std::shared_ptr<Optimizer> optimizer;
  std::shared_ptr<const Dataset> train, val;  // val: null without validation
  TrainConfig config;
  std::vector<Param*> params;
  Rng rng;
  float base_lr;
  int eval_batch;

  std::vector<int> order;  // this epoch's shuffled sample indices
  size_t cursor = 0;       // next position in `order`
  int epoch = 1;
  int batch = 0;
  double loss_sum = 0;  // Σ batch mean loss · batch size, over this epoch
  int64_t correct = 0, seen = 0;
  std::chrono::steady_clock::time_point epoch_start;

  std::vector<EpochMetrics> history;
  EvalResult last_val;
  bool finished = false, early = false, diverged = false;
  float best_val_loss = std::numeric_limits<float>::infinity();
  int best_epoch = 0, epochs_since_best = 0;
  std::vector<NamedTensor> best_weights;
  // Weights that last produced a finite loss: restored when a step diverges.
  std::vector<FloatBuffer> good;

  Tensor x;
  std::vector<int> y;

  State(std::shared_ptr<Sequential> m, std::shared_ptr<Optimizer> o, std::shared_ptr<const Dataset> t,
        std::shared_ptr<const Dataset> v, TrainConfig c)
      : model(std::move(m)), optimizer(std::move(o)), train(std::move(t)), val(std::move(v)), config(std::move(c)),
        params(model->params()), rng(config.seed), base_lr(optimizer->config().lr) {
    // Validation in batches of at least 128 when that fits the memory budget: fewer, larger GEMMs.
    eval_batch = config.batch_size >= 128 || !model->fits_batch(128) ? config.batch_size : 128;
  }

  void start_epoch() {
    order.resize(train->size());
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    cursor = 0;
    batch = 0;
    loss_sum = 0;
    correct = seen = 0;
    optimizer->set_lr(scheduled_lr(config, base_lr, epoch));
    epoch_start = std::chrono::steady_clock::now();
  }

  void keep_good_weights() {
    good.resize(params.size());
    for (size_t i = 0; i < params.size(); ++i) good[i] = params[i]->value.data;
  }

  // `what`: the loss the step reached ("NaN", "Infinity" or the exploded value).
  [[noreturn]] void diverge(float what) {
    for (size_t i = 0; i < params.size() && i < good.size(); ++i) params[i]->value.data = good[i];
    diverged = true;
    refuse("train.diverged", {{"epoch", epoch}, {"batch", batch + 1}, {"what", what}, {"lr", optimizer->config().lr}});
  }
};

// The aliasing constructor with no owner: a shared_ptr that does not own `p`.
template <typename T>
std::shared_ptr<T> unowned(T* p) {
  return std::shared_ptr<T>(std::shared_ptr<T>(), p);
}

Trainer::Trainer(Sequential& model, Optimizer& optimizer, const Dataset& train, const Dataset* val,
                 TrainConfig config)
    : Trainer(unowned(&model), unowned(&optimizer), unowned(&train), unowned(val), std::move(config)) {}

Trainer::Trainer(std::shared_ptr<Sequential> model, std::shared_ptr<Optimizer> optimizer,
                 std::shared_ptr<const Dataset> train, std::shared_ptr<const Dataset> val, TrainConfig config) {
  if (train->size() == 0) refuse("train.empty");
  if (config.epochs <= 0) refuse("train.epochs", {{"value", config.epochs}});
  if (config.batch_size <= 0) refuse("train.batch_size", {{"value", config.batch_size}});
  if (config.early_stop_patience < 0) refuse("train.patience", {{"value", config.early_stop_patience}});
  const float lr = optimizer->config().lr;
  if (!(lr > 0) || !std::isfinite(lr)) refuse("train.lr", {{"value", lr}});
  scheduled_lr(config, 1.0f, 1);  // rejects an unknown schedule now rather than after an epoch
  if (config.schedule == "step" && config.step_every < 1) refuse("train.step_every", {{"value", config.step_every}});
  if (config.schedule == "step" && !(config.step_gamma > 0 && config.step_gamma <= 1))
    refuse("train.step_gamma", {{"value", config.step_gamma}});
  const auto& ops = augment_op_names();
  for (const auto& op : config.augment)
    if (std::find(ops.begin(), ops.end(), op) == ops.end()) refuse("train.augment", {{"value", op}});
  check_dataset(*model, *train, "training");
  if (val && val->size() == 0) val = nullptr;
  if (val) check_dataset(*model, *val, "validation");
  if (config.early_stop_patience > 0 && !val) refuse("train.patience_needs_val");
  model->check_memory(config.batch_size);
  s_ = std::make_shared<State>(std::move(model), std::move(optimizer), std::move(train), std::move(val),
                               std::move(config));
  s_->start_epoch();
}

float Trainer::step() {
  State& s = *s_;
  if (should_stop()) refuse("train.finished");
  if (epoch_done()) refuse("train.epoch_complete");
  size_t n = std::min(static_cast<size_t>(s.config.batch_size), s.order.size() - s.cursor);
  // x: (n, C, H, W) in [0, 1]; y: n labels
  s.train->batch(s.order, s.cursor, n, &s.x, &s.y);
  if (!s.config.augment.empty()) augment_batch(&s.x, s.config.augment, s.rng);
  int correct = 0;
  const float loss = s.model->loss_and_grads(s.x, s.y.data(), &correct);
  if (!std::isfinite(loss) || loss > kDivergedLoss) s.diverge(loss);
  s.keep_good_weights();
  s.optimizer->step(s.params);
  // Weights that are no longer finite make the next loss NaN: report that now.
  if (!all_finite(s.params)) s.diverge(std::numeric_limits<float>::quiet_NaN());
  s.cursor += n;
  ++s.batch;
  s.loss_sum += static_cast<double>(loss) * static_cast<double>(n);
  s.correct += correct;
  s.seen += static_cast<int64_t>(n);
  return loss;
}

bool Trainer::epoch_done() const { return s_->cursor >= s_->order.size(); }

EpochMetrics Trainer::end_epoch() {
  State& s = *s_;
  if (should_stop()) refuse("train.no_epoch_to_close");
  if (!epoch_done()) refuse("train.epoch_unfinished");
  EpochMetrics m;
  m.epoch = s.epoch;
  m.train_loss = running_loss();
  m.train_acc = running_acc();
  m.lr = s.optimizer->config().lr;
  m.val_loss = m.val_acc = kNaN;
  if (s.val) {
    s.last_val = evaluate(*s.model, *s.val, s.eval_batch);
    m.val_loss = s.last_val.loss;
    m.val_acc = s.last_val.accuracy;
  }
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.epoch_start).count();
  s.history.push_back(m);

  if (s.config.early_stop_patience > 0) {
    if (m.val_loss < s.best_val_loss) {
      s.best_val_loss = m.val_loss;
      s.best_epoch = m.epoch;
      s.epochs_since_best = 0;
      s.best_weights = s.model->get_weights();
    } else {
      ++s.epochs_since_best;
    }
    s.early = s.epochs_since_best >= s.config.early_stop_patience && s.epoch < s.config.epochs;
  }
  s.finished = s.early || s.epoch >= s.config.epochs;
  if (s.finished && !s.best_weights.empty()) s.model->set_weights(s.best_weights);
  if (!s.finished) {
    ++s.epoch;
    s.start_epoch();
  }
  return m;
}

bool Trainer::should_stop() const { return s_->finished || s_->diverged; }

void Trainer::extend(int epochs) {
  State& s = *s_;
  if (epochs < 1) refuse("train.extend_epochs", {{"value", epochs}});
  if (s.diverged) refuse("train.extend_diverged");
  s.config.epochs = static_cast<int>(s.history.size()) + epochs;
  s.early = false;
  s.epochs_since_best = 0;
  if (s.finished) {  // the last epoch was closed: the next one starts from the same Rng stream
    s.finished = false;
    ++s.epoch;
    s.start_epoch();
  }
}

int Trainer::batches_per_epoch() const {
  return static_cast<int>((s_->train->size() + static_cast<size_t>(s_->config.batch_size) - 1) /
                          static_cast<size_t>(s_->config.batch_size));
}
int Trainer::batch_in_epoch() const { return s_->batch; }
int Trainer::epoch() const { return s_->epoch; }
int Trainer::target_epochs() const { return s_->config.epochs; }
const std::vector<EpochMetrics>& Trainer::history() const { return s_->history; }
float Trainer::running_loss() const {
  return s_->seen ? static_cast<float>(s_->loss_sum / static_cast<double>(s_->seen)) : kNaN;
}
float Trainer::running_acc() const {
  return s_->seen ? static_cast<float>(static_cast<double>(s_->correct) / static_cast<double>(s_->seen)) : kNaN;
}
const EvalResult& Trainer::last_validation() const { return s_->last_val; }
bool Trainer::stopped_early() const { return s_->early; }
int Trainer::best_epoch() const { return s_->best_epoch; }

void Trainer::run(const std::function<void(const EpochMetrics&)>& on_epoch,
                  const std::function<void(int batch, int batches, float loss)>& on_batch,
                  const std::atomic<bool>* cancel) {
  while (!should_stop()) {
    while (!epoch_done()) {
      if (cancel && cancel->load()) return;
      float loss = step();
      if (on_batch) on_batch(batch_in_epoch(), batches_per_epoch(), loss);
    }
    if (cancel && cancel->load()) return;
    EpochMetrics m = end_epoch();
    if (on_epoch) on_epoch(m);
  }
}

void to_json(nlohmann::json& j, const EpochMetrics& m) {
  j = {{"epoch", m.epoch},
       {"train_loss", tidy(m.train_loss)},
       {"train_acc", tidy(m.train_acc)},
       {"val_loss", tidy(m.val_loss)},
       {"val_acc", tidy(m.val_acc)},
       {"lr", tidy(m.lr)},
       {"seconds", std::round(m.seconds * 1000.0) / 1000.0}};
}

void to_json(nlohmann::json& j, const EvalResult& r) {
  j = {{"accuracy", tidy(r.accuracy)}, {"loss", tidy(r.loss)},         {"count", r.count},
       {"classes", r.classes},           {"confusion", r.confusion}, {"per_class_accuracy", tidy(r.per_class_accuracy)}};
  if (!r.sample_origin.empty())
    j["samples"] = {{"origin", r.sample_origin},
                    {"label", r.sample_label},
                    {"predicted", r.sample_predicted},
                    {"probs", r.sample_probs}};
}

namespace {

int whole(const nlohmann::json& v, const char* key, double lo, double hi) {
  if (!v.is_number_integer() || v.get<double>() < lo || v.get<double>() > hi)
    refuse("trainer.int_range", {{"key", key}, {"min", lo}, {"max", hi}, {"value", json_text(v)}});
  return static_cast<int>(v.get<int64_t>());
}

}  // namespace

TrainConfig parse_train_config(const std::string& text) {
  const nlohmann::json j = read_json(text, "trainer");
  if (!j.is_object()) refuse("trainer.not_object");
  TrainConfig c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = *it;
    if (key == "epochs") {
      c.epochs = whole(v, "epochs", 1, 1e6);
    } else if (key == "batchSize") {
      c.batch_size = whole(v, "batchSize", 1, 1 << 20);
    } else if (key == "seed") {
      if (!v.is_number_integer() || v.get<double>() < 0 || v.get<double>() > 4294967295.0)
        refuse("trainer.int_range", {{"key", key}, {"min", 0}, {"max", int64_t{4294967295}}, {"value", json_text(v)}});
      c.seed = static_cast<uint32_t>(v.get<int64_t>());
    } else if (key == "augment") {
      if (!v.is_array() || !std::all_of(v.begin(), v.end(), [](const nlohmann::json& e) { return e.is_string(); }))
        refuse("trainer.not_list", {{"key", key}, {"value", json_text(v)}});
      c.augment = v.get<std::vector<std::string>>();
    } else if (key == "earlyStopPatience") {
      c.early_stop_patience = whole(v, "earlyStopPatience", 0, 1e6);
    } else if (key == "schedule") {
      if (!v.is_string()) refuse("trainer.not_text", {{"key", key}, {"value", json_text(v)}});
      c.schedule = v.get<std::string>();
    } else if (key == "stepEvery") {
      c.step_every = whole(v, "stepEvery", 1, 1e6);
    } else if (key == "stepGamma") {
      if (!v.is_number()) refuse("trainer.not_number", {{"key", key}, {"value", json_text(v)}});
      c.step_gamma = v.get<float>();
    } else {
      refuse("trainer.unknown_key",
             {{"key", key}, {"known", "epochs, batchSize, seed, augment, earlyStopPatience, schedule, stepEvery, stepGamma"}});
    }
  }
  return c;
}

}  // namespace cnnlab
