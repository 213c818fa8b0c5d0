// train.h — epochs of shuffled mini-batches, metrics, early stopping, LR schedule, cancel.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "model.h"
#include "optim/optimizer.h"

namespace cnnlab {

// The names the page, the worker and the JavaScript API use are the JSON keys of
// parse_train_config: epochs, batchSize, seed, augment, earlyStopPatience, schedule, stepEvery,
// stepGamma.
struct TrainConfig {
  int epochs = 10;
  int batch_size = 32;
  uint32_t seed = 42;             // shuffling and augmentation
  std::vector<std::string> augment;  // any of "flip", "crop", "jitter"
  int early_stop_patience = 0;    // 0 = off; otherwise stop after this many epochs without a
                                  // better val loss; when training ends (early or after the
                                  // last epoch) the best weights by val loss are restored.
                                  // Needs a validation set.
  std::string schedule = "none";  // "none" | "step" | "cosine"
  int step_every = 10;            // "step": lr ×= step_gamma every step_every epochs
  float step_gamma = 0.1f;
};

struct EpochMetrics {
  int epoch = 0;  // 1-based
  float train_loss = 0, train_acc = 0;
  float val_loss = 0, val_acc = 0;  // NaN when there is no validation set
  float lr = 0;
  double seconds = 0;
};

struct EvalResult {
  float loss = 0, accuracy = 0;
  std::vector<std::vector<int>> confusion;  // [true][predicted]
  std::vector<float> per_class_accuracy;    // NaN for a class with no samples
  std::vector<std::string> classes;         // the model's class names, row/column order
  int count = 0;                            // samples evaluated
  // With per_sample (in the set's order): each sample's origin (Dataset::origin), true class,
  // predicted class and softmax probabilities (count × K, row-major). The confusion matrix counts
  // exactly these (label, predicted) pairs.
  std::vector<int> sample_origin, sample_label, sample_predicted;
  std::vector<float> sample_probs;
};

// A training batch whose mean cross-entropy exceeds this has diverged: the right class's logit
// sits 10⁴ below the best one, which no learning network reaches (chance is log K ≈ 2.3 for 10
// classes). Large learning rates blow up this way long before float32 overflows to Inf.
constexpr float kDivergedLoss = 1e4f;

// Eval mode (no dropout), in batches of `batch_size`. Throws Error when `data` is empty or its
// images do not have the model's input size. per_sample also keeps every sample's prediction.
EvalResult evaluate(Sequential& model, const Dataset& data, int batch_size = 128, bool per_sample = false);

// The learning rate of 1-based `epoch` under config.schedule, starting from base_lr:
// step: base·gamma^⌊(epoch−1)/step_every⌋; cosine (PyTorch CosineAnnealingLR, T_max = epochs,
// eta_min = 0): base·(1 + cos(π·(epoch−1)/epochs))/2.
float scheduled_lr(const TrainConfig& config, float base_lr, int epoch);

// JSON forms for the CLI, the history file and the browser worker (NaN becomes null).
// EpochMetrics: {epoch, train_loss, train_acc, val_loss, val_acc, lr, seconds}.
// EvalResult: {accuracy, loss, count, classes, confusion, per_class_accuracy}, plus, when it was
// evaluated per sample, samples: {origin[], label[], predicted[], probs[] (count·K, row-major)}.
void to_json(nlohmann::json& j, const EpochMetrics& m);
void to_json(nlohmann::json& j, const EvalResult& r);
// {"epochs": 10, "batchSize": 32, "seed": 42, "augment": ["flip"], "earlyStopPatience": 3,
//  "schedule": "cosine", "stepEvery": 10, "stepGamma": 0.1} → TrainConfig; every key optional.
// A wrong type, an unknown key or a value out of range is refused naming the key.
TrainConfig parse_train_config(const std::string& json_text);

// Drives a whole training run one batch at a time, so that callers (the CLI's loop, the browser
// worker's loop that yields between batches) decide when to stop, report and render. The run is
// the Trainer's: its data split, shuffling and augmentation stream, optimizer state and epoch
// numbering stay with it from the first batch to the last epoch of any extend().
class Trainer {
 public:
  // Shares ownership of what it trains with and on (the JavaScript API's objects may be deleted
  // in any order). val may be null or empty (no validation).
  Trainer(std::shared_ptr<Sequential> model, std::shared_ptr<Optimizer> optimizer,
          std::shared_ptr<const Dataset> train, std::shared_ptr<const Dataset> val, TrainConfig config);
  // The same over objects the caller keeps alive for the Trainer's lifetime.
  Trainer(Sequential& model, Optimizer& optimizer, const Dataset& train, const Dataset* val,
          TrainConfig config);

  // Trains one batch. Returns the batch's mean loss. Throws Error on divergence (a NaN/Inf or
  // exploded loss, see kDivergedLoss, or NaN/Inf weights), after restoring the last weights that
  // gave a sane loss; the trainer then stops.
  float step();
  bool epoch_done() const;  // every sample of this epoch has been seen
  // Closes the epoch: validation metrics, schedule, early stopping; starts the next epoch.
  EpochMetrics end_epoch();
  bool should_stop() const;  // early stopping fired, all epochs done, or diverged
  // `epochs` more epochs for a finished or stopped run: the target becomes the epochs completed
  // so far plus `epochs` (an unfinished epoch is the first of them). Everything else carries on:
  // the same Rng stream, optimizer state, data and epoch numbers; early stopping gets a fresh
  // patience; a cosine schedule stretches over the new total. Refused after divergence.
  void extend(int epochs);
  int batches_per_epoch() const;
  int batch_in_epoch() const;  // batches done in the current epoch
  int epoch() const;           // 1-based index of the current epoch
  int target_epochs() const;   // where the run ends (config.epochs, moved on by extend())
  const std::vector<EpochMetrics>& history() const;
  // Mean loss / accuracy over the batches done so far in the current epoch (progress display).
  float running_loss() const;
  float running_acc() const;
  // Validation result of the last closed epoch (confusion, per-class accuracy); empty before.
  const EvalResult& last_validation() const;
  bool stopped_early() const;
  int best_epoch() const;  // epoch whose weights early stopping keeps; 0 when off

  // Convenience for the CLI: runs all epochs; `on_epoch` after each; stops when *cancel is set
  // (checked before every batch; the unfinished epoch is dropped, the weights are kept).
  void run(const std::function<void(const EpochMetrics&)>& on_epoch,
           const std::function<void(int batch, int batches, float loss)>& on_batch = nullptr,
           const std::atomic<bool>* cancel = nullptr);

 private:
  struct State;
  std::shared_ptr<State> s_;
};

}  // namespace cnnlab
