// cli/eval_predict.cpp — `cnnlab eval` and `cnnlab predict` on a saved model file.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.h"
#include "commands.h"
#include "data/file.h"
#include "data/image.h"
#include "io/model_file.h"
#include "train.h"

namespace cnnlab::cli {
namespace {

using nlohmann::json;

const char* const kEvalHelp =
    "usage: cnnlab eval --model MODEL --data DIR [--split NAME] [--batch B]\n"
    "\n"
    "Scores a saved model on a data set and prints one JSON object on stdout:\n"
    "  {\"accuracy\",\"loss\",\"count\",\"classes\",\"confusion\",\"per_class_accuracy\"}\n"
    "confusion[i][j] counts images of class i predicted as class j.\n"
    "\n"
    "  --model MODEL  a model file written by `cnnlab train` or the page\n"
    "  --data DIR     ImageFolder or IDX folder; images are fitted to the model's input\n"
    "  --split NAME   IDX folder: train (train-*, the default) or test (t10k-*);\n"
    "                 ImageFolder: the sub-folder DIR/NAME when it exists (e.g. val), else DIR\n"
    "  --batch B      images per forward pass (default 128)\n";

const char* const kPredictHelp =
    "usage: cnnlab predict --model MODEL IMAGE...\n"
    "\n"
    "Classifies each image (JPEG, PNG, BMP, GIF) and prints one JSON line per image:\n"
    "  {\"file\",\"label\",\"index\",\"probs\"}\n"
    "probs[i] is the softmax probability of the model's class i. An image that cannot be read\n"
    "is reported on stderr and the exit status is 1.\n";

}  // namespace

int eval_command(const std::vector<std::string>& argv) {
  Args args(argv, {"model", "data", "split", "batch"}, {});
  if (args.flag("help")) {
    std::fputs(kEvalHelp, stdout);
    return 0;
  }
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
  const std::string model_path = args.str("model"), data_dir = args.str("data");
  const std::string split = args.str("split", "train");
  const int batch = args.integer("batch", 128);
  if (batch < 1) throw UsageError("--batch must be at least 1");
  LoadedModel loaded = load_model_file(model_path);
  Sequential& model = *loaded.model;
  const ModelSpec& spec = model.spec();
  Dataset data = load_data(data_dir, spec.channels, spec.height, spec.width, split);
  check_classes(spec.classes, data, data_dir);
  std::cout << json(evaluate(model, data, batch)).dump() << std::endl;
  return 0;
}

int predict_command(const std::vector<std::string>& argv) {
  Args args(argv, {"model"}, {});
  if (args.flag("help")) {
    std::fputs(kPredictHelp, stdout);
    return 0;
  }
  const std::string model_path = args.str("model");
  if (args.positional().empty()) throw UsageError("no image files given");
  LoadedModel loaded = load_model_file(model_path);
  Sequential& model = *loaded.model;
  const ModelSpec& spec = model.spec();
  int failures = 0;
  for (const std::string& file : args.positional()) {
    Tensor x;
    try {
      std::vector<uint8_t> bytes = read_user_file(file);
      x = decode_image(bytes.data(), bytes.size(), spec.channels, spec.height, spec.width);
    } catch (const std::exception& e) {  // Error, or bad_alloc from a hostile file
      std::fprintf(stderr, "cnnlab predict: %s: %s\n", file.c_str(), e.what());
      ++failures;
      continue;
    }
    x.shape.insert(x.shape.begin(), 1);  // (C, H, W) → (1, C, H, W)
    Tensor probs = model.predict(x);     // (1, K)
    const int best = static_cast<int>(std::max_element(probs.data.begin(), probs.data.end()) - probs.data.begin());
    // Six decimals are plenty for a probability and keep the line readable.
    std::vector<double> rounded;
    for (float v : probs.data) rounded.push_back(std::round(static_cast<double>(v) * 1e6) / 1e6);
    json line = {{"file", file}, {"label", spec.classes[static_cast<size_t>(best)]}, {"index", best}, {"probs", rounded}};
    std::cout << line.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  }
  return failures ? 1 : 0;
}

}  // namespace cnnlab::cli
