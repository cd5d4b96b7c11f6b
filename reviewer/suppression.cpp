#include "reviewer/suppression.h"

#include <cctype>
#include <map>

#include "nova-core/file_io.h"

namespace nova::reviewer {
namespace {

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// True when the quote at `quote` is a digit separator (1'000) rather than a character literal:
// the token it sits in starts with a digit.
bool IsDigitSeparator(std::string_view line, size_t quote) {
  size_t start = quote;
  while (start > 0 && (IsIdentifierChar(line[start - 1]) || line[start - 1] == '\'' ||
                       line[start - 1] == '.')) {
    --start;
  }
  return start < quote && std::isdigit(static_cast<unsigned char>(line[start])) != 0;
}

// Whether the `"` at `quote` opens a raw string: R, u8R, uR, UR or LR right before it.
bool OpensRawString(std::string_view line, size_t quote) {
  if (quote == 0 || line[quote - 1] != 'R') return false;
  size_t start = quote - 1;
  while (start > 0 && IsIdentifierChar(line[start - 1])) --start;
  const std::string_view prefix = line.substr(start, quote - 1 - start);
  return prefix.empty() || prefix == "u8" || prefix == "u" || prefix == "U" || prefix == "L";
}

// The index just past the literal that opens at `open`, or npos when it does not end on the line.
size_t SkipLiteral(std::string_view line, size_t open) {
  const char quote = line[open];
  if (quote == '"' && OpensRawString(line, open)) {
    const size_t paren = line.find('(', open + 1);
    if (paren == std::string_view::npos) return std::string_view::npos;
    const std::string closing =
        ")" + std::string(line.substr(open + 1, paren - open - 1)) + "\"";
    const size_t end = line.find(closing, paren + 1);
    return end == std::string_view::npos ? end : end + closing.size();
  }
  for (size_t i = open + 1; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == quote) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// `*` matches any run of characters; everything else matches itself.
bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// A NOLINT list names clang-tidy style checks: Nova's are `nova-<rule>`; `nova-*` and `*` match
// every Nova rule, and a check of another tool (modernize-use-nullptr) matches none.
bool CheckListMatches(std::string_view list, std::string_view rule) {
  const std::string check = "nova-" + std::string(rule);
  while (!list.empty()) {
    const size_t comma = list.find(',');
    if (GlobMatch(Trim(list.substr(0, comma)), check)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

enum class NolintKind { kSameLine, kNextLine };

// Whether `comment` holds a NOLINT (kSameLine) or NOLINTNEXTLINE (kNextLine) covering `rule`.
// A list without its closing parenthesis suppresses nothing; NOLINTBEGIN/NOLINTEND are not
// NOLINT.
bool NolintCovers(std::string_view comment, NolintKind kind, std::string_view rule) {
  for (size_t at = comment.find("NOLINT"); at != std::string_view::npos;
       at = comment.find("NOLINT", at + 1)) {
    std::string_view rest = comment.substr(at + 6);
    NolintKind found = NolintKind::kSameLine;
    if (rest.starts_with("NEXTLINE")) {
      found = NolintKind::kNextLine;
      rest.remove_prefix(8);
    } else if (rest.starts_with("BEGIN") || rest.starts_with("END")) {
      continue;
    }
    if (found != kind) continue;
    if (!rest.starts_with("(")) return true;
    const size_t close = rest.find(')');
    if (close == std::string_view::npos) continue;
    if (CheckListMatches(rest.substr(1, close - 1), rule)) return true;
  }
  return false;
}

// Whether `comment` holds `nova: ignore NAME[, NAME...]` naming `rule` (as `use-nullptr` or
// `nova-use-nullptr`; `*` for every rule). The list ends at the first name not followed by a
// comma, so a reason may follow it.
bool IgnoreCovers(std::string_view comment, std::string_view rule) {
  for (size_t at = comment.find("nova:"); at != std::string_view::npos;
       at = comment.find("nova:", at + 1)) {
    std::string_view rest = comment.substr(at + 5);
    rest = rest.substr(std::min(rest.size(), rest.find_first_not_of(" \t")));
    if (!rest.starts_with("ignore")) continue;
    rest.remove_prefix(6);
    if (rest.empty() || (rest.front() != ' ' && rest.front() != '\t')) continue;
    while (true) {
      rest = rest.substr(std::min(rest.size(), rest.find_first_not_of(" \t")));
      size_t end = 0;
      while (end < rest.size() &&
             (IsIdentifierChar(rest[end]) || rest[end] == '-' || rest[end] == '*')) {
        ++end;
      }
      if (end == 0) break;
      const std::string_view name = rest.substr(0, end);
      if (GlobMatch(name, rule) || GlobMatch(name, "nova-" + std::string(rule))) return true;
      rest.remove_prefix(end);
      rest = rest.substr(std::min(rest.size(), rest.find_first_not_of(" \t")));
      if (!rest.starts_with(",")) break;
      rest.remove_prefix(1);
    }
  }
  return false;
}

std::string TrimmedComment(std::string_view comment) { return std::string(Trim(comment)); }

struct SourceLines {
  std::string content;
  std::vector<std::string_view> lines;
};

std::vector<std::string_view> SplitLines(std::string_view content) {
  std::vector<std::string_view> lines;
  while (!content.empty()) {
    const size_t newline = content.find('\n');
    std::string_view line = content.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (newline == std::string_view::npos) break;
    content.remove_prefix(newline + 1);
  }
  return lines;
}

}  // namespace

std::vector<std::string> LineComments(std::string_view line) {
  std::vector<std::string> comments;
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == '"' || (c == '\'' && !IsDigitSeparator(line, i))) {
      i = SkipLiteral(line, i);
      if (i == std::string_view::npos) break;
    } else if (line.substr(i).starts_with("//")) {
      comments.emplace_back(line.substr(i));
      break;
    } else if (line.substr(i).starts_with("/*")) {
      const size_t end = line.find("*/", i + 2);
      if (end == std::string_view::npos) {
        comments.emplace_back(line.substr(i));
        break;
      }
      comments.emplace_back(line.substr(i, end + 2 - i));
      i = end + 2;
    } else {
      ++i;
    }
  }
  return comments;
}

std::optional<SuppressingComment> FindSuppression(std::string_view rule, std::string_view line,
                                                  std::string_view previous) {
  for (const std::string& comment : LineComments(line)) {
    if (NolintCovers(comment, NolintKind::kSameLine, rule) || IgnoreCovers(comment, rule)) {
      return SuppressingComment{TrimmedComment(comment), false};
    }
  }
  for (const std::string& comment : LineComments(previous)) {
    if (NolintCovers(comment, NolintKind::kNextLine, rule) || IgnoreCovers(comment, rule)) {
      return SuppressingComment{TrimmedComment(comment), true};
    }
  }
  return std::nullopt;
}

SourceReader FileSystemReader() {
  return [](const std::filesystem::path& path) { return core::ReadWholeFile(path); };
}

Review ApplyInlineSuppressions(Review review, const SourceReader& read) {
  std::map<std::string, std::optional<SourceLines>> sources;
  std::vector<ReviewedFinding> kept;
  for (ReviewedFinding& reviewed : review.findings) {
    const core::Finding& finding = reviewed.finding;
    auto [it, inserted] = sources.try_emplace(finding.file);
    if (inserted) {
      auto content = read(finding.file);
      if (content.ok()) {
        it->second.emplace();
        it->second->content = std::move(*content);
        it->second->lines = SplitLines(it->second->content);
      } else {
        review.notes.push_back("inline suppressions not read: " + content.status().message());
      }
    }
    std::optional<SuppressingComment> comment;
    if (it->second && finding.line >= 1 &&
        finding.line <= static_cast<int>(it->second->lines.size())) {
      const auto& lines = it->second->lines;
      const size_t index = static_cast<size_t>(finding.line - 1);
      comment = FindSuppression(finding.rule, lines[index],
                                index == 0 ? std::string_view() : lines[index - 1]);
    }
    if (!comment) {
      kept.push_back(std::move(reviewed));
      continue;
    }
    ++review.summary.suppressed;
    ++review.summary.suppressed_by_rule[finding.rule];
    const int comment_line = comment->on_previous_line ? finding.line - 1 : finding.line;
    review.suppressed.push_back({std::move(reviewed), std::move(comment->text), comment_line});
  }
  review.findings = std::move(kept);
  review.summary.findings = static_cast<int>(review.findings.size());
  return review;
}

}  // namespace nova::reviewer
