// Diff: which lines a change added, per file, so a review can be limited to what was touched.
// Part of the libgit2 adapter (nova-core/git/repository.h); ChangedLines is a plain value, safe
// to share read-only between threads. DiffSince is as thread-safe as the Repository it reads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nova-core/git/repository.h"
#include "nova-core/result.h"

namespace nova::core::git {

// Lines added or changed on the new side, per file (relative, '/'-separated path).
struct ChangedLines {
  // Inclusive, 1-based [first, last] runs of added lines, sorted, disjoint and non-adjacent.
  // Only files with at least one added line appear: deleted files, deleted-only edits, pure
  // renames, mode changes and binary files do not.
  std::map<std::string, std::vector<std::pair<int, int>>> ranges;

  bool Contains(const std::string& file, int line) const;
  // True when some added line of `file` lies in [first, last] (both inclusive, 1-based).
  bool Intersects(const std::string& file, int first, int last) const;
  // The files with added lines, sorted.
  std::vector<std::string> Files() const;
};

// Lines added from `base_revision` to the working tree (staged and unstaged together, as
// `git diff <base>` shows them), or to `head_revision` when given. Renames are followed: an
// edited renamed file reports its edits under the new path. Untracked files count (all lines
// added) only with `include_untracked`; ignored files never do. NotFound names an unknown
// revision.
Result<ChangedLines> DiffSince(const Repository& repo, const std::string& base_revision,
                               const std::optional<std::string>& head_revision,
                               bool include_untracked = false);

}  // namespace nova::core::git
