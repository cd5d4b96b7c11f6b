#include "github/review_builder.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

namespace nova::github {
namespace {

constexpr std::string_view kFingerprintPrefix = "<!-- nova:fingerprint=";
constexpr std::string_view kFixedPrefix = "<!-- nova:fixed=";
constexpr std::string_view kFindingsPrefix = "<!-- nova:findings=";
constexpr std::string_view kPartialMarker = "<!-- nova:partial -->";
constexpr std::string_view kMarkerEnd = " -->";

std::string MarkerValue(std::string_view body, std::string_view prefix) {
  const size_t at = body.find(prefix);
  if (at == std::string_view::npos) return "";
  const size_t begin = at + prefix.size();
  const size_t end = body.find(kMarkerEnd, begin);
  if (end == std::string_view::npos) return "";
  return std::string(body.substr(begin, end - begin));
}

// Byte offset where 1-based `line` starts, or nullopt past the end.
std::optional<size_t> LineStart(std::string_view content, int line) {
  size_t offset = 0;
  for (int current = 1; current < line; ++current) {
    const size_t newline = content.find('\n', offset);
    if (newline == std::string_view::npos) return std::nullopt;
    offset = newline + 1;
  }
  return offset;
}

// The lines a comment on `finding` covers: its own lines within the first run of added lines
// that meets them. nullopt when no added line meets them.
std::optional<std::pair<int, int>> CommentLines(const core::git::ChangedLines& changed,
                                                const std::string& file, int first, int last) {
  auto it = changed.ranges.find(file);
  if (it == changed.ranges.end()) return std::nullopt;
  for (const auto& [run_first, run_last] : it->second) {
    if (run_last < first || run_first > last) continue;
    return std::make_pair(std::max(first, run_first), std::min(last, run_last));
  }
  return std::nullopt;
}

// A fence longer than any run of backticks in `text`.
std::string FenceFor(std::string_view text) {
  size_t longest = 0;
  size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

std::string CommentBody(const reviewer::ReviewedFinding& reviewed,
                        const std::optional<std::string>& suggestion) {
  const core::Finding& finding = reviewed.finding;
  std::string body = "**" + finding.rule + "** (" +
                     std::string(core::SeverityName(finding.severity)) + "): " + finding.message +
                     "\n";
  if (suggestion) {
    const std::string fence = FenceFor(*suggestion);
    body += "\n" + fence + "suggestion\n" + *suggestion + (suggestion->empty() ? "" : "\n") +
            fence + "\n";
  }
  body += "\n" + FingerprintMarker(reviewed.fingerprint);
  return body;
}

int SeverityRank(core::Severity severity) { return static_cast<int>(severity); }

// 1-based line holding byte `offset` of `content`.
int LineOf(std::string_view content, std::uint64_t offset) {
  const size_t end = std::min<size_t>(offset, content.size());
  return 1 + static_cast<int>(std::count(content.begin(), content.begin() + end, '\n'));
}

// Where an inline comment goes and the suggestion it carries, if any.
struct Placed {
  const reviewer::ReviewedFinding* reviewed;
  std::pair<int, int> lines;
  std::optional<std::string> suggestion;
};

// A fix becomes a suggestion when its edits (all in the finding's file) and the finding's own
// lines lie within one run of added lines: the comment then covers all of those lines.
void PlaceSuggestion(const core::Finding& finding, std::string_view content,
                     const core::git::ChangedLines& changed, const std::string& file,
                     Placed& placed) {
  if (finding.fix.empty()) return;
  int first = finding.line;
  int last = std::max(finding.end_line, finding.line);
  for (const core::Edit& edit : finding.fix) {
    if (edit.file != finding.file || edit.offset + edit.length > content.size()) return;
    first = std::min(first, LineOf(content, edit.offset));
    last = std::max(last, LineOf(content, edit.offset + (edit.length > 0 ? edit.length - 1 : 0)));
  }
  auto run = CommentLines(changed, file, first, last);
  if (!run || run->first != first || run->second != last) return;  // not all added lines
  auto suggestion = SuggestionFor(content, first, last, finding.fix);
  if (!suggestion) return;
  placed.lines = {first, last};
  placed.suggestion = std::move(suggestion);
}

std::string SummaryBody(const std::vector<const reviewer::ReviewedFinding*>& on_diff,
                        size_t inline_count, const reviewer::Review& review,
                        const ReviewBuildOptions& options) {
  std::map<std::pair<std::string, int>, int> counts;  // (rule, -severity rank) -> findings
  for (const reviewer::ReviewedFinding* reviewed : on_diff) {
    ++counts[{reviewed->finding.rule, -SeverityRank(reviewed->finding.severity)}];
  }
  const bool partial = !review.problems.empty() || !options.skipped.empty();
  const std::string scope =
      partial ? " on the changed lines analyzed (partial review)" : " on the changed lines";
  std::string body;
  if (on_diff.empty()) {
    body = "### Nova: no findings" + scope + "\n";
  } else {
    body = "### Nova: " + std::to_string(on_diff.size()) + " finding(s)" + scope + "\n\n";
    body += "| Rule | Severity | Findings |\n| --- | --- | ---: |\n";
    for (const auto& [key, count] : counts) {
      body += "| `" + key.first + "` | " +
              std::string(core::SeverityName(static_cast<core::Severity>(-key.second))) + " | " +
              std::to_string(count) + " |\n";
    }
  }
  if (inline_count < on_diff.size()) {
    body += "\n" + std::to_string(on_diff.size() - inline_count) +
            " more finding(s) not commented inline (at most " +
            std::to_string(options.max_comments) + " inline comments per review).\n";
  }
  if (!review.problems.empty()) {
    body += "\n" + std::to_string(review.problems.size()) + " input(s) not fully analyzed:\n";
    for (const reviewer::Problem& problem : review.problems) {
      body += "- `" + problem.file + "`: " + problem.message + "\n";
    }
  }
  if (!options.skipped.empty()) {
    body += "\nNot analyzed (" + std::to_string(options.skipped.size()) + " file(s)):\n";
    for (const std::string& file : options.skipped) body += "- `" + file + "`\n";
  }
  std::string fingerprints;
  for (const reviewer::ReviewedFinding* reviewed : on_diff) {
    fingerprints += (fingerprints.empty() ? "" : ",") + reviewed->fingerprint;
  }
  body += "\n" + std::string(kFindingsPrefix) + fingerprints + std::string(kMarkerEnd);
  if (partial) body += std::string(kPartialMarker);
  return body;
}

// Findings whose suggestions touch the same lines (two NULLs on one line) would each offer a
// suggestion the other's acceptance makes stale. When their edits fit together, every one of
// them offers the combined suggestion over the lines they share, so one click fixes them all.
// `index` is the first of its group in review order; later members are settled with it.
void ShareSuggestionsOnSharedLines(std::vector<Placed>& placed, size_t index,
                                   std::string_view content, const core::git::ChangedLines& changed,
                                   std::vector<bool>& settled) {
  if (!placed[index].suggestion || settled[index]) return;
  const std::string& file = placed[index].reviewed->relative_file;
  std::vector<size_t> group = {index};
  std::pair<int, int> lines = placed[index].lines;
  for (size_t j = index + 1; j < placed.size(); ++j) {
    const Placed& other = placed[j];
    if (!other.suggestion || settled[j] || other.reviewed->relative_file != file ||
        other.lines.first > lines.second || other.lines.second < lines.first) {
      continue;
    }
    group.push_back(j);
    lines = {std::min(lines.first, other.lines.first), std::max(lines.second, other.lines.second)};
  }
  if (group.size() < 2) return;
  auto run = CommentLines(changed, file, lines.first, lines.second);
  if (!run || *run != lines) return;
  std::vector<core::Edit> edits;
  for (size_t member : group) {
    const std::vector<core::Edit>& fix = placed[member].reviewed->finding.fix;
    edits.insert(edits.end(), fix.begin(), fix.end());
  }
  auto combined = SuggestionFor(content, lines.first, lines.second, edits);
  if (!combined) return;  // overlapping edits: each keeps its own suggestion
  for (size_t member : group) {
    placed[member].lines = lines;
    placed[member].suggestion = combined;
    settled[member] = true;
  }
}

}  // namespace

std::string FingerprintMarker(std::string_view fingerprint) {
  return std::string(kFingerprintPrefix) + std::string(fingerprint) + std::string(kMarkerEnd);
}

std::string MarkerFingerprint(std::string_view body) {
  return MarkerValue(body, kFingerprintPrefix);
}

std::string FixedMarker(std::string_view fingerprint) {
  return std::string(kFixedPrefix) + std::string(fingerprint) + std::string(kMarkerEnd);
}

std::string FixedMarkerFingerprint(std::string_view body) {
  return MarkerValue(body, kFixedPrefix);
}

ReviewRecord ReadReviewRecord(std::string_view review_body) {
  ReviewRecord record;
  const std::string list = MarkerValue(review_body, kFindingsPrefix);
  size_t begin = 0;
  while (begin < list.size()) {
    size_t end = list.find(',', begin);
    if (end == std::string::npos) end = list.size();
    if (end > begin) record.fingerprints.insert(list.substr(begin, end - begin));
    begin = end + 1;
  }
  record.complete = review_body.find(kPartialMarker) == std::string_view::npos &&
                    review_body.find(kFindingsPrefix) != std::string_view::npos;
  return record;
}

std::optional<std::string> SuggestionFor(std::string_view content, int first, int last,
                                         const std::vector<core::Edit>& edits) {
  const std::optional<size_t> start = LineStart(content, first);
  if (!start || last < first) return std::nullopt;
  const std::optional<size_t> after = LineStart(content, last + 1);
  const size_t end = after ? *after : content.size();  // includes the last line's newline
  const bool had_newline = end > *start && content[end - 1] == '\n';
  std::vector<core::Edit> sorted = edits;
  std::sort(sorted.begin(), sorted.end(),
            [](const core::Edit& a, const core::Edit& b) { return a.offset > b.offset; });
  std::string text(content.substr(*start, end - *start));
  std::uint64_t previous_begin = end;
  for (const core::Edit& edit : sorted) {
    if (edit.offset < *start || edit.offset + edit.length > previous_begin) return std::nullopt;
    text.replace(edit.offset - *start, edit.length, edit.replacement);
    previous_begin = edit.offset;
  }
  if (text.empty()) return text;  // the lines are deleted
  if (had_newline) {
    if (text.back() != '\n') return std::nullopt;  // the next line would be joined on
    text.pop_back();
  }
  return text;
}

nlohmann::json BuildGitHubReview(const reviewer::Review& review,
                                 const core::git::ChangedLines& changed, const ContentReader& read,
                                 const ReviewBuildOptions& options) {
  std::map<std::string, std::optional<std::string>> contents;  // read once per file
  auto content_of = [&](const std::string& path) -> const std::optional<std::string>& {
    auto cached = contents.find(path);
    if (cached == contents.end()) {
      auto content = read(path);
      cached =
          contents.emplace(path, content.ok() ? std::optional<std::string>(*content) : std::nullopt)
              .first;
    }
    return cached->second;
  };
  std::vector<Placed> placed;
  for (const reviewer::ReviewedFinding& reviewed : review.findings) {
    const int first = reviewed.finding.line;
    const int last = std::max(reviewed.finding.end_line, first);
    auto lines = CommentLines(changed, reviewed.relative_file, first, last);
    if (!lines) continue;
    Placed p{&reviewed, *lines, std::nullopt};
    if (const auto& content = content_of(reviewed.relative_file)) {
      PlaceSuggestion(reviewed.finding, *content, changed, reviewed.relative_file, p);
    }
    placed.push_back(std::move(p));
  }
  std::vector<bool> settled(placed.size(), false);
  for (size_t i = 0; i < placed.size(); ++i) {
    if (const auto& content = content_of(placed[i].reviewed->relative_file)) {
      ShareSuggestionsOnSharedLines(placed, i, *content, changed, settled);
    }
  }
  // The most severe first, so that the cap leaves out the least important; stable keeps the
  // review's file and line order within one severity.
  std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return SeverityRank(a.reviewed->finding.severity) > SeverityRank(b.reviewed->finding.severity);
  });
  std::vector<const reviewer::ReviewedFinding*> on_diff;
  for (const Placed& p : placed) on_diff.push_back(p.reviewed);

  nlohmann::json comments = nlohmann::json::array();
  const size_t limit = static_cast<size_t>(std::max(0, options.max_comments));
  for (size_t i = 0; i < placed.size() && i < limit; ++i) {
    const auto [first, last] = placed[i].lines;
    nlohmann::json comment = {
        {"path", placed[i].reviewed->relative_file}, {"line", last}, {"side", "RIGHT"}};
    if (first < last) {
      comment["start_line"] = first;
      comment["start_side"] = "RIGHT";
    }
    comment["body"] = CommentBody(*placed[i].reviewed, placed[i].suggestion);
    comments.push_back(std::move(comment));
  }
  return {{"commit_id", options.commit_id},
          {"event", "COMMENT"},
          {"body", SummaryBody(on_diff, comments.size(), review, options)},
          {"comments", std::move(comments)}};
}

}  // namespace nova::github
