// io/onnx_graph.h — a Sequential as an ONNX ModelProto in protobuf's canonical JSON form.
//
// The one place where layers become ONNX operators. Both writers encode this JSON with a real
// protobuf library and onnx.proto: the native CLI with libprotobuf (JsonStringToMessage), the page
// with protobufjs (web/onnx.js: Type.fromObject + encode). The graph takes "image" (N, C, H, W)
// float32 pixels in [0, 1] and gives "logits" (N, K) — the last layer's raw output, as
// Network.forward — and, unless switched off, "probs" = Softmax(logits), as Network.predict.
// Initializers keep the engine's weight names ("0.weight", "0.bias": PyTorch nn.Sequential layout).
#pragma once

#include <string>

#include "../model.h"

namespace cnnlab {

// Opset 13 and IR version 7: supported by every ONNX Runtime since 1.6 and by onnx ≥ 1.8.
constexpr int kOnnxOpset = 13;
constexpr int kOnnxIrVersion = 7;

struct OnnxOptions {
  bool probs = true;               // add the "probs" output
  std::string producer_version;    // CNN Lab's version, recorded in the model
  std::string preprocessing_json;  // the model file's preprocessing record; empty: the decoder's
};

// Throws Error (naming the layer) for a layer type with no ONNX mapping.
std::string onnx_model_json(const Sequential& model, const OnnxOptions& options = {});

}  // namespace cnnlab
