// BranchWriter: writes a PatchSet as one commit on top of the base commit, on the branch
// nova/<rule>/<short-id>, through libgit2 and an in-memory index. The id is derived from the
// base and the edits, so the same fix on the same base always lands on the same branch.
// Never touches the user's working tree, index or HEAD. Not thread-safe (uses a Repository).
#pragma once

#include <string>
#include <vector>

#include "nova-core/git/repository.h"
#include "refactorer/patch_contents.h"
#include "refactorer/patch_set.h"

namespace nova::refactorer {

struct PatchBranch {
  std::string rule;
  std::string branch;              // nova/<rule>/<short-id>
  core::git::ObjectId commit;
  std::vector<std::string> files;  // relative to the repository root
  int findings = 0;
  bool reused = false;             // the branch already held this very patch: left as it was
  core::git::ObjectId replaced;    // the branch's previous commit when it was moved, else empty
  // Non-empty: proposed for a person to review, never merged automatically, for this reason.
  std::string hold = {};
  std::string diff = {};  // a dry run's unified diff (no commit, no branch); else empty
};

// "nova/use-nullptr/3f9a1c2b7d", from the base id and the edits with their paths relative to
// `root`, so the same fix on the same base has the same name in every clone.
std::string PatchBranchName(const core::git::ObjectId& base, const PatchSet& set,
                            const std::filesystem::path& root);

core::Result<PatchBranch> WritePatchBranch(const core::git::Repository& repo,
                                           const core::git::ObjectId& base, const PatchSet& set,
                                           const core::git::Signature& author);
// The same, with the set's changes already computed (ComputeFileChanges, possibly formatted).
core::Result<PatchBranch> WritePatchBranch(const core::git::Repository& repo,
                                           const core::git::ObjectId& base, const PatchSet& set,
                                           const std::vector<FileChange>& changes,
                                           const core::git::Signature& author);

}  // namespace nova::refactorer
