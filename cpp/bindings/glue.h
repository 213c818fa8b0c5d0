// bindings/glue.h — the C++ side of the JavaScript API: typed arrays in and out, errors caught.
//
// Every entry point catches C++ exceptions and parks the message (see guard()); the JS wrapper
// (api.js) checks after each call and throws a real Error. Letting an exception escape into JS
// would hand it a bare pointer, leak the exception object and leave the WASM stack pointer
// unrestored. Arrays leave WASM as copies (typed_memory_view(...).slice()).
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "data/dataset.h"
#include "model.h"
#include "optim/optimizer.h"
#include "train.h"

namespace cnnlab::js {

using emscripten::val;

// The message of the last failed call ("" when none); take_error() clears it.
bool has_error();
std::string take_error();
void set_error(std::string message);

// Runs f(); on an exception records its message and returns `fallback` instead.
template <typename R, typename F>
R guard(R fallback, F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    set_error(e.what());
  } catch (...) {
    set_error("unknown C++ exception");
  }
  return fallback;
}

class JsDataset;

// A Sequential and its optimizer. Shared pointers let a Trainer outlive the JS handle.
class JsNetwork {
 public:
  static JsNetwork* create(const std::string& spec_json, uint32_t seed);
  static JsNetwork* load(const val& bytes);  // model file bytes (Uint8Array)

  void set_optimizer(const std::string& json);
  float train_batch(const val& x, const val& y);  // x: (N, C, H, W), y: N → mean loss
  // {loss, grads: [{name, shape, data}]} for one batch, without an optimizer step.
  val gradients(const val& x, const val& y);
  val predict(const val& x);      // (N, K) softmax probabilities
  val forward(const val& x);      // (N, K) logits, eval mode
  val activations(const val& x);  // [{index, type, shape, data}] every layer's output, eval mode
  double num_params() const;
  val get_weights() const;        // [{name, shape, data}]
  void set_weights(const val& weights);
  val save() const;               // model file bytes (Uint8Array)
  std::string onnx_json(bool probs) const;  // ONNX ModelProto in protobuf JSON (io/onnx_graph.h)
  std::string spec() const;       // the normalised spec JSON
  val layer_info() const;         // [{type, outShape, params}]
  std::string evaluate(const JsDataset& data, int batch_size);  // EvalResult as JSON

  std::shared_ptr<Sequential> model;
  std::shared_ptr<Optimizer> optimizer;
};

// An in-memory labelled image set living in WASM, so training never copies batches across.
class JsDataset {
 public:
  static JsDataset* create(int channels, int height, int width, const std::string& classes_json);

  void add_image(const val& file_bytes, int label);  // decoded at the set's size
  // Interleaved 8-bit pixels (H, W, C) with C 1 or 3, fitted to the set's size.
  void add_pixels(const val& hwc, int src_channels, int src_height, int src_width, int label);
  void add_tensor(const val& chw, int label);        // float (C, H, W) in [0, 1]
  int size() const;
  val class_counts() const;
  // Moves a stratified `val_fraction` of the images into a new set (returned); this keeps the rest.
  JsDataset* split_off(float val_fraction, uint32_t seed);

  std::shared_ptr<Dataset> data;
};

// Step-wise training over datasets in WASM (the worker yields between steps).
class JsTrainer {
 public:
  // val may be null; config: {epochs, batchSize, seed, augment, earlyStopPatience, schedule,
  // stepEvery, stepGamma}. Trains with the network's optimizer at the time of the call.
  static JsTrainer* create(JsNetwork& net, JsDataset& train, JsDataset* val, const std::string& config_json);

  float step();
  bool epoch_done() const;
  std::string end_epoch();  // EpochMetrics as JSON
  bool should_stop() const;
  bool stopped_early() const;
  int batches_per_epoch() const;
  int batch_in_epoch() const;
  int epoch() const;
  float running_loss() const;
  float running_acc() const;
  std::string history() const;          // [EpochMetrics] as JSON
  std::string last_validation() const;  // EvalResult as JSON

  std::shared_ptr<Sequential> model;
  std::shared_ptr<Optimizer> optimizer;
  std::shared_ptr<Dataset> train_data, val_data;
  std::unique_ptr<Trainer> trainer;
};

val decode_image_js(const val& file_bytes, int channels, int height, int width);  // (C, H, W)
// Interleaved 8-bit (src_h, src_w, src_c) → float (channels, height, width), as Dataset stores it.
val fit_pixels_js(const val& hwc, int src_channels, int src_height, int src_width, int channels, int height, int width);
double heap_in_use();     // bytes malloc'ed and not freed (mallinfo().uordblks)
std::string version();
std::string simd_info();  // "wasm-simd128; Eigen: SSE, SSE2, ..." or "none"

}  // namespace cnnlab::js
