// VerdictCache: the verdicts of one run, by tree id, so a tree that was built and tested once is
// never built again in that run (a merge commit and a branch with the same tree, a candidate seen
// by both gate phases). Holds copies; never holds a cancelled verdict. Thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>

#include "nova-core/git/repository.h"
#include "sandbox/verifier.h"

namespace nova::sandbox {

class VerdictCache {
 public:
  VerdictCache() = default;
  VerdictCache(const VerdictCache&) = delete;
  VerdictCache& operator=(const VerdictCache&) = delete;

  // The verdict recorded for `tree`, re-addressed to `commit`: `commit` set to it, `reused`
  // true and `reused_from` the commit that was verified. Nullopt when the tree has none.
  std::optional<Verdict> Find(const core::git::ObjectId& tree,
                              const core::git::ObjectId& commit) const;
  // Records `verdict` for its tree. The first verdict of a tree stays; a cancelled one, or one
  // that is itself a reuse, is not recorded.
  void Store(const Verdict& verdict);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<core::git::ObjectId, Verdict> by_tree_;
};

}  // namespace nova::sandbox
