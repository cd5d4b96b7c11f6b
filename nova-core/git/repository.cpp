#include "nova-core/git/repository.h"

#include <git2.h>

#include <algorithm>
#include <system_error>

namespace nova::core::git {
namespace {

// libgit2's global state: initialised once per process, the one global Nova keeps.
void EnsureLibgit2() {
  static const int kInit = git_libgit2_init();
  (void)kInit;
}

Status GitStatus(int rc, const std::string& what) {
  const git_error* error = git_error_last();
  std::string detail = error != nullptr && error->message != nullptr ? error->message : "error";
  std::string message = what + ": " + detail;
  switch (rc) {
    case GIT_ENOTFOUND: return NotFoundError(message);
    case GIT_EINVALIDSPEC:
      return InvalidArgumentError(message);
    case GIT_EEXISTS: return AlreadyExistsError(message);
    case GIT_EMODIFIED: return AbortedError(message);
    case GIT_ECONFLICT:
    case GIT_EMERGECONFLICT: return FailedPreconditionError(message);
    case GIT_ELOCKED: return UnavailableError(message);
    default: return InternalError(message);
  }
}

#define NOVA_GIT(call, what)                     \
  do {                                           \
    int nova_git_rc_ = (call);                   \
    if (nova_git_rc_ < 0) return GitStatus(nova_git_rc_, what); \
  } while (false)

template <typename T, void (*Free)(T*)>
struct GitFree {
  void operator()(T* p) const { Free(p); }
};
using CommitPtr = std::unique_ptr<git_commit, GitFree<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, GitFree<git_tree, git_tree_free>>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, GitFree<git_tree_entry, git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, GitFree<git_blob, git_blob_free>>;
using IndexPtr = std::unique_ptr<git_index, GitFree<git_index, git_index_free>>;
using ObjectPtr = std::unique_ptr<git_object, GitFree<git_object, git_object_free>>;
using RefPtr = std::unique_ptr<git_reference, GitFree<git_reference, git_reference_free>>;
using SigPtr = std::unique_ptr<git_signature, GitFree<git_signature, git_signature_free>>;
using BlamePtr = std::unique_ptr<git_blame, GitFree<git_blame, git_blame_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, GitFree<git_revwalk, git_revwalk_free>>;
using DiffPtr = std::unique_ptr<git_diff, GitFree<git_diff, git_diff_free>>;
using StatusListPtr = std::unique_ptr<git_status_list, GitFree<git_status_list, git_status_list_free>>;

std::string Hex(const git_oid& oid) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof(buffer), &oid);
  return buffer;
}

Result<git_oid> ParseOid(const ObjectId& id) {
  git_oid oid;
  if (id.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, id.c_str()) < 0) {
    return InvalidArgumentError("not an object id: '" + id + "'");
  }
  return oid;
}

Result<CommitPtr> LookupCommit(git_repository* repo, const ObjectId& id) {
  NOVA_ASSIGN_OR_RETURN(git_oid oid, ParseOid(id));
  git_commit* commit = nullptr;
  NOVA_GIT(git_commit_lookup(&commit, repo, &oid), "commit " + id);
  return CommitPtr(commit);
}

Result<TreePtr> CommitTree(git_commit* commit) {
  git_tree* tree = nullptr;
  NOVA_GIT(git_commit_tree(&tree, commit), "tree of commit " + Hex(*git_commit_id(commit)));
  return TreePtr(tree);
}

Result<SigPtr> MakeSignature(const Signature& who) {
  git_signature* sig = nullptr;
  NOVA_GIT(git_signature_now(&sig, who.name.c_str(), who.email.c_str()), "signature");
  return SigPtr(sig);
}

std::string LocalBranchRef(const std::string& branch) { return "refs/heads/" + branch; }

// Writes `index` as a tree and a commit of it with `parents`, on no ref.
Result<ObjectId> CommitIndex(git_repository* repo, git_index* index,
                             std::vector<const git_commit*> parents, const std::string& message,
                             const Signature& author) {
  git_oid tree_oid;
  NOVA_GIT(git_index_write_tree_to(&tree_oid, index, repo), "write tree");
  git_tree* raw_tree = nullptr;
  NOVA_GIT(git_tree_lookup(&raw_tree, repo, &tree_oid), "tree");
  TreePtr tree(raw_tree);
  NOVA_ASSIGN_OR_RETURN(SigPtr sig, MakeSignature(author));
  git_oid commit_oid;
  NOVA_GIT(git_commit_create(&commit_oid, repo, nullptr, sig.get(), sig.get(), "UTF-8",
                             message.c_str(), tree.get(), parents.size(), parents.data()),
           "create commit");
  return Hex(commit_oid);
}

}  // namespace

