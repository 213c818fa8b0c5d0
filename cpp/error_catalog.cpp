// error_catalog.cpp — the English sentence of each coded refusal (model spec, network, training,
// optimizer); web/i18n/errors.js holds the same codes in the learner's languages.
#include "error_catalog.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cnnlab {

namespace {

struct Entry {
  const char* code;
  const char* english;
};

// Codes and placeholder names are a contract with the translations: change them together.
// "{layer} ({type})" is the 0-based index in the spec's list and the layer's type name.
const Entry kCatalog[] = {
    // ---- saliency -----------------------------------------------------------------------------
    {"saliency.class", "saliency: class {index} is not one of the model's {classes} classes (0 to {last})"},
    // ---- model spec ---------------------------------------------------------------------------

    {"spec.not_object", "model spec must be a JSON object with input, classes and layers"},
    {"spec.input_missing", "model spec: missing \"input\": {channels, height, width}"},
    {"spec.input_dim", "input: '{key}' must be a whole number from 1 to {max}, got {value}"},
    {"spec.classes", "model spec: \"classes\" must be a non-empty list of class names"},
    {"spec.class_name", "model spec: every class name must be a string, got {value}"},
    {"spec.layers", "model spec: \"layers\" must be a non-empty list"},
    {"spec.layer_not_object", "layer {layer}: must be an object like {\"type\": \"relu\"}, got {value}"},
    {"spec.missing_type", "layer {layer}: missing \"type\" (one of {types})"},
    {"spec.unknown_type", "layer {layer} ({type}): unknown layer type (expected one of {types})"},
    {"spec.unknown_option", "layer {layer} ({type}): unknown option '{option}' (it takes: {options})"},
    {"spec.no_options", "layer {layer} ({type}): unknown option '{option}' (it takes none)"},
    {"spec.missing_option", "layer {layer} ({type}): missing '{option}'"},
    {"spec.option_int", "layer {layer} ({type}): '{option}' must be a whole number from {min} to {max}, got {value}"},
    {"spec.option_pair",
     "layer {layer} ({type}): '{option}' must be a whole number from {min} to {max} or a pair [height, width] "
     "of them, got {value}"},
    {"spec.option_rate", "layer {layer} ({type}): '{option}' must be a number in [{min}, {max}), got {value}"},
    {"spec.needs_flat_input",
     "layer {layer} ({type}): needs a flat input but gets {shape} — add {\"type\": \"flatten\"} before it"},
    {"spec.needs_image_input",
     "layer {layer} ({type}): needs an image-shaped input (channels×height×width), got {shape} — put it before "
     "flatten/dense"},
    {"spec.window_too_large", "layer {layer} ({type}): {option} {window} is larger than its padded input {input}"},
    {"spec.pool_padding", "layer {layer} ({type}): padding {padding} must be at most half the window {window}"},
    {"spec.last_not_flat",
     "the last layer ({layer}, {type}) gives {shape}; the network must end in one value per class — add flatten "
     "and dense({classes})"},
    {"spec.outputs_mismatch", "the last layer ({layer}, {type}) gives {outputs} outputs but there are {classes} classes"},
    // ---- size caps (checked before any weight is allocated) -----------------------------------
    {"net.layer_too_big", "layer {layer} ({type}): {count} weights are too many (at most {max} in one layer)"},
    {"net.too_big", "the network has {count} weights, too many (at most {max})"},
    {"net.memory",
     "the network needs about {megabytes} MB for a batch of {batch} images, more than the {max} MB it may use — "
     "use fewer or smaller layers, a smaller input or a smaller batch"},
    // ---- network inputs and weights -----------------------------------------------------------
    {"input.shape", "input: expected N×{shape} images, got {got}"},
    {"input.values", "{method}: x has {count} values, expected N·{shape} (a positive multiple of {per})"},
    {"input.labels_count", "{method}: y has {labels} labels for {images} images"},
    {"input.label_range", "{method}: label {label} at index {index} is outside [0, {classes})"},
    {"input.not_finite",
     "{method}: x holds {value} at index {index}; images must hold finite numbers (nothing was changed)"},
    {"dataset.not_finite", "dataset: the image holds {value} at index {index}; pixel values must be finite numbers"},
    {"weights.unknown_name", "set_weights: the model has no weight named '{name}'"},
    {"weights.shape", "set_weights: '{name}' has shape {shape}, got {got}"},
    {"weights.not_finite", "set_weights: '{name}' holds {value} at index {index}; weights must be finite numbers"},
    {"model.save_not_finite",
     "cannot save the model: weight {name} holds NaN or infinity (did the training diverge?)"},
    // ---- optimizer ----------------------------------------------------------------------------

    {"optimizer.not_object", "optimizer settings must be a JSON object like {\"type\": \"adam\", \"lr\": 0.001}"},
    {"optimizer.type", "optimizer: 'type' must be \"adam\" or \"sgd\", got {value}"},
    {"optimizer.not_number", "optimizer: '{key}' must be a number, got {value}"},
    {"optimizer.range", "optimizer: '{key}' must be in {range}, got {value}"},
    {"optimizer.not_bool", "optimizer: '{key}' must be true or false, got {value}"},
    {"optimizer.unknown_setting", "optimizer: unknown setting '{key}' (known: {known})"},
    {"optimizer.nesterov_momentum", "optimizer: nesterov needs a momentum above 0"},
    // ---- trainer config -----------------------------------------------------------------------

    {"trainer.not_object", "trainer config must be a JSON object like {\"epochs\": 10, \"batchSize\": 32}"},
    {"trainer.unknown_key", "trainer config: unknown key '{key}' (known: {known})"},
    {"trainer.int_range", "trainer config: '{key}' must be a whole number from {min} to {max}, got {value}"},
    {"trainer.not_number", "trainer config: '{key}' must be a number, got {value}"},
    {"trainer.not_text", "trainer config: '{key}' must be text, got {value}"},
    {"trainer.not_list", "trainer config: '{key}' must be a list of names like [\"flip\", \"crop\"], got {value}"},
    // ---- training -----------------------------------------------------------------------------
    {"train.empty", "the training set is empty"},
    {"train.epochs", "epochs must be at least 1, got {value}"},
    {"train.batch_size", "batch size must be at least 1, got {value}"},
    {"train.patience", "patience must not be negative, got {value}"},
    {"train.lr", "learning rate must be a positive number, got {value}"},
    {"train.schedule", "unknown learning-rate schedule '{value}' (expected none, step or cosine)"},
    {"train.step_every", "the step schedule needs stepEvery of at least 1, got {value}"},
    {"train.step_gamma", "the step schedule needs stepGamma in (0, 1], got {value}"},
    {"train.augment", "unknown augmentation '{value}' (expected flip, crop or jitter)"},
    {"train.patience_needs_val", "early stopping (patience) needs a validation set"},
    {"train.set_image_size", "the {set} set has images of {shape} but the model expects {expected}"},
    {"train.set_classes", "the {set} set has {count} classes but the model has {classes}"},
    {"train.set_label", "the {set} set has label {label}, outside the model's {classes} classes"},
    {"train.eval_empty", "cannot evaluate on an empty data set"},
    {"train.eval_batch", "evaluate: batch size must be positive, got {value}"},
    {"train.finished", "training has finished; no more batches to train"},
    {"train.epoch_complete", "the epoch is complete: call end_epoch() before the next batch"},
    {"train.no_epoch_to_close", "training has finished; no epoch to close"},
    {"train.epoch_unfinished", "end_epoch() called before the epoch's last batch"},
    {"train.extend_epochs", "more epochs: the number must be at least 1, got {value}"},
    {"train.extend_diverged", "this run diverged and cannot go on: start a new run (with a smaller learning rate)"},
    {"train.diverged",
     "training diverged at epoch {epoch}, batch {batch}: the loss became {what}. The learning rate ({lr}) is "
     "probably too high; the last good weights were kept."},
    {"train.per_class_limit", "the photos-per-class limit must be 0 (all) or more, got {value}"},
    {"train.val_split", "the validation split must be in [0, 1), got {value}"},
    // ---- the machine ----------------------------------------------------------------------------
    {"engine.out_of_memory", "out of memory: the network or the batch is too large for this device"},
};

// The {name} placeholders of a sentence: `visit(begin, end, name)` for each, in order. Names are
// word characters only, as t() in web/i18n/index.js reads them, so "{channels, height}" is text.
template <typename Visit>
void each_placeholder(const std::string& s, Visit visit) {
  for (size_t open = s.find('{'); open != std::string::npos; open = s.find('{', open + 1)) {
    size_t close = open + 1;
    while (close < s.size() && (std::isalnum(static_cast<unsigned char>(s[close])) || s[close] == '_')) ++close;
    if (close < s.size() && s[close] == '}' && close > open + 1) visit(open, close + 1, s.substr(open + 1, close - open - 1));
  }
}

std::vector<std::string> placeholders_of(const std::string& english) {
  std::vector<std::string> names;
  each_placeholder(english, [&](size_t, size_t, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  });
  return names;
}

const Entry* find(const std::string& code) {
  for (const Entry& e : kCatalog)
    if (code == e.code) return &e;
  return nullptr;
}

}  // namespace

