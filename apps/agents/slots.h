// Blackboard slot names and the value types they hold, shared by every agent of a run.
// One place, so a consumer and its producer cannot disagree on a name or a type.
#pragma once

#include <vector>

#include "analyzers/analyzer.h"
#include "apps/compile_db_locator.h"
#include "refactorer/branch_writer.h"
#include "refactorer/patch_set.h"
#include "reviewer/review.h"
#include "sandbox/gatekeeper.h"

namespace nova::app {

inline constexpr char kCompileDbSlot[] = "compile_db";  // CompileDbLocation
inline constexpr char kAnalysisSlot[] = "analysis";     // analyzers::AnalysisResult
inline constexpr char kAnalysisMsSlot[] = "analysis_ms";  // long long: analyzer wall time
inline constexpr char kReviewSlot[] = "review";         // reviewer::Review
inline constexpr char kPatchesSlot[] = "patches";       // PatchBranches
inline constexpr char kGateSlot[] = "gate";             // sandbox::GateReport

struct PatchBranches {
  std::vector<refactorer::PatchBranch> branches;
  std::vector<refactorer::DeferredFinding> deferred;
};

}  // namespace nova::app
