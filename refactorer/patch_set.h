// PatchSet planning: turns fixable findings into sets of non-overlapping edits, one set per
// rule. The same edit reported by several translation units is applied once; an edit that
// overlaps another is deferred with a reason, never applied together. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nova-core/finding.h"

namespace nova::refactorer {

struct PatchSet {
  std::string rule;
  std::vector<core::Finding> findings;  // the findings this set fixes, in file order
  std::vector<core::Edit> edits;        // sorted by file then offset, never overlapping
};

struct DeferredFinding {
  core::Finding finding;
  std::string reason;
};

struct PatchPlan {
  std::vector<PatchSet> sets;             // sorted by rule
  std::vector<DeferredFinding> deferred;  // findings whose fix could not join a set
};

PatchPlan PlanPatchSets(const std::vector<core::Finding>& findings);

}  // namespace nova::refactorer
