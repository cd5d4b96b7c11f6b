// Termination signals without a signal handler: SIGINT and SIGTERM are blocked in the driver's
// thread (and so in every thread it starts), and its watchdog takes them with sigtimedwait.
// No global state: the kernel's pending-signal set is the only place a signal waits.
#pragma once

#include <signal.h>

#include <chrono>
#include <string>

namespace nova::core {

// Blocks SIGINT and SIGTERM in the calling thread for its lifetime, then restores the old mask.
// Threads started meanwhile inherit the block. Child processes must unblock them (ProcessRunner
// does, before exec).
class ScopedTerminationSignalBlock {
 public:
  ScopedTerminationSignalBlock();
  ~ScopedTerminationSignalBlock();
  ScopedTerminationSignalBlock(const ScopedTerminationSignalBlock&) = delete;
  ScopedTerminationSignalBlock& operator=(const ScopedTerminationSignalBlock&) = delete;

 private:
  sigset_t previous_;
};

// Waits up to `wait` for a pending SIGINT or SIGTERM and takes it; 0 when none came.
// Only meaningful while the signals are blocked in every thread.
int TakeTerminationSignal(std::chrono::milliseconds wait);

// "SIGINT", "SIGTERM", or "signal N".
std::string SignalName(int signal);

}  // namespace nova::core
