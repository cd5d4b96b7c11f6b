#include "refactorer/patch_contents.h"

#include <filesystem>

#include "refactorer/apply_edits.h"

namespace nova::refactorer {

core::Result<std::vector<FileChange>> ComputeFileChanges(const core::git::Repository& repo,
                                                         const core::git::ObjectId& base,
                                                         const PatchSet& set) {
  const std::filesystem::path& root = repo.Workdir();
  std::map<std::string, std::vector<core::Edit>> by_file;
  std::map<std::string, std::string> absolute;
  for (const core::Edit& edit : set.edits) {
    const std::string relative =
        std::filesystem::path(edit.file).lexically_relative(root).generic_string();
    if (relative.empty() || relative.starts_with("..")) {
      return core::InvalidArgumentError("fix edits " + edit.file + ", outside the repository " +
                                        root.string());
    }
    by_file[relative].push_back(edit);
    absolute[relative] = edit.file;
  }
  std::vector<FileChange> changes;
  for (auto& [relative, edits] : by_file) {
    FileChange change;
    change.relative = relative;
    change.absolute = absolute[relative];
    NOVA_ASSIGN_OR_RETURN(change.before, repo.ReadFileAt(base, relative));
    NOVA_ASSIGN_OR_RETURN(change.after, ApplyEdits(change.before, std::move(edits)));
    changes.push_back(std::move(change));
  }
  return changes;
}

std::map<std::string, std::string> PatchedByPath(const std::vector<FileChange>& changes) {
  std::map<std::string, std::string> out;
  for (const FileChange& change : changes) out[change.absolute] = change.after;
  return out;
}

}  // namespace nova::refactorer
