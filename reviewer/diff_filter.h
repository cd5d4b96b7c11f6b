// Diff filter: narrows a Review to the findings on lines a change added, for diff-only review
// ("what did this branch introduce?"). Pure functions over values; thread-safe. Paths in
// core::git::ChangedLines are relative to the repository root, not to the reviewed directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "nova-core/git/diff.h"
#include "reviewer/review.h"

namespace nova::reviewer {

// Keeps the findings whose lines [line, end_line] meet an added line of their file, and
// recomputes summary.findings. Problems are all kept: a broken input matters whatever changed.
// `review.root` may be `repo_root` or any directory below it; findings outside the repository
// are dropped. Fingerprints are left as they were.
Review FilterToChangedLines(Review review, const core::git::ChangedLines& changed,
                            const std::filesystem::path& repo_root);

// The files with added lines as absolute paths (`repo_root` joined with each), sorted.
std::vector<std::string> ChangedAbsolutePaths(const core::git::ChangedLines& changed,
                                              const std::filesystem::path& repo_root);

}  // namespace nova::reviewer
