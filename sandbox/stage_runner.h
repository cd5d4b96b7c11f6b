// Runs the configured build lines, then the test lines, of one checked-out tree in the sandbox,
// stopping at the first failure or at a cancellation, under one wall-clock budget and the
// configured memory, process and output limits; writes everything to one log file, whose first
// line says how the limits were applied. Stateless functions; safe to call from several threads on
// different checkouts and logs (with hooks whose callback and sink are thread-safe).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "sandbox/sandbox_settings.h"
#include "nova-core/process/process_runner.h"
#include "nova-core/result.h"
#include "nova-core/work_hooks.h"
#include "sandbox/bwrap_profile.h"

namespace nova::sandbox {

enum class Stage { kCheckout, kBuild, kTest, kDone };  // stage reached; kDone = all passed

std::string_view StageName(Stage stage);  // "checkout", "build", "test", "done"

struct StageOutcome {             // result of running the build + test lines of one tree
  Stage stage = Stage::kBuild;    // the stage that failed, or kDone
  bool passed = false;
  int exit_code = 0;              // of the failing command (0 when passed, -1 when signalled)
  int signal = 0;
  bool timed_out = false;
  bool cancelled = false;         // the hooks' token fired: a line was killed or not started
  std::string cancel_reason;      // the token's reason message, when cancelled
  int timeout_s = 0;              // the budget of the whole run, for messages
  std::chrono::milliseconds duration{0};  // of the whole run
  std::string failed_command;     // the line that failed or was cancelled, empty when passed
  std::string log_excerpt;        // last ~40 lines of the log
  std::filesystem::path log;      // absolute path of the full log
  // How the limits were applied, for reports: "memory: RLIMIT_AS 8192 MiB (per process); pids:
  // RLIMIT_NPROC 4096 (not enforced: running as root)" (see core::DescribeLimits). Also the log's top.
  std::string limits = {};
  // Why the failure looks like a limit's doing, empty when it does not: "the memory limit
  // (cgroup v2 memory.max 256 MiB) killed a process", "likely the memory limit (RLIMIT_AS 256 MiB
  // per process): the output reports an allocation failure". DescribeExit appends it.
  std::string limit_note = {};
  std::uint64_t omitted_bytes = 0;  // output of the failed or last line left out of the log
  // Why no test ran, empty when tests ran: "sandbox.test has no line", "ctest found no tests in
  // 'LINE'". Red (stage test) unless settings.allow_no_tests; DescribeExit says it either way.
  std::string no_tests = {};
};

// Runs every build line, then every test line, as `/bin/sh -c LINE` in checkout_dir under
// `mode` through `runner`, with the profile of ProfileFor (ccache writable for build lines only;
// the ccache directory is created when missing) and each line's tree limited to settings.memory_mb,
// settings.pids_max and settings.log_max_mb of output. settings.timeout_s bounds the whole run. A
// failing command is a failed outcome, not an error; errors are for what prevents running at all
// (bad checkout, unwritable log, no bwrap, a sandbox.ro_binds path missing). No test line, or a
// test line whose ctest says "No tests were found", fails the run at stage test unless
// settings.allow_no_tests (StageOutcome::no_tests says which). hooks: progress "build: <line>" /
// "test: <line>" before each line; once cancelled, the running line is killed and no other starts
// (a cancelled, failed outcome); effects of every process.
core::Result<StageOutcome> RunStages(const sandbox::SandboxSettings& settings,
                                     const std::filesystem::path& checkout_dir,
                                     const std::filesystem::path& log_path, SandboxMode mode,
                                     core::ProcessRunner& runner, const core::WorkHooks& hooks = {});

// "passed", "exit status 2", "killed by the time limit (30 s)", "killed by signal 9 (SIGKILL)",
// "exit status 137 (128+9: the command was killed by signal 9, SIGKILL)" for 129..159 (how bwrap
// and shells report a command a signal killed), "cancelled: <reason message>"; then
// "; <limit_note>" when there is one. When no test ran: "no test ran: <why>; ..." for a run that
// is red only for that, "passed; no test ran: <why> (sandbox.allow_no_tests)" when allowed, and
// "; no test ran: <why>" after a failing line's description.
std::string DescribeExit(const StageOutcome& outcome);
// Red for no other reason than that no test ran (every command that ran passed).
bool RedOnlyForNoTests(const StageOutcome& outcome);
// "SIGKILL" for 9; "signal 77" for a number without a name.
std::string SignalName(int signal);

}  // namespace nova::sandbox
