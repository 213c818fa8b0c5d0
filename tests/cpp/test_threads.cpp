// test_threads.cpp — the thread pool, and that a seed gives bit-identical training on 1 or N threads.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "model.h"
#include "optim/optimizer.h"
#include "parallel.h"

namespace cnnlab {
namespace {

// Restores the thread count a test changed.
struct ThreadCount {
  explicit ThreadCount(int n) : saved(thread_count()) { set_thread_count(n); }
  ~ThreadCount() { set_thread_count(saved); }
  int saved;
};

TEST(Threads, EveryItemRunsExactlyOnce) {
  for (int threads : {1, max_threads()}) {
    ThreadCount use(threads);
    for (int n : {0, 1, 7, 100}) {
      std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
      parallel_for(n, [&](int i) {
        hits[static_cast<size_t>(i)]++;
        // A nested call runs inline on the same thread and still covers its items.
        std::atomic<int> inner{0};
        parallel_for(3, [&](int) { inner++; });
        ASSERT_EQ(inner.load(), 3);
      });
      for (int i = 0; i < n; ++i) ASSERT_EQ(hits[static_cast<size_t>(i)].load(), 1) << threads << " threads, item " << i;
    }
  }
}

TEST(Threads, AnItemsExceptionReachesTheCaller) {
  ThreadCount use(max_threads());
  std::atomic<int> ran{0};
  EXPECT_THROW(parallel_for(16,
                            [&](int i) {
                              ran++;
                              if (i == 5) throw std::runtime_error("item 5");
                            }),
               std::runtime_error);
  EXPECT_EQ(ran.load(), 16);  // the others still ran: no item is left half-way
  int after = 0;
  parallel_for(1, [&](int) { after++; });  // and the pool still works
  EXPECT_EQ(after, 1);
}

TEST(Threads, SplitRangeCoversEverythingOnce) {
  for (int n : {1, 7, 8, 33})
    for (int parts = 1; parts <= work_chunks(n, 1 << 20); ++parts) {
      int next = 0;
      for (int i = 0; i < parts; ++i) {
        int b, e;
        split_range(n, parts, i, &b, &e);
        ASSERT_EQ(b, next);
        ASSERT_GT(e, b);
        next = e;
      }
      ASSERT_EQ(next, n);
    }
}

// Five Adam steps (dropout on) of a net with stride-1 and stride-2 convolutions, both pool paths
// and dense layers; returns every weight, the losses and the final predictions.
std::vector<float> train_and_predict() {
  const char* spec = R"({"input":{"channels":3,"height":13,"width":12},"classes":["a","b","c"],
    "layers":[{"type":"conv2d","filters":6,"kernel":3,"padding":1},{"type":"relu"},{"type":"maxpool2d","size":2},
      {"type":"conv2d","filters":5,"kernel":3,"stride":2,"padding":1},{"type":"tanh"},
      {"type":"maxpool2d","size":2,"padding":1},{"type":"flatten"},{"type":"dense","units":9},{"type":"relu"},
      {"type":"dropout","rate":0.3},{"type":"dense","units":3}]})";
  Sequential net(spec, 7);
  auto opt = make_optimizer(OptimizerConfig{});
  Rng rng(3);
  Tensor x({37, 3, 13, 12});  // 37 images: chunks of unequal size
  for (float& v : x.data) v = rng.uniform();
  std::vector<int> y(37);
  for (int& v : y) v = rng.below(3);
  std::vector<float> out;
  for (int step = 0; step < 5; ++step) {
    out.push_back(net.loss_and_grads(x, y.data()));
    opt->step(net.params());
  }
  for (const NamedTensor& w : net.get_weights()) out.insert(out.end(), w.tensor.data.begin(), w.tensor.data.end());
  const Tensor p = net.predict(x);
  out.insert(out.end(), p.data.begin(), p.data.end());
  return out;
}

TEST(Threads, SameSeedSameBitsOnAnyThreadCount) {
  if (max_threads() < 2) GTEST_SKIP() << "one hardware thread: nothing to compare";
  std::vector<float> one, many;
  {
    ThreadCount use(1);
    one = train_and_predict();
  }
  {
    ThreadCount use(max_threads());
    ASSERT_EQ(thread_count(), max_threads());
    many = train_and_predict();
  }
  ASSERT_EQ(one.size(), many.size());
  for (size_t i = 0; i < one.size(); ++i) ASSERT_EQ(one[i], many[i]) << "value " << i << " differs";
}

}  // namespace
}  // namespace cnnlab
