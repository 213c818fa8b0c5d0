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
#include <sstream>

#include "data/augment.h"
#include "loss.h"

namespace cnnlab {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The data set must produce exactly the tensors the model takes, with labels it can score.
void check_dataset(const Sequential& model, const Dataset& data, const std::string& what) {
  const ModelSpec& spec = model.spec();
  if (data.channels != spec.channels || data.height != spec.height || data.width != spec.width)
    throw Error(what + " images are " + shape_str({data.channels, data.height, data.width}) +
                " but the model expects " + shape_str(model.input_shape()));
  if (!data.classes.empty() && static_cast<int>(data.classes.size()) != model.num_classes())
    throw Error(what + " has " + std::to_string(data.classes.size()) + " classes but the model has " +
                std::to_string(model.num_classes()));
  for (int label : data.labels)
    if (label < 0 || label >= model.num_classes())
      throw Error(what + " has label " + std::to_string(label) + ", outside the model's " +
                  std::to_string(model.num_classes()) + " classes");
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

std::string format_number(float v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

EvalResult evaluate(Sequential& model, const Dataset& data, int batch_size) {
  if (data.size() == 0) throw Error("cannot evaluate on an empty data set");
  if (batch_size <= 0) throw Error("evaluate: batch size must be positive, got " + std::to_string(batch_size));
  check_dataset(model, data, "the evaluation set");
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
    for (size_t i = 0; i < n; ++i) {
      const float* row = logits.ptr() + i * static_cast<size_t>(k);
      int pred = static_cast<int>(std::max_element(row, row + k) - row);
      ++r.confusion[static_cast<size_t>(y[i])][static_cast<size_t>(pred)];
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
  throw Error("unknown learning-rate schedule '" + config.schedule + "' (expected none, step or cosine)");
}

struct Trainer::State {
  Sequential& model;
  Optimizer& optimizer;
  const Dataset& train;
  const Dataset* val;
  TrainConfig config;
  std::vector<Param*> params;
  Rng rng;
  float base_lr;

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

  State(Sequential& m, Optimizer& o, const Dataset& t, const Dataset* v, TrainConfig c)
      : model(m), optimizer(o), train(t), val(v), config(std::move(c)), params(m.params()),
        rng(config.seed), base_lr(o.config().lr) {}

  void start_epoch() {
    order.resize(train.size());
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    cursor = 0;
    batch = 0;
    loss_sum = 0;
    correct = seen = 0;
    optimizer.set_lr(scheduled_lr(config, base_lr, epoch));
    epoch_start = std::chrono::steady_clock::now();
  }

  void keep_good_weights() {
    good.resize(params.size());
    for (size_t i = 0; i < params.size(); ++i) good[i] = params[i]->value.data;
  }

  [[noreturn]] void diverge(const std::string& what) {
    for (size_t i = 0; i < params.size() && i < good.size(); ++i) params[i]->value.data = good[i];
    diverged = true;
    throw Error("training diverged at epoch " + std::to_string(epoch) + ", batch " + std::to_string(batch + 1) +
                ": " + what + ". The learning rate (" + format_number(optimizer.config().lr) +
                ") is probably too high; the last good weights were kept.");
  }
};

Trainer::Trainer(Sequential& model, Optimizer& optimizer, const Dataset& train, const Dataset* val,
                 TrainConfig config) {
  if (train.size() == 0) throw Error("the training set is empty");
  if (config.epochs <= 0) throw Error("epochs must be at least 1, got " + std::to_string(config.epochs));
  if (config.batch_size <= 0) throw Error("batch size must be at least 1, got " + std::to_string(config.batch_size));
  if (config.early_stop_patience < 0) throw Error("patience must not be negative");
  if (!(optimizer.config().lr > 0) || !std::isfinite(optimizer.config().lr))
    throw Error("learning rate must be a positive number, got " + format_number(optimizer.config().lr));
  scheduled_lr(config, 1.0f, 1);  // rejects an unknown schedule now rather than after an epoch
  const auto& ops = augment_op_names();
  for (const auto& op : config.augment)
    if (std::find(ops.begin(), ops.end(), op) == ops.end())
      throw Error("unknown augmentation '" + op + "' (expected flip, crop or jitter)");
  check_dataset(model, train, "the training set");
  if (val && val->size() == 0) val = nullptr;
  if (val) check_dataset(model, *val, "the validation set");
  if (config.early_stop_patience > 0 && !val)
    throw Error("early stopping (patience) needs a validation set");
  s_ = std::make_shared<State>(model, optimizer, train, val, std::move(config));
  s_->start_epoch();
}

float Trainer::step() {
  State& s = *s_;
  if (should_stop()) throw Error("training has finished; no more batches to train");
  if (epoch_done()) throw Error("the epoch is complete: call end_epoch() before the next batch");
  size_t n = std::min(static_cast<size_t>(s.config.batch_size), s.order.size() - s.cursor);
  // x: (n, C, H, W) in [0, 1]; y: n labels
  s.train.batch(s.order, s.cursor, n, &s.x, &s.y);
  if (!s.config.augment.empty()) augment_batch(&s.x, s.config.augment, s.rng);
  int correct = 0;
  const float loss = s.model.loss_and_grads(s.x, s.y.data(), &correct);
  if (!std::isfinite(loss)) s.diverge(std::string("the loss became ") + (std::isnan(loss) ? "NaN" : "infinite"));
  if (loss > kDivergedLoss) s.diverge("the loss exploded to " + format_number(loss));
  s.keep_good_weights();
  s.optimizer.step(s.params);
  if (!all_finite(s.params)) s.diverge("a weight became NaN or infinite");
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
  if (should_stop()) throw Error("training has finished; no epoch to close");
  if (!epoch_done()) throw Error("end_epoch() called before the epoch's last batch");
  EpochMetrics m;
  m.epoch = s.epoch;
  m.train_loss = running_loss();
  m.train_acc = running_acc();
  m.lr = s.optimizer.config().lr;
  m.val_loss = m.val_acc = kNaN;
  if (s.val) {
    s.last_val = evaluate(s.model, *s.val, std::max(s.config.batch_size, 128));
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
      s.best_weights = s.model.get_weights();
    } else {
      ++s.epochs_since_best;
    }
    s.early = s.epochs_since_best >= s.config.early_stop_patience && s.epoch < s.config.epochs;
  }
  s.finished = s.early || s.epoch >= s.config.epochs;
  if (s.finished && !s.best_weights.empty()) s.model.set_weights(s.best_weights);
  if (!s.finished) {
    ++s.epoch;
    s.start_epoch();
  }
  return m;
}

bool Trainer::should_stop() const { return s_->finished || s_->diverged; }
int Trainer::batches_per_epoch() const {
  return static_cast<int>((s_->train.size() + static_cast<size_t>(s_->config.batch_size) - 1) /
                          static_cast<size_t>(s_->config.batch_size));
}
int Trainer::batch_in_epoch() const { return s_->batch; }
int Trainer::epoch() const { return s_->epoch; }
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
}

}  // namespace cnnlab
