#include "sandbox/gatekeeper.h"

#include <iterator>
#include <utility>

#include "nova-core/effects.h"
#include "sandbox/lander.h"
#include "sandbox/landing.h"
#include "sandbox/verify_batch.h"

namespace nova::sandbox {
namespace {

std::string Short(const core::git::ObjectId& id) { return id.substr(0, 12); }

// The decisions when the base is not green: nothing is judged.
void RefuseAll(const VerificationReport& verified, const core::WorkHooks& hooks,
               GateReport& report) {
  const bool cancelled = verified.baseline.cancelled;
  for (const CandidateVerification& checked : verified.candidates) {
    const std::string reason = cancelled ? CancelledReason(hooks)
                                         : "not verified: the base " + Short(verified.base) +
                                               " is red (" + verified.baseline.description + ")";
    report.decisions.push_back({checked.candidate, std::nullopt, {}, false, reason});
  }
  report.cancelled = cancelled && !verified.candidates.empty();
}

// The audit line of one merge or rejection: which tree was verified, its verdict, its log.
void RecordDecision(const core::WorkHooks& hooks, const GateDecision& decision) {
  using nlohmann::json;
  const std::optional<Verdict>& verdict = decision.verdict;
  hooks.Effect(core::effect::kGateDecision,
               {{"branch", decision.candidate.branch},
                {"commit", decision.candidate.commit},
                {"merged", decision.merged},
                {"landed", decision.merged ? json(decision.landed) : json()},
                {"tree", verdict ? json(verdict->tree) : json()},
                {"verdict", verdict ? json(verdict->description) : json()},
                {"log", verdict && !verdict->log.empty() ? json(verdict->log.string()) : json()},
                {"reason", decision.reason}});
}

}  // namespace

core::Status CheckTarget(const core::git::Repository& repo, const std::string& branch) {
  auto target = repo.BranchTarget(branch);
  if (target.status().code() == core::StatusCode::kNotFound) {
    return core::InvalidArgumentError("merge target branch '" + branch + "' does not exist in " +
                                      repo.Workdir().string() + "; create it first (git branch " +
                                      branch + ")");
  }
  // Anything else (a name git refuses, a broken ref) is libgit2's own word, not "missing".
  if (!target.ok()) return target.status().WithContext("merge target");
  NOVA_ASSIGN_OR_RETURN(bool checked_out, repo.IsBranchCheckedOut(branch));
  if (checked_out) {
    return core::FailedPreconditionError(
        "merge target '" + branch +
        "' is checked out in a working tree; Nova never moves a checked-out branch "
        "(pass another --merge-into branch)");
  }
  return core::Status::Ok();
}

core::Result<VerificationReport> VerifyCandidates(const core::git::Repository& repo,
                                                  const GateOptions& options,
                                                  const std::vector<Candidate>& candidates,
                                                  VerdictCache& cache) {
  NOVA_RETURN_IF_ERROR(CheckTarget(repo, options.target_branch));
  VerificationReport report;
  report.base = options.base;
  report.target = options.target_branch;
  NOVA_ASSIGN_OR_RETURN(report.target_tip, repo.BranchTarget(options.target_branch));

  std::vector<VerifyJob> landing_jobs;
  std::vector<std::size_t> candidate_of_job;
  for (const Candidate& candidate : candidates) {
    NOVA_ASSIGN_OR_RETURN(Landing landing,
                          ComputeLanding(repo, options.target_branch, report.target_tip,
                                         candidate.branch, candidate.commit, options.signature));
    if (landing.conflict.empty()) {
      candidate_of_job.push_back(report.candidates.size());
      landing_jobs.push_back({candidate.label, landing.commit});
    }
    report.candidates.push_back({candidate, report.target_tip, landing.commit, landing.fast_forward,
                                 std::nullopt, landing.conflict});
  }

  const VerifyJob base_job{"base", options.base};
  std::vector<Verdict> landing_verdicts;
  if (options.max_parallel == 1) {
    // One verification at a time: the base goes first, and a red one spares every other build.
    NOVA_ASSIGN_OR_RETURN(std::vector<Verdict> base,
                          VerifyCommits(repo.Workdir(), {base_job}, options.verifier, 1, cache));
    report.baseline = std::move(base.front());
    if (!report.baseline.passed) {
      report.base_red = report.baseline.red();
      return report;
    }
    NOVA_ASSIGN_OR_RETURN(landing_verdicts,
                          VerifyCommits(repo.Workdir(), landing_jobs, options.verifier, 1, cache));
  } else {
    std::vector<VerifyJob> jobs = {base_job};
    jobs.insert(jobs.end(), landing_jobs.begin(), landing_jobs.end());
    NOVA_ASSIGN_OR_RETURN(
        std::vector<Verdict> verdicts,
        VerifyCommits(repo.Workdir(), jobs, options.verifier, options.max_parallel, cache));
    report.baseline = std::move(verdicts.front());
    landing_verdicts.assign(std::make_move_iterator(verdicts.begin() + 1),
                            std::make_move_iterator(verdicts.end()));
  }
  report.base_red = report.baseline.red();
  for (std::size_t job = 0; job < landing_jobs.size(); ++job) {
    report.candidates[candidate_of_job[job]].verdict = std::move(landing_verdicts[job]);
  }
  return report;
}

core::Result<GateReport> LandVerified(const core::git::Repository& repo, const GateOptions& options,
                                      const VerificationReport& verified, VerdictCache& cache) {
  if (verified.target != options.target_branch || verified.base != options.base) {
    return core::InvalidArgumentError("the verification report is for " + verified.target + " at " +
                                      Short(verified.base) + ", not " + options.target_branch +
                                      " at " + Short(options.base));
  }
  NOVA_RETURN_IF_ERROR(CheckTarget(repo, options.target_branch));
  GateReport report;
  report.base = verified.base;
  report.target = options.target_branch;
  report.baseline = verified.baseline;
  report.base_red = verified.baseline.red();
  NOVA_ASSIGN_OR_RETURN(report.target_before, repo.BranchTarget(options.target_branch));
  if (!verified.baseline.passed) {
    RefuseAll(verified, options.verifier.hooks, report);
    report.target_after = report.target_before;
  } else {
    Lander lander(repo, options, cache);
    NOVA_ASSIGN_OR_RETURN(report.decisions, lander.LandInOrder(verified.candidates));
    report.cancelled = lander.cancelled();
    NOVA_ASSIGN_OR_RETURN(report.target_after, repo.BranchTarget(options.target_branch));
  }
  for (const GateDecision& decision : report.decisions) {
    RecordDecision(options.verifier.hooks, decision);
  }
  return report;
}

core::Result<GateReport> RunGate(const core::git::Repository& repo, const GateOptions& options,
                                 const std::vector<Candidate>& candidates) {
  VerdictCache cache;
  NOVA_ASSIGN_OR_RETURN(VerificationReport verified,
                        VerifyCandidates(repo, options, candidates, cache));
  return LandVerified(repo, options, verified, cache);
}

}  // namespace nova::sandbox
