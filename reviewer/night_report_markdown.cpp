#include "reviewer/night_report_markdown.h"

#include <cstdio>
#include <string_view>

#include "reviewer/night_report_numbers.h"
#include "reviewer/text_escape.h"

namespace nova::reviewer {
namespace {

using core::history::FileHotspot;
using core::history::PatchRecord;
using core::history::RunRecord;

// A code span for text made only of characters that mean nothing to Markdown or HTML inside one
// (ordinary paths, branches, commit ids, times); anything else is escaped as plain text.
std::string Code(std::string_view text) {
  if (text.empty()) return "";
  for (const char c : text) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-' || c == '/' || c == '+' || c == ':';
    if (!plain) return EscapeMarkdown(text);
  }
  return "`" + std::string(text) + "`";
}

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", value);
  return text;
}

std::string Before(const CountDelta& count) {
  return count.before ? std::to_string(*count.before) : "–";
}

std::string Plural(size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

// Problems and a run that is not "ok" come first, as a GitHub alert block.
std::string ProblemsBlock(const RunRecord& run) {
  if (run.problems.empty() && run.status == "ok") return "";
  std::string out = "> [!CAUTION]\n> **";
  if (run.problems.empty()) {
    out += "The run is " + EscapeMarkdown(run.status) + ".**\n";
  } else {
    out += Plural(run.problems.size(), "problem", "problems") + " tonight; the run is " +
           EscapeMarkdown(run.status) + ":**\n";
    for (const std::string& problem : run.problems) out += "> - " + EscapeMarkdown(problem) + "\n";
  }
  return out + "\n";
}

std::string RunLine(const NightReport& report, const NightNumbers& numbers) {
  const RunRecord& run = report.run;
  std::string out = "Status **" + EscapeMarkdown(run.status) + "** · commit " +
                    Code(ShortCommit(run.commit)) + " on " + Code(run.target) + " · started " +
                    Code(run.started_at) + " · took " + FormatDuration(run.duration_s);
  if (numbers.previous_duration_s) {
    out += " (previous night " + FormatDuration(*numbers.previous_duration_s) + ")";
  }
  if (!report.previous) out += " · no previous night to compare with";
  return out + "\n\n";
}

std::string HeadlineTable(const NightNumbers& numbers) {
  std::string out =
      "| | tonight | previous night | change |\n|---|---:|---:|:---:|\n| **findings** | **" +
      std::to_string(numbers.findings.now) + "** | " + Before(numbers.findings) + " | " +
      DeltaText(numbers.findings) + " |\n";
  for (const PatchStateCount& p : numbers.patches) {
    out += "| patches " + p.state + " | " + std::to_string(p.count.now) + " | " + Before(p.count) +
           " | " + DeltaText(p.count) + " |\n";
  }
  return out + "\n";
}

std::string RuleTable(const NightNumbers& numbers) {
  if (numbers.by_rule.empty()) return "No findings tonight or the previous night.\n\n";
  std::string out =
      "### Findings by rule\n\n| rule | severity | tonight | previous night | change |\n"
      "|---|---|---:|---:|:---:|\n";
  for (const RuleSeverityCount& r : numbers.by_rule) {
    out += "| " + Code(r.rule) + " | " + EscapeMarkdown(r.severity) + " | " +
           std::to_string(r.count.now) + " | " + Before(r.count) + " | " + DeltaText(r.count) +
           " |\n";
  }
  return out + "\n";
}

std::string FailedPatchTable(const NightReport& report) {
  const std::vector<PatchRecord> failed = FailedPatches(report.run);
  if (failed.empty()) return "";
  std::string out = "### Patches that did not land (" + std::to_string(failed.size()) +
                    ")\n\n| patch | rule | state | reason | log |\n|---|---|---|---|---|\n";
  for (const PatchRecord& p : failed) {
    const std::string href = LogHref(report, p);
    out += "| " + Code(p.branch.empty() ? p.id : p.branch) + " | " + Code(p.rule) + " | " +
           EscapeMarkdown(p.state) + " | " +
           (p.reason.empty() ? "*no reason recorded*" : EscapeMarkdown(p.reason)) + " | " +
           (href.empty() ? "–" : "[log](" + href + ")") + " |\n";
  }
  return out + "\n";
}

std::string HotspotTable(const RunRecord& run) {
  const std::vector<FileHotspot> hot = HottestFiles(run, kHottestFiles);
  if (hot.empty()) return "";
  std::string out =
      "### Hottest files\n\n| # | file | lines | churn | score |\n|---:|---|---:|---:|---:|\n";
  int rank = 1;
  for (const FileHotspot& h : hot) {
    out += "| " + std::to_string(rank++) + " | " + Code(h.path) + " | " + std::to_string(h.lines) +
           " | " + std::to_string(h.churn) + " | " + Number(h.score) + " |\n";
  }
  return out + "\n";
}

}  // namespace

std::string EscapeMarkdown(std::string_view text) { return EscapeWith(text, MarkdownEscapes()); }

std::string RenderNightMarkdown(const NightReport& report) {
  const NightNumbers numbers = ComputeNightNumbers(report);
  std::string out = "## Nova nightly review of " + EscapeMarkdown(report.repository) + "\n\n";
  out += ProblemsBlock(report.run);
  out += RunLine(report, numbers);
  out += HeadlineTable(numbers);
  out += RuleTable(numbers);
  out += FailedPatchTable(report);
  out += HotspotTable(report.run);
  return out;
}

}  // namespace nova::reviewer
