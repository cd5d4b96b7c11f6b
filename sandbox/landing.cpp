#include "sandbox/landing.h"

namespace nova::sandbox {

core::Result<Landing> ComputeLanding(const core::git::Repository& repo, const std::string& target,
                                     const core::git::ObjectId& tip, const std::string& branch,
                                     const core::git::ObjectId& commit,
                                     const core::git::Signature& signature) {
  Landing landing;
  NOVA_ASSIGN_OR_RETURN(landing.fast_forward, repo.IsAncestor(tip, commit));
  if (landing.fast_forward) {
    landing.commit = commit;
    return landing;
  }
  NOVA_ASSIGN_OR_RETURN(
      core::git::MergeOutcome merge,
      repo.MergeCommits(tip, commit, "nova: merge " + branch + " into " + target, signature));
  if (merge.conflicted) {
    std::string paths;
    for (const std::string& path : merge.conflicting_paths) {
      paths += (paths.empty() ? "" : ", ") + path;
    }
    landing.conflict = "conflicts with " + target + " at " + tip.substr(0, 12) + " in " + paths;
    return landing;
  }
  landing.commit = merge.commit;
  return landing;
}

}  // namespace nova::sandbox
