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

bool Match(std::string_view pattern, std::string_view path) {
  std::size_t p = 0;
  std::size_t s = 0;
  while (p < pattern.size()) {
    char pc = pattern[p];
    if (pc == '*') {
      bool double_star = p + 1 < pattern.size() && pattern[p + 1] == '*';
      if (double_star) {
        std::string_view rest = pattern.substr(p + 2);
        bool slash_follows = !rest.empty() && rest[0] == '/';
        if (slash_follows) {
          // "**/" matches zero or more whole components.
          std::string_view after = rest.substr(1);
          if (Match(after, path.substr(s))) return true;
          for (std::size_t i = s; i < path.size(); ++i) {
            if (path[i] == '/' && Match(after, path.substr(i + 1))) return true;
          }
          return false;
        }
        for (std::size_t i = s; i <= path.size(); ++i) {
          if (Match(rest, path.substr(i))) return true;
        }
        return false;
      }
      std::string_view rest = pattern.substr(p + 1);
      for (std::size_t i = s; i <= path.size(); ++i) {
        if (Match(rest, path.substr(i))) return true;
        if (i < path.size() && path[i] == '/') break;
      }
      return false;
    }
    if (s >= path.size()) return false;
    if (pc == '?') {
      if (path[s] == '/') return false;
      ++p;
      ++s;
      continue;
    }
    if (pc == '[') {
      std::size_t next = p;
      bool valid = false;
      bool matched = MatchClass(pattern, next, path[s], valid);
      if (valid) {
        if (!matched || path[s] == '/') return false;
        p = next;
        ++s;
        continue;
      }
    }
    if (pc != path[s]) return false;
    ++p;
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
