#include "refactorer/fix_pipeline.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "analyzers/path_filter.h"
#include "refactorer/rename.h"
#include "refactorer/reparse_proof.h"

namespace nova::refactorer {
namespace {

PlanOptions PlanOptionsOf(const core::FixSettings& settings, const std::filesystem::path& root) {
  PlanOptions plan;
  plan.protected_globs = settings.protected_paths;
  plan.root = root;
  plan.rules_merging_protected = settings.merge_protected;
  plan.max_files = settings.max_files;
  plan.max_edits = settings.max_edits;
  plan.split_by_directory = settings.split_by_directory;
  plan.max_rounds = settings.max_rounds;
  return plan;
}

// Why a set touching test or build files must wait for a person, or "" when it need not.
std::string HoldReason(const PatchSet& set, const std::vector<FileChange>& changes,
                       const core::FixSettings& settings) {
  const std::vector<std::string> touched = ProtectedFiles(changes, settings.protected_paths);
  if (touched.empty()) return "";
  const auto& allowed = settings.merge_protected;
  if (std::find(allowed.begin(), allowed.end(), set.rule) != allowed.end()) return "";
  std::string files;
  for (const std::string& file : touched) files += (files.empty() ? "" : ", ") + file;
  return "it edits test or build files (" + files + "), which fix.merge_protected does not allow " +
         set.rule + " to merge";
}

// The branch a dry run would write, with its diff, and nothing written.
core::Result<PatchBranch> DescribeBranch(const core::git::Repository& repo,
                                         const core::git::ObjectId& base, const PatchSet& set,
                                         const std::vector<FileChange>& changes) {
  PatchBranch branch;
  branch.rule = set.rule;
  branch.branch = PatchBranchName(base, set, repo.Workdir());
  branch.findings = static_cast<int>(set.findings.size());
  for (const FileChange& change : changes) {
    branch.files.push_back(change.relative);
    NOVA_ASSIGN_OR_RETURN(std::string diff, core::git::Repository::UnifiedDiff(
                                                change.relative, change.before, change.after));
    branch.diff += diff;
  }
  return branch;
}

// The base's .clang-format when the project has one and formatting is on, else "".
core::Result<std::string> FormatStyle(const core::git::Repository& repo,
                                      const core::git::ObjectId& base,
                                      const FixPipelineOptions& options) {
  if (options.formatter == nullptr || !options.settings.format) return std::string();
  auto style = repo.ReadFileAt(base, ".clang-format");
  if (style.status().code() == core::StatusCode::kNotFound) return std::string();
  return style;
}

// Formats the lines each change touched; a file the formatter fails on stays as the edits left
// it, with a note.
void FormatTouchedLines(LineFormatter& formatter, const std::string& style,
                        std::vector<FileChange>& changes, std::vector<std::string>& notes) {
  for (FileChange& change : changes) {
    if (change.touched_lines.empty()) continue;
    auto formatted = formatter.Format(style, change.after, change.relative, change.touched_lines);
    if (!formatted.ok()) {
      notes.push_back(change.relative + ": not formatted: " + formatted.status().message());
      continue;
    }
    change.after = std::move(*formatted);
  }
}

// The rename a finding asks for in its details, or nullopt.
std::optional<RenameRequest> RenameRequestOf(const core::Finding& finding) {
  if (!finding.fix.empty() || finding.details.empty()) return std::nullopt;
  const nlohmann::json details = nlohmann::json::parse(finding.details, nullptr, false);
  if (!details.is_object() || !details.contains(kRenameDetailsKey)) return std::nullopt;
  const nlohmann::json& rename = details[kRenameDetailsKey];
  for (const char* key : {"usr", "old_name", "new_name"}) {
    if (!rename.is_object() || !rename.contains(key) || !rename[key].is_string())
      return std::nullopt;
  }
  return RenameRequest{rename["usr"].get<std::string>(), rename["old_name"].get<std::string>(),
                       rename["new_name"].get<std::string>()};
}

// `findings` with every rename request turned into its edits; refused ones go to `deferred`.
core::Result<std::vector<core::Finding>> ResolveRenames(std::vector<core::Finding> findings,
                                                        const core::git::Repository& repo,
                                                        const FixPipelineOptions& options,
                                                        std::vector<DeferredFinding>& deferred) {
  std::vector<RenameRequest> requests;
  std::vector<std::size_t> requested;  // index in `findings` of each request
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (std::optional<RenameRequest> request = RenameRequestOf(findings[i])) {
      requests.push_back(std::move(*request));
      requested.push_back(i);
    }
  }
  if (requests.empty()) return findings;
  if (options.hooks.Cancelled()) return options.hooks.CancelReason();
  options.hooks.Progress("rename: " + std::to_string(requests.size()) + " names");
  NOVA_ASSIGN_OR_RETURN(std::vector<core::Result<RenamePlan>> plans,
                        PlanRenames(options.units, options.base_overlay, repo.Workdir(), requests,
                                    options.jobs, options.hooks));
  std::vector<bool> dropped(findings.size(), false);
  for (std::size_t k = 0; k < requests.size(); ++k) {
    core::Finding& finding = findings[requested[k]];
    core::Result<RenamePlan>& plan = plans[k];
    std::string why;
    if (!plan.ok()) {
      why = plan.status().message();
    } else if (!plan->refused.empty() || plan->edits.empty()) {
      why = plan->refused.empty() ? "no occurrence found" : plan->refused;
    }
    if (!why.empty()) {
      deferred.push_back({finding, "rename not proposed: " + why, false});
      dropped[requested[k]] = true;
      continue;
    }
    finding.fix = std::move(plan->edits);
  }
  std::vector<core::Finding> out;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!dropped[i]) out.push_back(std::move(findings[i]));
  }
  return out;
}

