// The headline numbers the night reports (Markdown and HTML) share: findings per rule and
// severity and patches per state, tonight against the previous night, and the hottest files.
// Pure functions of a NightReport; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "reviewer/night_report.h"

namespace nova::reviewer {

// How many of the hottest files both renderings of the night report list.
inline constexpr std::size_t kHottestFiles = 10;

// A number tonight and, when there was a previous run, the same number then.
struct CountDelta {
  int now = 0;
  std::optional<int> before = std::nullopt;
};

struct RuleSeverityCount {
  std::string rule;
  std::string severity;
  CountDelta count = {};
};

struct PatchStateCount {
  std::string state;  // "proposed" (every patch set of the run) or a PatchRecord state
  CountDelta count = {};
};

struct NightNumbers {
  CountDelta findings = {};
  // Every (rule, severity) seen tonight or the previous night, by rule then severity.
  std::vector<RuleSeverityCount> by_rule = {};
  // proposed, verified, merged, rejected, dropped, skipped, in that order, then already-merged
  // when either night had any.
  std::vector<PatchStateCount> patches = {};
  std::optional<double> previous_duration_s = std::nullopt;
};

NightNumbers ComputeNightNumbers(const NightReport& report);

// "▲3", "▼2", "±0", or "" when there is no previous run to compare with.
std::string DeltaText(const CountDelta& count);

// Up to `limit` files of `run` with a score above 0, highest score first (ties by path).
std::vector<core::history::FileHotspot> HottestFiles(const core::history::RunRecord& run,
                                                     size_t limit);

// Patches that did not land for a reason a person should read: rejected, then dropped.
std::vector<core::history::PatchRecord> FailedPatches(const core::history::RunRecord& run);

// The href of a patch's log: `link_base` + "/" + the percent-encoded log path (relative to the
// report when `link_base` is empty); "" when the patch has no log. Percent-encoding keeps a
// hostile log path from becoming another scheme ("javascript:") or breaking out of the link.
std::string LogHref(const NightReport& report, const core::history::PatchRecord& patch);

// "1h 02m", "12m 05s", "42.3s".
std::string FormatDuration(double seconds);
// The first 12 hex digits of a commit id.
std::string ShortCommit(const std::string& commit);

// The runs to chart: report.trend, or tonight's run alone when the trend is empty.
std::vector<core::history::RunRecord> TrendRuns(const NightReport& report);

}  // namespace nova::reviewer
