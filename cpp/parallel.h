// parallel.h — a small thread pool for parallel_for over work items.
//
// Callers split work into items that depend only on the problem (images of a batch, fixed
// chunks), never on the thread count, and combine partial results in item order; so a seed
// gives bit-identical results with 1 or N threads. Natively and in the threaded WebAssembly
// build (Emscripten pthreads) the pool has real threads; in the single-threaded WebAssembly
// build everything runs inline.
#pragma once

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

// Layers cut n items of work (images of a batch, rows of a matrix) into this many chunks: a
// function of n alone, so results never depend on the thread count; enough for 8 threads, few
// enough that each chunk's GEMMs stay large.
inline int work_chunks(int n) { return n < 8 ? n : 8; }

// Splits [0, n) into `parts` contiguous ranges as even as possible; range i is [begin, end).
inline void split_range(int n, int parts, int i, int* begin, int* end) {
  *begin = static_cast<int>(static_cast<long long>(n) * i / parts);
  *end = static_cast<int>(static_cast<long long>(n) * (i + 1) / parts);
}

}  // namespace cnnlab