// Why Nova cannot patch `file` at `base`, or "" when it can: a file outside the repository, or
// one not in the base commit's tree (a submodule's, an untracked or an ignored file).
std::string WhyNotPatchable(const core::git::Repository& repo, const core::git::ObjectId& base,
                            const std::string& file) {
  const std::filesystem::path& root = repo.Workdir();
  const std::string relative = std::filesystem::path(file).lexically_relative(root).generic_string();
  if (relative.empty() || relative.starts_with("..")) {
    return file + " is outside the repository " + root.string();
  }
  const auto held = repo.HasPathAt(base, relative);
  if (!held.ok() || *held) return "";  // other errors surface where the file is read
  return relative + " is not in the repository at " + base.substr(0, 12) +
         " (a submodule's, an untracked or an ignored file): Nova patches only tracked files";
}

// The findings whose fix touches only files Nova can patch; the others are deferred with the
// reason, so one vendored or untracked file does not stop every other set.
std::vector<core::Finding> WithoutUnpatchableFiles(const core::git::Repository& repo,
                                                   const core::git::ObjectId& base,
                                                   std::vector<core::Finding> findings,
                                                   std::vector<DeferredFinding>& deferred) {
  std::map<std::string, std::string> why_not;  // edited file -> reason; "" = patchable
  std::vector<core::Finding> out;
  for (core::Finding& finding : findings) {
    std::string reason;
    for (const core::Edit& edit : finding.fix) {
      auto [it, inserted] = why_not.try_emplace(edit.file);
      if (inserted) it->second = WhyNotPatchable(repo, base, edit.file);
      if (!it->second.empty()) {
        reason = it->second;
        break;
      }
    }
    if (reason.empty()) {
      out.push_back(std::move(finding));
    } else {
      deferred.push_back({std::move(finding), "not patched: " + reason, false});
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> ProtectedFiles(const std::vector<FileChange>& changes,
                                        const std::vector<std::string>& globs) {
  std::vector<std::string> out;
  for (const FileChange& change : changes) {
    if (analyzers::MatchesAnyGlob(globs, change.relative)) out.push_back(change.relative);
  }
  std::sort(out.begin(), out.end());
  return out;
}

core::Result<FixPipelineResult> RunFixPipeline(const core::git::Repository& repo,
                                               const core::git::ObjectId& base,
                                               const std::vector<core::Finding>& findings,
                                               const FixPipelineOptions& options) {
  FixPipelineResult result;
  std::vector<DeferredFinding> refused_renames;
  NOVA_ASSIGN_OR_RETURN(std::vector<core::Finding> fixable,
                        ResolveRenames(findings, repo, options, refused_renames));
  std::vector<DeferredFinding> unpatchable;
  fixable = WithoutUnpatchableFiles(repo, base, WithCanonicalPaths(std::move(fixable)), unpatchable);
  const PatchPlan plan =
      PlanPatchSets(std::move(fixable), PlanOptionsOf(options.settings, repo.Workdir()));
  result.deferred = plan.deferred;
  result.deferred.insert(result.deferred.end(), unpatchable.begin(), unpatchable.end());
  result.deferred.insert(result.deferred.end(), refused_renames.begin(), refused_renames.end());
  ReparseProver prover(options.units, options.base_overlay, options.hooks, options.jobs);
  const core::git::Signature author{options.settings.author_name, options.settings.author_email};
  NOVA_ASSIGN_OR_RETURN(const std::string style, FormatStyle(repo, base, options));
  for (const PatchSet& set : plan.sets) {
    auto changes = ComputeFileChanges(repo, base, set);
    if (!changes.ok()) return changes.status().WithContext("patch set for " + set.rule);
    if (!style.empty()) FormatTouchedLines(*options.formatter, style, *changes, result.notes);
    if (options.settings.reparse_proof) {
      auto proof = prover.Prove(PatchedByPath(*changes));
      if (!proof.ok()) return proof.status().WithContext("reparse proof for " + set.rule);
      for (const std::string& unit : proof->unproven) {
        const std::string note = unit + ": its base does not parse, so it proves no patch";
        if (std::find(result.notes.begin(), result.notes.end(), note) == result.notes.end()) {
          result.notes.push_back(note);
        }
      }
      if (!proof->passed) {
        DroppedPatch dropped{set.rule,
                             PatchBranchName(base, set, repo.Workdir()),
                             {},
                             static_cast<int>(set.findings.size()),
                             proof->diagnostic,
                             proof->unit};
        for (const FileChange& change : *changes) dropped.files.push_back(change.relative);
        result.dropped.push_back(std::move(dropped));
        continue;
      }
    }
    auto branch = options.dry_run ? DescribeBranch(repo, base, set, *changes)
                                  : WritePatchBranch(repo, base, set, *changes, author);
    if (!branch.ok()) return branch.status().WithContext("patch set for " + set.rule);
    branch->hold = HoldReason(set, *changes, options.settings);
    result.branches.push_back(std::move(*branch));
  }
  return result;
}

}  // namespace nova::refactorer
