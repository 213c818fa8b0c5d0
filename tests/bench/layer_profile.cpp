// layer_profile.cpp — per-layer time of inference and training for the peer-bench workloads A, B, C
// (and F, the Fashion-MNIST net of tests/bench/fashion_page.mjs),
// built natively (cnnlab_profile) and to WebAssembly (run in Node by ./build.sh bench wasm).
// Usage: cnnlab_profile [--seconds S] [--workloads A,B,C]; prints a table, then one JSON line.
// In Node run it with --no-liftoff, so V8 compiles the WebAssembly fully before timing starts
// (its background tier-up would otherwise be counted as this process's CPU time).
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include "loss.h"
#include "model.h"
#include "optim/optimizer.h"

namespace cnnlab {
namespace {

struct Workload {
  const char* id;
  int batch;
  const char* spec;
};

// The nets of the peer benchmark (shared/peer-bench/web/workloads.js), in our spec language.
const char* kSlideLayers = R"("layers":[{"type":"conv2d","filters":16,"kernel":3,"padding":1},{"type":"relu"},
  {"type":"maxpool2d","size":2},{"type":"conv2d","filters":32,"kernel":3,"padding":1},{"type":"relu"},
  {"type":"maxpool2d","size":2},{"type":"flatten"},{"type":"dense","units":64},{"type":"relu"},
  {"type":"dense","units":2}]})";

std::vector<Workload> workloads() {
  static const std::string a = std::string(R"({"input":{"channels":3,"height":32,"width":32},"classes":["a","b"],)") + kSlideLayers;
  static const std::string b = std::string(R"({"input":{"channels":3,"height":64,"width":64},"classes":["a","b"],)") + kSlideLayers;
  static const std::string c = R"({"input":{"channels":1,"height":28,"width":28},
    "classes":["0","1","2","3","4","5","6","7","8","9"],
    "layers":[{"type":"conv2d","filters":8,"kernel":5,"padding":2},{"type":"relu"},{"type":"maxpool2d","size":2},
      {"type":"conv2d","filters":16,"kernel":5,"padding":2},{"type":"relu"},{"type":"maxpool2d","size":3},
      {"type":"flatten"},{"type":"dense","units":10}]})";
  // F: the Fashion-MNIST net of the time-to-accuracy run (tests/bench/fashion_page_spec.json).
  static const std::string f = R"({"input":{"channels":1,"height":28,"width":28},
    "classes":["0","1","2","3","4","5","6","7","8","9"],
    "layers":[{"type":"conv2d","filters":16,"kernel":3,"padding":1},{"type":"relu"},{"type":"maxpool2d","size":2},
      {"type":"conv2d","filters":32,"kernel":3,"padding":1},{"type":"relu"},{"type":"maxpool2d","size":2},
      {"type":"flatten"},{"type":"dense","units":64},{"type":"relu"},{"type":"dense","units":10}]})";
  return {{"A", 32, a.c_str()}, {"B", 32, b.c_str()}, {"C", 20, c.c_str()}, {"F", 32, f.c_str()}};
}

double g_seconds = 0.5;

// Process CPU time, not wall time: on a machine shared with other builds the wall clock counts
// the time this process waited for a core; its CPU time does not.
#ifdef __EMSCRIPTEN__
EM_JS(double, cpu_ms, (), {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
});
#else
double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
#endif

// CPU milliseconds per call of fn: 2 warm-up calls, then calls until g_seconds of CPU time.
double ms_per_call(const std::function<void()>& fn) {
  fn();
  fn();
  int calls = 0;
  const double t0 = cpu_ms();
  double elapsed = 0;
  do {
    fn();
    ++calls;
    elapsed = cpu_ms() - t0;
  } while (elapsed < 1e3 * g_seconds);
  return elapsed / calls;
}

std::string json_row(const char* what, const std::string& label, double ms) {
  char buf[200];
  std::snprintf(buf, sizeof buf, R"({"what":"%s","layer":"%s","ms":%.4f})", what, label.c_str(), ms);
  return buf;
}

void profile(const Workload& w, std::vector<std::string>* json) {
  Sequential net(w.spec, 1);
  Rng rng(7);
  Tensor x({w.batch, net.spec().channels, net.spec().height, net.spec().width});
  for (float& v : x.data) v = rng.uniform();
  std::vector<int> y(static_cast<size_t>(w.batch));
  for (int& v : y) v = rng.below(net.num_classes());
  OptimizerConfig sgd;
  sgd.type = "sgd";
  sgd.lr = 0.01f;
  auto opt = make_optimizer(sgd);

  std::printf("\n== workload %s (batch %d) ==\n", w.id, w.batch);
  const auto report = [&](const char* what, const std::string& label, double ms) {
    std::printf("  %-9s %-32s %9.3f ms  %8.0f img/s\n", what, label.c_str(), ms, 1e3 * w.batch / ms);
    json->push_back(json_row(what, std::string(w.id) + " " + label, ms));
  };
  report("infer", "predict (whole net)", ms_per_call([&] { net.predict(x); }));
  report("train", "step (whole net, SGD)", ms_per_call([&] {
           net.loss_and_grads(x, y.data());
           opt->step(net.params());
         }));

  // Each layer fed the activations it sees in the network; inference rows time what predict()
  // runs (infer(), with a following ReLU folded into conv2d and dense: "+relu").
  net.forward(x, Mode::kTrain);
  std::vector<Tensor> inputs{x};
  for (size_t i = 0; i + 1 < net.num_layers(); ++i) inputs.push_back(net.layer(i).output());
  for (size_t i = 0; i < net.num_layers(); ++i) {
    Layer& layer = net.layer(i);
    const bool relu = layer.fuses_relu() && i + 1 < net.num_layers() && std::string(net.layer(i + 1).type()) == "relu";
    const std::string label = std::to_string(i) + " " + layer.type() + (relu ? "+relu" : "") + " → " +
                              shape_str(layer.out_shape());
    report("infer", label, ms_per_call([&] { layer.infer(inputs[i], relu); }));
    i += relu;
  }
  for (size_t i = 0; i < net.num_layers(); ++i) {
    Layer& layer = net.layer(i);
    layer.forward(inputs[i], Mode::kTrain);
    const Tensor dy(layer.output().shape, 0.01f);
    const std::string label = std::to_string(i) + " " + layer.type() + " fwd+bwd";
    report("train", label, ms_per_call([&] {
             layer.forward(inputs[i], Mode::kTrain);
             layer.backward(dy);
           }));
  }
}

}  // namespace
}  // namespace cnnlab

int main(int argc, char** argv) {
  std::string only = "A,B,C";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0) cnnlab::g_seconds = std::atof(argv[i + 1]);
    else if (std::strcmp(argv[i], "--workloads") == 0) only = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: cnnlab_profile [--seconds S] [--workloads A,B,C]\n");
      return 2;
    }
  }
  std::vector<std::string> json;
  for (const auto& w : cnnlab::workloads())
    if (only.find(w.id) != std::string::npos) cnnlab::profile(w, &json);
  std::printf("{\"bench\":\"layer_profile\",\"rows\":[");
  for (size_t i = 0; i < json.size(); ++i) std::printf("%s%s", i ? "," : "", json[i].c_str());
  std::printf("]}\n");
  return 0;
}
