#include "refactorer/branch_writer.h"

#include <xxhash.h>

#include <cstdio>
#include <map>

namespace nova::refactorer {
namespace {

std::string CommitMessage(const PatchSet& set, const std::filesystem::path& root) {
  std::string message = "nova: fix " + std::to_string(set.findings.size()) + " " + set.rule +
                        " finding" + (set.findings.size() == 1 ? "" : "s") + "\n\n";
  for (const core::Finding& f : set.findings) {
    message += "- " + std::filesystem::path(f.file).lexically_relative(root).generic_string() +
               ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " + f.message +
               "\n";
  }
  message += "\nReproduce: nova fix --rules " + set.rule + "\n";
  return message;
}

}  // namespace

std::string PatchBranchName(const core::git::ObjectId& base, const PatchSet& set,
                            const std::filesystem::path& root) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, base.data(), base.size());
  for (const core::Edit& edit : set.edits) {
    const std::string key = std::filesystem::path(edit.file).lexically_relative(root).generic_string() + '\0' + std::to_string(edit.offset) + '\0' +
                            std::to_string(edit.length) + '\0' + edit.replacement + '\0';
    XXH3_64bits_update(state, key.data(), key.size());
  }
  const XXH64_hash_t hash = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(hash));
  return "nova/" + set.rule + "/" + std::string(hex, 10);
}

core::Result<PatchBranch> WritePatchBranch(const core::git::Repository& repo,
                                           const core::git::ObjectId& base, const PatchSet& set,
                                           const core::git::Signature& author) {
  NOVA_ASSIGN_OR_RETURN(std::vector<FileChange> changes, ComputeFileChanges(repo, base, set));
  return WritePatchBranch(repo, base, set, changes, author);
}

core::Result<PatchBranch> WritePatchBranch(const core::git::Repository& repo,
                                           const core::git::ObjectId& base, const PatchSet& set,
                                           const std::vector<FileChange>& changes,
                                           const core::git::Signature& author) {
  const std::filesystem::path& root = repo.Workdir();
  std::map<std::string, std::string> new_contents;
  PatchBranch branch;
  for (const FileChange& change : changes) {
    new_contents[change.relative] = change.after;
    branch.files.push_back(change.relative);
  }

  branch.rule = set.rule;
  branch.findings = static_cast<int>(set.findings.size());
  branch.branch = PatchBranchName(base, set, root);
  NOVA_ASSIGN_OR_RETURN(core::git::ObjectId commit,
                        repo.CommitFiles(base, new_contents, CommitMessage(set, root), author));
  NOVA_ASSIGN_OR_RETURN(core::git::ObjectId tree, repo.TreeOfCommit(commit));

  // A re-run on the same base keeps the branch's existing commit when its tree is the same,
  // so the branch does not churn and no duplicate branch appears.
  auto existing = repo.BranchTarget(branch.branch);
  if (existing.ok()) {
    auto existing_tree = repo.TreeOfCommit(*existing);
    auto on_base = repo.IsAncestor(base, *existing);
    if (existing_tree.ok() && *existing_tree == tree && on_base.ok() && *on_base) {
      branch.commit = *existing;
      branch.reused = true;
      return branch;
    }
    branch.replaced = *existing;
  }
  NOVA_RETURN_IF_ERROR(repo.SetBranch(branch.branch, commit, "nova: patch set for " + set.rule));
  branch.commit = commit;
  return branch;
}

}  // namespace nova::refactorer
