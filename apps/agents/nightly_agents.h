// The agents only a nightly run has: the planner ranks patch branches by the hotspot score of the
// files they touch, sets aside those the target holds and selects within max_patches and the
// budget; the publisher prunes stale nova/* branches and, when asked, pushes. Not thread-safe;
// one instance per run.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "apps/agents/base_commit_agent.h"
#include "apps/agents/contract_agent.h"
#include "apps/agents/slots.h"
#include "nova-core/agent.h"
#include "nova-core/git/repository.h"
#include "nova-core/history/run_record.h"
#include "refactorer/branch_pruner.h"

namespace nova::app {

inline constexpr char kNightlyPlanSlot[] = "nightly_plan";  // NightlyPlan
inline constexpr char kPublishSlot[] = "publish";           // PublishResult

// One patch branch of the night and what the planner decided for it.
struct PlannedPatch {
  refactorer::PatchBranch branch;
  double hotspot_score = 0.0;
  // "selected" (handed to the verifier), "already-merged" (the target holds its changes) or
  // "skipped" (over max_patches or the budget), with the reason for the last two.
  std::string state;
  std::string reason = {};
};

struct NightlyPlan {
  std::vector<PlannedPatch> patches;                 // most valuable first
  std::vector<core::history::FileHotspot> hotspots;  // hottest first
};

struct PlannerSettings {
  std::string target;                  // the merge target
  std::filesystem::path reviewed_dir;  // the review's root: hotspot paths are relative to it
  int max_patches = 10;
  std::chrono::steady_clock::time_point budget_end;  // nothing is selected after it
  int budget_s = 3600;                               // for the reason
};

class NightlyPlannerAgent final : public BaseCommitAgent<NightlyPlannerAgent, PlannerSettings> {
 public:
  using BaseCommitAgent::BaseCommitAgent;
  static constexpr std::string_view kName = "nightly-planner";
  static constexpr std::string_view kRole =
      "Ranks the patch branches by hotspot score, sets aside those the target already holds and "
      "hands the verifier the most valuable within nightly.max_patches and the budget.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;
};

struct PublishSettings {
  std::string target;
  std::string push_remote = {};  // empty: no push
  core::git::PushAuth auth = {};
};

struct PublishResult {
  std::vector<refactorer::PrunedBranch> pruned;
  std::vector<std::string> pushed = {};  // refs pushed
  std::string remote = {};               // as named, without credentials
  std::vector<std::string> deleted = {};   // pruned branches deleted on the remote too
  std::vector<std::string> problems = {};  // e.g. the remote kept a pruned branch, and why
};

class PublisherAgent final : public ContractAgent<PublisherAgent> {
 public:
  PublisherAgent(const core::git::Repository& repo, PublishSettings settings)
      : repo_(repo), settings_(std::move(settings)) {}
  static constexpr std::string_view kName = "publisher";
  static constexpr std::string_view kRole =
      "Prunes nova/* patch branches that are merged or no longer proposed and, with --push, "
      "pushes the target and the patch branches to the remote and deletes the pruned ones there.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  void DeletePrunedOnRemote(const core::StepContext& context, PublishResult& result) const;

  const core::git::Repository& repo_;
  PublishSettings settings_;
};

}  // namespace nova::app

namespace nova::core {
template <>
struct SlotTraits<app::NightlyPlan> {
  static SlotSummary Summarize(const app::NightlyPlan& value);
};
template <>
struct SlotTraits<app::PublishResult> {
  static SlotSummary Summarize(const app::PublishResult& value);
};
}  // namespace nova::core
