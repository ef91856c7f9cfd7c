// A fixed pool of worker threads for the threaded dispatch mode. Each worker knows
// its index, so the trace can name the thread a notification ran on.
#ifndef DOHARNESS_ENGINE_INTERNAL_THREAD_POOL_H_
#define DOHARNESS_ENGINE_INTERNAL_THREAD_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace doharness::internal {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();  // runs what was queued, then joins
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void Submit(std::function<void()> task);
  // 1-based index of the calling worker thread; 0 on any other thread.
  static int CurrentWorker();

 private:
  void Work(int index);

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace doharness::internal

#endif  // DOHARNESS_ENGINE_INTERNAL_THREAD_POOL_H_
