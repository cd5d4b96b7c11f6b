// Runs the configured build lines, then the test lines, of one checked-out tree in the sandbox,
// stopping at the first failure or at a cancellation, under one wall-clock budget; writes
// everything to one log file. Stateless functions; safe to call from several threads on
// different checkouts and logs (with hooks whose callback and sink are thread-safe).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "nova-core/config.h"
#include "nova-core/result.h"
#include "nova-core/work_hooks.h"
#include "sandbox/bwrap_profile.h"

namespace nova::sandbox {

class ProcessRunner;

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
};

// Runs every build line, then every test line, as `/bin/sh -c LINE` in checkout_dir under
// `mode`. settings.timeout_s bounds the whole run. A failing command is a failed outcome, not an
// error; errors are for what prevents running at all (bad checkout, unwritable log, no bwrap).
// hooks: progress "build: <line>" / "test: <line>" before each line; once cancelled, the running
// line is killed and no other starts (a cancelled, failed outcome); effects of every process.
core::Result<StageOutcome> RunStages(const core::SandboxSettings& settings,
                                     const std::filesystem::path& checkout_dir,
                                     const std::filesystem::path& log_path, SandboxMode mode,
                                     const core::WorkHooks& hooks = {});
core::Result<StageOutcome> RunStages(const core::SandboxSettings& settings,
                                     const std::filesystem::path& checkout_dir,
                                     const std::filesystem::path& log_path, SandboxMode mode,
                                     ProcessRunner& runner, const core::WorkHooks& hooks = {});

// "passed", "exit status 2", "killed by the time limit (30 s)", "killed by signal 9",
// "cancelled: <reason message>".
std::string DescribeExit(const StageOutcome& outcome);

// The last `max_lines` lines of a file, reading at most its last `max_bytes`.
// Default: 40 lines, 64 KiB.
std::string LogTail(const std::filesystem::path& path, int max_lines = 40,
                    std::size_t max_bytes = 64 * 1024);

}  // namespace nova::sandbox
