// Verifier: proves or disproves one commit. Checks the commit's exact tree out into a fresh
// temporary directory (never the user's working tree), runs the configured build and test
// lines there under the sandbox through the runner it is given, and returns a Verdict whose log
// file outlives the run.
// Not thread-safe with respect to the Repository it is given (verify_batch.h runs several).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sandbox/sandbox_settings.h"
#include "nova-core/git/repository.h"
#include "nova-core/process/process_runner.h"
#include "nova-core/work_hooks.h"
#include "sandbox/bwrap_profile.h"
#include "sandbox/stage_runner.h"

namespace nova::sandbox {

struct Verdict {
  core::git::ObjectId commit;
  core::git::ObjectId tree;
  Stage stage = Stage::kCheckout;  // stage that failed, or kDone
  bool passed = false;
  int exit_code = 0;
  int signal = 0;
  bool timed_out = false;
  // The work was cancelled before a verdict was reached: not passed, and it proves nothing
  // about the tree (never cached, never a reason to call the tree red).
  bool cancelled = false;
  // Copied from the verification of another commit with the same tree (verdict_cache.h);
  // `commit` is the commit asked about, `reused_from` the one that was built and tested.
  bool reused = false;
  core::git::ObjectId reused_from;
  // Failed, then passed when the failed stage was run again in the same checkout: the tree is
  // not trusted (not passed, red), and the description says "flaky".
  bool flaky = false;
  std::chrono::milliseconds duration{0};
  std::filesystem::path log;  // absolute; stays after the run; empty when nothing ran
  std::string log_excerpt;
  std::string description;  // "passed", "exit status 1 in test (make test)", "cancelled: ..."
  // How the sandbox limited memory and processes ("memory: RLIMIT_AS 8192 MiB (per process);
  // pids: ..."), from the stage runner; empty when nothing ran.
  std::string limits = {};
  std::uint64_t log_omitted_bytes = 0;  // output of a command left out of the log by the cap

  // Failed for a reason in the tree: not passed, and not merely cancelled.
  bool red() const { return !passed && !cancelled; }
};

// `source`'s verdict for `commit`, another commit with the same tree: marked reused from the
// commit that was built and tested.
Verdict ReusedFor(const Verdict& source, const core::git::ObjectId& commit);

struct VerifierOptions {
  // Required (a null one is a bug): runs every build and test line; not owned, outlives the
  // verification, and thread-safe when verifications run in parallel (verify_batch.h).
  core::ProcessRunner* runner = nullptr;
  sandbox::SandboxSettings settings;
  SandboxMode mode = SandboxMode::kBubblewrap;
  std::filesystem::path logs_dir;  // where logs are written; created if missing
  bool keep_checkouts = false;     // Default: false, the temporary checkout is removed
  // Where checkouts are made; empty: the system temp directory. The fix command uses
  // .nova/work/ under its repository lock, so a run killed mid-verification leaves nothing that
  // the next run does not find and remove.
  std::filesystem::path checkouts_dir;
  // A failure in build or test (not a time-out, not a cancellation) is run once more from the
  // failed stage in the same checkout: failing again confirms it; passing makes the verdict
  // flaky, never green. Default: true
  bool recheck_failures = true;
  // cancel: no checkout starts once cancelled, and a running line is killed; progress:
  // "verify: <label> <commit12>", then the stage runner's lines; effects: every process.
  core::WorkHooks hooks;
  // No checkout starts after this time: a commit whose turn comes later gets a cancelled verdict
  // "not started: <start_until_reason>", which proves nothing; one already running finishes.
  // Default: none (a budget such as nightly.budget_s sets it).
  std::optional<std::chrono::steady_clock::time_point> start_until = std::nullopt;
  std::string start_until_reason = {};
};

// `label` names the log file: <logs_dir>/<label>-<commit12>.log. A cancellation is a cancelled,
// failed Verdict, not an error; when the work was cancelled already nothing is checked out.
core::Result<Verdict> VerifyCommit(const core::git::Repository& repo,
                                   const core::git::ObjectId& commit,
                                   const VerifierOptions& options, const std::string& label);

}  // namespace nova::sandbox
