#include "sandbox/gatekeeper.h"

namespace nova::sandbox {
namespace {

std::string Short(const core::git::ObjectId& id) { return id.substr(0, 12); }

// Decides, verifies and (if green) lands one candidate on the target.
core::Result<GateDecision> Judge(const core::git::Repository& repo, const GateOptions& options,
                                 const Candidate& candidate) {
  GateDecision decision;
  decision.candidate = candidate;
  NOVA_ASSIGN_OR_RETURN(core::git::ObjectId tip, repo.BranchTarget(options.target_branch));

  // What would land: the branch itself on a fast-forward, else the merge with the target's tip.
  core::git::ObjectId landing = candidate.commit;
  NOVA_ASSIGN_OR_RETURN(bool fast_forward, repo.IsAncestor(tip, candidate.commit));
  if (!fast_forward) {
    NOVA_ASSIGN_OR_RETURN(
        core::git::MergeOutcome merge,
        repo.MergeCommits(tip, candidate.commit,
                          "nova: merge " + candidate.branch + " into " + options.target_branch,
                          options.signature));
    if (merge.conflicted) {
      std::string paths;
      for (const auto& p : merge.conflicting_paths) paths += (paths.empty() ? "" : ", ") + p;
      decision.reason = "conflicts with " + options.target_branch + " at " + Short(tip) +
                        " in " + paths + "; not merged";
      return decision;
    }
    landing = merge.commit;
  }

  NOVA_ASSIGN_OR_RETURN(Verdict verdict,
                        VerifyCommit(repo, landing, options.verifier, candidate.label));
  decision.verdict = verdict;
  if (!verdict.passed) {
    decision.reason = "not merged: " + verdict.description + "; log: " + verdict.log.string();
    return decision;
  }
  // Invariant: the commit the target moves to is exactly the one whose tree just passed.
  NOVA_CHECK(verdict.commit == landing);
  core::Status moved = repo.UpdateBranchIfUnchanged(
      options.target_branch, landing, tip, "nova: merge " + candidate.branch + " (verified)");
  if (moved.code() == core::StatusCode::kAborted) {
    decision.reason = moved.message();
    return decision;
  }
  NOVA_RETURN_IF_ERROR(moved);
  decision.merged = true;
  decision.landed = landing;
  decision.reason = fast_forward ? "verified and fast-forwarded " + options.target_branch
                                 : "verified merge result and merged into " + options.target_branch;
  return decision;
}

}  // namespace

core::Result<GateReport> RunGate(const core::git::Repository& repo, const GateOptions& options,
                                 const std::vector<Candidate>& candidates) {
  GateReport report;
  report.base = options.base;
  report.target = options.target_branch;
  auto tip = repo.BranchTarget(options.target_branch);
  if (!tip.ok()) {
    return core::InvalidArgumentError("merge target branch '" + options.target_branch +
                                      "' does not exist; create it first (git branch " +
                                      options.target_branch + ")");
  }
  report.target_before = *tip;
  NOVA_ASSIGN_OR_RETURN(bool checked_out, repo.IsBranchCheckedOut(options.target_branch));
  if (checked_out) {
    return core::FailedPreconditionError(
        "merge target '" + options.target_branch +
        "' is checked out in a working tree; Nova never moves a checked-out branch "
        "(pass another --merge-into branch)");
  }

  NOVA_ASSIGN_OR_RETURN(report.baseline, VerifyCommit(repo, options.base, options.verifier, "base"));
  if (!report.baseline.passed) {
    report.base_red = true;
    report.target_after = report.target_before;
    for (const Candidate& c : candidates) {
      report.decisions.push_back({c, std::nullopt, {}, false,
                                  "not verified: the base " + Short(options.base) +
                                      " is red (" + report.baseline.description + ")"});
    }
    return report;
  }
  for (const Candidate& candidate : candidates) {
    NOVA_ASSIGN_OR_RETURN(GateDecision decision, Judge(repo, options, candidate));
    report.decisions.push_back(std::move(decision));
  }
  NOVA_ASSIGN_OR_RETURN(report.target_after, repo.BranchTarget(options.target_branch));
  return report;
}

}  // namespace nova::sandbox
