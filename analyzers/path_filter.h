// PathFilter: which files findings may be reported for (under the project root and not matched
// by an exclude glob), plus the glob matcher it uses. Immutable after construction, so safe to
// share between threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace nova::analyzers {

// Matches a '/'-separated relative path: `*` and `?` stay within one path component, `**`
// matches any number of components ("src/**/gen_*.h", "**/test/**"), `[...]` is a character class.
bool GlobMatch(std::string_view pattern, std::string_view path);
// True when any of `globs` matches `path` (GlobMatch).
bool MatchesAnyGlob(const std::vector<std::string>& globs, std::string_view path);

class PathFilter {
 public:
  // `root` must be absolute; it is canonicalized here. Globs are relative to it. A glob that
  // matches a directory excludes everything below it ("third_party" excludes "third_party/x.h").
  PathFilter(const std::filesystem::path& root, std::vector<std::string> exclude);

  // True if `file` (absolute, canonical) lies under the root and matches no exclude glob.
  bool Reportable(const std::filesystem::path& file) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::vector<std::string> exclude_;
};

}  // namespace nova::analyzers
