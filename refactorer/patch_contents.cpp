#include "refactorer/patch_contents.h"

#include <algorithm>
#include <filesystem>

#include "refactorer/apply_edits.h"

namespace nova::refactorer {
namespace {

// 1-based line of byte `offset` of `text`.
int LineAt(const std::string& text, std::uint64_t offset) {
  const auto end =
      text.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(offset, text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

bool AtLineStart(const std::string& text, std::uint64_t offset) {
  return offset == 0 || (offset <= text.size() && text[offset - 1] == '\n');
}

}  // namespace

LineRanges TouchedLines(const std::string& after, std::vector<core::Edit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const core::Edit& a, const core::Edit& b) { return a.offset < b.offset; });
  LineRanges ranges;
  std::int64_t shift = 0;  // how far the edits so far moved later text
  for (const core::Edit& edit : edits) {
    const std::uint64_t begin =
        static_cast<std::uint64_t>(static_cast<std::int64_t>(edit.offset) + shift);
    const std::uint64_t end = begin + edit.replacement.size();
    shift +=
        static_cast<std::int64_t>(edit.replacement.size()) - static_cast<std::int64_t>(edit.length);
    if (edit.replacement.empty() && AtLineStart(after, begin)) continue;  // whole lines removed
    const int first = LineAt(after, begin);
    // Text ending in a newline ends on the line before the one that follows it.
    const int last =
        end > begin && after[end - 1] == '\n' ? LineAt(after, end - 1) : LineAt(after, end);
    if (!ranges.empty() && first <= ranges.back().second + 1) {
      ranges.back().second = std::max(ranges.back().second, last);
    } else {
      ranges.emplace_back(first, std::max(first, last));
    }
  }
  return ranges;
}

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
    NOVA_ASSIGN_OR_RETURN(change.after, ApplyEdits(change.before, edits));
    change.touched_lines = TouchedLines(change.after, std::move(edits));
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
