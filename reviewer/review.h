// Review: the findings of one run as the user sees them, relative to the reviewed directory,
// each with a fingerprint that survives line shifts, plus the run's summary and the problems
// (skipped or broken inputs) that must never be lost. A plain value; build it with BuildReview.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nova-core/finding.h"
#include "reviewer/rule_metadata.h"

namespace nova::reviewer {

struct ReviewedFinding {
  core::Finding finding;
  std::string relative_file;  // '/'-separated, relative to the reviewed directory
  std::string fingerprint;    // 32 hex digits
};

struct ReviewSummary {
  int translation_units = 0;
  int parsed_with_errors = 0;
  int findings = 0;
  long long duration_ms = 0;
  int parsed = 0;      // translation units parsed this run (the rest came from the cache)
  int cache_hits = 0;
  int suppressed = 0;  // findings an inline comment suppressed (not counted in `findings`)
  std::map<std::string, int> suppressed_by_rule = {};
  int baselined = 0;  // findings left out because the baseline holds their fingerprint
};

// A finding an inline comment suppressed: kept, with the comment, so that nothing is lost.
struct SuppressedFinding {
  ReviewedFinding reviewed;
  std::string comment;   // the comment's text from its `//` or `/*`
  int comment_line = 0;  // the line holding the comment
};

// One finding recorded in a baseline file (--write-baseline), matched by fingerprint.
struct BaselineEntry {
  std::string rule;
  std::string file;  // relative, as in ReviewedFinding
  std::string fingerprint;
  std::string message;  // for humans reading the file; not matched
};

// What --baseline did: the file, how many findings it hid, and its entries that matched nothing.
struct BaselineOutcome {
  std::string file;
  int matched = 0;
  std::vector<BaselineEntry> stale = {};
  // False when the run could not have seen every entry (--since, --shard, --rules): then `stale`
  // is left empty rather than listing entries this run did not look for.
  bool stale_checked = true;
};

// An input Nova could not analyze fully, said out loud in every format.
struct Problem {
  std::string file;  // relative where possible
  std::string message;
};

struct Review {
  std::filesystem::path root;
  std::vector<ReviewedFinding> findings;  // sorted by core::FindingLess
  std::vector<Problem> problems;
  ReviewSummary summary;
  std::vector<std::string> notes;  // how the run went: duplicate compile entries, cache trouble
  std::vector<RuleMetadata> rules;  // every rule the run could report, for SARIF's rule list
  std::vector<SuppressedFinding> suppressed = {};  // sorted like `findings`
  std::optional<BaselineOutcome> baseline = {};     // set when the run used --baseline
};

// Relativizes paths against `root`, sorts, drops exact duplicates and fingerprints each finding.
// Identical code flagged twice in one file gets distinct fingerprints by its ordinal.
Review BuildReview(const std::filesystem::path& root, std::vector<core::Finding> findings,
                   std::vector<Problem> problems, ReviewSummary summary);

// True when some finding has severity >= `threshold`.
bool HasFindingAtOrAbove(const Review& review, core::Severity threshold);

}  // namespace nova::reviewer
