#include "reviewer/review.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "reviewer/fingerprint.h"
#include "nova-core/paths.h"

namespace nova::reviewer {
namespace {

bool SameFinding(const core::Finding& a, const core::Finding& b) {
  return std::tie(a.rule, a.file, a.line, a.column, a.message) ==
         std::tie(b.rule, b.file, b.line, b.column, b.message);
}

}  // namespace

Review BuildReview(const std::filesystem::path& root, std::vector<core::Finding> findings,
                   std::vector<Problem> problems, ReviewSummary summary) {
  std::sort(findings.begin(), findings.end(), core::FindingLess);
  findings.erase(std::unique(findings.begin(), findings.end(), SameFinding), findings.end());

  Review review;
  review.root = root;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, int> ordinals;
  for (core::Finding& finding : findings) {
    ReviewedFinding reviewed;
    reviewed.relative_file = core::PathBelowRoot(finding.file, root);
    const std::string normalized = NormalizeSnippet(finding.snippet);
    int& ordinal = ordinals[{finding.rule, reviewed.relative_file, finding.symbol, normalized}];
    reviewed.fingerprint =
        Fingerprint(finding.rule, reviewed.relative_file, finding.symbol, normalized, ordinal++);
    reviewed.finding = std::move(finding);
    review.findings.push_back(std::move(reviewed));
  }
  for (Problem& problem : problems) problem.file = core::PathBelowRoot(problem.file, root);
  review.problems = std::move(problems);
  review.summary = summary;
  review.summary.findings = static_cast<int>(review.findings.size());
  return review;
}

bool HasFindingAtOrAbove(const Review& review, core::Severity threshold) {
  return std::any_of(review.findings.begin(), review.findings.end(),
                     [&](const ReviewedFinding& f) { return f.finding.severity >= threshold; });
}

}  // namespace nova::reviewer
