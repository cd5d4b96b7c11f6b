#include "nova-core/git/diff.h"

#include <git2.h>

#include <algorithm>
#include <memory>

namespace nova::core::git {
// Repository::GitError is the adapter's one mapping of libgit2 codes to Status.
#define NOVA_GIT(call, what)                                               \
  do {                                                                     \
    int nova_git_rc_ = (call);                                             \
    if (nova_git_rc_ < 0) return Repository::GitError(nova_git_rc_, what); \
  } while (false)

namespace {

template <typename T, void (*Free)(T*)>
struct GitFree {
  void operator()(T* p) const { Free(p); }
};
using DiffPtr = std::unique_ptr<git_diff, GitFree<git_diff, git_diff_free>>;
using PatchPtr = std::unique_ptr<git_patch, GitFree<git_patch, git_patch_free>>;
using TreePtr = std::unique_ptr<git_tree, GitFree<git_tree, git_tree_free>>;

using Ranges = std::vector<std::pair<int, int>>;

// Adds `line` to sorted `ranges`, extending the last run when it continues it.
void AddLine(Ranges& ranges, int line) {
  if (!ranges.empty() && line >= ranges.back().first && line <= ranges.back().second + 1) {
    ranges.back().second = std::max(ranges.back().second, line);
    return;
  }
  ranges.emplace_back(line, line);
}

// Sorts and merges overlapping or adjacent runs (two deltas can share a new path).
void Normalize(Ranges& ranges) {
  std::sort(ranges.begin(), ranges.end());
  Ranges merged;
  for (const auto& [first, last] : ranges) {
    if (!merged.empty() && first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, last);
    } else {
      merged.emplace_back(first, last);
    }
  }
  ranges = std::move(merged);
}

}  // namespace

bool ChangedLines::Contains(const std::string& file, int line) const {
  return Intersects(file, line, line);
}

bool ChangedLines::Intersects(const std::string& file, int first, int last) const {
  auto it = ranges.find(file);
  if (it == ranges.end() || last < first) return false;
  // The first run ending at or after `first`; it intersects when it starts by `last`.
  auto run =
      std::lower_bound(it->second.begin(), it->second.end(), first,
                       [](const std::pair<int, int>& r, int line) { return r.second < line; });
  return run != it->second.end() && run->first <= last;
}

std::vector<std::string> ChangedLines::Files() const {
  std::vector<std::string> files;
  files.reserve(ranges.size());
  for (const auto& [file, runs] : ranges) {
    if (!runs.empty()) files.push_back(file);
  }
  return files;
}

namespace {

// Helpers below return libgit2 codes (< 0 on failure) so DiffSince maps them in one place.

// A zero-context diff from `base` to `head`, or to the working tree through the index when
// `head` is null, with renames found. On success `*out` owns the diff.
int ZeroContextDiff(DiffPtr* out, git_repository* repo, git_tree* base, git_tree* head,
                    bool include_untracked) {
  git_diff_options options;
  if (int rc = git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION); rc < 0) return rc;
  options.context_lines = 0;  // hunks then hold only changed lines
  options.interhunk_lines = 0;
  options.flags = GIT_DIFF_IGNORE_SUBMODULES;
  git_diff_find_options find;
  if (int rc = git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION); rc < 0) return rc;
  find.flags = GIT_DIFF_FIND_RENAMES;  // explicit, so diff.renames=false changes nothing
  if (head == nullptr && include_untracked) {
    options.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
                     GIT_DIFF_SHOW_UNTRACKED_CONTENT;
    find.flags |= GIT_DIFF_FIND_FOR_UNTRACKED;
  }
  git_diff* diff = nullptr;
  const int rc = head != nullptr ? git_diff_tree_to_tree(&diff, repo, base, head, &options)
                                 : git_diff_tree_to_workdir_with_index(&diff, repo, base, &options);
  if (rc < 0) return rc;
  out->reset(diff);
  return git_diff_find_similar(diff, &find);
}

// Adds the new-side line numbers of the '+' lines of delta `index` to `changed`. Deleted and
// binary files add nothing.
int CollectAddedLines(git_diff* diff, std::size_t index, ChangedLines& changed) {
  const git_diff_delta* delta = git_diff_get_delta(diff, index);
  if (delta == nullptr || delta->status == GIT_DELTA_DELETED || delta->new_file.path == nullptr) {
    return 0;
  }
  git_patch* raw_patch = nullptr;
  if (int rc = git_patch_from_diff(&raw_patch, diff, index); rc < 0) return rc;
  PatchPtr patch(raw_patch);
  // No patch for binary or content-unchanged files; the binary flag may also be set only now.
  if (patch == nullptr || (git_patch_get_delta(patch.get())->flags & GIT_DIFF_FLAG_BINARY) != 0) {
    return 0;
  }
  Ranges runs;
  const std::size_t hunks = git_patch_num_hunks(patch.get());
  for (std::size_t h = 0; h < hunks; ++h) {
    const int lines = git_patch_num_lines_in_hunk(patch.get(), h);
    if (lines < 0) return lines;
    for (int l = 0; l < lines; ++l) {
      const git_diff_line* line = nullptr;
      const int rc = git_patch_get_line_in_hunk(&line, patch.get(), h, static_cast<std::size_t>(l));
      if (rc < 0) return rc;
      if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0) {
        AddLine(runs, line->new_lineno);
      }
    }
  }
  if (runs.empty()) return 0;
  Ranges& file_runs = changed.ranges[delta->new_file.path];
  file_runs.insert(file_runs.end(), runs.begin(), runs.end());
  return 0;
}

}  // namespace

Result<ChangedLines> DiffSince(const Repository& repo, const std::string& base_revision,
                               const std::optional<std::string>& head_revision,
                               bool include_untracked) {
  git_repository* raw = repo.repo_.get();
  // A lambda shares this friend's access to Repository::GitError.
  auto tree_of = [&](const std::string& revision) -> Result<TreePtr> {
    NOVA_ASSIGN_OR_RETURN(ObjectId commit, repo.ResolveCommit(revision));
    NOVA_ASSIGN_OR_RETURN(ObjectId tree_id, repo.TreeOfCommit(commit));
    git_oid oid;
    NOVA_GIT(git_oid_fromstr(&oid, tree_id.c_str()), "tree id of " + revision);
    git_tree* tree = nullptr;
    NOVA_GIT(git_tree_lookup(&tree, raw, &oid), "tree of " + revision);
    return TreePtr(tree);
  };
  NOVA_ASSIGN_OR_RETURN(TreePtr base, tree_of(base_revision));
  TreePtr head;
  std::string what = "diff " + base_revision + " to the working tree";
  if (head_revision.has_value()) {
    NOVA_ASSIGN_OR_RETURN(head, tree_of(*head_revision));
    what = "diff " + base_revision + ".." + *head_revision;
  }
  DiffPtr diff;
  NOVA_GIT(ZeroContextDiff(&diff, raw, base.get(), head.get(), include_untracked), what);

  ChangedLines changed;
  const std::size_t deltas = git_diff_num_deltas(diff.get());
  for (std::size_t d = 0; d < deltas; ++d) {
    NOVA_GIT(CollectAddedLines(diff.get(), d, changed), what);
  }
  for (auto& [file, runs] : changed.ranges) Normalize(runs);
  return changed;
}

#undef NOVA_GIT

}  // namespace nova::core::git
