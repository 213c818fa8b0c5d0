// bindings/embind.cpp — binds the engine to JavaScript (raw names; api.js gives the public API).
// Whatever can throw goes through Guarded<> (glue.h); the rest is bound as it is.
#include <emscripten/bind.h>

#include "glue.h"
#include "parallel.h"

using namespace emscripten;
using namespace cnnlab;
using namespace cnnlab::js;

EMSCRIPTEN_BINDINGS(cnnlab) {
  function("hasError", &has_error);
  function("takeError", &take_error);
  function("decodeImageCore", &Guarded<&decode_image_js>::call);
  function("fitPixelsCore", &Guarded<&fit_pixels_js>::call);
  function("heapInUse", &heap_in_use);
  function("versionCore", &version);
  function("simdInfo", &simd_info);
  function("layerTypes", &layer_types_js);
  function("errorCodes", &error_codes_js);
  function("threads", &cnnlab::thread_count);         // threads the engine computes on
  function("maxThreads", &cnnlab::max_threads);       // 1 unless this is the threaded engine
  function("setThreads", &cnnlab::set_thread_count);  // clamped to [1, maxThreads()]

  class_<JsNetwork>("NetworkCore")
      .class_function("create", &Guarded<&network_create>::call, allow_raw_pointers())
      .class_function("load", &Guarded<&network_load>::call, allow_raw_pointers())
      .function("setOptimizer", &Guarded<&set_optimizer>::call)
      .function("trainBatch", &Guarded<&train_batch>::call)
      .function("gradients", &Guarded<&gradients>::call)
      .function("predict", &Guarded<&predict>::call)
      .function("forward", &Guarded<&forward>::call)
      .function("activations", &Guarded<&activations>::call)
      .function("saliency", &Guarded<&saliency>::call)
      .function("numParams", &num_params)
      .function("getWeights", &Guarded<&get_weights>::call)
      .function("setWeights", &Guarded<&set_weights>::call)
      .function("save", &Guarded<&save>::call)
      .function("onnxJson", &Guarded<&onnx_json>::call)
      .function("spec", &spec)
      .function("layerInfo", &layer_info)
      .function("evaluate", &Guarded<&evaluate_on>::call);

  class_<Dataset>("DatasetCore")
      .smart_ptr<std::shared_ptr<Dataset>>("DatasetPtr")
      .class_function("create", &Guarded<&dataset_create>::call)
      .function("addImage", &Guarded<&add_image>::call)
      .function("addPixels", &Guarded<&add_pixels>::call)
      .function("addTensor", &Guarded<&add_tensor>::call)
      .function("size", &Dataset::size)
      .function("classCounts", &class_counts)
      .function("splitOff", &Guarded<&split_off>::call)
      .function("limitPerClass", &Guarded<&js::limit_per_class>::call);

  class_<Trainer>("TrainerCore")
      .class_function("create", &Guarded<&trainer_create>::call, allow_raw_pointers())
      .function("step", &Guarded<&Trainer::step>::call)
      .function("epochDone", &Trainer::epoch_done)
      .function("endEpoch", &Guarded<&Trainer::end_epoch>::call)
      .function("extend", &Guarded<&Trainer::extend>::call)
      .function("shouldStop", &Trainer::should_stop)
      .function("stoppedEarly", &Trainer::stopped_early)
      .function("bestEpoch", &Trainer::best_epoch)
      .function("batchesPerEpoch", &Trainer::batches_per_epoch)
      .function("batchInEpoch", &Trainer::batch_in_epoch)
      .function("epoch", &Trainer::epoch)
      .function("targetEpochs", &Trainer::target_epochs)
      .function("runningLoss", &Trainer::running_loss)
      .function("runningAcc", &Trainer::running_acc)
      .function("history", &Guarded<&Trainer::history>::call)
      .function("lastValidation", &Guarded<&Trainer::last_validation>::call);
}