Status Repository::GitError(int rc, const std::string& what) { return GitStatus(rc, what); }

void Repository::RepoDeleter::operator()(git_repository* repo) const { git_repository_free(repo); }

Repository::Repository(std::unique_ptr<git_repository, RepoDeleter> repo,
                       std::filesystem::path workdir)
    : repo_(std::move(repo)), workdir_(std::move(workdir)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

std::string Repository::LibraryVersion() {
  int major = 0, minor = 0, patch = 0;
  git_libgit2_version(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

Result<Repository> Repository::Discover(const std::filesystem::path& path) {
  EnsureLibgit2();
  git_buf found = GIT_BUF_INIT;
  if (git_repository_discover(&found, path.c_str(), 0, nullptr) < 0) {
    git_buf_dispose(&found);
    return NotFoundError("no git repository at or above " + path.string());
  }
  std::string git_dir(found.ptr, found.size);
  git_buf_dispose(&found);
  git_repository* raw = nullptr;
  NOVA_GIT(git_repository_open(&raw, git_dir.c_str()), "open " + git_dir);
  std::unique_ptr<git_repository, RepoDeleter> repo(raw);
  const char* workdir = git_repository_workdir(raw);
  if (workdir == nullptr) return FailedPreconditionError(git_dir + " is a bare repository");
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::canonical(workdir, ec);
  if (ec) return UnavailableError("cannot resolve " + std::string(workdir) + ": " + ec.message());
  return Repository(std::move(repo), canonical);
}

Result<ObjectId> Repository::ResolveCommit(const std::string& revision) const {
  git_object* object = nullptr;
  NOVA_GIT(git_revparse_single(&object, repo_.get(), revision.c_str()), "revision " + revision);
  ObjectPtr owned(object);
  git_object* peeled = nullptr;
  NOVA_GIT(git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), revision + " is not a commit");
  ObjectPtr owned_peeled(peeled);
  return Hex(*git_object_id(peeled));
}

Result<ObjectId> Repository::TreeOfCommit(const ObjectId& commit_id) const {
  NOVA_ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(repo_.get(), commit_id));
  return Hex(*git_commit_tree_id(commit.get()));
}

Result<std::string> Repository::ReadFileAt(const ObjectId& commit_id,
                                           const std::string& relative_path) const {
  NOVA_ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(repo_.get(), commit_id));
  NOVA_ASSIGN_OR_RETURN(TreePtr tree, CommitTree(commit.get()));
  git_tree_entry* entry = nullptr;
  NOVA_GIT(git_tree_entry_bypath(&entry, tree.get(), relative_path.c_str()),
           relative_path + " at " + commit_id.substr(0, 12));
  TreeEntryPtr owned_entry(entry);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
    return InvalidArgumentError(relative_path + " is not a file at " + commit_id.substr(0, 12));
  }
  git_blob* blob = nullptr;
  NOVA_GIT(git_blob_lookup(&blob, repo_.get(), git_tree_entry_id(entry)), "blob " + relative_path);
  BlobPtr owned_blob(blob);
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob)));
}

Result<bool> Repository::HasPathAt(const ObjectId& commit_id,
                                   const std::string& relative_path) const {
  NOVA_ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(repo_.get(), commit_id));
  NOVA_ASSIGN_OR_RETURN(TreePtr tree, CommitTree(commit.get()));
  git_tree_entry* entry = nullptr;
  const int error = git_tree_entry_bypath(&entry, tree.get(), relative_path.c_str());
  if (error == GIT_ENOTFOUND) return false;
  NOVA_GIT(error, relative_path + " at " + commit_id.substr(0, 12));
  git_tree_entry_free(entry);
  return true;
}

