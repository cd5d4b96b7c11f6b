// Repository: Nova's one adapter over libgit2. Owns the git_repository handle (RAII), turns
// libgit2 error codes into Status, and offers only operations that leave the user's working
// tree, index and HEAD alone: objects are written to the object database, refs are updated
// atomically, checkouts go to other directories. Not thread-safe: one Repository per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "nova-core/result.h"

struct git_repository;

namespace nova::core::git {

// Object ids travel as 40-character hex strings so no libgit2 type leaves this adapter.
using ObjectId = std::string;

struct ChangedLines;  // nova-core/git/diff.h

struct Signature {
  std::string name = "Nova";
  std::string email = "nova@localhost";
};

// How a push authenticates (nova-core/git/remote.cpp). The token is handed to libgit2 only when
// the remote asks for credentials over HTTPS, and never appears in a message.
struct PushAuth {
  std::string username = "x-access-token";  // what GitHub expects with a token
  std::string token = {};                   // empty: no HTTPS credentials
};

// Outcome of merging two commits in memory.
struct MergeOutcome {
  bool conflicted = false;
  std::vector<std::string> conflicting_paths;  // set when conflicted
  ObjectId commit;                             // the merge commit (not on any ref) when clean
};

// The files two commits' trees differ in (relative, '/'-separated, sorted).
struct TreeDiff {
  std::vector<std::string> modified;  // in both, with other content
  std::vector<std::string> other;     // added, deleted, renamed, or changed in type
};

// Who last changed one line, and when.
struct BlameLine {
  bool committed = false;  // false: the line is new or changed against HEAD (not yet committed)
  std::int64_t time = 0;   // commit time of the last change, seconds since the epoch
  std::string author;      // author name of that commit
};

class Repository {
 public:
  // "1.5.1": the libgit2 Nova runs on.
  static std::string LibraryVersion();
  // `git diff`-style unified text (3 lines of context, "a/<path>" and "b/<path>" headers) of
  // `before` -> `after` for the file at `path` ('/'-separated, relative); "" when they are equal.
  // Needs no repository.
  static Result<std::string> UnifiedDiff(const std::string& path, const std::string& before,
                                         const std::string& after);
  // `remote` with any "user:password@" of a URL left out, for messages and traces.
  static std::string WithoutCredentials(const std::string& remote);
  // Opens the repository containing `path` (searching upwards). Non-bare repositories only.
  static Result<Repository> Discover(const std::filesystem::path& path);

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  ~Repository();

  // Canonical path of the working directory, with no trailing slash.
  const std::filesystem::path& Workdir() const { return workdir_; }

  // Resolves a revision ("HEAD", "main", a hex id) to a commit id.
  Result<ObjectId> ResolveCommit(const std::string& revision) const;
  Result<ObjectId> TreeOfCommit(const ObjectId& commit) const;
  // Content of `relative_path` in `commit`; NotFound when the commit has no such file.
  Result<std::string> ReadFileAt(const ObjectId& commit, const std::string& relative_path) const;
  // Whether `commit`'s tree has an entry at `relative_path`, without reading any blob.
  Result<bool> HasPathAt(const ObjectId& commit, const std::string& relative_path) const;
  // Paths (relative, '/'-separated) whose working-tree content differs from HEAD, plus
  // tracked files deleted from the working tree. Untracked files are not listed.
  Result<std::vector<std::string>> ModifiedTrackedFiles() const;

  // Per line of `content` (element 0 is line 1), the commit that last changed it, blaming
  // `relative_path` from HEAD and then `content` (usually the working-tree file) against that,
  // so lines not in HEAD come out uncommitted. NotFound when HEAD has no such file.
  Result<std::vector<BlameLine>> Blame(const std::string& relative_path,
                                       const std::string& content) const;
  // Blame's answer for lines `first`..`last` (1-based, inclusive) of `content` only (element 0 is
  // line `first`). When `content` is HEAD's version of the file, only those lines are blamed, so
  // the walk through history stops once each of them is dated; otherwise the whole file is, as
  // Blame does. NotFound when HEAD has no such file; InvalidArgument for a range that is empty
  // or goes past the end of `content`.
  Result<std::vector<BlameLine>> BlameLines(const std::string& relative_path,
                                            const std::string& content, int first,
                                            int last) const;
  // Per file of `paths` (relative, '/'-separated), how many commits reachable from HEAD and
  // committed at or after `since` (seconds since the epoch) changed it against their parent.
  // Walks newest first and at most `max_commits` commits; merge commits are not counted (their
  // changes are counted on the commits that made them). Files no commit touched are absent.
  Result<std::map<std::string, int>> ChurnSince(std::int64_t since,
                                                const std::set<std::string>& paths,
                                                int max_commits) const;

