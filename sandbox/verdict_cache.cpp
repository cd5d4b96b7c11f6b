#include "sandbox/verdict_cache.h"

namespace nova::sandbox {

std::optional<Verdict> VerdictCache::Find(const core::git::ObjectId& tree,
                                          const core::git::ObjectId& commit) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = by_tree_.find(tree);
  if (found == by_tree_.end()) return std::nullopt;
  return ReusedFor(found->second, commit);
}

void VerdictCache::Store(const Verdict& verdict) {
  if (verdict.cancelled || verdict.reused || verdict.tree.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  by_tree_.emplace(verdict.tree, verdict);
}

std::size_t VerdictCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return by_tree_.size();
}

}  // namespace nova::sandbox
