// What a fix run (and a nightly run, which is a fix run with a planner and a publisher added)
// needs before its first agent starts, and the plan of agents both share. Not thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "apps/agents/review_agents.h"
#include "apps/command_support.h"
#include "apps/model_session.h"
#include "apps/commands.h"
#include "nova-core/driver.h"
#include "nova-core/git/repository.h"
#include "nova-core/process/process_runner.h"
#include "nova-core/run_lock.h"
#include "refactorer/clang_format_lines.h"
#include "sandbox/gatekeeper.h"

namespace nova::app {

struct FixContext {
  LoadedInputs inputs;
  sandbox::SandboxMode mode = sandbox::SandboxMode::kBubblewrap;
  std::optional<core::git::Repository> repo;
  core::git::ObjectId base;
  std::map<std::string, std::string> overlay;
  std::filesystem::path state_dir;
  // Held from before the first ref is read until the command returns.
  std::optional<core::RunLock> lock;
  std::vector<std::string> stale_removed;
  std::filesystem::path run_dir;
  // Where the sandbox writes its logs. Default (empty): run_dir.
  std::filesystem::path logs_dir = {};
  AnalyzerSettings analyzer;
  // Shared by the verifier and the gatekeeper: a tree is built once per run.
  std::unique_ptr<sandbox::VerdictCache> verdicts = std::make_unique<sandbox::VerdictCache>();
  // Runs every process of the run (the probe, cmake, clang-format, the sandbox's lines): the real
  // runner, made by PrepareFix. Behind a pointer so its address survives moving the context.
  std::unique_ptr<core::ProcessRunner> runner;
  // Formats the lines patches touch; its scratch files live in the run's directory.
  std::unique_ptr<refactorer::ClangFormatLines> formatter;
  // The run's model, when .nova.json configures one; null otherwise.
  std::unique_ptr<ModelSession> model;
  // No sandbox verification starts after this (sandbox::VerifierOptions::start_until), with the
  // reason; the greens verified before it still land. Default: none.
  std::optional<std::chrono::steady_clock::time_point> verify_start_until = std::nullopt;
  std::string verify_start_until_reason = {};
};

// Loads the inputs, takes .nova/lock (held as `command`), checks the target, reads the base
// (HEAD) and its overlay, and creates the run's directory.
core::Result<FixContext> PrepareFix(const FixOptions& options,
                                    std::string_view command = "nova fix");

// probe, indexer, analyzer, reviewer, refactorer, verifier, gatekeeper (the last two and the
// probe not in a dry run).
core::Plan BuildFixPlan(const FixOptions& options, FixContext& context);

}  // namespace nova::app
