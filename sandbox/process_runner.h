// ProcessRunner: starts one program (argv, no shell) with an explicit environment, appends its
// stdout and stderr to a log file and kills it (SIGKILL, its whole process group) at a deadline
// or when the spec's cancel token fires, recording its start and end as effects.
// The only place in the sandbox module that touches processes; BoostProcessRunner is the real
// implementation. Run() keeps no state between calls and may be called from several threads.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "nova-core/result.h"
#include "nova-core/work_hooks.h"

namespace nova::sandbox {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0]: an absolute path, or a name looked up in Nova's PATH
  std::filesystem::path working_dir;              // empty: Nova's current directory
  std::map<std::string, std::string> env;          // the child's whole environment; nothing inherited
  std::filesystem::path log_path;                  // stdout + stderr appended; empty: /dev/null
  // Required: the child is killed (SIGKILL) when it passes; a default one has passed already.
  std::chrono::steady_clock::time_point deadline;
  // cancel: the child is killed as at the deadline. effects: process_started right after the
  // spawn and process_ended after the reap, with the same id ("<pid>-<start ns>"); a program
  // that could not be started records nothing, an error after the start (the child cannot be
  // waited for or reaped) still records process_ended, with an `error` field. progress: unused.
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
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // NotFound when argv[0] does not exist, Unavailable when it cannot be started,
  // InvalidArgument for an empty argv. A child that fails, times out or is cancelled is not an
  // error.
  virtual core::Result<ProcessResult> Run(const ProcessSpec& spec) = 0;
};

struct BoostProcessRunnerOptions {
  // Longest sleep between two checks of the child. Default: 20 ms.
  std::chrono::milliseconds poll_interval{20};
  // How long to wait for a SIGKILLed child to be reaped before giving up on it. Default: 10 s.
  std::chrono::milliseconds reap_timeout{10000};
};

// Boost.Process (v1) implementation. The child runs in its own process group with stdin from
// /dev/null and no file descriptor of Nova's other than its log.
class BoostProcessRunner final : public ProcessRunner {
 public:
  explicit BoostProcessRunner(BoostProcessRunnerOptions options = {}) : options_(options) {}
  core::Result<ProcessResult> Run(const ProcessSpec& spec) override;

 private:
  BoostProcessRunnerOptions options_;
};

}  // namespace nova::sandbox