  // Writes a commit whose tree is `base`'s tree with `files` (relative path -> new content)
  // replaced, through an in-memory index. Touches no ref, no index file, no working tree.
  Result<ObjectId> CommitFiles(const ObjectId& base, const std::map<std::string, std::string>& files,
                               const std::string& message, const Signature& author) const;
  // Merges `theirs` into `ours` in memory; a clean merge yields a two-parent commit on no ref.
  Result<MergeOutcome> MergeCommits(const ObjectId& ours, const ObjectId& theirs,
                                    const std::string& message, const Signature& author) const;
  // How `to`'s tree differs from `from`'s, file by file (no rename detection).
  Result<TreeDiff> DiffTrees(const ObjectId& from, const ObjectId& to) const;
  // True when `ancestor` is reachable from `descendant` (or equal to it).
  Result<bool> IsAncestor(const ObjectId& ancestor, const ObjectId& descendant) const;
  // The best common ancestor of two commits, as `git merge-base a b` names it (the point a pull
  // request's three-dot diff starts from); NotFound when their histories share no commit.
  Result<ObjectId> MergeBase(const ObjectId& a, const ObjectId& b) const;

  // Writes the tree of `commit` into `directory` (created if missing), leaving the
  // repository's own index and working tree untouched.
  Status CheckoutTo(const ObjectId& commit, const std::filesystem::path& directory) const;

  // Commit a local branch points at; NotFound when there is no such branch.
  Result<ObjectId> BranchTarget(const std::string& branch) const;
  // True when `branch` is checked out in this repository's working tree or a linked worktree.
  Result<bool> IsBranchCheckedOut(const std::string& branch) const;
  // Creates refs/heads/`branch` at `commit`, or moves it there if it already exists.
  // Refuses (FailedPrecondition) when the branch is checked out.
  Status SetBranch(const std::string& branch, const ObjectId& commit, const std::string& log) const;
  // Local branch names starting with `prefix` (e.g. "nova/"), sorted.
  Result<std::vector<std::string>> ListBranches(const std::string& prefix) const;
  // Deletes refs/heads/`branch` only while it points at `expected`; Aborted when it moved,
  // FailedPrecondition when it is checked out.
  Status DeleteBranchIfAt(const std::string& branch, const ObjectId& expected) const;
  // Pushes `refspecs` ("+refs/heads/a:refs/heads/a") to `remote`, a configured remote's name or
  // a URL. Fails naming every ref the remote rejected. Messages name the remote without any
  // userinfo the URL holds.
  Status Push(const std::string& remote, const std::vector<std::string>& refspecs,
              const PushAuth& auth) const;
  // Moves refs/heads/`branch` from `expected` to `commit` only if it still points at `expected`;
  // Aborted when it moved meanwhile, FailedPrecondition when it is checked out.
  Status UpdateBranchIfUnchanged(const std::string& branch, const ObjectId& commit,
                                 const ObjectId& expected, const std::string& log) const;

 private:
  // DiffSince (nova-core/git/diff.cpp) belongs to this adapter: it reads the handle and maps
  // libgit2 errors through GitError, so libgit2 codes still become Status in one place.
  friend Result<ChangedLines> DiffSince(const Repository& repo, const std::string& base_revision,
                                        const std::optional<std::string>& head_revision,
                                        bool include_untracked);
  // `rc` (< 0) and git_error_last() as a Status: "what: libgit2 message".
  static Status GitError(int rc, const std::string& what);

  struct RepoDeleter {
    void operator()(git_repository* repo) const;
  };
  Repository(std::unique_ptr<git_repository, RepoDeleter> repo, std::filesystem::path workdir);

  std::unique_ptr<git_repository, RepoDeleter> repo_;
  std::filesystem::path workdir_;
};

}  // namespace nova::core::git
