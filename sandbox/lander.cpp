#include "sandbox/lander.h"

#include <utility>

#include "nova-core/effects.h"
#include "sandbox/landing.h"
#include "sandbox/verify_batch.h"

namespace nova::sandbox {
namespace {

std::string RedReason(const Verdict& verdict) {
  return "not merged: " + verdict.description + "; log: " + verdict.log.string();
}

bool GreenInPhaseOne(const CandidateVerification& checked) {
  return checked.candidate.hold.empty() && checked.conflict.empty() &&
         checked.verdict.has_value() && checked.verdict->passed;
}

// Verifies the one commit `job` names, through the cache, on the calling thread.
core::Result<Verdict> VerifyOne(const core::git::Repository& repo, const GateOptions& options,
                                const VerifyJob& job, VerdictCache& cache) {
  NOVA_ASSIGN_OR_RETURN(std::vector<Verdict> verdicts,
                        VerifyCommits(repo.Workdir(), {job}, options.verifier, 1, cache));
  return std::move(verdicts.front());
}

// A held candidate is proposed, never merged: its phase-1 verdict is reported as it is.
GateDecision Held(const CandidateVerification& checked) {
  GateDecision decision;
  decision.candidate = checked.candidate;
  decision.verdict = checked.verdict;
  decision.reason = "not merged: " + checked.candidate.hold;
  if (!checked.conflict.empty()) {
    decision.reason += "; " + checked.conflict;
  } else if (checked.verdict.has_value()) {
    decision.reason += "; verified: " + checked.verdict->description;
  }
  return decision;
}

}  // namespace

std::string CancelledReason(const core::WorkHooks& hooks) {
  const std::string why =
      hooks.Cancelled() ? hooks.CancelReason().message() : "its verification was cancelled";
  return "not merged: cancelled (" + why + ")";
}

core::Result<std::vector<GateDecision>> Lander::LandInOrder(
    const std::vector<CandidateVerification>& candidates) {
  std::vector<std::optional<GateDecision>> decided(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (decided[i].has_value()) continue;  // landed together with an earlier one
    if (!candidates[i].candidate.hold.empty()) {
      decided[i] = Held(candidates[i]);
      continue;
    }
    if (options_.land_greens_together && !together_tried_) {
      NOVA_ASSIGN_OR_RETURN(const bool landed, LandTogether(candidates, i, decided));
      if (landed) continue;
    }
    NOVA_ASSIGN_OR_RETURN(GateDecision decision, Judge(candidates[i]));
    decided[i] = std::move(decision);
  }
  std::vector<GateDecision> decisions;
  decisions.reserve(decided.size());
  for (std::optional<GateDecision>& decision : decided) decisions.push_back(std::move(*decision));
  return decisions;
}

core::Result<GateDecision> Lander::Judge(const CandidateVerification& checked) {
  GateDecision decision;
  decision.candidate = checked.candidate;
  if (hooks_.Cancelled()) return Cancelled(std::move(decision));
  // Read again for every candidate, so a move by anyone else is noticed too.
  NOVA_ASSIGN_OR_RETURN(const core::git::ObjectId tip, repo_.BranchTarget(options_.target_branch));

  Landing landing{checked.landing, checked.fast_forward, checked.conflict};
  std::optional<Verdict> verdict = checked.verdict;
  const bool red = verdict.has_value() && verdict->red();
  if (tip != checked.tip && !red) {
    NOVA_ASSIGN_OR_RETURN(
        landing, ComputeLanding(repo_, options_.target_branch, tip, checked.candidate.branch,
                                checked.candidate.commit, options_.signature));
    verdict.reset();
  }
  if (!landing.conflict.empty()) {
    decision.reason = landing.conflict + "; not merged";
    return decision;
  }
  if (!verdict.has_value() || verdict->cancelled) {
    NOVA_ASSIGN_OR_RETURN(
        verdict, VerifyOne(repo_, options_, {checked.candidate.label, landing.commit}, cache_));
  }
  decision.verdict = verdict;
  if (verdict->cancelled) return Cancelled(std::move(decision));
  if (!verdict->passed) {
    decision.reason = RedReason(*verdict);
    return decision;
  }
  // From here on a green verdict for this very commit exists: the ref update is finished
  // whatever the cancel token says, so no verdict is ever left without its ref update.
  core::Status moved = MoveTarget(*verdict, landing.commit, tip,
                                  "nova: merge " + checked.candidate.branch + " (verified)");
  if (moved.code() == core::StatusCode::kAborted) {
    decision.reason = moved.message();
    return decision;
  }
  NOVA_RETURN_IF_ERROR(moved);
  decision.merged = true;
  decision.landed = landing.commit;
  decision.reason = landing.fast_forward
                        ? "verified and fast-forwarded " + options_.target_branch
                        : "verified merge result and merged into " + options_.target_branch;
  return decision;
}

core::Result<bool> Lander::LandTogether(const std::vector<CandidateVerification>& candidates,
                                        std::size_t first,
                                        std::vector<std::optional<GateDecision>>& decided) {
  if (hooks_.Cancelled() || !GreenInPhaseOne(candidates[first])) return false;
  NOVA_ASSIGN_OR_RETURN(const core::git::ObjectId tip, repo_.BranchTarget(options_.target_branch));
  if (tip == candidates[first].tip) return false;  // its own verified landing still applies
  std::vector<std::size_t> group;
  for (std::size_t i = first; i < candidates.size(); ++i) {
    if (!decided[i].has_value() && GreenInPhaseOne(candidates[i])) group.push_back(i);
  }
  if (group.size() < 2) return false;
  together_tried_ = true;

  core::git::ObjectId merged = tip;
  std::string branches;
  for (std::size_t i : group) {
    const Candidate& candidate = candidates[i].candidate;
    NOVA_ASSIGN_OR_RETURN(Landing step,
                          ComputeLanding(repo_, options_.target_branch, merged, candidate.branch,
                                         candidate.commit, options_.signature));
    if (!step.conflict.empty()) return false;
    merged = step.commit;
    branches += (branches.empty() ? "" : ", ") + candidate.branch;
  }
  NOVA_ASSIGN_OR_RETURN(const Verdict verdict,
                        VerifyOne(repo_, options_, {"together", merged}, cache_));
  if (!verdict.passed) return false;  // red or cancelled: judged one by one, each with its reason
  // A green verdict exists: finish the ref update whatever the cancel token says.
  core::Status moved =
      MoveTarget(verdict, merged, tip, "nova: merge " + branches + " (verified together)");
  if (moved.code() == core::StatusCode::kAborted) return false;
  NOVA_RETURN_IF_ERROR(moved);
  const std::string reason = "verified merge result, together with " +
                             std::to_string(group.size() - 1) + " other candidate(s), and " +
                             "merged into " + options_.target_branch;
  for (std::size_t i : group) {
    decided[i] = GateDecision{candidates[i].candidate, verdict, merged, true, reason};
  }
  return true;
}

GateDecision Lander::Cancelled(GateDecision decision) {
  decision.reason = CancelledReason(hooks_);
  cancelled_ = true;
  return decision;
}

core::Status Lander::MoveTarget(const Verdict& verdict, const core::git::ObjectId& commit,
                                const core::git::ObjectId& tip, const std::string& why) {
  // Invariants: the target moves only to the commit whose exact tree passed, and only forward
  // (what it held stays in its history).
  NOVA_ASSIGN_OR_RETURN(const core::git::ObjectId tree, repo_.TreeOfCommit(commit));
  NOVA_CHECK(verdict.passed && verdict.commit == commit && verdict.tree == tree);
  NOVA_ASSIGN_OR_RETURN(const bool forward, repo_.IsAncestor(tip, commit));
  NOVA_CHECK(forward);
  NOVA_RETURN_IF_ERROR(repo_.UpdateBranchIfUnchanged(options_.target_branch, commit, tip, why));
  hooks_.Effect(core::effect::kRefUpdated, {{"ref", "refs/heads/" + options_.target_branch},
                                            {"old", tip},
                                            {"new", commit},
                                            {"reason", why}});
  return core::Status::Ok();
}

}  // namespace nova::sandbox
