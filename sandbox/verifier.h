// Verifier: proves or disproves one commit. Checks the commit's exact tree out into a fresh
// temporary directory (never the user's working tree), runs the configured build and test
// lines there under the sandbox, and returns a Verdict whose log file outlives the run.
// Not thread-safe with respect to the Repository it is given.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "nova-core/config.h"
#include "nova-core/git/repository.h"
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
  std::chrono::milliseconds duration{0};
  std::filesystem::path log;  // absolute; stays after the run
  std::string log_excerpt;
  std::string description;    // "passed", "exit status 1 in test", ...
};

struct VerifierOptions {
  core::SandboxSettings settings;
  SandboxMode mode = SandboxMode::kBubblewrap;
  std::filesystem::path logs_dir;  // where logs are written; created if missing
  bool keep_checkouts = false;     // Default: false, the temporary checkout is removed
};

// `label` names the log file: <logs_dir>/<label>-<commit12>.log.
core::Result<Verdict> VerifyCommit(const core::git::Repository& repo,
                                   const core::git::ObjectId& commit,
                                   const VerifierOptions& options, const std::string& label);

}  // namespace nova::sandbox