ErrorArg::ErrorArg(double v) : text(number_text(v)) {}

std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  if (v == std::floor(v) && std::abs(v) < 1e15) {  // whole numbers in full: 1000000, not 1e+06
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int digits = 6; digits < 18; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (static_cast<float>(std::strtod(buf, nullptr)) == static_cast<float>(v)) break;
  }
  return buf;
}

Error coded_error(const std::string& code, ErrorArgs args) {
  Error::Params params;
  for (const auto& [name, arg] : args) params.emplace_back(name, arg.text);
  const Entry* entry = find(code);
  std::vector<std::string> names;
  for (const auto& p : params) names.push_back(p.first);
  std::vector<std::string> wanted = entry ? placeholders_of(entry->english) : std::vector<std::string>{};
  std::sort(names.begin(), names.end());
  std::sort(wanted.begin(), wanted.end());
  if (!entry || wanted != names) {
    std::string message = "internal error: refusal '" + code + "' does not match the error catalog (params:";
    for (const auto& n : names) message += " " + n;
    return Error("engine.bad_error", {{"code", code}}, message + ")");
  }
  // Fills each {name}; a parameter's own text is never scanned again for placeholders.
  const std::string english = entry->english;
  std::string message;
  size_t last = 0;
  each_placeholder(english, [&](size_t begin, size_t end, const std::string& name) {
    message.append(english, last, begin - last);
    for (const auto& p : params)
      if (p.first == name) message += p.second;
    last = end;
  });
  message.append(english, last, std::string::npos);
  return Error(code, std::move(params), message);
}

void refuse(const std::string& code, ErrorArgs args) { throw coded_error(code, args); }

std::vector<ErrorCodeInfo> error_codes() {
  std::vector<ErrorCodeInfo> out;
  for (const Entry& e : kCatalog) out.push_back({e.code, e.english, placeholders_of(e.english)});
  return out;
}

}  // namespace cnnlab
