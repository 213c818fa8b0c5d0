// cli/train_command.cpp — `cnnlab train`: spec + data → epochs as JSON lines → model file.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "data/file.h"
#include "data/idx.h"
#include "io/model_file.h"
#include "json_parse.h"
#include "optim/optimizer.h"
#include "train.h"

namespace cnnlab::cli {
namespace {

using nlohmann::json;

const char* const kHelp =
    "usage: cnnlab train --data DIR [--val DIR] --model SPEC.json --epochs N --batch B --lr X\n"
    "                    [--optimizer adam|sgd] [--momentum M] [--weight-decay W]\n"
    "                    [--augment flip,crop,jitter] [--val-split F] [--seed S]\n"
    "                    [--schedule none|step|cosine] [--step-every E] [--step-gamma G]\n"
    "                    [--patience P] [--test DIR] [--quiet] --out MODEL [--history HIST.json]\n"
    "\n"
    "Trains the network described by SPEC.json and saves it to MODEL (a CNN Lab model file).\n"
    "Prints one JSON line per epoch on stdout:\n"
    "  {\"epoch\",\"train_loss\",\"train_acc\",\"val_loss\",\"val_acc\",\"lr\",\"seconds\"}\n"
    "(val_* are null without a validation set) and a progress line on stderr.\n"
    "\n"
    "  --data DIR        ImageFolder (one sub-folder of images per class) or IDX folder\n"
    "                    (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz])\n"
    "  --val DIR         validation set (same layouts); or instead:\n"
    "  --val-split F     hold out a stratified fraction F of --data for validation\n"
    "  --model SPEC.json model spec; its \"input\" sets the image size; its \"classes\" may be\n"
    "                    left out to take the data's class names\n"
    "  --optimizer       adam (default) or sgd;  --momentum (sgd, default 0)\n"
    "  --weight-decay W  L2 on weights (not biases), default 0\n"
    "  --augment LIST    flip, crop, jitter (comma-separated), training batches only\n"
    "  --seed S          shuffling, initialisation, dropout, augmentation, split (default 42)\n"
    "  --schedule        none (default), step (lr×G every E epochs, default 0.1 every 10),\n"
    "                    cosine (from lr down towards 0 over the epochs)\n"
    "  --patience P      early stopping: stop after P epochs without a better val loss;\n"
    "                    the best weights are the ones saved\n"
    "  --history FILE    write all epochs, the best epoch and the last validation confusion\n"
    "  --test DIR        also score each epoch on this set (IDX: its t10k files), adding\n"
    "                    test_loss and test_acc to the line; for reports, never for decisions\n"
    "  --quiet           no progress line\n"
    "\n"
    "Ctrl-C stops after the current batch and saves the model trained so far.\n";

std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted.store(true); }

// Throttled "\r"-updated progress on stderr: nothing for short epochs, ≤ 4 updates a second on
// a terminal, one every 10 s when stderr is a log file.
class Progress {
 public:
  explicit Progress(bool enabled)
      : enabled_(enabled),
        interval_(isatty(fileno(stderr)) ? std::chrono::milliseconds(250) : std::chrono::milliseconds(10000)) {}
  void update(const Trainer& t, int epochs) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (t.batch_in_epoch() == 1) epoch_start_ = last_ = now;
    if (now - epoch_start_ < std::chrono::seconds(1) || now - last_ < interval_) return;
    last_ = now;
    std::fprintf(stderr, "\repoch %d/%d  batch %d/%d  loss %.4f  acc %.3f ", t.epoch(), epochs, t.batch_in_epoch(),
                 t.batches_per_epoch(), static_cast<double>(t.running_loss()), static_cast<double>(t.running_acc()));
    std::fflush(stderr);
    shown_ = true;
  }
  void clear() {
    if (!shown_) return;
    std::fprintf(stderr, "\r%60s\r", "");
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  bool enabled_;
  std::chrono::milliseconds interval_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point epoch_start_, last_;
};

// The spec file as JSON, with a message that names the file.
json read_spec(const std::string& path) {
  std::vector<uint8_t> bytes = read_user_file(path);
  json spec = parse_json({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, "model spec " + path);
  if (!spec.is_object()) throw Error("model spec " + path + " must be a JSON object");
  return spec;
}

// {channels, height, width} from the spec's "input", before the full spec is validated.
void spec_input(const json& spec, const std::string& path, int* c, int* h, int* w) {
  const char* keys[] = {"channels", "height", "width"};
  int* out[] = {c, h, w};
  if (!spec.contains("input") || !spec["input"].is_object())
    throw Error("model spec " + path + ": missing \"input\": {\"channels\", \"height\", \"width\"}");
  for (int i = 0; i < 3; ++i) {
    const json& v = spec["input"].value(keys[i], json());
    if (!v.is_number_integer() || v.get<int64_t>() <= 0 || v.get<int64_t>() > 4096)
      throw Error("model spec " + path + ": input." + keys[i] + " must be a positive whole number");
    *out[i] = v.get<int>();
  }
}

// Fails now rather than after an hour of training when MODEL cannot be written.
void check_writable(const std::string& path) {
  const std::string probe = path + ".part";
  std::FILE* f = std::fopen(probe.c_str(), "wb");
  if (!f) throw Error("cannot write " + path + ": " + std::strerror(errno));
  std::fclose(f);
  std::remove(probe.c_str());
}

void write_history(const std::string& path, const Trainer& trainer) {
  json h = {{"epochs", trainer.history()},
            {"best_epoch", trainer.best_epoch() ? json(trainer.best_epoch()) : json()},
            {"stopped_early", trainer.stopped_early()},
            {"validation", trainer.last_validation().count ? json(trainer.last_validation()) : json()}};
  std::string text = h.dump(1) + "\n";
  write_file_atomic(path, std::vector<uint8_t>(text.begin(), text.end()));
}

}  // namespace

int train_command(const std::vector<std::string>& argv) {
  Args args(argv,
            {"data", "val", "model", "epochs", "batch", "lr", "optimizer", "momentum", "weight-decay", "augment",
             "val-split", "seed", "schedule", "step-every", "step-gamma", "patience", "out", "history", "test"},
            {"quiet"});
  if (args.flag("help")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
  const std::string data_dir = args.str("data"), spec_path = args.str("model"), out_path = args.str("out");
  TrainConfig config;
  config.epochs = args.integer("epochs");
  config.batch_size = args.integer("batch");
  config.seed = static_cast<uint32_t>(args.integer("seed", 42));
  config.augment = args.list("augment");
  config.schedule = args.str("schedule", "none");
  config.step_every = args.integer("step-every", config.step_every);
  config.step_gamma = args.number("step-gamma", config.step_gamma);
  config.early_stop_patience = args.integer("patience", 0);
  // The flags go through the same validation as setOptimizer() in the page.
  json opt_json = {{"type", args.str("optimizer", "adam")}, {"lr", args.number("lr")}};
  if (args.has("momentum")) opt_json["momentum"] = args.number("momentum");
  if (args.has("weight-decay")) opt_json["weightDecay"] = args.number("weight-decay");
  const float val_split = args.number("val-split", 0.0f);
  if (args.has("val") && args.has("val-split")) throw UsageError("give either --val or --val-split, not both");
  if (val_split < 0 || val_split >= 1) throw UsageError("--val-split must be in [0, 1)");
  if (config.epochs < 1) throw UsageError("--epochs must be at least 1");
  if (config.batch_size < 1) throw UsageError("--batch must be at least 1");
  if (opt_json["type"] != "adam" && opt_json["type"] != "sgd") throw UsageError("--optimizer must be adam or sgd");
  const OptimizerConfig opt = parse_optimizer_config(opt_json.dump());
  if (config.early_stop_patience > 0 && !args.has("val") && val_split == 0)
    throw UsageError("--patience needs a validation set: give --val or --val-split");

  // The spec is checked before the (possibly long) data load; classes may come from the data.
  json spec = read_spec(spec_path);
  int channels = 0, height = 0, width = 0;
  spec_input(spec, spec_path, &channels, &height, &width);
  std::optional<Sequential> model;
  if (spec.contains("classes")) model.emplace(spec.dump(), config.seed);
  Dataset all = load_data(data_dir, channels, height, width, "train");
  if (!model) {
    spec["classes"] = all.classes;
    model.emplace(spec.dump(), config.seed);
  }
  check_classes(model->spec().classes, all, data_dir);

  Dataset train, val;
  if (args.has("val")) {
    // An ImageFolder's DIR/val sub-folder when there is one (else DIR); an IDX folder's t10k files.
    const std::string val_dir = args.str("val");
    val = load_data(val_dir, channels, height, width, is_idx_dir(val_dir) ? "test" : "val");
    check_classes(model->spec().classes, val, val_dir);
    train = std::move(all);
  } else if (val_split > 0) {
    Rng split_rng(config.seed);
    stratified_split(all, val_split, split_rng, &train, &val);
  } else {
    train = std::move(all);
  }
  std::fprintf(stderr, "cnnlab train: %zu training and %zu validation images, %d classes, %lld parameters\n",
               train.size(), val.size(), model->num_classes(), static_cast<long long>(model->num_params()));
  check_writable(out_path);

  Dataset test;
  if (args.has("test")) {
    const std::string test_dir = args.str("test");
    test = load_data(test_dir, channels, height, width, "test");
    check_classes(model->spec().classes, test, test_dir);
  }

  auto optimizer = make_optimizer(opt);
  Trainer trainer(*model, *optimizer, train, val.size() ? &val : nullptr, config);
  Progress progress(!args.flag("quiet"));
  auto previous = std::signal(SIGINT, on_sigint);
  try {
    trainer.run(
        [&](const EpochMetrics& m) {
          progress.clear();
          json line = m;
          if (test.size()) {
            EvalResult r = evaluate(*model, test, std::max(config.batch_size, 128));
            line["test_loss"] = std::round(static_cast<double>(r.loss) * 1e6) / 1e6;
            line["test_acc"] = std::round(static_cast<double>(r.accuracy) * 1e6) / 1e6;
          }
          std::cout << line.dump() << std::endl;
        },
        [&](int, int, float) { progress.update(trainer, config.epochs); }, &g_interrupted);
  } catch (const Error&) {
    progress.clear();
    std::signal(SIGINT, previous);
    if (args.has("history")) write_history(args.str("history"), trainer);
    throw;
  }
  std::signal(SIGINT, previous);
  progress.clear();
  write_file_atomic(out_path, save_model(*model));
  if (args.has("history")) write_history(args.str("history"), trainer);
  if (trainer.stopped_early())
    std::fprintf(stderr, "cnnlab train: early stopping after epoch %d; saved the weights of epoch %d\n",
                 trainer.epoch(), trainer.best_epoch());
  if (g_interrupted.load()) {
    std::fprintf(stderr, "cnnlab train: interrupted; saved the model as trained so far to %s\n", out_path.c_str());
    return 130;
  }
  return 0;
}

}  // namespace cnnlab::cli
