// bindings/glue.cpp — the bound functions that take or give JavaScript arrays (glue.h); everything
// else is bound straight onto the core (embind.cpp).
#include "glue.h"

#include <malloc.h>

#include <Eigen/Core>

#include "data/image.h"
#include "error_catalog.h"
#include "io/model_file.h"
#include "io/onnx_graph.h"
#include "spec.h"

#ifndef CNNLAB_VERSION
#define CNNLAB_VERSION "dev"
#endif

namespace cnnlab::js {

using emscripten::typed_memory_view;
using nlohmann::json;

namespace {

template <typename T>
std::vector<T> to_vector(const val& array) {
  return emscripten::convertJSArrayToNumberVector<T>(array);
}

// Copies out of the WASM heap, so the JS array stays valid when the heap grows or is freed.
template <typename T>
val copy_out(const T* p, size_t n) {
  return val(typed_memory_view(n, p)).call<val>("slice");
}

val named_tensor(const std::string& name, const Tensor& t) {
  val o = val::object();
  o.set("name", name);
  o.set("shape", to_js(t.shape));
  o.set("data", copy_out(t.ptr(), t.data.size()));
  return o;
}

val named_tensors(const std::vector<NamedTensor>& list) {
  val out = val::array();
  for (const NamedTensor& w : list) out.call<void>("push", named_tensor(w.name, w.tensor));
  return out;
}

// x (a Float32Array: api.js converts anything else) → (N, C, H, W), copied by JS straight into
// the tensor; the core checks the size and names `method`.
Tensor input(const Sequential& model, const val& x, const std::string& method) {
  Tensor t(model.batch_shape(static_cast<int64_t>(x["length"].as<double>()), method));
  val(typed_memory_view(t.data.size(), t.ptr())).call<void>("set", x);
  return t;
}

}  // namespace

// ---- Network --------------------------------------------------------------------------------

JsNetwork* network_create(std::string spec, uint32_t seed) {
  return new JsNetwork{std::make_shared<Sequential>(spec, seed), make_optimizer(OptimizerConfig{})};
}

JsNetwork* network_load(val bytes) {
  const std::vector<uint8_t> file = to_vector<uint8_t>(bytes);
  return new JsNetwork{load_model(file.data(), file.size()).model, make_optimizer(OptimizerConfig{})};
}

void set_optimizer(JsNetwork& net, std::string config) { net.optimizer = make_optimizer(parse_optimizer_config(config)); }

float train_batch(JsNetwork& net, val x, val y) {
  const float loss = net.model->loss_and_grads(input(*net.model, x, "trainBatch"), to_vector<int>(y), "trainBatch");
  net.optimizer->step(net.model->params());
  return loss;
}

val gradients(JsNetwork& net, val x, val y) {
  val out = val::object();
  out.set("loss", net.model->loss_and_grads(input(*net.model, x, "gradients"), to_vector<int>(y), "gradients"));
  out.set("grads", named_tensors(net.model->get_gradients()));
  return out;
}

val predict(JsNetwork& net, val x) {
  const Tensor probs = net.model->predict(input(*net.model, x, "predict"));
  return copy_out(probs.ptr(), probs.data.size());
}

val forward(JsNetwork& net, val x) {
  const Tensor& y = net.model->forward(input(*net.model, x, "forward"), Mode::kEval);
  return copy_out(y.ptr(), y.data.size());
}

// ONNX ModelProto as protobuf JSON text; web/onnx.js encodes it (README "ONNX export").
std::string onnx_json(const JsNetwork& net, bool probs) { return onnx_model_json(*net.model, {probs, CNNLAB_VERSION, ""}); }

val saliency(JsNetwork& net, val x, int class_index) {
  const Tensor dx = net.model->input_gradient(input(*net.model, x, "saliency"), class_index);
  return copy_out(dx.ptr(), dx.data.size());
}

val activations(JsNetwork& net, val x) {
  net.model->forward(input(*net.model, x, "activations"), Mode::kEval);
  val out = val::array();
  for (size_t i = 0; i < net.model->num_layers(); ++i) {
    const Layer& layer = net.model->layer(i);
    val o = val::object();
    o.set("index", static_cast<int>(i));
    o.set("type", std::string(layer.type()));
    o.set("shape", to_js(layer.output().shape));
    o.set("data", copy_out(layer.output().ptr(), layer.output().data.size()));
    out.call<void>("push", o);
  }
  return out;
}

double num_params(const JsNetwork& net) { return static_cast<double>(net.model->num_params()); }

val get_weights(const JsNetwork& net) { return named_tensors(net.model->get_weights()); }

// weights: [{name, shape: Int32Array, data: Float32Array}], normalised by api.js.
void set_weights(JsNetwork& net, val weights) {
  std::vector<NamedTensor> list;
  for (int i = 0, n = weights["length"].as<int>(); i < n; ++i) {
    const val w = weights[i];
    list.push_back({w["name"].as<std::string>(), Tensor(to_vector<int>(w["shape"]), to_vector<float>(w["data"]))});
  }
  net.model->set_weights(list);
}

val save(const JsNetwork& net) {
  const std::vector<uint8_t> bytes = save_model(*net.model);
  return copy_out(bytes.data(), bytes.size());
}

std::string spec(const JsNetwork& net) { return net.model->spec().json; }

val layer_info(const JsNetwork& net) {
  json out = json::array();
  for (size_t i = 0; i < net.model->num_layers(); ++i) {
    const Layer& l = net.model->layer(i);
    out.push_back({{"type", l.type()}, {"outShape", l.out_shape()}, {"params", l.num_params()}});
  }
  return to_js(out);
}

EvalResult evaluate_on(JsNetwork& net, std::shared_ptr<Dataset> data, int batch_size, bool per_sample) {
  return evaluate(*net.model, *data, batch_size, per_sample);
}

// ---- Dataset and Trainer --------------------------------------------------------------------

std::shared_ptr<Dataset> dataset_create(int channels, int height, int width, val classes) {
  return std::make_shared<Dataset>(make_dataset(channels, height, width, emscripten::vecFromJSArray<std::string>(classes)));
}

void add_image(Dataset& set, val file, int label) {
  const std::vector<uint8_t> bytes = to_vector<uint8_t>(file);
  set.add(decode_image(bytes.data(), bytes.size(), set.channels, set.height, set.width), label);
}

void add_pixels(Dataset& set, val hwc, int src_channels, int src_height, int src_width, int label) {
  set.add(fit_pixels(to_vector<uint8_t>(hwc), src_width, src_height, src_channels, set.channels, set.height, set.width),
          label);
}

void add_tensor(Dataset& set, val chw, int label) {
  set.add(Tensor({set.channels, set.height, set.width}, to_vector<float>(chw)), label);
}

val class_counts(const Dataset& set) { return to_js(set.class_counts()); }

// Moves a stratified `fraction` of the images into a new set (returned); `set` keeps the rest.
std::shared_ptr<Dataset> split_off(Dataset& set, float fraction, uint32_t seed) {
  Rng rng(seed);
  Dataset train;
  auto held_out = std::make_shared<Dataset>();
  stratified_split(set, fraction, rng, &train, held_out.get());
  set = std::move(train);
  return held_out;
}

void limit_per_class(Dataset& set, int limit, uint32_t seed) {
  Rng rng(seed);
  cnnlab::limit_per_class(&set, limit, rng);
}

// Trains with the network's optimizer at the time of the call; val may be null.
Trainer* trainer_create(JsNetwork& net, std::shared_ptr<Dataset> train, std::shared_ptr<Dataset> val_set,
                        std::string config) {
  return new Trainer(net.model, net.optimizer, train, val_set, parse_train_config(config));
}

// ---- module ---------------------------------------------------------------------------------

val decode_image_js(val file, int channels, int height, int width) {
  const std::vector<uint8_t> bytes = to_vector<uint8_t>(file);
  const Tensor t = decode_image(bytes.data(), bytes.size(), channels, height, width);
  return copy_out(t.ptr(), t.data.size());
}

val fit_pixels_js(val hwc, int src_channels, int src_height, int src_width, int channels, int height, int width) {
  const Tensor t = fit_pixels(to_vector<uint8_t>(hwc), src_width, src_height, src_channels, channels, height, width);
  return copy_out(t.ptr(), t.data.size());
}

val layer_types_js() { return to_js(layer_types_json()); }

std::string version() { return CNNLAB_VERSION; }

double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

std::string simd_info() {
#ifdef __wasm_simd128__
  return std::string("wasm-simd128; Eigen: ") + Eigen::SimdInstructionSetsInUse();
#else
  return std::string("none; Eigen: ") + Eigen::SimdInstructionSetsInUse();
#endif
}

val error_codes_js() {
  json out = json::array();
  for (const ErrorCodeInfo& e : error_codes()) out.push_back({{"code", e.code}, {"english", e.english}, {"params", e.params}});
  return to_js(out);
}

}  // namespace cnnlab::js
