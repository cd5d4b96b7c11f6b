// The agents of a fix run after the review: the refactorer writes one patch branch per rule,
// the verifier builds and tests the base and what each branch would land in the sandbox (in
// parallel up to run.verify_parallel), the gatekeeper moves the target only to a commit whose
// tree it saw pass. Not thread-safe; one instance per run.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>

#include "apps/agents/base_commit_agent.h"
#include "apps/agents/contract_agent.h"
#include "nova-core/agent.h"
#include "nova-core/config.h"
#include "nova-core/git/repository.h"
#include "nova-core/process/process_runner.h"
#include "refactorer/line_formatter.h"
#include "sandbox/gatekeeper.h"

namespace nova::app {

class SandboxProbeAgent final : public ContractAgent<SandboxProbeAgent> {
 public:
  // `runner` starts the probe; not owned, outlives the agent.
  SandboxProbeAgent(sandbox::SandboxMode mode, core::ProcessRunner& runner)
      : mode_(mode), runner_(runner) {}
  static constexpr std::string_view kName = "sandbox-probe";
  static constexpr std::string_view kRole =
      "Proves the sandbox isolates (bubblewrap with every namespace unshared) before any work.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  sandbox::SandboxMode mode_;
  core::ProcessRunner& runner_;
};

// What the refactorer needs besides the board: the fix settings (author included), the base
// content of files the user modified, and whether this is a dry run.
struct RefactorerSettings {
  core::FixSettings fix = {};
  std::map<std::string, std::string> overlay = {};
  bool dry_run = false;
  refactorer::LineFormatter* formatter = nullptr;  // not owned; null: no formatting
  int jobs = 0;  // parses the reparse proof runs at once (-j); 0: one per core
  // merge.model_patches: false holds every model-written patch for a person. Default: false
  bool merge_model_patches = false;
};

class RefactorerAgent final : public BaseCommitAgent<RefactorerAgent, RefactorerSettings> {
 public:
  using BaseCommitAgent::BaseCommitAgent;
  static constexpr std::string_view kName = "refactorer";
  static constexpr std::string_view kRole =
      "Writes the fixable findings of each rule as commits on nova/<rule>/<id> branches off the "
      "base, each proven to compile by reparsing first.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;
};

// The verifier's and the gatekeeper's shared state: the repository, the gate's options and the
// verdict cache (outlives the run and is shared by the two: a tree is built once).
template <typename Derived>
class GateAgent : public ContractAgent<Derived> {
 public:
  GateAgent(const core::git::Repository& repo, sandbox::GateOptions options,
            sandbox::VerdictCache& cache)
      : repo_(repo), options_(std::move(options)), cache_(cache) {}

 protected:
  const core::git::Repository& repo_;
  sandbox::GateOptions options_;
  sandbox::VerdictCache& cache_;
};

class VerifierAgent final : public GateAgent<VerifierAgent> {
 public:
  using GateAgent::GateAgent;
  static constexpr std::string_view kName = "verifier";
  static constexpr std::string_view kRole =
      "Builds and tests the base and what each patch branch would land, in the sandbox.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;
};

class GatekeeperAgent final : public GateAgent<GatekeeperAgent> {
 public:
  using GateAgent::GateAgent;
  static constexpr std::string_view kName = "gatekeeper";
  static constexpr std::string_view kRole =
      "Moves the merge target, by compare-and-swap, only to a commit whose tree passed.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;
};

}  // namespace nova::app
