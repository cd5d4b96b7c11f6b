// Landing: what moving a merge target to a candidate would put there, against a given tip: the
// candidate itself when the tip is its ancestor (fast-forward), else the in-memory merge commit,
// or the conflicting paths. Writes only unreferenced objects. Not thread-safe (the Repository).
#pragma once

#include <string>

#include "nova-core/git/repository.h"
#include "nova-core/result.h"

namespace nova::sandbox {

struct Landing {
  core::git::ObjectId commit;  // what would land; empty on a conflict
  bool fast_forward = false;
  std::string conflict;  // "conflicts with <target> at <tip12> in a.cpp, b.cpp"; empty when clean
};

// `branch` and `target` only word the merge message and the conflict text.
core::Result<Landing> ComputeLanding(const core::git::Repository& repo, const std::string& target,
                                     const core::git::ObjectId& tip, const std::string& branch,
                                     const core::git::ObjectId& commit,
                                     const core::git::Signature& signature);

}  // namespace nova::sandbox
