#include "analyzers/path_filter.h"

#include <system_error>

namespace nova::analyzers {
namespace {

// Matches a character class starting at pattern[p] == '['; advances p past ']'.
bool MatchClass(std::string_view pattern, std::size_t& p, char c, bool& valid) {
  std::size_t i = p + 1;
  bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  bool matched = false;
  bool first = true;
  for (; i < pattern.size() && (first || pattern[i] != ']'); ++i, first = false) {
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      matched |= pattern[i] <= c && c <= pattern[i + 2];
      i += 2;
    } else {
      matched |= pattern[i] == c;
    }
  }
  valid = i < pattern.size();
  p = i + 1;
  return matched != negate;
}

bool Match(std::string_view pattern, std::string_view path);

// "**/" matched: zero or more whole components of `path`, then `after`.
bool MatchComponents(std::string_view after, std::string_view path) {
  if (Match(after, path)) return true;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && Match(after, path.substr(i + 1))) return true;
  }
  return false;
}

// Some prefix of `path` matched by a star, then `rest`; a single star stops at the first '/'.
bool MatchAfterAnyPrefix(std::string_view rest, std::string_view path, bool cross_slash) {
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (Match(rest, path.substr(i))) return true;
    if (!cross_slash && i < path.size() && path[i] == '/') return false;
  }
  return false;
}

// `pattern` starts with a star: "**/", "**" or "*".
bool MatchStar(std::string_view pattern, std::string_view path) {
  if (pattern.substr(0, 3) == "**/") return MatchComponents(pattern.substr(3), path);
  if (pattern.substr(0, 2) == "**") return MatchAfterAnyPrefix(pattern.substr(2), path, true);
  return MatchAfterAnyPrefix(pattern.substr(1), path, false);
}

// Matches the pattern element at pattern[p] (not a star) against `c` and advances p past it.
// '?' and a class never match '/'; an unterminated '[' is a literal.
bool MatchOne(std::string_view pattern, std::size_t& p, char c) {
  if (pattern[p] == '?') {
    ++p;
    return c != '/';
  }
  if (pattern[p] == '[') {
    std::size_t next = p;
    bool valid = false;
    const bool matched = MatchClass(pattern, next, c, valid);
    if (valid) {
      p = next;
      return matched && c != '/';
    }
  }
  return pattern[p++] == c;
}

bool Match(std::string_view pattern, std::string_view path) {
  std::size_t p = 0;
  std::size_t s = 0;
  while (p < pattern.size()) {
    if (pattern[p] == '*') return MatchStar(pattern.substr(p), path.substr(s));
    if (s >= path.size() || !MatchOne(pattern, p, path[s])) return false;
    ++s;
  }
  return s == path.size();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  while (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  return Match(pattern, path);
}

bool MatchesAnyGlob(const std::vector<std::string>& globs, std::string_view path) {
  for (const std::string& glob : globs) {
    if (GlobMatch(glob, path)) return true;
  }
  return false;
}

PathFilter::PathFilter(const std::filesystem::path& root, std::vector<std::string> exclude)
    : exclude_(std::move(exclude)) {
  std::error_code error;
  root_ = std::filesystem::weakly_canonical(root, error);
  if (error) root_ = root.lexically_normal();
}

bool PathFilter::Reportable(const std::filesystem::path& file) const {
  std::filesystem::path relative = file.lexically_relative(root_);
  if (relative.empty() || *relative.begin() == "..") return false;
  std::string text = relative.generic_string();
  for (const std::string& glob : exclude_) {
    // The file itself, or any directory above it.
    for (std::size_t end = text.size(); end != std::string::npos && end > 0;
         end = text.rfind('/', end - 1)) {
      if (GlobMatch(glob, std::string_view(text).substr(0, end))) return false;
      if (end == 0) break;
    }
  }
  return true;
}

}  // namespace nova::analyzers
