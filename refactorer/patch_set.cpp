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

// Why `edit` cannot join the plan beside the edits already accepted for the rule and those
// taken so far from its own finding; empty when it can. Kept apart so the planning loop reads
// as policy.
std::string EditConflict(const core::Edit& edit, const std::set<core::Edit>& accepted,
                         const std::vector<core::Edit>& fresh) {
  for (const core::Edit& other : accepted) {
    if (Overlaps(edit, other)) {
      return "its edit at " + edit.file + " offset " + std::to_string(edit.offset) +
             " overlaps an edit of an earlier finding";
    }
  }
  for (const core::Edit& other : fresh) {
    if (Overlaps(edit, other)) {
      return "its own edits overlap at " + edit.file + " offset " + std::to_string(edit.offset);
    }
  }
  return "";
}

// The edits a finding adds to its rule's set, or why it must be deferred.
struct NewEdits {
  std::vector<core::Edit> edits;
  std::string conflict;  // empty when every edit fits
};

// Collects `finding`'s edits not already accepted (another translation unit may have reported
// the same finding), stopping at the first conflict.
NewEdits CollectNewEdits(const core::Finding& finding, const std::set<core::Edit>& accepted) {
  NewEdits result;
  for (const core::Edit& edit : finding.fix) {
    if (accepted.contains(edit)) continue;
    result.conflict = EditConflict(edit, accepted, result.edits);
    if (!result.conflict.empty()) break;
    result.edits.push_back(edit);
  }
  return result;
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

    NewEdits fresh = CollectNewEdits(finding, accepted);
    if (!fresh.conflict.empty()) {
      plan.deferred.push_back({finding, fresh.conflict});
      continue;
    }
    accepted.insert(fresh.edits.begin(), fresh.edits.end());
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
