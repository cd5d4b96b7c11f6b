// Blackboard slot names and the value types they hold, shared by every agent of a run, with
// the digest of each type (core::SlotTraits). One place, so a consumer and its producer cannot
// disagree on a name or a type.
#pragma once

#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/compile_db_locator.h"
#include "apps/agents/model_agents.h"
#include "nova-core/blackboard.h"
#include "refactorer/branch_writer.h"
#include "refactorer/fix_pipeline.h"
#include "refactorer/patch_set.h"
#include "reviewer/review.h"
#include "sandbox/gatekeeper.h"

namespace nova::app {

inline constexpr char kCompileDbSlot[] = "compile_db";  // analyzers::CompileDbLocation
inline constexpr char kAnalysisSlot[] = "analysis";     // analyzers::AnalysisResult
inline constexpr char kAnalysisMsSlot[] = "analysis_ms";  // long long: analyzer wall time
inline constexpr char kReviewSlot[] = "review";         // reviewer::Review
inline constexpr char kPatchesSlot[] = "patches";       // PatchBranches
inline constexpr char kSandboxSlot[] = "sandbox";       // std::string: the mode proven usable
inline constexpr char kVerdictsSlot[] = "verdicts";     // sandbox::VerificationReport
inline constexpr char kGateSlot[] = "gate";             // sandbox::GateReport
inline constexpr char kReportSlot[] = "report";         // ReportFiles (reporter_agent.h)
inline constexpr char kModelReviewSlot[] = "model_review";  // ModelOutput: model-review comments
inline constexpr char kModelFixesSlot[] = "model_fixes";    // ModelOutput: model-written fixes

struct PatchBranches {
  std::vector<refactorer::PatchBranch> branches;
  std::vector<refactorer::DeferredFinding> deferred;
  std::vector<refactorer::DroppedPatch> dropped = {};  // failed the reparse proof
  bool dry_run = false;  // branches were only described, with their diffs
  std::vector<std::string> notes = {};  // e.g. a file clang-format could not format
};

}  // namespace nova::app

namespace nova::core {

template <>
struct SlotTraits<analyzers::CompileDbLocation> {
  static SlotSummary Summarize(const analyzers::CompileDbLocation& value);
};
template <>
struct SlotTraits<analyzers::AnalysisResult> {
  static SlotSummary Summarize(const analyzers::AnalysisResult& value);
};
template <>
struct SlotTraits<reviewer::Review> {
  static SlotSummary Summarize(const reviewer::Review& value);
};
template <>
struct SlotTraits<app::PatchBranches> {
  static SlotSummary Summarize(const app::PatchBranches& value);
};
template <>
struct SlotTraits<sandbox::VerificationReport> {
  static SlotSummary Summarize(const sandbox::VerificationReport& value);
};
template <>
struct SlotTraits<app::ModelOutput> {
  static SlotSummary Summarize(const app::ModelOutput& value);
};
template <>
struct SlotTraits<sandbox::GateReport> {
  static SlotSummary Summarize(const sandbox::GateReport& value);
};

}  // namespace nova::core
