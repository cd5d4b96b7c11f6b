#include "apps/agents/fix_agents.h"

#include <algorithm>

#include "apps/agents/slots.h"
#include "refactorer/model_rewrite.h"

namespace nova::app {

core::AgentContract RefactorerAgent::Terms() {
  return {.consumes = {kCompileDbSlot, kReviewSlot},
          .produces = {kPatchesSlot},
          .failure_modes = {"a fix does not apply to the base commit's content",
                            "git cannot write the commit or branch",
                            "libclang cannot parse a unit for the reparse proof"},
          .reads_if_present = {kModelFixesSlot}};
}

core::AgentContract SandboxProbeAgent::Terms() {
  return {.produces = {kSandboxSlot},
          .failure_modes = {"bubblewrap is missing, or unprivileged user namespaces are disabled"}};
}

core::AgentContract VerifierAgent::Terms() {
  return {.consumes = {kSandboxSlot, kPatchesSlot},
          .produces = {kVerdictsSlot},
          .failure_modes = {"the sandbox cannot start", "git cannot check out or merge a commit",
                            "it is cancelled (a signal, the deadline or a stall)"}};
}

core::AgentContract GatekeeperAgent::Terms() {
  return {
      .consumes = {kPatchesSlot, kVerdictsSlot},
      .produces = {kGateSlot},
      .failure_modes = {"the base is red, so nothing can be judged",
                        "the merge target is missing or checked out", "git cannot update the ref"}};
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
  auto db = board.Get<analyzers::CompileDbLocation>(kCompileDbSlot);
  if (!db.ok()) return core::Outcome::Failed(db.status());
  std::vector<core::Finding> findings;
  for (const auto& f : (*review)->findings) findings.push_back(f.finding);
  // The model-refactorer's rewrites, when a model is configured: proven like every fix.
  auto model = board.Get<ModelOutput>(kModelFixesSlot);
  if (model.ok()) {
    findings.insert(findings.end(), (*model)->findings.begin(), (*model)->findings.end());
  }

  refactorer::FixPipelineOptions options;
  options.settings = settings_.fix;
  options.base_overlay = settings_.overlay;
  options.dry_run = settings_.dry_run;
  options.formatter = settings_.formatter;
  options.hooks = context.hooks;
  options.jobs = settings_.jobs;
  // For the reparse proof and for renames across units.
  auto units = analyzers::libclang::LoadCompileDatabase((*db)->path);
  if (!units.ok()) return core::Outcome::Failed(units.status().WithContext("refactorer"));
  options.units = std::move(*units);
  auto result = refactorer::RunFixPipeline(repo_, base_, findings, options);
  if (!result.ok()) return core::Outcome::Failed(result.status());

  PatchBranches patches;
  patches.deferred = std::move(result->deferred);
  patches.dropped = std::move(result->dropped);
  patches.dry_run = settings_.dry_run;
  patches.notes = std::move(result->notes);
  if (model.ok()) {
    patches.notes.insert(patches.notes.end(), (*model)->notes.begin(), (*model)->notes.end());
  }
  for (refactorer::PatchBranch& branch : result->branches) {
    if (refactorer::IsModelPatchRule(branch.rule) && branch.hold.empty() &&
        !settings_.merge_model_patches) {
      branch.hold = "written by a model; merge.model_patches is false, so a person decides";
    }
    if (!settings_.dry_run) ReportBranchEffects(branch, context.hooks);
    patches.branches.push_back(std::move(branch));
  }
  const bool nothing = patches.branches.empty();
  const bool dropped = !patches.dropped.empty();
  board.Put(kPatchesSlot, std::move(patches));
  if (nothing) {
    return core::Outcome::Declined(dropped ? "every patch set failed its reparse proof"
                                           : "no finding has a mechanical fix");
  }
  return core::Outcome::Ok();
}

namespace {

// The step's hooks reach the sandbox, and no single verification outlasts the step's deadline.
sandbox::GateOptions ForStep(sandbox::GateOptions options, const core::StepContext& context) {
  options.verifier.hooks = context.hooks;
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(
      context.deadline - std::chrono::steady_clock::now());
  options.verifier.settings.timeout_s = static_cast<int>(std::max<long long>(
      1, std::min<long long>(options.verifier.settings.timeout_s, left.count())));
  return options;
}

std::vector<sandbox::Candidate> CandidatesOf(const PatchBranches& patches) {
  std::vector<sandbox::Candidate> candidates;
  for (const auto& b : patches.branches) candidates.push_back({b.rule, b.branch, b.commit, b.hold});
  return candidates;
}

}  // namespace

core::Outcome SandboxProbeAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  if (mode_ == sandbox::SandboxMode::kBubblewrap) {
    core::Status isolated =
        sandbox::CheckIsolation(runner_, std::chrono::seconds(10), context.hooks);
    if (!isolated.ok()) return core::Outcome::Failed(isolated);
  }
  board.Put(kSandboxSlot, std::string(sandbox::SandboxModeName(mode_)));
  return core::Outcome::Ok();
}

core::Outcome VerifierAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto patches = board.Get<PatchBranches>(kPatchesSlot);
  if (!patches.ok()) return core::Outcome::Failed(patches.status());
  auto verified = sandbox::VerifyCandidates(repo_, ForStep(options_, context),
                                            CandidatesOf(**patches), cache_);
  if (!verified.ok()) return core::Outcome::Failed(verified.status());
  board.Put(kVerdictsSlot, std::move(*verified));
  // A cancelled verification proves nothing; the gatekeeper must not judge on it.
  if (context.hooks.Cancelled()) return core::Outcome::Failed(context.hooks.CancelReason());
  return core::Outcome::Ok();
}

core::Outcome GatekeeperAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto verified = board.Get<sandbox::VerificationReport>(kVerdictsSlot);
  if (!verified.ok()) return core::Outcome::Failed(verified.status());
  auto report = sandbox::LandVerified(repo_, ForStep(options_, context), **verified, cache_);
  if (!report.ok()) return core::Outcome::Failed(report.status());
  const bool base_red = report->base_red;
  const bool cancelled = report->cancelled;
  const std::string why = report->baseline.description;
  board.Put(kGateSlot, std::move(*report));
  if (base_red) return core::Outcome::Failed(core::FailedPreconditionError("the base is red: " + why));
  if (cancelled) return core::Outcome::Failed(context.hooks.CancelReason());
  return core::Outcome::Ok();
}

}  // namespace nova::app
