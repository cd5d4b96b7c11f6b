// StepWatchdog: the driver's second thread. It takes SIGINT/SIGTERM (when asked to), and watches
// the step in progress: its deadline and the time since its last progress event. When one
// trips, it cancels the step's token with the reason; when a cancelled step is still running
// after the grace period, or a second signal comes, it reports that so the driver can exit loudly.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "nova-core/cancellation.h"

namespace nova::core {

struct WatchdogOptions {
  bool watch_signals = false;               // take SIGINT/SIGTERM (they must be blocked)
  std::chrono::milliseconds stall_timeout{0};  // 0: no stall detection
  std::chrono::milliseconds grace{30000};   // how long a cancelled step may take to stop
  std::chrono::milliseconds tick{20};       // how often the clocks are checked
};

struct WatchdogEvents {
  std::function<void(const Status& why)> cancelled;     // the armed step was cancelled
  std::function<void(const Status& why)> unresponsive;  // it did not stop within the grace
  std::function<void(int signal)> second_signal;        // a signal after the run was interrupted
};

class StepWatchdog {
 public:
  StepWatchdog(WatchdogOptions options, WatchdogEvents events);
  ~StepWatchdog();  // stops the thread
  StepWatchdog(const StepWatchdog&) = delete;
  StepWatchdog& operator=(const StepWatchdog&) = delete;

  // Watches `token`'s step: `agent` names it in reasons; `deadline_label` says which bound the
  // deadline is ("its deadline of 5 s"). A signal taken earlier cancels the token at once,
  // unless `after_signal` (the finally step, which reports an interrupted run).
  void Arm(std::string agent, CancelToken* token, std::chrono::steady_clock::time_point deadline,
           std::string deadline_label, bool after_signal = false);
  void Disarm();
  // Any thread: the armed step made progress.
  void Progress();
  // The first termination signal taken, 0 if none.
  int signal() const { return signal_.load(); }

 private:
  void Loop();
  void CheckArmedStep(std::chrono::steady_clock::time_point now);
  void OnSignal(int signal);
  void CancelArmed(Status why);

  WatchdogOptions options_;
  WatchdogEvents events_;
  std::atomic<int> signal_{0};
  std::atomic<long long> last_progress_ns_{0};

  std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  bool stopping_ = false;
  std::string agent_;
  CancelToken* token_ = nullptr;
  std::chrono::steady_clock::time_point deadline_;
  std::string deadline_label_;
  std::chrono::steady_clock::time_point cancelled_at_;
  bool cancelled_ = false;
  bool reported_unresponsive_ = false;

  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace nova::core