Result<std::vector<std::string>> Repository::ModifiedTrackedFiles() const {
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;  // untracked files are not asked for
  git_status_list* list = nullptr;
  NOVA_GIT(git_status_list_new(&list, repo_.get(), &options), "status");
  StatusListPtr owned(list);
  std::vector<std::string> paths;
  const std::size_t count = git_status_list_entrycount(list);
  for (std::size_t i = 0; i < count; ++i) {
    const git_status_entry* entry = git_status_byindex(list, i);
    const git_diff_delta* delta =
        entry->head_to_index != nullptr ? entry->head_to_index : entry->index_to_workdir;
    if (delta == nullptr || delta->old_file.path == nullptr) continue;
    if (entry->status == GIT_STATUS_WT_NEW || entry->status == GIT_STATUS_INDEX_NEW) continue;
    paths.emplace_back(delta->old_file.path);
  }
  return paths;
}

namespace {

// Per line of `blame`'s hunks, from line 1 to the last line a hunk covers (element 0 is line 1).
Result<std::vector<BlameLine>> LinesOfBlame(git_repository* repo, git_blame* blame) {
  std::vector<BlameLine> lines;
  std::map<std::string, std::int64_t> commit_times;  // by commit id, each looked up once
  const std::uint32_t hunks = git_blame_get_hunk_count(blame);
  for (std::uint32_t k = 0; k < hunks; ++k) {
    const git_blame_hunk* hunk = git_blame_get_hunk_byindex(blame, k);
    BlameLine line;
    line.committed = !git_oid_is_zero(&hunk->final_commit_id);
    if (line.committed) {
      const ObjectId id = Hex(hunk->final_commit_id);
      auto [it, inserted] = commit_times.emplace(id, 0);
      if (inserted) {
        NOVA_ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(repo, id));
        it->second = static_cast<std::int64_t>(git_commit_time(commit.get()));
      }
      line.time = it->second;
      if (hunk->final_signature != nullptr && hunk->final_signature->name != nullptr) {
        line.author = hunk->final_signature->name;
      }
    }
    const std::size_t first = hunk->final_start_line_number - 1;  // 1-based in libgit2
    if (lines.size() < first + hunk->lines_in_hunk) lines.resize(first + hunk->lines_in_hunk);
    for (std::size_t i = 0; i < hunk->lines_in_hunk; ++i) lines[first + i] = line;
  }
  return lines;
}

// Lines as libgit2 counts them: every '\n', and a last line without one.
std::size_t LineCount(const std::string& content) {
  std::size_t count = static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n'));
  return count + (!content.empty() && content.back() != '\n' ? 1 : 0);
}

}  // namespace

Result<std::vector<BlameLine>> Repository::Blame(const std::string& relative_path,
                                                 const std::string& content) const {
  git_blame_options options = GIT_BLAME_OPTIONS_INIT;
  git_blame* raw = nullptr;
  NOVA_GIT(git_blame_file(&raw, repo_.get(), relative_path.c_str(), &options),
           "blame " + relative_path);
  BlamePtr committed(raw);
  git_blame* raw_buffer = nullptr;
  NOVA_GIT(git_blame_buffer(&raw_buffer, committed.get(), content.data(), content.size()),
           "blame " + relative_path);
  BlamePtr blame(raw_buffer);
  return LinesOfBlame(repo_.get(), blame.get());
}

Result<std::vector<BlameLine>> Repository::BlameLines(const std::string& relative_path,
                                                      const std::string& content, int first,
                                                      int last) const {
  if (first < 1 || last < first || static_cast<std::size_t>(last) > LineCount(content)) {
    return InvalidArgumentError("blame " + relative_path + ": lines " + std::to_string(first) +
                                "-" + std::to_string(last) + " are not in the file");
  }
  NOVA_ASSIGN_OR_RETURN(ObjectId head, ResolveCommit("HEAD"));
  NOVA_ASSIGN_OR_RETURN(std::string at_head, ReadFileAt(head, relative_path));
  std::vector<BlameLine> lines;
  if (at_head == content) {
    // libgit2 takes the range on HEAD's version, the same lines as `content`'s here.
    git_blame_options options = GIT_BLAME_OPTIONS_INIT;
    options.min_line = static_cast<std::size_t>(first);
    options.max_line = static_cast<std::size_t>(last);
    git_blame* raw = nullptr;
    NOVA_GIT(git_blame_file(&raw, repo_.get(), relative_path.c_str(), &options),
             "blame " + relative_path);
    BlamePtr blame(raw);
    NOVA_ASSIGN_OR_RETURN(lines, LinesOfBlame(repo_.get(), blame.get()));
  } else {
    NOVA_ASSIGN_OR_RETURN(lines, Blame(relative_path, content));
  }
  lines.resize(static_cast<std::size_t>(last));  // lines no hunk covers are not committed
  return std::vector<BlameLine>(lines.begin() + (first - 1), lines.end());
}

