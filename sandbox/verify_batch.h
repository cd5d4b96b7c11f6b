// VerifyCommits: verifies several commits, up to `max_parallel` at once, on nova-core's worker
// pool, each worker with its own Repository (libgit2 handles are never shared across threads). A
// job whose tree is in the cache, or repeats the tree of an earlier job, reuses that verdict
// instead of building again. Returns only after every worker has ended. Thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "nova-core/git/repository.h"
#include "nova-core/result.h"
#include "sandbox/verdict_cache.h"
#include "sandbox/verifier.h"

namespace nova::sandbox {

struct VerifyJob {
  std::string label;  // names the log file and any error
  core::git::ObjectId commit;
};

// One Verdict per job, in job order; every verdict reached is stored in `cache`. A cancellation
// gives cancelled verdicts, not an error. On an error no further job starts, the running ones
// finish, and the error of the first failing job (in job order) is returned, naming its label.
// With more than one job to build, options.hooks is called from worker threads: its callback
// and sink must then be thread-safe. With one, everything runs on the calling thread.
// InvalidArgument when max_parallel < 1.
core::Result<std::vector<Verdict>> VerifyCommits(const std::filesystem::path& repo_dir,
                                                 const std::vector<VerifyJob>& jobs,
                                                 const VerifierOptions& options, int max_parallel,
                                                 VerdictCache& cache);

}  // namespace nova::sandbox
