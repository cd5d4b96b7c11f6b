#include "refactorer/patch_set.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "analyzers/path_filter.h"

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
                         const std::vector<core::Edit>& fresh, bool& own) {
  for (const core::Edit& other : fresh) {
    if (Overlaps(edit, other)) {
      own = true;
      return "its own edits overlap at " + edit.file + " offset " + std::to_string(edit.offset);
    }
  }
  for (const core::Edit& other : accepted) {
    if (Overlaps(edit, other)) {
      return "its edit at " + edit.file + " offset " + std::to_string(edit.offset) +
             " overlaps an edit of an earlier finding";
    }
  }
  return "";
}

// The edits a finding adds to its rule's set, or why it must be deferred.
struct NewEdits {
  std::vector<core::Edit> edits;
  std::string conflict;  // empty when every edit fits
  bool own = false;      // the finding's own edits overlap: no later set can take it either
};

// Collects `finding`'s edits not already accepted (another translation unit may have reported
// the same finding), stopping at the first conflict.
NewEdits CollectNewEdits(const core::Finding& finding, const std::set<core::Edit>& accepted) {
  NewEdits result;
  for (const core::Edit& edit : finding.fix) {
    if (accepted.contains(edit)) continue;
    result.conflict = EditConflict(edit, accepted, result.edits, result.own);
    if (!result.conflict.empty()) break;
    result.edits.push_back(edit);
  }
  return result;
}

bool SameFinding(const core::Finding& a, const core::Finding& b) {
  return a.rule == b.rule && a.file == b.file && a.line == b.line && a.column == b.column &&
         a.message == b.message && a.fix == b.fix;
}

// A finding is listed once, with the outcome of its last try: a later round that cannot take it
// either replaces the reason its first deferral gave.
void RecordDeferral(DeferredFinding deferral, std::vector<DeferredFinding>& deferred) {
  for (DeferredFinding& d : deferred) {
    if (SameFinding(d.finding, deferral.finding)) {
      d = std::move(deferral);
      return;
    }
  }
  deferred.push_back(std::move(deferral));
}

// One round: the findings of one rule that fit together, with their edits.
struct Round {
  std::vector<core::Finding> findings;
  std::vector<std::vector<core::Edit>> new_edits;  // per finding, the edits it added
};

// Fills `round` from `candidates` (sorted) and returns the findings that overlap it.
std::vector<core::Finding> FillRound(const std::vector<core::Finding>& candidates, int round_index,
                                     bool last_round, Round& round, PatchPlan& plan) {
  std::set<core::Edit> accepted;
  std::vector<core::Finding> overlapping;
  for (const core::Finding& finding : candidates) {
    NewEdits fresh = CollectNewEdits(finding, accepted);
    if (fresh.conflict.empty()) {
      accepted.insert(fresh.edits.begin(), fresh.edits.end());
      round.findings.push_back(finding);
      round.new_edits.push_back(std::move(fresh.edits));
      continue;
    }
    const bool later = !fresh.own && !last_round;
    if (round_index == 0 || !later) {
      std::string reason = fresh.conflict;
      if (later) {
        reason += "; fixed in a separate patch set";
      } else if (!fresh.own) {
        reason += "; overlapped again in every later set (fix.max_rounds)";
      }
      RecordDeferral({finding, reason, later}, plan.deferred);
    }
    if (later) overlapping.push_back(finding);
  }
  return overlapping;
}

std::string DirectoryOf(const core::Finding& finding) {
  return std::filesystem::path(finding.file).parent_path().string();
}

// Whether any of `edits` touches a file that options.protected_globs match.
bool EditsProtectedFile(const std::vector<core::Edit>& edits, const PlanOptions& options) {
  for (const core::Edit& edit : edits) {
    const std::filesystem::path file(edit.file);
    const std::string relative = options.root.empty()
                                     ? file.generic_string()
                                     : file.lexically_relative(options.root).generic_string();
    if (analyzers::MatchesAnyGlob(options.protected_globs, relative)) return true;
  }
  return false;
}

// Splits one round into sets by protection, by directory, then by size.
void SplitRound(const std::string& rule, int round_index, const Round& round,
                const PlanOptions& options, std::vector<PatchSet>& out) {
  // (protected, directory) -> finding indexes; unprotected sets come first.
  std::map<std::pair<bool, std::string>, std::vector<std::size_t>> groups;
  const auto& merging = options.rules_merging_protected;
  const bool split = std::find(merging.begin(), merging.end(), rule) == merging.end();
  for (std::size_t i = 0; i < round.findings.size(); ++i) {
    const bool guarded = split && EditsProtectedFile(round.new_edits[i], options);
    groups[{guarded, options.split_by_directory ? DirectoryOf(round.findings[i]) : ""}].push_back(
        i);
  }
  for (const auto& [key, indexes] : groups) {
    const auto& [guarded, directory] = key;
    PatchSet set;
    std::set<std::string> files;
    std::set<core::Edit> edits;
    auto flush = [&] {
      if (set.findings.empty()) return;
      set.edits.assign(edits.begin(), edits.end());
      out.push_back(std::move(set));
      set = PatchSet{};
      files.clear();
      edits.clear();
    };
    for (std::size_t i : indexes) {
      std::set<std::string> more_files = files;
      for (const core::Edit& edit : round.new_edits[i]) more_files.insert(edit.file);
      const std::size_t more_edits = edits.size() + round.new_edits[i].size();
      const bool too_many =
          (options.max_files > 0 &&
           more_files.size() > static_cast<std::size_t>(options.max_files)) ||
          (options.max_edits > 0 && more_edits > static_cast<std::size_t>(options.max_edits));
      if (too_many) flush();
      set.rule = rule;
      set.round = round_index;
      set.directory = directory;
      set.protected_files = guarded;
      set.findings.push_back(round.findings[i]);
      for (const core::Edit& edit : round.new_edits[i]) {
        files.insert(edit.file);
        edits.insert(edit);
      }
    }
    flush();
  }
}

}  // namespace

PatchPlan PlanPatchSets(const std::vector<core::Finding>& findings, const PlanOptions& options) {
  std::map<std::string, std::vector<core::Finding>> by_rule;
  for (const core::Finding& f : findings) {
    if (!f.fix.empty()) by_rule[f.rule].push_back(f);
  }
  PatchPlan plan;
  for (auto& [rule, candidates] : by_rule) {
    std::sort(candidates.begin(), candidates.end(), core::FindingLess);
    const int rounds = 1 + std::max(0, options.max_rounds);
    for (int r = 0; r < rounds && !candidates.empty(); ++r) {
      Round round;
      candidates = FillRound(candidates, r, r + 1 == rounds, round, plan);
      SplitRound(rule, r, round, options, plan.sets);
    }
  }
  return plan;
}

std::vector<core::Finding> WithCanonicalPaths(std::vector<core::Finding> findings) {
  auto canonical = [](std::string& path) {
    std::error_code ec;
    std::filesystem::path real = std::filesystem::weakly_canonical(path, ec);
    if (!ec) path = real.string();
  };
  for (core::Finding& finding : findings) {
    canonical(finding.file);
    for (core::Edit& edit : finding.fix) canonical(edit.file);
  }
  return findings;
}

}  // namespace nova::refactorer
