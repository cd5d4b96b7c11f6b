#include "nova-core/step_watchdog.h"

#include "nova-core/signal_watch.h"

namespace nova::core {
namespace {

using Clock = std::chrono::steady_clock;

long long Ticks(Clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

std::string Seconds(std::chrono::milliseconds duration) {
  const long long ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

}  // namespace

StepWatchdog::StepWatchdog(WatchdogOptions options, WatchdogEvents events)
    : options_(options), events_(std::move(events)), thread_([this] { Loop(); }) {}

StepWatchdog::~StepWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void StepWatchdog::Arm(std::string agent, CancelToken* token, Clock::time_point deadline,
                       std::string deadline_label, bool after_signal) {
  std::lock_guard<std::mutex> lock(mutex_);
  agent_ = std::move(agent);
  token_ = token;
  deadline_ = deadline;
  deadline_label_ = std::move(deadline_label);
  cancelled_ = false;
  reported_unresponsive_ = false;
  last_progress_ns_.store(Ticks(Clock::now()));
  if (const int taken = signal_.load(); taken != 0 && !after_signal) {
    CancelArmed(CancelledError("interrupted by " + SignalName(taken)));
  }
}

void StepWatchdog::Disarm() {
  std::lock_guard<std::mutex> lock(mutex_);
  token_ = nullptr;
}

void StepWatchdog::Progress() { last_progress_ns_.store(Ticks(Clock::now())); }

// Called with mutex_ held.
void StepWatchdog::CancelArmed(Status why) {
  if (token_ == nullptr || cancelled_) return;
  cancelled_ = true;
  cancelled_at_ = Clock::now();
  token_->Cancel(why);
  if (events_.cancelled) events_.cancelled(why);
}

void StepWatchdog::OnSignal(int taken) {
  int expected = 0;
  if (!signal_.compare_exchange_strong(expected, taken)) {
    if (events_.second_signal) events_.second_signal(taken);
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  CancelArmed(CancelledError("interrupted by " + SignalName(taken)));
}

// Called with mutex_ held.
void StepWatchdog::CheckArmedStep(Clock::time_point now) {
  if (token_ == nullptr) return;
  if (cancelled_) {
    if (!reported_unresponsive_ && now - cancelled_at_ >= options_.grace) {
      reported_unresponsive_ = true;
      if (events_.unresponsive) {
        events_.unresponsive(InternalError("agent " + agent_ + " did not stop within " +
                                           Seconds(options_.grace) + " of being cancelled (" +
                                           token_->reason().message() + ")"));
      }
    }
    return;
  }
  if (now >= deadline_) {
    CancelArmed(DeadlineExceededError("agent " + agent_ + " passed " + deadline_label_));
    return;
  }
  const auto quiet = now - Clock::time_point(std::chrono::nanoseconds(last_progress_ns_.load()));
  if (options_.stall_timeout.count() > 0 && quiet >= options_.stall_timeout) {
    CancelArmed(DeadlineExceededError("agent " + agent_ + " stalled: no progress for " +
                                      Seconds(options_.stall_timeout)));
  }
}

void StepWatchdog::Loop() {
  while (true) {
    if (options_.watch_signals) {
      if (const int taken = TakeTerminationSignal(options_.tick); taken != 0) OnSignal(taken);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (!options_.watch_signals) {
      wake_.wait_for(lock, options_.tick, [this] { return stopping_; });
    }
    if (stopping_) return;
    CheckArmedStep(Clock::now());
  }
}

}  // namespace nova::core