Result<std::map<std::string, int>> Repository::ChurnSince(std::int64_t since,
                                                          const std::set<std::string>& paths,
                                                          int max_commits) const {
  std::map<std::string, int> churn;
  if (paths.empty()) return churn;
  git_revwalk* raw_walk = nullptr;
  NOVA_GIT(git_revwalk_new(&raw_walk, repo_.get()), "revwalk");
  RevwalkPtr walk(raw_walk);
  NOVA_GIT(git_revwalk_sorting(walk.get(), GIT_SORT_TIME), "revwalk");
  NOVA_GIT(git_revwalk_push_head(walk.get()), "revwalk from HEAD");
  std::vector<char*> specs;
  for (const std::string& path : paths) specs.push_back(const_cast<char*>(path.c_str()));
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH;  // exact paths, no globbing
  options.pathspec = {specs.data(), specs.size()};
  git_oid oid;
  for (int walked = 0; walked < max_commits; ++walked) {
    const int rc = git_revwalk_next(&oid, walk.get());
    if (rc == GIT_ITEROVER) break;
    NOVA_GIT(rc, "revwalk");
    NOVA_ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(repo_.get(), Hex(oid)));
    if (static_cast<std::int64_t>(git_commit_time(commit.get())) < since) break;
    const unsigned parents = git_commit_parentcount(commit.get());
    if (parents > 1) continue;
    NOVA_ASSIGN_OR_RETURN(TreePtr tree, CommitTree(commit.get()));
    TreePtr parent_tree;
    if (parents == 1) {
      git_commit* raw_parent = nullptr;
      NOVA_GIT(git_commit_parent(&raw_parent, commit.get(), 0), "parent of " + Hex(oid));
      CommitPtr parent(raw_parent);
      NOVA_ASSIGN_OR_RETURN(parent_tree, CommitTree(parent.get()));
    }
    git_diff* raw_diff = nullptr;
    NOVA_GIT(git_diff_tree_to_tree(&raw_diff, repo_.get(), parent_tree.get(), tree.get(), &options),
             "diff of " + Hex(oid));
    DiffPtr diff(raw_diff);
    std::set<std::string> touched;
    const std::size_t deltas = git_diff_num_deltas(diff.get());
    for (std::size_t i = 0; i < deltas; ++i) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
      if (delta->new_file.path != nullptr) touched.insert(delta->new_file.path);
      if (delta->old_file.path != nullptr) touched.insert(delta->old_file.path);
    }
    for (const std::string& path : touched) {
      if (paths.count(path) > 0) ++churn[path];
    }
  }
  return churn;
}

Result<ObjectId> Repository::CommitFiles(const ObjectId& base_id,
                                         const std::map<std::string, std::string>& files,
                                         const std::string& message,
                                         const Signature& author) const {
  NOVA_ASSIGN_OR_RETURN(CommitPtr base, LookupCommit(repo_.get(), base_id));
  NOVA_ASSIGN_OR_RETURN(TreePtr base_tree, CommitTree(base.get()));
  git_index* raw_index = nullptr;
  NOVA_GIT(git_index_new(&raw_index), "in-memory index");
  IndexPtr index(raw_index);
  NOVA_GIT(git_index_read_tree(index.get(), base_tree.get()), "read base tree");

  for (const auto& [path, content] : files) {
    const git_index_entry* existing = git_index_get_bypath(index.get(), path.c_str(), 0);
    git_index_entry entry{};
    entry.mode = existing != nullptr ? existing->mode : static_cast<std::uint32_t>(GIT_FILEMODE_BLOB);
    entry.path = path.c_str();
    entry.file_size = static_cast<std::uint32_t>(content.size());
    NOVA_GIT(git_blob_create_from_buffer(&entry.id, repo_.get(), content.data(), content.size()),
             "write blob " + path);
    NOVA_GIT(git_index_add(index.get(), &entry), "stage " + path);
  }
  return CommitIndex(repo_.get(), index.get(), {base.get()}, message, author);
}

