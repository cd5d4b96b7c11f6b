// PatchSet planning: turns fixable findings into sets of non-overlapping edits, per rule. The same
// edit reported by several translation units is applied once; an edit that overlaps another is
// never applied with it: its finding moves to a later set of the same rule (the plan says which
// and why). Edits of protected (test or build) files get sets of their own, so a set a person must
// review never holds back the rest. Sets are split by directory and by size when asked. Pure.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "nova-core/finding.h"

namespace nova::refactorer {

struct PatchSet {
  std::string rule;
  std::vector<core::Finding> findings;  // the findings this set fixes, in file order
  std::vector<core::Edit> edits;        // sorted by file then offset, never overlapping
  // 0 for a rule's first set; n for the set holding findings deferred n times by overlaps.
  int round = 0;
  std::string directory = {};  // the findings' directory when split by directory, else ""
  // True when the set edits a file matching PlanOptions::protected_globs: such a set holds only
  // findings that do, so the rest of the rule's fixes land without waiting for a person.
  bool protected_files = false;
};

struct DeferredFinding {
  core::Finding finding;
  std::string reason;
  bool in_later_set = false;  // true: fixed by a later set of its rule; false: not fixed at all
};

struct PatchPlan {
  // Sorted by rule, then round, then unprotected before protected, then directory and part.
  std::vector<PatchSet> sets;
  std::vector<DeferredFinding> deferred;  // findings whose fix could not join a rule's first set
};

struct PlanOptions {
  // Findings are added to a set while it touches at most this many files and holds at most this
  // many edits (a single finding above either bound gets a set of its own). 0: no bound.
  // Default: 0 (one set per rule and round)
  int max_files = 0;
  int max_edits = 0;
  // One set per directory of the findings' files. Default: false
  bool split_by_directory = false;
  // Later sets made for findings deferred by overlaps, per rule; what overlaps after them stays
  // deferred. Default: 3
  int max_rounds = 3;
  // Globs (analyzers::GlobMatch, on paths relative to `root`) of test and build files: a finding
  // with an edit in such a file goes to a protected set of its own. Default: none
  std::vector<std::string> protected_globs = {};
  std::filesystem::path root = {};  // what the globs are relative to. Default: none (as given)
  // Rules that may merge protected edits (fix.merge_protected): their sets are not split by
  // protection, since nothing holds them. Default: none
  std::vector<std::string> rules_merging_protected = {};
};

PatchPlan PlanPatchSets(const std::vector<core::Finding>& findings,
                        const PlanOptions& options = {});

// `findings` with every finding's and edit's file replaced by its realpath (as far as it exists),
// so a header reached through a symlink or "../" is one file. Reads the filesystem.
std::vector<core::Finding> WithCanonicalPaths(std::vector<core::Finding> findings);

}  // namespace nova::refactorer
