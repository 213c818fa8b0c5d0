// native_ref.cpp — the native engine's answers for the Node tests' native-vs-WASM agreement.
// Usage: cnnlab_native_ref step CASE.json   → {logits, saliency, loss, grads, weights} of one Adam step
//        cnnlab_native_ref decode FILE C H W → {data} the decoded (C, H, W) pixels
// CASE.json: {spec, seed, weights: [{name, shape, data}], x: N·C·H·W, y: N, optimizer}.
// The step is what the WASM bindings' trainBatch does: zero grads, forward (train mode), fused
// softmax cross-entropy, backward, one optimizer step.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "data/file.h"
#include "data/image.h"
#include "model.h"
#include "optim/optimizer.h"

using namespace cnnlab;
using nlohmann::json;

namespace {

json tensor_list(const std::vector<NamedTensor>& list) {
  json out = json::array();
  for (const NamedTensor& t : list) out.push_back({{"name", t.name}, {"shape", t.tensor.shape}, {"data", t.tensor.data}});
  return out;
}

json run_step(const json& c) {
  Sequential model(c.at("spec").dump(), c.value("seed", 1u));
  std::vector<NamedTensor> weights;
  for (const json& w : c.at("weights"))
    weights.push_back({w.at("name"), Tensor(w.at("shape").get<Shape>(), w.at("data").get<std::vector<float>>())});
  model.set_weights(weights);
  const std::vector<float> xs = c.at("x").get<std::vector<float>>();
  const std::vector<int> y = c.at("y").get<std::vector<int>>();
  Shape shape{static_cast<int>(y.size())};
  for (int d : model.input_shape()) shape.push_back(d);
  const Tensor x(shape, xs);

  json out;
  out["logits"] = model.forward(x, Mode::kEval).data;
  out["saliency"] = model.input_gradient(x, 1).data;  // the saliency map of class 1
  out["loss"] = model.loss_and_grads(x, y.data());
  std::vector<NamedTensor> grads = model.get_weights();
  const std::vector<Param*> params = model.params();
  for (size_t i = 0; i < params.size(); ++i) grads[i].tensor = params[i]->grad;
  out["grads"] = tensor_list(grads);
  make_optimizer(parse_optimizer_config(c.at("optimizer").dump()))->step(model.params());
  out["weights"] = tensor_list(model.get_weights());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    json out;
    if (mode == "step" && argc == 3) {
      std::ifstream in(argv[2]);
      if (!in) throw Error(std::string("cannot read ") + argv[2]);
      out = run_step(json::parse(in));
    } else if (mode == "decode" && argc == 6) {
      const std::vector<uint8_t> bytes = read_file(argv[2]);
      out["data"] = decode_image(bytes.data(), bytes.size(), std::stoi(argv[3]), std::stoi(argv[4]), std::stoi(argv[5])).data;
    } else {
      std::cerr << "usage: cnnlab_native_ref step CASE.json | decode FILE C H W\n";
      return 2;
    }
    std::cout << out.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "cnnlab_native_ref: " << e.what() << "\n";
    return 1;
  }
}
