#include "reviewer/night_report_numbers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>
#include <utility>

namespace nova::reviewer {
namespace {

using core::history::FileHotspot;
using core::history::PatchRecord;
using core::history::RuleCount;
using core::history::RunRecord;

int TotalFindings(const RunRecord& run) {
  int total = 0;
  for (const RuleCount& c : run.findings) total += c.count;
  return total;
}

int PatchesIn(const RunRecord& run, std::string_view state) {
  if (state == "proposed") return static_cast<int>(run.patches.size());
  return static_cast<int>(std::count_if(run.patches.begin(), run.patches.end(),
                                        [&](const PatchRecord& p) { return p.state == state; }));
}

// Keeps RFC 3986 unreserved characters and '/', percent-encodes every other byte.
std::string PercentEncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

NightNumbers ComputeNightNumbers(const NightReport& report) {
  NightNumbers numbers;
  const RunRecord* previous = report.previous ? &*report.previous : nullptr;
  numbers.findings.now = TotalFindings(report.run);
  if (previous) numbers.findings.before = TotalFindings(*previous);

  std::map<std::pair<std::string, std::string>, CountDelta> by_rule;
  for (const RuleCount& c : report.run.findings) by_rule[{c.rule, c.severity}].now += c.count;
  if (previous) {
    for (const RuleCount& c : previous->findings) {
      std::optional<int>& before = by_rule[{c.rule, c.severity}].before;
      before = before.value_or(0) + c.count;
    }
    for (auto& [key, count] : by_rule) count.before = count.before.value_or(0);
  }
  for (const auto& [key, count] : by_rule) {
    numbers.by_rule.push_back({key.first, key.second, count});
  }

  std::vector<std::string> states = {"proposed", "verified", "merged",
                                     "rejected", "dropped",  "skipped"};
  if (PatchesIn(report.run, "already-merged") > 0 ||
      (previous && PatchesIn(*previous, "already-merged") > 0)) {
    states.push_back("already-merged");
  }
  for (const std::string& state : states) {
    PatchStateCount count{state, {PatchesIn(report.run, state), std::nullopt}};
    if (previous) count.count.before = PatchesIn(*previous, state);
    numbers.patches.push_back(std::move(count));
  }
  if (previous) numbers.previous_duration_s = previous->duration_s;
  return numbers;
}

std::string DeltaText(const CountDelta& count) {
  if (!count.before) return "";
  const int delta = count.now - *count.before;
  if (delta > 0) return "▲" + std::to_string(delta);
  if (delta < 0) return "▼" + std::to_string(-delta);
  return "±0";
}

std::vector<FileHotspot> HottestFiles(const RunRecord& run, size_t limit) {
  std::vector<FileHotspot> hot;
  for (const FileHotspot& h : run.hotspots) {
    if (h.score > 0) hot.push_back(h);
  }
  std::sort(hot.begin(), hot.end(), [](const FileHotspot& a, const FileHotspot& b) {
    return a.score != b.score ? a.score > b.score : a.path < b.path;
  });
  if (hot.size() > limit) hot.resize(limit);
  return hot;
}

std::vector<PatchRecord> FailedPatches(const RunRecord& run) {
  std::vector<PatchRecord> failed;
  for (const char* state : {"rejected", "dropped"}) {
    for (const PatchRecord& p : run.patches) {
      if (p.state == state) failed.push_back(p);
    }
  }
  return failed;
}

std::string LogHref(const NightReport& report, const PatchRecord& patch) {
  if (patch.log.empty()) return "";
  const std::string log = PercentEncodePath(patch.log);
  if (report.link_base.empty()) return log;
  std::string base = report.link_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + (log.front() == '/' ? "" : "/") + log;
}

std::string FormatDuration(double seconds) {
  if (!(seconds >= 0)) seconds = 0;  // NaN and negatives read as nothing
  char text[32];
  if (seconds < 60) {
    std::snprintf(text, sizeof(text), "%.1fs", seconds);
    return text;
  }
  const long total = std::lround(seconds);
  if (total < 3600) {
    std::snprintf(text, sizeof(text), "%ldm %02lds", total / 60, total % 60);
  } else {
    std::snprintf(text, sizeof(text), "%ldh %02ldm", total / 3600, total % 3600 / 60);
  }
  return text;
}

std::string ShortCommit(const std::string& commit) { return commit.substr(0, 12); }

std::vector<RunRecord> TrendRuns(const NightReport& report) {
  if (report.trend.empty()) return {report.run};
  return report.trend;
}

}  // namespace nova::reviewer
