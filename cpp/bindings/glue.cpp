// bindings/glue.cpp — JS typed arrays ↔ Tensors, errors parked for the JS wrapper, engine calls.
#include "glue.h"

#include <emscripten/val.h>
#include <malloc.h>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "data/image.h"
#include "io/model_file.h"
#include "io/onnx_graph.h"

#ifndef CNNLAB_VERSION
#define CNNLAB_VERSION "dev"
#endif

namespace cnnlab::js {

using emscripten::typed_memory_view;
using nlohmann::json;

namespace {

std::string g_error;
bool g_has_error = false;

template <typename T>
std::vector<T> to_vector(const val& array) {
  return emscripten::convertJSArrayToNumberVector<T>(array);
}

// Copies out of the WASM heap, so the JS array stays valid when the heap grows or is freed.
template <typename T>
val copy_out(const T* p, size_t n) {
  return val(typed_memory_view(n, p)).call<val>("slice");
}

val shape_array(const Shape& shape) {
  val a = val::array();
  for (int d : shape) a.call<void>("push", d);
  return a;
}

val named_tensor(const std::string& name, const Tensor& t) {
  val o = val::object();
  o.set("name", name);
  o.set("shape", shape_array(t.shape));
  o.set("data", copy_out(t.ptr(), t.data.size()));
  return o;
}

// x: N·C·H·W values → (N, C, H, W); `what` names the method in the message.
// x is a Float32Array (api.js converts anything else): JS copies it straight into the tensor.
Tensor batch_tensor(const val& x, const Shape& sample, const std::string& what) {
  const auto len = static_cast<int64_t>(x["length"].as<double>());
  const int64_t per = shape_size(sample);
  if (len == 0 || len % per != 0)
    throw Error(what + ": x has " + std::to_string(len) + " values, expected N·" + shape_str(sample) +
                " (a positive multiple of " + std::to_string(per) + ")");
  Shape shape{static_cast<int>(len / per)};
  shape.insert(shape.end(), sample.begin(), sample.end());
  Tensor t(shape);
  val(typed_memory_view(static_cast<size_t>(len), t.ptr())).call<void>("set", x);
  return t;
}

std::vector<int> batch_labels(const val& y, int n, int classes, const std::string& what) {
  std::vector<int> labels = to_vector<int>(y);
  if (static_cast<int>(labels.size()) != n)
    throw Error(what + ": y has " + std::to_string(labels.size()) + " labels for " + std::to_string(n) + " images");
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      throw Error(what + ": label " + std::to_string(labels[i]) + " at index " + std::to_string(i) +
                  " is outside [0, " + std::to_string(classes) + ")");
  return labels;
}

TrainConfig parse_train_config(const std::string& text) {
  const json j = json::parse(text);
  if (!j.is_object()) throw Error("trainer config: expected a JSON object");
  TrainConfig c;
  for (const auto& [key, v] : j.items()) {
    if (key == "epochs") c.epochs = v.get<int>();
    else if (key == "batchSize") c.batch_size = v.get<int>();
    else if (key == "seed") c.seed = v.get<uint32_t>();
    else if (key == "augment") c.augment = v.get<std::vector<std::string>>();
    else if (key == "earlyStopPatience") c.early_stop_patience = v.get<int>();
    else if (key == "schedule") c.schedule = v.get<std::string>();
    else if (key == "stepEvery") c.step_every = v.get<int>();
    else if (key == "stepGamma") c.step_gamma = v.get<float>();
    else throw Error("trainer config: unknown key '" + key + "'");
  }
  if (c.epochs < 1) throw Error("trainer config: epochs must be at least 1");
  if (c.batch_size < 1) throw Error("trainer config: batchSize must be at least 1");
  return c;
}

}  // namespace

bool has_error() { return g_has_error; }

std::string take_error() {
  g_has_error = false;
  return std::exchange(g_error, std::string());
}

void set_error(std::string message) {
  g_error = std::move(message);
  g_has_error = true;
}

// ---- JsNetwork ------------------------------------------------------------------------------

JsNetwork* JsNetwork::create(const std::string& spec_json, uint32_t seed) {
  return guard<JsNetwork*>(nullptr, [&] {
    auto net = std::make_unique<JsNetwork>();
    net->model = std::make_shared<Sequential>(spec_json, seed);
    net->optimizer = make_optimizer(OptimizerConfig{});
    return net.release();
  });
}

JsNetwork* JsNetwork::load(const val& bytes) {
  return guard<JsNetwork*>(nullptr, [&] {
    const std::vector<uint8_t> file = to_vector<uint8_t>(bytes);
    LoadedModel loaded = load_model(file.data(), file.size());
    auto net = std::make_unique<JsNetwork>();
    net->model = std::move(loaded.model);
    net->optimizer = make_optimizer(OptimizerConfig{});
    return net.release();
  });
}

void JsNetwork::set_optimizer(const std::string& json_text) {
  guard(0, [&] {
    optimizer = make_optimizer(parse_optimizer_config(json_text));
    return 0;
  });
}

float JsNetwork::train_batch(const val& x, const val& y) {
  return guard(0.0f, [&] {
    const Tensor xt = batch_tensor(x, model->input_shape(), "trainBatch");
    const std::vector<int> labels = batch_labels(y, xt.dim(0), model->num_classes(), "trainBatch");
    const float loss = model->loss_and_grads(xt, labels.data());
    optimizer->step(model->params());
    return loss;
  });
}

val JsNetwork::gradients(const val& x, const val& y) {
  return guard(val::null(), [&] {
    const Tensor xt = batch_tensor(x, model->input_shape(), "gradients");
    const std::vector<int> labels = batch_labels(y, xt.dim(0), model->num_classes(), "gradients");
    val out = val::object();
    out.set("loss", model->loss_and_grads(xt, labels.data()));
    val grads = val::array();
    const std::vector<NamedTensor> names = model->get_weights();  // same order as params()
    const std::vector<Param*> params = model->params();
    for (size_t i = 0; i < params.size(); ++i) grads.call<void>("push", named_tensor(names[i].name, params[i]->grad));
    out.set("grads", grads);
    return out;
  });
}

val JsNetwork::predict(const val& x) {
  return guard(val::null(), [&] {
    const Tensor probs = model->predict(batch_tensor(x, model->input_shape(), "predict"));
    return copy_out(probs.ptr(), probs.data.size());
  });
}

val JsNetwork::forward(const val& x) {
  return guard(val::null(), [&] {
    const Tensor& y = model->forward(batch_tensor(x, model->input_shape(), "forward"), Mode::kEval);
    return copy_out(y.ptr(), y.data.size());
  });
}

val JsNetwork::activations(const val& x) {
  return guard(val::null(), [&] {
    model->forward(batch_tensor(x, model->input_shape(), "activations"), Mode::kEval);
    val out = val::array();
    for (size_t i = 0; i < model->num_layers(); ++i) {
      const Layer& layer = model->layer(i);
      val o = named_tensor(layer.type(), layer.output());
      o.set("index", static_cast<int>(i));
      o.set("type", std::string(layer.type()));
      o.delete_("name");
      out.call<void>("push", o);
    }
    return out;
  });
}

double JsNetwork::num_params() const { return static_cast<double>(model->num_params()); }

val JsNetwork::get_weights() const {
  return guard(val::null(), [&] {
    val out = val::array();
    for (const NamedTensor& w : model->get_weights()) out.call<void>("push", named_tensor(w.name, w.tensor));
    return out;
  });
}

// weights: [{name, shape, data}], already normalised by the JS wrapper.
void JsNetwork::set_weights(const val& weights) {
  guard(0, [&] {
    std::vector<NamedTensor> list;
    const int n = weights["length"].as<int>();
    for (int i = 0; i < n; ++i) {
      const val w = weights[i];
      list.push_back({w["name"].as<std::string>(),
                      Tensor(to_vector<int>(w["shape"]), to_vector<float>(w["data"]))});
    }
    model->set_weights(list);
    return 0;
  });
}

val JsNetwork::save() const {
  return guard(val::null(), [&] {
    const std::vector<uint8_t> bytes = save_model(*model);
    return copy_out(bytes.data(), bytes.size());
  });
}

std::string JsNetwork::onnx_json(bool probs) const {
  return guard(std::string(), [&] { return onnx_model_json(*model, {probs, CNNLAB_VERSION, ""}); });
}

std::string JsNetwork::spec() const { return model->spec().json; }

val JsNetwork::layer_info() const {
  val out = val::array();
  for (size_t i = 0; i < model->num_layers(); ++i) {
    Layer& layer = model->layer(i);
    int64_t params = 0;
    for (const Param* p : layer.params()) params += p->value.size();
    val o = val::object();
    o.set("type", std::string(layer.type()));
    o.set("outShape", shape_array(layer.out_shape()));
    o.set("params", static_cast<double>(params));
    out.call<void>("push", o);
  }
  return out;
}

std::string JsNetwork::evaluate(const JsDataset& data, int batch_size) {
  return guard(std::string(), [&] { return json(cnnlab::evaluate(*model, *data.data, batch_size)).dump(); });
}

// ---- JsDataset ------------------------------------------------------------------------------

JsDataset* JsDataset::create(int channels, int height, int width, const std::string& classes_json) {
  return guard<JsDataset*>(nullptr, [&] {
    if (channels != 1 && channels != 3) throw Error("Dataset: channels must be 1 or 3, got " + std::to_string(channels));
    if (height < 1 || width < 1) throw Error("Dataset: height and width must be positive");
    const json classes = json::parse(classes_json);
    if (!classes.is_array() || classes.size() < 2) throw Error("Dataset: classes must list at least two names");
    auto set = std::make_unique<JsDataset>();
    set->data = std::make_shared<Dataset>();
    set->data->channels = channels;
    set->data->height = height;
    set->data->width = width;
    set->data->classes = classes.get<std::vector<std::string>>();
    return set.release();
  });
}

static void check_label(const Dataset& d, int label) {
  if (label < 0 || label >= static_cast<int>(d.classes.size()))
    throw Error("Dataset: label " + std::to_string(label) + " is outside [0, " + std::to_string(d.classes.size()) + ")");
}

void JsDataset::add_image(const val& file_bytes, int label) {
  guard(0, [&] {
    check_label(*data, label);
    const std::vector<uint8_t> bytes = to_vector<uint8_t>(file_bytes);
    data->add(decode_image(bytes.data(), bytes.size(), data->channels, data->height, data->width), label);
    return 0;
  });
}

void JsDataset::add_pixels(const val& hwc, int src_channels, int src_height, int src_width, int label) {
  guard(0, [&] {
    check_label(*data, label);
    const std::vector<uint8_t> pixels = to_vector<uint8_t>(hwc);
    if (static_cast<int64_t>(pixels.size()) != int64_t{src_channels} * src_height * src_width)
      throw Error("Dataset: " + std::to_string(pixels.size()) + " pixel values for a " + std::to_string(src_height) +
                  "×" + std::to_string(src_width) + "×" + std::to_string(src_channels) + " image");
    data->add(fit_image(pixels.data(), src_width, src_height, src_channels, data->channels, data->height, data->width),
              label);
    return 0;
  });
}

void JsDataset::add_tensor(const val& chw, int label) {
  guard(0, [&] {
    check_label(*data, label);
    data->add(Tensor({data->channels, data->height, data->width}, to_vector<float>(chw)), label);
    return 0;
  });
}

int JsDataset::size() const { return static_cast<int>(data->size()); }

val JsDataset::class_counts() const {
  val out = val::array();
  for (int c : data->class_counts()) out.call<void>("push", c);
  return out;
}

JsDataset* JsDataset::split_off(float val_fraction, uint32_t seed) {
  return guard<JsDataset*>(nullptr, [&] {
    if (!(val_fraction >= 0.0f && val_fraction < 1.0f)) throw Error("Dataset: the validation fraction must be in [0, 1)");
    Rng rng(seed);
    Dataset train, val_set;
    stratified_split(*data, val_fraction, rng, &train, &val_set);
    auto out = std::make_unique<JsDataset>();
    out->data = std::make_shared<Dataset>(std::move(val_set));
    *data = std::move(train);
    return out.release();
  });
}

// ---- JsTrainer ------------------------------------------------------------------------------

JsTrainer* JsTrainer::create(JsNetwork& net, JsDataset& train, JsDataset* val_set, const std::string& config_json) {
  return guard<JsTrainer*>(nullptr, [&] {
    auto t = std::make_unique<JsTrainer>();
    t->model = net.model;
    t->optimizer = net.optimizer;
    t->train_data = train.data;
    if (val_set) t->val_data = val_set->data;
    t->trainer = std::make_unique<Trainer>(*t->model, *t->optimizer, *t->train_data, t->val_data.get(),
                                           parse_train_config(config_json));
    return t.release();
  });
}

float JsTrainer::step() {
  return guard(0.0f, [&] { return trainer->step(); });
}
bool JsTrainer::epoch_done() const { return trainer->epoch_done(); }
std::string JsTrainer::end_epoch() {
  return guard(std::string(), [&] { return json(trainer->end_epoch()).dump(); });
}
bool JsTrainer::should_stop() const { return trainer->should_stop(); }
bool JsTrainer::stopped_early() const { return trainer->stopped_early(); }
int JsTrainer::batches_per_epoch() const { return trainer->batches_per_epoch(); }
int JsTrainer::batch_in_epoch() const { return trainer->batch_in_epoch(); }
int JsTrainer::epoch() const { return trainer->epoch(); }
float JsTrainer::running_loss() const { return trainer->running_loss(); }
float JsTrainer::running_acc() const { return trainer->running_acc(); }
std::string JsTrainer::history() const { return json(trainer->history()).dump(); }
std::string JsTrainer::last_validation() const { return json(trainer->last_validation()).dump(); }

// ---- free functions -------------------------------------------------------------------------

val decode_image_js(const val& file_bytes, int channels, int height, int width) {
  return guard(val::null(), [&] {
    const std::vector<uint8_t> bytes = to_vector<uint8_t>(file_bytes);
    const Tensor t = decode_image(bytes.data(), bytes.size(), channels, height, width);
    return copy_out(t.ptr(), t.data.size());
  });
}

val fit_pixels_js(const val& hwc, int src_channels, int src_height, int src_width, int channels, int height, int width) {
  return guard(val::null(), [&] {
    const std::vector<uint8_t> pixels = to_vector<uint8_t>(hwc);
    if (static_cast<int64_t>(pixels.size()) != int64_t{src_channels} * src_height * src_width)
      throw Error("fitPixels: " + std::to_string(pixels.size()) + " values for a " + std::to_string(src_height) + "×" +
                  std::to_string(src_width) + "×" + std::to_string(src_channels) + " image");
    const Tensor t = fit_image(pixels.data(), src_width, src_height, src_channels, channels, height, width);
    return copy_out(t.ptr(), t.data.size());
  });
}

double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

std::string version() { return CNNLAB_VERSION; }

std::string simd_info() {
#ifdef __wasm_simd128__
  return std::string("wasm-simd128; Eigen: ") + Eigen::SimdInstructionSetsInUse();
#else
  return std::string("none; Eigen: ") + Eigen::SimdInstructionSetsInUse();
#endif
}

}  // namespace cnnlab::js
