#include "apps/agents/fix_agents.h"

#include <algorithm>

#include "apps/agents/slots.h"

namespace nova::app {

const core::AgentContract& RefactorerAgent::ContractOf() {
  static const core::AgentContract kContract{
      kName, kRole, {kReviewSlot}, {kPatchesSlot},
      {"a fix does not apply to the base commit's content", "git cannot write the commit or branch"},
      core::FailureScope::kStopsRun};
  return kContract;
}

const core::AgentContract& GatekeeperAgent::ContractOf() {
  static const core::AgentContract kContract{
      kName, kRole, {kPatchesSlot}, {kGateSlot},
      {"the base is red, so nothing can be verified",
       "the merge target is missing or checked out", "the sandbox cannot start"},
      core::FailureScope::kStopsRun};
  return kContract;
}

namespace {

// What writing a patch branch did to the repository's refs, for the trace.
void ReportBranchEffects(const refactorer::PatchBranch& branch, const core::WorkHooks& hooks) {
  if (branch.reused) {
    hooks.Effect(core::effect::kBranchReused, {{"branch", branch.branch}, {"commit", branch.commit}});
    return;
  }
  if (branch.replaced.empty()) {
    hooks.Effect(core::effect::kBranchCreated, {{"branch", branch.branch}, {"commit", branch.commit}});
    return;
  }
  hooks.Effect(core::effect::kRefUpdated, {{"ref", "refs/heads/" + branch.branch},
                                           {"old", branch.replaced},
                                           {"new", branch.commit},
                                           {"reason", "patch set rewritten on the base"}});
}

}  // namespace

core::Outcome RefactorerAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto review = board.Get<reviewer::Review>(kReviewSlot);
  if (!review.ok()) return core::Outcome::Failed(review.status());
  std::vector<core::Finding> findings;
  for (const auto& f : (*review)->findings) findings.push_back(f.finding);
  refactorer::PatchPlan plan = refactorer::PlanPatchSets(findings);

  PatchBranches patches;
  patches.deferred = plan.deferred;
  for (const refactorer::PatchSet& set : plan.sets) {
    auto branch = refactorer::WritePatchBranch(repo_, base_, set, author_);
    if (!branch.ok()) {
      return core::Outcome::Failed(branch.status().WithContext("patch set for " + set.rule));
    }
    ReportBranchEffects(*branch, context.hooks);
    patches.branches.push_back(std::move(*branch));
  }
  const bool nothing = patches.branches.empty();
  board.Put(kPatchesSlot, std::move(patches));
  if (nothing) return core::Outcome::Declined("no finding has a mechanical fix");
  return core::Outcome::Ok();
}

core::Outcome GatekeeperAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto patches = board.Get<PatchBranches>(kPatchesSlot);
  if (!patches.ok()) return core::Outcome::Failed(patches.status());
  std::vector<sandbox::Candidate> candidates;
  for (const auto& b : (*patches)->branches) candidates.push_back({b.rule, b.branch, b.commit});

  // The sandbox budget never outlasts the run's deadline.
  sandbox::GateOptions options = options_;
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(
      context.deadline - std::chrono::steady_clock::now());
  options.verifier.settings.timeout_s = static_cast<int>(
      std::max<long long>(1, std::min<long long>(options.verifier.settings.timeout_s, left.count())));

  auto report = sandbox::RunGate(repo_, options, candidates);
  if (!report.ok()) return core::Outcome::Failed(report.status());
  const bool base_red = report->base_red;
  const std::string why = report->baseline.description;
  board.Put(kGateSlot, std::move(*report));
  if (base_red) return core::Outcome::Failed(core::FailedPreconditionError("the base is red: " + why));
  return core::Outcome::Ok();
}

}  // namespace nova::app
