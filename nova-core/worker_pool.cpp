#include "nova-core/worker_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace nova::core {
namespace {

// What the workers share: the next item to take and the first failure.
struct Queue {
  std::size_t count = 0;
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::string failure;  // guarded by mutex

  void Fail(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex);
    if (failure.empty()) failure = message;
  }
};

void Work(Queue& queue, const std::function<WorkerTask()>& make_task) {
  try {
    WorkerTask task = make_task();
    for (std::size_t item = queue.next++; item < queue.count; item = queue.next++) task(item);
  } catch (const std::exception& error) {
    queue.Fail(std::string("worker failed: ") + error.what());
  } catch (...) {
    queue.Fail("worker failed with an unknown exception");
  }
}

}  // namespace

int ResolveJobs(int jobs) {
  if (jobs > 0) return jobs;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

core::Status RunWorkers(int workers, std::size_t count,
                        const std::function<WorkerTask()>& make_task) {
  if (count == 0) return core::Status::Ok();
  Queue queue;
  queue.count = count;
  std::size_t wanted = std::min<std::size_t>(std::max(workers, 1), count);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < wanted; ++i) {
    try {
      threads.emplace_back(Work, std::ref(queue), std::cref(make_task));
    } catch (const std::system_error&) {
      break;  // fewer threads than asked: the ones running (and this one) take the rest
    }
  }
  Work(queue, make_task);
  for (std::thread& thread : threads) thread.join();
  if (!queue.failure.empty()) return core::InternalError(queue.failure);
  return core::Status::Ok();
}

}  // namespace nova::core
