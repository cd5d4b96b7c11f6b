// BoostProcessRunner: the real ProcessRunner. Reads the child's stdout and stderr through a pipe
// into a log file (capped: head and tail) and kills it (SIGKILL, its whole process group, and its
// cgroup when it has one) at a deadline or when the spec's cancel token fires, recording its start
// and end as effects. Run() keeps no state between calls and may be called from several threads;
// it blocks the calling thread until the child is reaped, and the child is spawned from that thread
// (which matters for PR_SET_PDEATHSIG, e.g. bwrap --die-with-parent: it fires when the spawning
// *thread* exits, so Run() must not return before the child has ended). Only the composition
// roots in apps/ construct one; everything else takes the ProcessRunner it is given.
#pragma once

#include <chrono>

#include "nova-core/process/process_runner.h"

namespace nova::core {

struct BoostProcessRunnerOptions {
  // Longest sleep between two checks of the child. Default: 20 ms.
  std::chrono::milliseconds poll_interval{20};
  // How long to wait for a SIGKILLed child to be reaped before giving up on it. Default: 10 s.
  std::chrono::milliseconds reap_timeout{10000};
  // After the child has ended, how long to keep reading output that processes it left behind
  // (outside its process group) still write, before the log is closed. Default: 2 s.
  std::chrono::milliseconds drain_timeout{2000};
};

// Boost.Process (v1) implementation. The child runs in its own process group with stdin from
// /dev/null, stdout and stderr on one pipe that Nova drains continuously (a child is never
// blocked on a full pipe), and no other file descriptor of Nova's.
class BoostProcessRunner final : public ProcessRunner {
 public:
  explicit BoostProcessRunner(BoostProcessRunnerOptions options = {}) : options_(options) {}
  core::Result<ProcessResult> Run(const ProcessSpec& spec) override;

 private:
  BoostProcessRunnerOptions options_;
};

}  // namespace nova::core
