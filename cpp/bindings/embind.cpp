// bindings/embind.cpp — binds the glue classes to JavaScript (raw names; api.js gives the public API).
#include <emscripten/bind.h>

#include "glue.h"
#include "parallel.h"

using namespace emscripten;
using namespace cnnlab::js;

EMSCRIPTEN_BINDINGS(cnnlab) {
  function("hasError", &has_error);
  function("takeError", &take_error);
  function("decodeImageCore", &decode_image_js);
  function("fitPixelsCore", &fit_pixels_js);
  function("heapInUse", &heap_in_use);
  function("versionCore", &version);
  function("simdInfo", &simd_info);
  function("threads", &cnnlab::thread_count);         // threads the engine computes on
  function("maxThreads", &cnnlab::max_threads);       // 1 unless this is the threaded engine
  function("setThreads", &cnnlab::set_thread_count);  // clamped to [1, maxThreads()]

  class_<JsNetwork>("NetworkCore")
      .class_function("create", &JsNetwork::create, allow_raw_pointers())
      .class_function("load", &JsNetwork::load, allow_raw_pointers())
      .function("setOptimizer", &JsNetwork::set_optimizer)
      .function("trainBatch", &JsNetwork::train_batch)
      .function("gradients", &JsNetwork::gradients)
      .function("predict", &JsNetwork::predict)
      .function("forward", &JsNetwork::forward)
      .function("activations", &JsNetwork::activations)
      .function("numParams", &JsNetwork::num_params)
      .function("getWeights", &JsNetwork::get_weights)
      .function("setWeights", &JsNetwork::set_weights)
      .function("save", &JsNetwork::save)
      .function("spec", &JsNetwork::spec)
      .function("layerInfo", &JsNetwork::layer_info)
      .function("evaluate", &JsNetwork::evaluate);

  class_<JsDataset>("DatasetCore")
      .class_function("create", &JsDataset::create, allow_raw_pointers())
      .function("addImage", &JsDataset::add_image)
      .function("addPixels", &JsDataset::add_pixels)
      .function("addTensor", &JsDataset::add_tensor)
      .function("size", &JsDataset::size)
      .function("classCounts", &JsDataset::class_counts)
      .function("splitOff", &JsDataset::split_off, allow_raw_pointers());

  class_<JsTrainer>("TrainerCore")
      .class_function("create", &JsTrainer::create, allow_raw_pointers())
      .function("step", &JsTrainer::step)
      .function("epochDone", &JsTrainer::epoch_done)
      .function("endEpoch", &JsTrainer::end_epoch)
      .function("shouldStop", &JsTrainer::should_stop)
      .function("stoppedEarly", &JsTrainer::stopped_early)
      .function("batchesPerEpoch", &JsTrainer::batches_per_epoch)
      .function("batchInEpoch", &JsTrainer::batch_in_epoch)
      .function("epoch", &JsTrainer::epoch)
      .function("runningLoss", &JsTrainer::running_loss)
      .function("runningAcc", &JsTrainer::running_acc)
      .function("history", &JsTrainer::history)
      .function("lastValidation", &JsTrainer::last_validation);
}
