// parallel.h — a small thread pool for parallel_for over work items.
//
// Callers split work into items that depend only on the problem (images of a batch, fixed
// chunks), never on the thread count, and combine partial results in item order; so a seed
// gives bit-identical results with 1 or N threads. Natively and in the threaded WebAssembly
// build (Emscripten pthreads) the pool has real threads; in the single-threaded WebAssembly
// build everything runs inline.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>

namespace cnnlab {

// Threads parallel_for spreads items over, the calling thread included (1: all inline).
int thread_count();
// The largest count set_thread_count accepts in this build (1 without thread support).
int max_threads();
// Clamped to [1, max_threads()]. Call it between computations, not during one.
void set_thread_count(int n);

// Calls fn(i) for every i in [0, n) and returns when all calls have returned. Items run in no
// particular order, on any thread; a call from inside an item runs inline. The first exception
// an item throws is rethrown here after the others have finished.
void parallel_for(int n, const std::function<void(int)>& fn);

// Layers cut n items of work (images of a batch, rows of a matrix), each of about `cost`
// multiply-adds, into this many chunks. It is a function of the problem alone, so results never
// depend on the thread count: at most 8 (threads enough for the nets this engine trains), and
// none so small that waking a thread for it would cost more than it saves.
inline int work_chunks(int n, int64_t cost) {
  constexpr int64_t kMinChunkCost = 1 << 15;
  const int64_t by_cost = std::max<int64_t>(1, static_cast<int64_t>(n) * cost / kMinChunkCost);
  return static_cast<int>(std::min<int64_t>({n, 8, by_cost}));
}

// Splits [0, n) into `parts` contiguous ranges as even as possible; range i is [begin, end).
inline void split_range(int n, int parts, int i, int* begin, int* end) {
  *begin = static_cast<int>(static_cast<long long>(n) * i / parts);
  *end = static_cast<int>(static_cast<long long>(n) * (i + 1) / parts);
}

}  // namespace cnnlab
