#include "refactorer/branch_pruner.h"

#include <algorithm>
#include <cctype>

namespace nova::refactorer {

bool IsPatchBranchName(const std::string& branch) {
  constexpr std::string_view kPrefix = "nova/";
  constexpr std::size_t kIdLength = 10;
  if (!branch.starts_with(kPrefix)) return false;
  const std::string rest = branch.substr(kPrefix.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0) return false;
  const std::string rule = rest.substr(0, slash);
  const std::string id = rest.substr(slash + 1);
  const bool rule_ok = std::all_of(rule.begin(), rule.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-';
  });
  const bool id_ok =
      id.size() == kIdLength && std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isdigit(c) || (c >= 'a' && c <= 'f');
      });
  return rule_ok && id_ok;
}

core::Result<std::vector<PrunedBranch>> PruneStaleBranches(const core::git::Repository& repo,
                                                           const PruneRequest& request) {
  NOVA_ASSIGN_OR_RETURN(std::vector<std::string> branches, repo.ListBranches("nova/"));
  core::git::ObjectId target_tip;
  if (auto tip = repo.BranchTarget(request.target); tip.ok()) target_tip = *tip;
  std::vector<PrunedBranch> pruned;
  for (const std::string& branch : branches) {
    if (branch == request.target || request.live.contains(branch) || !IsPatchBranchName(branch)) {
      continue;
    }
    NOVA_ASSIGN_OR_RETURN(core::git::ObjectId commit, repo.BranchTarget(branch));
    bool merged = false;
    if (!target_tip.empty()) {
      NOVA_ASSIGN_OR_RETURN(merged, repo.IsAncestor(commit, target_tip));
    }
    const core::Status deleted = repo.DeleteBranchIfAt(branch, commit);
    if (deleted.code() == core::StatusCode::kAborted ||
        deleted.code() == core::StatusCode::kFailedPrecondition) {
      continue;  // moved by someone meanwhile, or checked out: theirs now
    }
    NOVA_RETURN_IF_ERROR(deleted);
    pruned.push_back({branch, commit,
                      merged ? "merged into " + request.target
                             : "no longer proposed (its findings are gone or its base moved)"});
  }
  return pruned;
}

}  // namespace nova::refactorer
