// BranchPruner: removes the patch branches (nova/<rule>/<id>) a nightly run no longer needs:
// those merged into the target and those no longer proposed (their findings are gone or their
// base moved). Touches no other ref: not the target, not a checked-out branch, not any name
// outside nova/<rule>/<id>. Each deletion is guarded by the commit read. Not thread-safe.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "nova-core/git/repository.h"

namespace nova::refactorer {

struct PruneRequest {
  std::string target;          // the merge target; never pruned even when under nova/
  std::set<std::string> live;  // branches this run proposed: kept
};

struct PrunedBranch {
  std::string branch;
  core::git::ObjectId commit;  // where it pointed; `git branch <branch> <commit>` restores it
  std::string reason;          // "merged into <target>" or "no longer proposed ..."
};

// True for "nova/<rule>/<10 hex digits>", the names BranchWriter gives.
bool IsPatchBranchName(const std::string& branch);

// Deletes the stale patch branches and says why for each. A branch that moved meanwhile, or is
// checked out, is kept (and not listed).
core::Result<std::vector<PrunedBranch>> PruneStaleBranches(const core::git::Repository& repo,
                                                           const PruneRequest& request);

}  // namespace nova::refactorer
