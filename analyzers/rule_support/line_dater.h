// LineDater: dates lines of project files for stale-todo's project pass. It opens each file's
// repository once per directory and resolves its HEAD once, answers from the blame cache when
// that has every line asked for, and otherwise blames only the stretch from the first line asked
// to the last, storing the answer for the next run. One instance per pass; not thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzers/cache/blame_cache.h"
#include "nova-core/git/repository.h"
#include "nova-core/result.h"

namespace nova::analyzers {

class LineDater {
 public:
  // `cache`: where blames are kept between runs; nullopt for none.
  explicit LineDater(std::optional<BlameCache> cache) : cache_(std::move(cache)) {}

  // Who last changed each of `lines` (1-based) of `file` (absolute), whose content is
  // `content`; lines past the end of `content` are left out. NotFound when the file has no
  // history: outside any repository, untracked, or in a repository without a commit. Any other
  // error says why the blame failed.
  core::Result<std::map<int, core::git::BlameLine>> Date(const std::string& file,
                                                         const std::string& content,
                                                         const std::set<int>& lines);
  // A blame that could not be stored in the cache: the dates are right without it, the next run
  // is slower.
  struct CacheFailure {
    std::string file;
    std::string message;  // "blame not cached: cannot write cache entry ..."
  };
  std::vector<CacheFailure> TakeCacheFailures() { return std::move(cache_failures_); }

 private:
  // The repository holding `directory`, opened once; NotFound when there is none.
  core::Result<core::git::Repository*> RepositoryFor(const std::filesystem::path& directory);
  // HEAD of `repo`, resolved once per repository.
  core::Result<core::git::ObjectId> HeadOf(const core::git::Repository& repo);

  std::optional<BlameCache> cache_;
  std::map<std::string, std::optional<core::git::Repository>> repos_;  // by directory
  std::map<std::string, core::Result<core::git::ObjectId>> heads_;     // by working directory
  std::vector<CacheFailure> cache_failures_;
};

}  // namespace nova::analyzers
