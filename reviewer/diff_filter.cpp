#include "reviewer/diff_filter.h"

#include <algorithm>
#include <optional>
#include <system_error>
#include <utility>

namespace nova::reviewer {
namespace {

namespace fs = std::filesystem;

// `path` relative to `root` ("." when equal), or nullopt when it lies outside.
std::optional<fs::path> Within(const fs::path& path, const fs::path& root) {
  const fs::path relative = path.lexically_normal().lexically_relative(root.lexically_normal());
  if (relative.empty() || *relative.begin() == "..") return std::nullopt;
  return relative;
}

// Where the reviewed directory sits inside the repository. Lexical first; the canonical
// spellings settle symlinked or relative roots (e.g. /tmp vs /private/tmp).
std::optional<fs::path> ReviewRootInRepo(const fs::path& review_root, const fs::path& repo_root) {
  if (auto lexical = Within(review_root, repo_root)) return lexical;
  std::error_code review_ec;
  std::error_code repo_ec;
  const fs::path canonical_review = fs::weakly_canonical(review_root, review_ec);
  const fs::path canonical_repo = fs::weakly_canonical(repo_root, repo_ec);
  if (review_ec || repo_ec) return std::nullopt;
  return Within(canonical_review, canonical_repo);
}

// The finding's file relative to the repository root, '/'-separated; nullopt when outside.
std::optional<std::string> RepoRelative(const ReviewedFinding& reviewed,
                                        const std::optional<fs::path>& review_in_repo,
                                        const fs::path& repo_root) {
  const fs::path file(reviewed.relative_file);
  // BuildReview leaves files outside the reviewed directory absolute.
  if (file.is_absolute()) {
    auto relative = Within(file, repo_root);
    if (!relative) return std::nullopt;
    return relative->generic_string();
  }
  if (!review_in_repo) return std::nullopt;
  return (*review_in_repo / file).lexically_normal().generic_string();
}

}  // namespace

Review FilterToChangedLines(Review review, const core::git::ChangedLines& changed,
                            const std::filesystem::path& repo_root) {
  const std::optional<fs::path> review_in_repo = ReviewRootInRepo(review.root, repo_root);
  std::vector<ReviewedFinding> kept;
  for (ReviewedFinding& reviewed : review.findings) {
    const std::optional<std::string> file = RepoRelative(reviewed, review_in_repo, repo_root);
    if (!file) continue;
    const int first = reviewed.finding.line;
    const int last = std::max(reviewed.finding.end_line, first);  // end_line 0: unset
    if (changed.Intersects(*file, first, last)) kept.push_back(std::move(reviewed));
  }
  review.findings = std::move(kept);
  review.summary.findings = static_cast<int>(review.findings.size());
  return review;
}

std::vector<std::string> ChangedAbsolutePaths(const core::git::ChangedLines& changed,
                                              const std::filesystem::path& repo_root) {
  std::vector<std::string> paths;
  for (const std::string& file : changed.Files()) {
    paths.push_back((repo_root / fs::path(file)).lexically_normal().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace nova::reviewer
