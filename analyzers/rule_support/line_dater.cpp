#include "analyzers/rule_support/line_dater.h"

#include <algorithm>

#include "analyzers/cache/entry_io.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;

// Lines as git counts them: every '\n', and a last line without one.
int LineCount(const std::string& content) {
  const auto newlines = std::count(content.begin(), content.end(), '\n');
  return static_cast<int>(newlines) + (!content.empty() && content.back() != '\n' ? 1 : 0);
}

}  // namespace

core::Result<core::git::Repository*> LineDater::RepositoryFor(const fs::path& directory) {
  auto [it, inserted] = repos_.try_emplace(directory.string());
  if (inserted) {
    core::Result<core::git::Repository> repo = core::git::Repository::Discover(directory);
    if (repo.ok()) it->second.emplace(std::move(*repo));
  }
  if (!it->second) return core::NotFoundError("no git repository at or above " + directory.string());
  return &*it->second;
}

core::Result<core::git::ObjectId> LineDater::HeadOf(const core::git::Repository& repo) {
  auto it = heads_.find(repo.Workdir().string());
  if (it == heads_.end()) it = heads_.emplace(repo.Workdir().string(), repo.ResolveCommit("HEAD")).first;
  return it->second;
}

core::Result<std::map<int, core::git::BlameLine>> LineDater::Date(const std::string& file,
                                                                  const std::string& content,
                                                                  const std::set<int>& lines) {
  const int line_count = LineCount(content);
  std::set<int> wanted;
  for (int line : lines) {
    if (line >= 1 && line <= line_count) wanted.insert(line);
  }
  std::map<int, core::git::BlameLine> dated;
  if (wanted.empty()) return dated;
  NOVA_ASSIGN_OR_RETURN(core::git::Repository * repo, RepositoryFor(fs::path(file).parent_path()));
  NOVA_ASSIGN_OR_RETURN(core::git::ObjectId head, HeadOf(*repo));
  const BlameKey key{file, ContentHash(content), head};
  if (cache_) {
    if (auto cached = cache_->Lookup(key, wanted)) return *cached;
  }
  const std::string relative = fs::path(file).lexically_relative(repo->Workdir()).generic_string();
  const int first = *wanted.begin();
  NOVA_ASSIGN_OR_RETURN(std::vector<core::git::BlameLine> blamed,
                        repo->BlameLines(relative, content, first, *wanted.rbegin()));
  for (int line : wanted) dated.emplace(line, blamed[static_cast<std::size_t>(line - first)]);
  if (cache_) {
    core::Status stored = cache_->Store(key, dated);
    if (!stored.ok()) cache_failures_.push_back({file, "blame not cached: " + stored.message()});
  }
  return dated;
}

}  // namespace nova::analyzers
