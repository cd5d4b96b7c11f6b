// Review builder: a Review limited to a pull request's changed lines, as the JSON body of
// GitHub's "create a review" endpoint. Inline comments sit only on added lines (always inside a
// diff hunk, so GitHub cannot reject one with 422), each ends with a hidden fingerprint marker,
// and a fix whose edits stay within the commented lines becomes a suggestion block. Pure
// functions over values (file content comes through the caller's reader); thread-safe.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nova-core/git/diff.h"
#include "nova-core/result.h"
#include "reviewer/review.h"

namespace nova::github {

struct ReviewBuildOptions {
  std::string commit_id;  // the head commit the comments refer to
  int max_comments = 25;  // Default: 25 inline comments; the rest are counted in the body
  // Files the analysis had to leave out (time limit, parse failures): named in the body, and
  // their absence means a posted comment cannot be called fixed.
  std::vector<std::string> skipped = {};
};

// Reads a file's content at the head commit by its path relative to the repository root.
using ContentReader = std::function<core::Result<std::string>(const std::string& relative_path)>;

// {"commit_id", "event": "COMMENT", "body", "comments": [{"path", "line", "side": "RIGHT",
// "start_line"?, "start_side"?, "body"}]}. `review.root` must be the repository root, so that
// each finding's relative_file is the path GitHub knows. Findings on no added line are left out.
nlohmann::json BuildGitHubReview(const reviewer::Review& review,
                                 const core::git::ChangedLines& changed, const ContentReader& read,
                                 const ReviewBuildOptions& options);

// The hidden marker ending each inline comment: "<!-- nova:fingerprint=FP -->".
std::string FingerprintMarker(std::string_view fingerprint);
// The fingerprint in a comment body's marker, "" when it has none.
std::string MarkerFingerprint(std::string_view body);

// The marker of a reply that says a finding was fixed: "<!-- nova:fixed=FP -->".
std::string FixedMarker(std::string_view fingerprint);
std::string FixedMarkerFingerprint(std::string_view body);

// What the review body records for the poster: the fingerprints of every finding on the changed
// lines (inline or not), and whether the analysis was complete.
struct ReviewRecord {
  std::set<std::string> fingerprints;
  bool complete = true;
};
ReviewRecord ReadReviewRecord(std::string_view review_body);

// The suggested replacement of lines [first, last] (1-based, inclusive) of `content` once
// `edits` (all in this file) are applied, or nullopt when an edit reaches outside those lines
// or joins the last line with the next. Empty text deletes the lines.
std::optional<std::string> SuggestionFor(std::string_view content, int first, int last,
                                         const std::vector<core::Edit>& edits);

}  // namespace nova::github
