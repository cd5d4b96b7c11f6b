// Baseline: the findings a project has accepted, recorded by fingerprint in a JSON file
// (--write-baseline) so that later runs (--baseline) report only what is new, and say which
// recorded entries no longer match anything. Pure functions over text and values; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nova-core/result.h"
#include "reviewer/review.h"

namespace nova::reviewer {

inline constexpr int kBaselineVersion = 2;

// {"version":1,"findings":[{"rule","file","fingerprint","message"}...]} for every finding of
// `review` (suppressed ones are not recorded: their comment already hides them), indented.
std::string RenderBaseline(const Review& review);

// The entries of a baseline file's text. InvalidArgument for text that is not JSON (the message
// names the line and column), a version other than kBaselineVersion, or a missing or ill-typed
// member (named with its index: `findings[2]: no string "fingerprint"`).
core::Result<std::vector<BaselineEntry>> ParseBaseline(std::string_view text);

// Which entries a run could have matched: every entry when `complete`; none are called stale
// otherwise (a --since or --shard run sees only part of the code). `rules` lists the rules run;
// empty means every rule. Entries of other rules are neither matched nor stale.
struct BaselineScope {
  bool complete = true;
  std::vector<std::string> rules = {};
};

// Removes from `review.findings` every finding whose fingerprint the baseline holds, counts them
// in summary.baselined, and records in review.baseline the entries that matched no finding.
Review ApplyBaseline(Review review, const std::vector<BaselineEntry>& entries, std::string file,
                     const BaselineScope& scope);

}  // namespace nova::reviewer
