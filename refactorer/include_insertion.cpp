#include "refactorer/include_insertion.h"

#include <vector>

namespace nova::refactorer {
namespace {

struct Line {
  std::size_t begin = 0;  // offset of its first byte
  std::size_t end = 0;    // offset just past its '\n' (or the end of the content)
  std::string_view text;  // without the '\n'
};

std::vector<Line> SplitLines(std::string_view content) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  while (begin < content.size()) {
    std::size_t newline = content.find('\n', begin);
    const std::size_t end = newline == std::string_view::npos ? content.size() : newline + 1;
    const std::size_t text_end = newline == std::string_view::npos ? content.size() : newline;
    lines.push_back({begin, end, content.substr(begin, text_end - begin)});
    begin = end;
  }
  return lines;
}

std::string_view SkipSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text;
}

// `text` after a leading "#" and `directive` (spaces allowed around the '#'), or nullopt.
std::optional<std::string_view> AfterDirective(std::string_view text, std::string_view directive) {
  text = SkipSpaces(text);
  if (!text.starts_with('#')) return std::nullopt;
  text = SkipSpaces(text.substr(1));
  if (!text.starts_with(directive)) return std::nullopt;
  return SkipSpaces(text.substr(directive.size()));
}

struct Include {
  std::size_t line = 0;  // index into the lines
  std::string_view name;
  bool angled = false;
};

std::optional<Include> ParseInclude(const Line& line, std::size_t index) {
  auto rest = AfterDirective(line.text, "include");
  if (!rest || rest->empty()) return std::nullopt;
  const char open = rest->front();
  if (open != '<' && open != '"') return std::nullopt;
  const char close = open == '<' ? '>' : '"';
  const std::size_t end = rest->find(close, 1);
  if (end == std::string_view::npos) return std::nullopt;
  return Include{index, rest->substr(1, end - 1), open == '<'};
}

// Where a new first include goes: after `#pragma once` or the guard's #define, else offset 0.
std::size_t AfterGuard(const std::vector<Line>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (AfterDirective(lines[i].text, "pragma once")) return lines[i].end;
    if (AfterDirective(lines[i].text, "ifndef") && i + 1 < lines.size() &&
        AfterDirective(lines[i + 1].text, "define")) {
      return lines[i + 1].end;
    }
  }
  return 0;
}

}  // namespace

std::optional<core::Edit> IncludeInsertion(std::string_view content, const std::string& file,
                                           std::string_view header, bool angled) {
  const std::vector<Line> lines = SplitLines(content);
  std::vector<Include> includes;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (auto include = ParseInclude(lines[i], i)) includes.push_back(*include);
  }
  for (const Include& include : includes) {
    if (include.name == header) return std::nullopt;  // already there, whatever its brackets
  }
  const std::string directive = std::string("#include ") + (angled ? "<" : "\"") +
                                std::string(header) + (angled ? ">" : "\"") + "\n";
  const bool ends_with_newline = content.empty() || content.back() == '\n';

  // The first block of consecutive includes of the same kind.
  std::size_t first = includes.size();
  for (std::size_t i = 0; i < includes.size(); ++i) {
    if (includes[i].angled == angled) {
      first = i;
      break;
    }
  }
  if (first < includes.size()) {
    std::size_t last = first;
    for (std::size_t i = first; i < includes.size(); ++i) {
      const bool continues = i == first || (includes[i].line == includes[i - 1].line + 1 &&
                                            includes[i].angled == angled);
      if (!continues) break;
      if (includes[i].name > header) {
        return core::Edit{file, lines[includes[i].line].begin, 0, directive};
      }
      last = i;
    }
    const Line& after = lines[includes[last].line];
    const std::string prefix = after.end == content.size() && !ends_with_newline ? "\n" : "";
    return core::Edit{file, after.end, 0, prefix + directive};
  }
  if (!includes.empty()) {
    const Line& after = lines[includes.back().line];
    const std::string prefix = after.end == content.size() && !ends_with_newline ? "\n" : "";
    return core::Edit{file, after.end, 0, prefix + "\n" + directive};
  }
  const std::size_t at = AfterGuard(lines);
  if (at == 0) return core::Edit{file, 0, 0, directive + "\n"};
  return core::Edit{file, at, 0, "\n" + directive};
}

}  // namespace nova::refactorer
