// ProcessRunner: the one interface through which Nova starts a program (argv, no shell) with an
// explicit environment, resource limits, a log file and a deadline; ProcessSpec says what to run,
// ProcessResult how it ended. BoostProcessRunner (boost_process_runner.h) is the real one,
// FakeProcessRunner (fake_process_runner.h) the one tests script. Implementations are thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nova-core/process/limits.h"
#include "nova-core/result.h"
#include "nova-core/work_hooks.h"

namespace nova::core {

// A user and group a child runs as instead of Nova's own (see ProcessSpec::run_as).
struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
};

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0]: an absolute path, or a name looked up in Nova's PATH
  std::filesystem::path working_dir;              // empty: Nova's current directory
  std::map<std::string, std::string> env;          // the child's whole environment; nothing inherited
  std::filesystem::path log_path;                  // stdout + stderr appended; empty: discarded
  // The most of the child's output kept in the log: the first half as it comes, then
  // "[... N bytes omitted ...]" and the last half when the child has ended. 0: all. Default: 0
  std::uint64_t log_max_bytes = 0;
  // Memory and process limits of the child's tree; see limits.h. Default: none.
  ResourceLimits limits = {};
  // When set and Nova runs as root, the child drops to this user and group, with no
  // supplementary group, after joining its cgroup and before exec (a failure to drop fails the
  // start). Ignored when Nova is not root. Default: none, the child runs as Nova.
  std::optional<RunAs> run_as = std::nullopt;
  // Required: the child is killed (SIGKILL) when it passes; a default one has passed already.
  std::chrono::steady_clock::time_point deadline;
  // cancel: the child is killed as at the deadline. effects: process_started right after the
  // spawn and process_ended after the reap, with the same id ("<pid>-<start ns>"); a program
  // that could not be started records nothing, an error after the start (the child cannot be
  // waited for or reaped) still records process_ended, with an `error` field. progress:
  // "output from <program name>" when the child wrote output since the last report (at most one
  // report per poll interval); what the log held before is not output.
  core::WorkHooks hooks;
};

struct ProcessResult {
  int exit_code = 0;   // the exit status, or -1 when the child was killed by a signal
  int signal = 0;      // the signal that ended the child, 0 if none
  bool timed_out = false;  // the deadline passed and Nova killed the child
  // The cancel token fired and Nova killed the child; or it had fired before Run(), and then
  // nothing was started (exit_code -1, signal 0, duration 0).
  bool cancelled = false;
  std::chrono::milliseconds duration{0};
  std::string limits = {};  // how spec.limits were applied (DescribeLimits), empty when none
  LimitMechanism memory_limit = LimitMechanism::kNone;  // what enforced spec.limits.memory_mb
  LimitMechanism pids_limit = LimitMechanism::kNone;    // what enforced spec.limits.pids_max
  bool memory_limit_hit = false;    // the cgroup v2 memory.max OOM-killed a process of the tree
  bool pids_limit_hit = false;      // the cgroup v2 pids.max refused a fork
  std::uint64_t output_bytes = 0;   // stdout + stderr written by the tree
  std::uint64_t omitted_bytes = 0;  // of which the log does not hold (log_max_bytes)
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // NotFound when argv[0] does not exist, Unavailable when it cannot be started,
  // InvalidArgument for an empty argv. A child that fails, times out or is cancelled is not an
  // error.
  virtual core::Result<ProcessResult> Run(const ProcessSpec& spec) = 0;
};

}  // namespace nova::core
