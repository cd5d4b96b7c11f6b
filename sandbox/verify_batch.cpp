#include "sandbox/verify_batch.h"

#include <atomic>
#include <cstddef>
#include <exception>
#include <map>
#include <memory>
#include <optional>

#include "nova-core/effects.h"
#include "nova-core/worker_pool.h"

namespace nova::sandbox {
namespace {

// Which jobs of a batch are built, and which take another's verdict.
struct BatchPlan {
  std::vector<std::optional<Verdict>> verdicts;     // by job; cache hits are filled in already
  std::vector<std::size_t> to_verify;               // job indexes, in job order, one per new tree
  std::map<std::size_t, std::size_t> same_tree_as;  // job index -> the job in to_verify to copy
};

core::Status JobError(const VerifyJob& job, const core::Status& status) {
  return status.WithContext("while verifying " + job.label);
}

core::Result<BatchPlan> PlanBatch(const std::filesystem::path& repo_dir,
                                  const std::vector<VerifyJob>& jobs, const VerdictCache& cache) {
  BatchPlan plan;
  plan.verdicts.resize(jobs.size());
  NOVA_ASSIGN_OR_RETURN(core::git::Repository repo, core::git::Repository::Discover(repo_dir));
  std::map<core::git::ObjectId, std::size_t> first_job_of_tree;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    core::Result<core::git::ObjectId> tree = repo.TreeOfCommit(jobs[i].commit);
    if (!tree.ok()) return JobError(jobs[i], tree.status());
    plan.verdicts[i] = cache.Find(*tree, jobs[i].commit);
    if (plan.verdicts[i].has_value()) continue;
    const auto [first, inserted] = first_job_of_tree.emplace(*tree, i);
    if (inserted) {
      plan.to_verify.push_back(i);
    } else {
      plan.same_tree_as.emplace(i, first->second);
    }
  }
  return plan;
}

// Shared by the workers of one batch. Each slot of `results` is written by the one worker that
// took it, and read only after every worker has ended.
struct BatchWork {
  const std::vector<VerifyJob>& jobs;
  const std::vector<std::size_t>& to_verify;
  const VerifierOptions& options;
  VerdictCache& cache;
  std::atomic<bool> failed{false};
  // By position in to_verify; empty for a job not started because an earlier one failed.
  std::vector<std::optional<core::Result<Verdict>>> results =
      std::vector<std::optional<core::Result<Verdict>>>(to_verify.size());
};

core::Result<Verdict> VerifyGuarded(const core::git::Repository& repo, const VerifyJob& job,
                                    const VerifierOptions& options) {
  try {
    return VerifyCommit(repo, job.commit, options, job.label);
  } catch (const std::exception& error) {
    return core::InternalError(error.what());
  }
}

// One worker's task, made on its own thread: a Repository of its own (libgit2 handles are never
// shared across threads), then every job it takes, none once a job has failed.
core::WorkerTask MakeWorker(const std::filesystem::path& repo_dir, BatchWork& work) {
  auto repo = std::make_shared<core::Result<core::git::Repository>>(
      core::git::Repository::Discover(repo_dir));
  return [repo, &work](std::size_t slot) {
    if (work.failed.load()) return;
    const VerifyJob& job = work.jobs[work.to_verify[slot]];
    core::Result<Verdict> verdict = repo->ok() ? VerifyGuarded(**repo, job, work.options)
                                               : core::Result<Verdict>(repo->status());
    if (verdict.ok()) {
      work.cache.Store(*verdict);
    } else {
      work.failed.store(true);
    }
    work.results[slot] = std::move(verdict);
  };
}

// A copy of the verdict of `source` for `job`, which has the same tree.
Verdict SameTreeVerdict(const Verdict& source, const VerifyJob& job) {
  if (!source.cancelled) return ReusedFor(source, job.commit);
  Verdict copy = source;  // a cancelled run proved nothing, so nothing is reused
  copy.commit = job.commit;
  return copy;
}

// The audit line of one verdict, from the calling thread, in job order.
void RecordVerdict(const core::WorkHooks& hooks, const VerifyJob& job, const Verdict& verdict) {
  hooks.Effect(core::effect::kVerdict,
               {{"label", job.label},
                {"commit", verdict.commit},
                {"tree", verdict.tree},
                {"passed", verdict.passed},
                {"flaky", verdict.flaky},
                {"cancelled", verdict.cancelled},
                {"description", verdict.description},
                {"log", verdict.log.string()},
                {"reused_from", verdict.reused ? nlohmann::json(verdict.reused_from)
                                               : nlohmann::json()}});
}

}  // namespace

core::Result<std::vector<Verdict>> VerifyCommits(const std::filesystem::path& repo_dir,
                                                 const std::vector<VerifyJob>& jobs,
                                                 const VerifierOptions& options, int max_parallel,
                                                 VerdictCache& cache) {
  if (max_parallel < 1) {
    return core::InvalidArgumentError("max_parallel must be at least 1, got " +
                                      std::to_string(max_parallel));
  }
  NOVA_ASSIGN_OR_RETURN(BatchPlan plan, PlanBatch(repo_dir, jobs, cache));

  BatchWork work{jobs, plan.to_verify, options, cache};
  // One worker is the calling thread itself, so serial verification calls the hooks from it.
  const core::Status ran =
      core::RunWorkers(max_parallel, plan.to_verify.size(),
                       [&repo_dir, &work] { return MakeWorker(repo_dir, work); });

  for (std::size_t slot = 0; slot < plan.to_verify.size(); ++slot) {
    const std::size_t job = plan.to_verify[slot];
    if (!work.results[slot].has_value()) continue;  // not started: an earlier job failed
    core::Result<Verdict>& result = *work.results[slot];
    if (!result.ok()) return JobError(jobs[job], result.status());
    plan.verdicts[job] = std::move(result).value();
  }
  NOVA_RETURN_IF_ERROR(ran);
  for (const auto& [job, source] : plan.same_tree_as) {
    plan.verdicts[job] = SameTreeVerdict(*plan.verdicts[source], jobs[job]);
  }

  std::vector<Verdict> verdicts;
  verdicts.reserve(jobs.size());
  for (std::size_t job = 0; job < jobs.size(); ++job) {
    NOVA_CHECK(plan.verdicts[job].has_value());
    RecordVerdict(options.hooks, jobs[job], *plan.verdicts[job]);
    verdicts.push_back(std::move(*plan.verdicts[job]));
  }
  return verdicts;
}

}  // namespace nova::sandbox
