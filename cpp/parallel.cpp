// parallel.cpp — the thread pool behind parallel_for: workers spin briefly, then wait on a condition
// variable for the next job, and take items from a shared counter, as does the calling thread.
#include "parallel.h"

#include <algorithm>
#include <cstdlib>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CNNLAB_HAS_THREADS 0
#else
#define CNNLAB_HAS_THREADS 1
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>
#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
#endif
#endif

namespace cnnlab {

#if CNNLAB_HAS_THREADS

namespace {

// More threads than that would not pay for the small nets this engine trains.
constexpr int kMaxThreads = 8;

thread_local bool t_in_item = false;  // nested parallel_for calls run inline

// Before sleeping, a worker waits this many checks (tens of microseconds) for the next job, and
// the caller as long for the workers to finish: in a training step parallel_for calls follow each
// other within microseconds, and waking a sleeping thread costs more than that.
constexpr int kSpins = 1 << 14;

class Pool {
 public:
  ~Pool() { resize(1); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int threads) {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_.store(true);
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    stop_.store(false);
    for (int i = 1; i < threads; ++i) {
      try {
        workers_.emplace_back([this] { loop(); });
      } catch (const std::exception&) {
        break;  // no more threads to be had (e.g. an exhausted Emscripten worker pool): use fewer
      }
    }
  }

  void run(int n, const std::function<void(int)>& fn) {
    if (workers_.empty() || n <= 1 || t_in_item) {
      for (int i = 0; i < n; ++i) fn(i);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(m_);
      job_ = &fn;
      n_ = n;
      next_.store(0);
      busy_.store(static_cast<int>(workers_.size()));
      error_ = nullptr;
      generation_.fetch_add(1);
    }
    wake_.notify_all();
    work();
    for (int i = 0; i < kSpins && busy_.load() != 0; ++i) {
    }
    std::unique_lock<std::mutex> lock(m_);
    done_.wait(lock, [this] { return busy_.load() == 0; });
    job_ = nullptr;
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void work() {
    t_in_item = true;
    for (int i; (i = next_.fetch_add(1)) < n_;) {
      try {
        (*job_)(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(m_);
        if (!error_) error_ = std::current_exception();
      }
    }
    t_in_item = false;
  }

  void loop() {
    uint64_t seen = 0;
    for (;;) {
      for (int i = 0; i < kSpins && generation_.load() == seen && !stop_.load(); ++i) {
      }
      {
        std::unique_lock<std::mutex> lock(m_);
        wake_.wait(lock, [&] { return stop_.load() || generation_.load() != seen; });
        if (stop_.load()) return;
        seen = generation_.load();
      }
      work();
      if (busy_.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(m_);
        done_.notify_one();
      }
    }
  }

  std::vector<std::thread> workers_;
  std::mutex m_;
  std::condition_variable wake_, done_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> generation_{0};  // one more per job
  const std::function<void(int)>* job_ = nullptr;
  int n_ = 0;
  std::atomic<int> next_{0};
  std::atomic<int> busy_{0};  // workers still inside the current job
  std::exception_ptr error_;
};

#if defined(__EMSCRIPTEN__)
// The threaded WebAssembly build can use the workers threads-pre.js had preloaded (counted before
// the pool takes any) and uses as many as it was asked for (default: one per core).
int hardware_threads() {
  static const int n = std::clamp(EM_ASM_INT({ return PThread.unusedWorkers.length; }) + 1, 1, kMaxThreads);
  return n;
}
int default_threads() { return std::clamp(EM_ASM_INT({ return cnnlabThreads; }), 1, hardware_threads()); }
#else
int hardware_threads() {
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, kMaxThreads);
}
// Natively the default is 1 (the CLI and the tests stay single-threaded) unless CNNLAB_THREADS
// asks for more.
int default_threads() {
  const char* env = std::getenv("CNNLAB_THREADS");
  return env ? std::clamp(std::atoi(env), 1, hardware_threads()) : 1;
}
#endif

Pool& pool() {
  static Pool p;
  static const bool started = (p.resize(default_threads()), true);
  (void)started;
  return p;
}

}  // namespace

int thread_count() { return pool().size(); }
int max_threads() { return hardware_threads(); }
void set_thread_count(int n) { pool().resize(std::clamp(n, 1, max_threads())); }
void parallel_for(int n, const std::function<void(int)>& fn) { pool().run(n, fn); }

#else  // single-threaded WebAssembly

int thread_count() { return 1; }
int max_threads() { return 1; }
void set_thread_count(int) {}
void parallel_for(int n, const std::function<void(int)>& fn) {
  for (int i = 0; i < n; ++i) fn(i);
}

#endif

}  // namespace cnnlab
