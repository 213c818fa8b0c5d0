// bindings/glue.h — the bound functions that take or give JavaScript arrays (typed arrays ↔
// tensors, copies out of the WASM heap), and the network handle. Bound in embind.cpp.
#pragma once

#include <memory>
#include <string>

#include "data/dataset.h"
#include "model.h"
#include "optim/optimizer.h"
#include "train.h"
#include "wire.h"

namespace cnnlab::js {

// A network and the optimizer trainBatch steps with; shared, so a Trainer may outlive the handle.
struct JsNetwork {
  std::shared_ptr<Sequential> model;
  std::shared_ptr<Optimizer> optimizer;
};

// The bound functions that convert JavaScript values (arrays in: N·C·H·W Float32Array, labels
// Int32Array, bytes Uint8Array; arrays out: copies). api.js documents each for JavaScript.
JsNetwork* network_create(std::string spec, uint32_t seed);
JsNetwork* network_load(val bytes);
void set_optimizer(JsNetwork& net, std::string config);
float train_batch(JsNetwork& net, val x, val y);
val gradients(JsNetwork& net, val x, val y);
val predict(JsNetwork& net, val x);
val forward(JsNetwork& net, val x);
val activations(JsNetwork& net, val x);
val saliency(JsNetwork& net, val x, int class_index);  // (N, C, H, W) d(logit of the class)/dx, eval mode
double num_params(const JsNetwork& net);
val get_weights(const JsNetwork& net);
void set_weights(JsNetwork& net, val weights);
val save(const JsNetwork& net);
std::string onnx_json(const JsNetwork& net, bool probs);
std::string spec(const JsNetwork& net);
val layer_info(const JsNetwork& net);
EvalResult evaluate_on(JsNetwork& net, std::shared_ptr<Dataset> data, int batch_size, bool per_sample);

std::shared_ptr<Dataset> dataset_create(int channels, int height, int width, val classes);
void add_image(Dataset& set, val file, int label);
void add_pixels(Dataset& set, val hwc, int src_channels, int src_height, int src_width, int label);
void add_tensor(Dataset& set, val chw, int label);
val class_counts(const Dataset& set);
std::shared_ptr<Dataset> split_off(Dataset& set, float fraction, uint32_t seed);
void limit_per_class(Dataset& set, int limit, uint32_t seed);
Trainer* trainer_create(JsNetwork& net, std::shared_ptr<Dataset> train, std::shared_ptr<Dataset> val_set,
                        std::string config);

val decode_image_js(val file, int channels, int height, int width);
val fit_pixels_js(val hwc, int src_channels, int src_height, int src_width, int channels, int height, int width);
double heap_in_use();  // bytes malloc'ed and not freed (mallinfo().uordblks), for the leak tests
std::string version();
std::string simd_info();
val layer_types_js();
val error_codes_js();

}  // namespace cnnlab::js