Result<MergeOutcome> Repository::MergeCommits(const ObjectId& ours_id, const ObjectId& theirs_id,
                                              const std::string& message,
                                              const Signature& author) const {
  NOVA_ASSIGN_OR_RETURN(CommitPtr ours, LookupCommit(repo_.get(), ours_id));
  NOVA_ASSIGN_OR_RETURN(CommitPtr theirs, LookupCommit(repo_.get(), theirs_id));
  git_merge_options options = GIT_MERGE_OPTIONS_INIT;
  git_index* raw_index = nullptr;
  NOVA_GIT(git_merge_commits(&raw_index, repo_.get(), ours.get(), theirs.get(), &options),
           "merge " + theirs_id.substr(0, 12) + " into " + ours_id.substr(0, 12));
  IndexPtr index(raw_index);
  MergeOutcome outcome;
  if (git_index_has_conflicts(index.get())) {
    outcome.conflicted = true;
    git_index_conflict_iterator* it = nullptr;
    NOVA_GIT(git_index_conflict_iterator_new(&it, index.get()), "conflict list");
    const git_index_entry *ancestor, *our, *their;
    while (git_index_conflict_next(&ancestor, &our, &their, it) == 0) {
      const git_index_entry* any = our != nullptr ? our : (their != nullptr ? their : ancestor);
      if (any != nullptr) outcome.conflicting_paths.emplace_back(any->path);
    }
    git_index_conflict_iterator_free(it);
    return outcome;
  }
  NOVA_ASSIGN_OR_RETURN(outcome.commit, CommitIndex(repo_.get(), index.get(),
                                                    {ours.get(), theirs.get()}, message, author));
  return outcome;
}

Result<TreeDiff> Repository::DiffTrees(const ObjectId& from, const ObjectId& to) const {
  NOVA_ASSIGN_OR_RETURN(CommitPtr old_commit, LookupCommit(repo_.get(), from));
  NOVA_ASSIGN_OR_RETURN(CommitPtr new_commit, LookupCommit(repo_.get(), to));
  NOVA_ASSIGN_OR_RETURN(TreePtr old_tree, CommitTree(old_commit.get()));
  NOVA_ASSIGN_OR_RETURN(TreePtr new_tree, CommitTree(new_commit.get()));
  git_diff* raw = nullptr;
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  NOVA_GIT(git_diff_tree_to_tree(&raw, repo_.get(), old_tree.get(), new_tree.get(), &options),
           "diff " + from.substr(0, 12) + ".." + to.substr(0, 12));
  DiffPtr diff(raw);
  TreeDiff out;
  for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    const bool modified =
        delta->status == GIT_DELTA_MODIFIED && delta->old_file.mode == delta->new_file.mode;
    (modified ? out.modified : out.other)
        .emplace_back(delta->new_file.path != nullptr ? delta->new_file.path
                                                      : delta->old_file.path);
  }
  std::sort(out.modified.begin(), out.modified.end());
  std::sort(out.other.begin(), out.other.end());
  return out;
}

Result<bool> Repository::IsAncestor(const ObjectId& ancestor, const ObjectId& descendant) const {
  if (ancestor == descendant) return true;
  NOVA_ASSIGN_OR_RETURN(git_oid a, ParseOid(ancestor));
  NOVA_ASSIGN_OR_RETURN(git_oid d, ParseOid(descendant));
  const int rc = git_graph_descendant_of(repo_.get(), &d, &a);
  if (rc < 0) return GitStatus(rc, "ancestry of " + descendant.substr(0, 12));
  return rc == 1;
}

Result<ObjectId> Repository::MergeBase(const ObjectId& a, const ObjectId& b) const {
  NOVA_ASSIGN_OR_RETURN(git_oid one, ParseOid(a));
  NOVA_ASSIGN_OR_RETURN(git_oid two, ParseOid(b));
  git_oid base;
  const int rc = git_merge_base(&base, repo_.get(), &one, &two);
  if (rc == GIT_ENOTFOUND) {
    return NotFoundError(a.substr(0, 12) + " and " + b.substr(0, 12) + " have no common ancestor");
  }
  if (rc < 0) return GitStatus(rc, "merge base of " + a.substr(0, 12) + " and " + b.substr(0, 12));
  return Hex(base);
}

