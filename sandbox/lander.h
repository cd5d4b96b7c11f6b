// Lander: phase 2 of the gatekeeper. Judges verified candidates in order against a target that
// moves as they land: a phase-1 verdict counts while the tip is unchanged, else the landing is
// recomputed and verified; the target moves only to green commits, by compare-and-swap, and each
// move is recorded as a ref_updated effect. Not thread-safe; one Lander per landing pass.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "nova-core/git/repository.h"
#include "nova-core/work_hooks.h"
#include "sandbox/gatekeeper.h"
#include "sandbox/verdict_cache.h"

namespace nova::sandbox {

// "not merged: cancelled (<the token's reason>)".
std::string CancelledReason(const core::WorkHooks& hooks);

class Lander {
 public:
  Lander(const core::git::Repository& repo, const GateOptions& options, VerdictCache& cache)
      : repo_(repo), options_(options), hooks_(options.verifier.hooks), cache_(cache) {}

  // One decision per candidate, in order. The base must be green already.
  core::Result<std::vector<GateDecision>> LandInOrder(
      const std::vector<CandidateVerification>& candidates);
  // True when some candidate was skipped because the work was cancelled.
  bool cancelled() const { return cancelled_; }

 private:
  core::Result<GateDecision> Judge(const CandidateVerification& checked);
  // Lands every not yet decided candidate from `first` on that was green in phase 1 as one
  // verified merge. False, deciding nothing, when it cannot (a conflict, a red or cancelled
  // verdict, a lost race); the candidates are then judged one by one.
  core::Result<bool> LandTogether(const std::vector<CandidateVerification>& candidates,
                                  std::size_t first,
                                  std::vector<std::optional<GateDecision>>& decided);
  GateDecision Cancelled(GateDecision decision);
  // Moves the target from `tip` to `commit`, whose green verdict is `verdict`. Aborted when the
  // target moved meanwhile.
  core::Status MoveTarget(const Verdict& verdict, const core::git::ObjectId& commit,
                          const core::git::ObjectId& tip, const std::string& why);

  const core::git::Repository& repo_;
  const GateOptions& options_;
  const core::WorkHooks& hooks_;
  VerdictCache& cache_;
  bool cancelled_ = false;
  bool together_tried_ = false;  // one attempt per pass bounds the builds a red group can waste
};

}  // namespace nova::sandbox
