#include "nova-core/worker_pool.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <stdexcept>

namespace nova::core {
namespace {

TEST(WorkerPoolTest, EveryItemRunsOnceAndEachWorkerMakesItsTaskOnce) {
  for (int workers : {1, 2, 5}) {
    std::mutex mutex;
    std::multiset<std::size_t> items;
    int tasks = 0;
    core::Status status = RunWorkers(workers, 50, [&]() -> WorkerTask {
      std::lock_guard<std::mutex> lock(mutex);
      ++tasks;
      return [&](std::size_t item) {
        std::lock_guard<std::mutex> item_lock(mutex);
        items.insert(item);
      };
    });
    EXPECT_TRUE(status.ok());
    EXPECT_EQ(items.size(), 50u);
    EXPECT_EQ(std::set<std::size_t>(items.begin(), items.end()).size(), 50u);
    EXPECT_LE(tasks, workers);
  }
  EXPECT_EQ(ResolveJobs(3), 3);
  EXPECT_GE(ResolveJobs(0), 1);
}

TEST(WorkerPoolTest, AThrowingWorkerIsInternal) {
  core::Status status = RunWorkers(2, 4, []() -> WorkerTask {
    return [](std::size_t item) {
      if (item == 2) throw std::runtime_error("boom");
    };
  });
  EXPECT_EQ(status.code(), core::StatusCode::kInternal);
  EXPECT_EQ(status.message(), "worker failed: boom");
}

}  // namespace
}  // namespace nova::core