Status Repository::CheckoutTo(const ObjectId& commit_id,
                              const std::filesystem::path& directory) const {
  NOVA_ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(repo_.get(), commit_id));
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return UnavailableError("cannot create " + directory.string() + ": " + ec.message());
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  // DONT_UPDATE_INDEX: without it libgit2 rewrites the repository's own index to this tree.
  options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX |
                              GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
  const std::string target = directory.string();
  options.target_directory = target.c_str();
  NOVA_GIT(git_checkout_tree(repo_.get(), reinterpret_cast<git_object*>(commit.get()), &options),
           "checkout " + commit_id.substr(0, 12) + " into " + target);
  return Status::Ok();
}

Result<ObjectId> Repository::BranchTarget(const std::string& branch) const {
  git_reference* ref = nullptr;
  NOVA_GIT(git_reference_lookup(&ref, repo_.get(), LocalBranchRef(branch).c_str()),
           "branch " + branch);
  RefPtr owned(ref);
  git_reference* resolved = nullptr;
  NOVA_GIT(git_reference_resolve(&resolved, ref), "branch " + branch);
  RefPtr owned_resolved(resolved);
  return Hex(*git_reference_target(resolved));
}

Result<bool> Repository::IsBranchCheckedOut(const std::string& branch) const {
  git_reference* ref = nullptr;
  const int rc = git_reference_lookup(&ref, repo_.get(), LocalBranchRef(branch).c_str());
  if (rc == GIT_ENOTFOUND) return false;
  if (rc < 0) return GitStatus(rc, "branch " + branch);
  RefPtr owned(ref);
  const int checked_out = git_branch_is_checked_out(ref);
  if (checked_out < 0) return GitStatus(checked_out, "worktrees of " + branch);
  return checked_out == 1;
}

Status Repository::SetBranch(const std::string& branch, const ObjectId& commit,
                             const std::string& log) const {
  NOVA_ASSIGN_OR_RETURN(bool checked_out, IsBranchCheckedOut(branch));
  if (checked_out) {
    return FailedPreconditionError("branch " + branch + " is checked out in a working tree");
  }
  NOVA_ASSIGN_OR_RETURN(git_oid oid, ParseOid(commit));
  git_reference* ref = nullptr;
  NOVA_GIT(git_reference_create(&ref, repo_.get(), LocalBranchRef(branch).c_str(), &oid, 1,
                                log.c_str()),
           "set branch " + branch);
  git_reference_free(ref);
  return Status::Ok();
}

Status Repository::UpdateBranchIfUnchanged(const std::string& branch, const ObjectId& commit,
                                           const ObjectId& expected, const std::string& log) const {
  NOVA_ASSIGN_OR_RETURN(bool checked_out, IsBranchCheckedOut(branch));
  if (checked_out) {
    return FailedPreconditionError("branch " + branch +
                                   " is checked out in a working tree; Nova will not move it");
  }
  NOVA_ASSIGN_OR_RETURN(git_oid oid, ParseOid(commit));
  NOVA_ASSIGN_OR_RETURN(git_oid old_oid, ParseOid(expected));
  git_reference* ref = nullptr;
  const int rc = git_reference_create_matching(&ref, repo_.get(), LocalBranchRef(branch).c_str(),
                                               &oid, 1, &old_oid, log.c_str());
  if (rc == GIT_EMODIFIED) {
    return AbortedError("branch " + branch + " moved away from " + expected.substr(0, 12) +
                        " while Nova was verifying; not merged");
  }
  if (rc < 0) return GitStatus(rc, "update branch " + branch);
  git_reference_free(ref);
  return Status::Ok();
}

Result<std::string> Repository::UnifiedDiff(const std::string& path, const std::string& before,
                                            const std::string& after) {
  if (before == after) return std::string();
  EnsureLibgit2();
  git_patch* raw = nullptr;
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  NOVA_GIT(git_patch_from_buffers(&raw, before.data(), before.size(), path.c_str(), after.data(),
                                  after.size(), path.c_str(), &options),
           "diff of " + path);
  std::unique_ptr<git_patch, GitFree<git_patch, git_patch_free>> patch(raw);
  git_buf buffer = GIT_BUF_INIT;
  NOVA_GIT(git_patch_to_buf(&buffer, patch.get()), "diff of " + path);
  std::string text(buffer.ptr, buffer.size);
  git_buf_dispose(&buffer);
  return text;
}

}  // namespace nova::core::git
