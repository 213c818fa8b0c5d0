// engine_bench.cpp — Google Benchmark: the lecture CNN per layer and whole train step, conv vs plain GEMM.
#include <benchmark/benchmark.h>

#include "layers/conv2d.h"
#include "loss.h"
#include "model.h"
#include "optim/optimizer.h"

namespace cnnlab {
namespace {

// The lecture CNN of issue 2: 32×32×3, conv3×3×16 p1, relu, pool 2, conv3×3×32 p1, relu, pool 2, dense 64, relu, dense 2.
const char* kLectureCnn = R"({"input":{"channels":3,"height":32,"width":32},"classes":["ants","bees"],
  "layers":[{"type":"conv2d","filters":16,"kernel":3,"padding":1},{"type":"relu"},{"type":"maxpool2d","size":2},
            {"type":"conv2d","filters":32,"kernel":3,"padding":1},{"type":"relu"},{"type":"maxpool2d","size":2},
            {"type":"flatten"},{"type":"dense","units":64},{"type":"relu"},{"type":"dense","units":2}]})";
const int kBatch = 32;

Tensor random_batch(Rng& rng) {
  Tensor x({kBatch, 3, 32, 32});
  for (float& v : x.data) v = rng.uniform();
  return x;
}

void BM_LectureTrainStep(benchmark::State& state) {
  Sequential net(kLectureCnn, 1);
  auto opt = make_optimizer(OptimizerConfig{});
  Rng rng(2);
  const Tensor x = random_batch(rng);
  std::vector<int> y(kBatch);
  for (int& v : y) v = rng.below(2);
  Tensor d;
  for (auto _ : state) {
    net.zero_grad();
    benchmark::DoNotOptimize(softmax_cross_entropy(net.forward(x, Mode::kTrain), y.data(), &d));
    net.backward(d);
    opt->step(net.params());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_LectureTrainStep)->Unit(benchmark::kMillisecond);

void BM_LectureInfer(benchmark::State& state) {
  Sequential net(kLectureCnn, 1);
  Rng rng(2);
  const Tensor x = random_batch(rng);
  for (auto _ : state) benchmark::DoNotOptimize(net.forward(x, Mode::kEval).data[0]);
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_LectureInfer)->Unit(benchmark::kMillisecond);

// Forward + backward of one layer of the lecture CNN, fed the activations it sees in the network.
void BM_LectureLayer(benchmark::State& state) {
  Sequential net(kLectureCnn, 1);
  Rng rng(2);
  const Tensor x = random_batch(rng);
  net.forward(x, Mode::kTrain);
  const size_t i = static_cast<size_t>(state.range(0));
  const Tensor in = i == 0 ? x : net.layer(i - 1).output();
  Layer& layer = net.layer(i);
  const Tensor dy(layer.output().shape, 0.01f);
  state.SetLabel(std::to_string(i) + " " + layer.type() + " → " + shape_str(layer.out_shape()));
  for (auto _ : state) {
    layer.forward(in, Mode::kTrain);
    benchmark::DoNotOptimize(layer.backward(dy).data[0]);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_LectureLayer)->DenseRange(0, 9)->Unit(benchmark::kMicrosecond);

// Conv forward of the lecture CNN's second conv (16→32, 3×3, 16×16, batch 32) in GFLOP/s …
void BM_Conv2Forward(benchmark::State& state) {
  Conv2dConfig c;
  c.filters = 32, c.ph = 1, c.pw = 1;
  Conv2d conv({16, 16, 16}, c, true);
  Rng rng(1);
  conv.init(rng);
  Tensor x({kBatch, 16, 16, 16});
  for (float& v : x.data) v = rng.uniform();
  for (auto _ : state) benchmark::DoNotOptimize(conv.forward(x, Mode::kTrain).data[0]);
  const double flops = 2.0 * 32 * (16 * 9) * (kBatch * 16 * 16);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Conv2Forward)->Unit(benchmark::kMicrosecond);

// … next to a plain Eigen GEMM of the same shape: (32 × 144) · (144 × 8192).
void BM_EigenGemmSameShape(benchmark::State& state) {
  MatrixRM a = MatrixRM::Random(32, 144), b = MatrixRM::Random(144, kBatch * 256), out(32, kBatch * 256);
  for (auto _ : state) {
    out.noalias() = a * b;
    benchmark::DoNotOptimize(out.data()[0]);
  }
  const double flops = 2.0 * 32 * 144 * (kBatch * 256);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EigenGemmSameShape)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace cnnlab

BENCHMARK_MAIN();
