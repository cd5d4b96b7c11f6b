// Review: the findings of one run as the user sees them, relative to the reviewed directory,
// each with a fingerprint that survives line shifts, plus the run's summary and the problems
// (skipped or broken inputs) that must never be lost. A plain value; build it with BuildReview.
#pragma once

#include <filesystem>
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
};

// Relativizes paths against `root`, sorts, drops exact duplicates and fingerprints each finding.
// Identical code flagged twice in one file gets distinct fingerprints by its ordinal.
Review BuildReview(const std::filesystem::path& root, std::vector<core::Finding> findings,
                   std::vector<Problem> problems, ReviewSummary summary);

// True when some finding has severity >= `threshold`.
bool HasFindingAtOrAbove(const Review& review, core::Severity threshold);

}  // namespace nova::reviewer
