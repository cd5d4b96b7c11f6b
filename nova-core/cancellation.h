// CancelToken: how the driver tells running work to stop (a signal, a deadline, a stall).
// Work that blocks (child processes, the parse loop, backoff sleeps) polls cancelled() or waits
// with WaitFor(), and ends with the token's reason. Thread-safe; shared by pointer, never copied.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "nova-core/status.h"

namespace nova::core {

class CancelToken {
 public:
  CancelToken() = default;
  CancelToken(const CancelToken&) = delete;
  CancelToken& operator=(const CancelToken&) = delete;

  // The first reason wins; later calls change nothing. `why` must not be ok.
  void Cancel(Status why) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (cancelled_.load()) return;
      reason_ = std::move(why);
      cancelled_.store(true);
    }
    changed_.notify_all();
  }
  bool cancelled() const { return cancelled_.load(); }
  // Ok while not cancelled.
  Status reason() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return reason_;
  }
  // Sleeps up to `duration`; returns early, true, when cancelled meanwhile.
  bool WaitFor(std::chrono::steady_clock::duration duration) const {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, duration, [this] { return cancelled_.load(); });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::atomic<bool> cancelled_{false};
  Status reason_;
};

}  // namespace nova::core
