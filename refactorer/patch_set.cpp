#include "refactorer/patch_set.h"

#include <algorithm>
#include <map>
#include <set>

namespace nova::refactorer {
namespace {

bool Overlaps(const core::Edit& a, const core::Edit& b) {
  if (a.file != b.file) return false;
  // Two insertions at the same offset conflict too: their order would be arbitrary.
  if (a.offset == b.offset) return true;
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

}  // namespace

PatchPlan PlanPatchSets(const std::vector<core::Finding>& findings) {
  std::vector<core::Finding> fixable;
  for (const core::Finding& f : findings) {
    if (!f.fix.empty()) fixable.push_back(f);
  }
  std::sort(fixable.begin(), fixable.end(), core::FindingLess);

  PatchPlan plan;
  std::map<std::string, PatchSet> by_rule;
  std::map<std::string, std::set<core::Edit>> accepted_edits;  // per rule
  for (const core::Finding& finding : fixable) {
    PatchSet& set = by_rule[finding.rule];
    set.rule = finding.rule;
    std::set<core::Edit>& accepted = accepted_edits[finding.rule];

    std::vector<core::Edit> fresh;
    std::string conflict;
    for (const core::Edit& edit : finding.fix) {
      if (accepted.contains(edit)) continue;  // reported again by another translation unit
      for (const core::Edit& other : accepted) {
        if (Overlaps(edit, other)) {
          conflict = "its edit at " + edit.file + " offset " + std::to_string(edit.offset) +
                     " overlaps an edit of an earlier finding";
          break;
        }
      }
      for (const core::Edit& other : fresh) {
        if (conflict.empty() && Overlaps(edit, other)) {
          conflict = "its own edits overlap at " + edit.file + " offset " +
                     std::to_string(edit.offset);
        }
      }
      if (!conflict.empty()) break;
      fresh.push_back(edit);
    }
    if (!conflict.empty()) {
      plan.deferred.push_back({finding, conflict});
      continue;
    }
    accepted.insert(fresh.begin(), fresh.end());
    set.findings.push_back(finding);
  }
  for (auto& [rule, set] : by_rule) {
    if (set.findings.empty()) continue;
    set.edits.assign(accepted_edits[rule].begin(), accepted_edits[rule].end());
    plan.sets.push_back(std::move(set));
  }
  return plan;
}

}  // namespace nova::refactorer
