#include "nova-core/signal_watch.h"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace nova::core {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

ScopedTerminationSignalBlock::ScopedTerminationSignalBlock() {
  const sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, &previous_);
}

ScopedTerminationSignalBlock::~ScopedTerminationSignalBlock() {
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

int TakeTerminationSignal(std::chrono::milliseconds wait) {
  const sigset_t set = TerminationSignals();
  timespec timeout{};
  timeout.tv_sec = static_cast<time_t>(wait.count() / 1000);
  timeout.tv_nsec = static_cast<long>((wait.count() % 1000) * 1000000);
  while (true) {
    const int taken = sigtimedwait(&set, nullptr, &timeout);
    if (taken > 0) return taken;
    if (errno == EINTR) continue;  // another signal interrupted the wait
    return 0;                      // EAGAIN: the wait ended without one
  }
}

std::string SignalName(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

}  // namespace nova::core
