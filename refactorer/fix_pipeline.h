// FixPipeline: the refactorer's whole job for one run. Plans patch sets from fixable findings,
// computes each set's files at the base, proves each compiles by reparsing (a set that adds a
// diagnostic is dropped, costing no sandbox run), marks sets touching test or build files as
// never to be merged, turns rename requests into edits across every unit, formats the touched lines
// in the project's style, and writes each as a branch, or in a dry run only renders its diff. Not
// thread-safe (uses a Repository and a libclang index).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analyzers/libclang/compile_db.h"
#include "nova-core/config.h"
#include "nova-core/git/repository.h"
#include "nova-core/work_hooks.h"
#include "refactorer/branch_writer.h"
#include "refactorer/line_formatter.h"
#include "refactorer/patch_set.h"

namespace nova::refactorer {

struct FixPipelineOptions {
  core::FixSettings settings = {};
  // The compile database's units, for the reparse proof (skipped when settings.reparse_proof is
  // false) and for renames. Default: none.
  std::vector<analyzers::libclang::CompileCommand> units = {};
  // Absolute path -> base content, where the working tree differs from the base.
  std::map<std::string, std::string> base_overlay = {};
  bool dry_run = false;  // render diffs, write no object and no branch
  // Formats the touched lines of each patched file when the base commit has a .clang-format at
  // the repository root and settings.format is true. Not owned; null: no formatting.
  LineFormatter* formatter = nullptr;
  // Cancellation and progress for the reparse proof. Default: none.
  core::WorkHooks hooks = {};
  // Parses the reparse proof and renames run at once; 0: one per hardware thread. Default: 1
  int jobs = 1;
};

// A set whose reparse proof failed: never written, never verified.
struct DroppedPatch {
  std::string rule;
  std::string branch;              // the name it would have had
  std::vector<std::string> files;  // relative
  int findings = 0;
  std::string diagnostic;  // "file:line:col: error: ..."
  std::string unit;        // the translation unit that showed it
};

struct FixPipelineResult {
  std::vector<PatchBranch> branches;  // written (or, in a dry run, described with their diff)
  std::vector<DeferredFinding> deferred;
  std::vector<DroppedPatch> dropped;
  // Remarks that changed no outcome: "src/a.cpp: not formatted: ..." when formatting failed.
  std::vector<std::string> notes = {};
};

// A finding with no fix whose details hold {"rename": {"usr", "old_name", "new_name"}} (e.g.
// naming-consistency, which sees one unit at a time) gets its fix here, from PlanRename over
// every unit; a refused rename becomes a deferred finding with the reason.
inline constexpr char kRenameDetailsKey[] = "rename";

// The relative paths among `changes` matched by any of `globs` (GlobMatch), sorted.
std::vector<std::string> ProtectedFiles(const std::vector<FileChange>& changes,
                                        const std::vector<std::string>& globs);

core::Result<FixPipelineResult> RunFixPipeline(const core::git::Repository& repo,
                                               const core::git::ObjectId& base,
                                               const std::vector<core::Finding>& findings,
                                               const FixPipelineOptions& options);

}  // namespace nova::refactorer
