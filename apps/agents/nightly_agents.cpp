#include "apps/agents/nightly_agents.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

namespace nova::app {
namespace {

namespace fs = std::filesystem;
using core::history::FileHotspot;

int NonEmptyLines(const std::string& text) {
  int lines = 0;
  bool blank = true;
  for (char c : text) {
    if (c == '\n') {
      lines += blank ? 0 : 1;
      blank = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      blank = false;
    }
  }
  return lines + (blank ? 0 : 1);
}

// The hotspot rule's findings (one per scored function) as one entry per file, repository-relative.
std::vector<FileHotspot> FileHotspots(const reviewer::Review& review,
                                      const core::git::Repository& repo,
                                      const core::git::ObjectId& base, const fs::path& reviewed) {
  std::map<std::string, FileHotspot> by_file;
  for (const reviewer::ReviewedFinding& f : review.findings) {
    if (f.finding.rule != "hotspot") continue;
    const auto details = nlohmann::json::parse(f.finding.details, nullptr, false);
    if (!details.is_object() || !details.contains("score") || !details.contains("churn")) continue;
    const std::string path = (reviewed / f.relative_file)
                                 .lexically_normal()
                                 .lexically_relative(repo.Workdir())
                                 .generic_string();
    FileHotspot& file = by_file[path];
    file.path = path;
    file.churn = details["churn"].get<int>();
    file.score += details["score"].get<double>();
  }
  std::vector<FileHotspot> files;
  for (auto& [path, file] : by_file) {
    if (auto text = repo.ReadFileAt(base, path); text.ok()) file.lines = NonEmptyLines(*text);
    files.push_back(file);
  }
  std::sort(files.begin(), files.end(), [](const FileHotspot& a, const FileHotspot& b) {
    return std::tie(b.score, a.path) < std::tie(a.score, b.path);
  });
  return files;
}

// True when `target_tip` already holds the patch: its commit is in the target's history, or
// merging it into the target would change nothing.
core::Result<bool> AlreadyMerged(const core::git::Repository& repo, const std::string& commit,
                                 const core::git::ObjectId& target_tip) {
  NOVA_ASSIGN_OR_RETURN(bool ancestor, repo.IsAncestor(commit, target_tip));
  if (ancestor) return true;
  NOVA_ASSIGN_OR_RETURN(core::git::MergeOutcome merge,
                        repo.MergeCommits(target_tip, commit, "probe", core::git::Signature{}));
  if (merge.conflicted) return false;
  NOVA_ASSIGN_OR_RETURN(core::git::ObjectId merged_tree, repo.TreeOfCommit(merge.commit));
  NOVA_ASSIGN_OR_RETURN(core::git::ObjectId tip_tree, repo.TreeOfCommit(target_tip));
  return merged_tree == tip_tree;
}

}  // namespace

core::AgentContract NightlyPlannerAgent::Terms() {
  return {.consumes = {kReviewSlot, kPatchesSlot},
          .produces = {kNightlyPlanSlot, kPatchesSlot},
          .failure_modes = {"git cannot read the target or merge a patch into it in memory"}};
}

core::Outcome NightlyPlannerAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto review = board.Get<reviewer::Review>(kReviewSlot);
  if (!review.ok()) return core::Outcome::Failed(review.status());
  auto patches = board.Get<PatchBranches>(kPatchesSlot);
  if (!patches.ok()) return core::Outcome::Failed(patches.status());
  auto tip = repo_.BranchTarget(settings_.target);
  if (!tip.ok()) return core::Outcome::Failed(tip.status().WithContext("merge target"));

  NightlyPlan plan;
  plan.hotspots = FileHotspots(**review, repo_, base_, settings_.reviewed_dir);
  std::map<std::string, double> file_score;
  for (const FileHotspot& file : plan.hotspots) file_score[file.path] = file.score;
  for (const refactorer::PatchBranch& branch : (*patches)->branches) {
    PlannedPatch planned{branch, 0.0, "", ""};
    for (const std::string& file : branch.files) planned.hotspot_score += file_score[file];
    plan.patches.push_back(std::move(planned));
  }
  std::sort(plan.patches.begin(), plan.patches.end(),
            [](const PlannedPatch& a, const PlannedPatch& b) {
              return std::tie(b.hotspot_score, b.branch.findings, a.branch.branch) <
                     std::tie(a.hotspot_score, a.branch.findings, b.branch.branch);
            });

  PatchBranches selected;
  selected.deferred = (*patches)->deferred;
  selected.dropped = (*patches)->dropped;
  selected.notes = (*patches)->notes;
  const bool budget_spent = std::chrono::steady_clock::now() >= settings_.budget_end;
  int count = 0;
  for (PlannedPatch& planned : plan.patches) {
    auto merged = AlreadyMerged(repo_, planned.branch.commit, *tip);
    if (!merged.ok())
      return core::Outcome::Failed(merged.status().WithContext(planned.branch.branch));
    if (*merged) {
      planned.state = "already-merged";
      planned.reason = settings_.target + " already holds its changes";
    } else if (budget_spent) {
      planned.state = "skipped";
      planned.reason = "the budget of " + std::to_string(settings_.budget_s) +
                       " s (nightly.budget_s) was spent before its turn";
    } else if (count >= settings_.max_patches) {
      planned.state = "skipped";
      planned.reason = "nightly.max_patches (" + std::to_string(settings_.max_patches) +
                       ") more valuable patches came first";
    } else {
      planned.state = "selected";
      ++count;
      selected.branches.push_back(planned.branch);
    }
    context.hooks.Progress(planned.branch.branch);
  }
  board.Put(kNightlyPlanSlot, std::move(plan));
  board.Put(kPatchesSlot, std::move(selected));
  return core::Outcome::Ok();
}

core::AgentContract PublisherAgent::Terms() {
  return {.consumes = {kNightlyPlanSlot, kGateSlot},
          .produces = {kPublishSlot},
          .failure_modes = {"git cannot list or delete a branch",
                            "the remote rejects the push or cannot be reached"}};
}

// Pruned branches go from the remote too, in a push of their own: one the remote no longer has
// (or refuses to delete) is a problem in the report, not a failed night.
void PublisherAgent::DeletePrunedOnRemote(const core::StepContext& context,
                                          PublishResult& result) const {
  std::vector<std::string> deletions;
  for (const refactorer::PrunedBranch& branch : result.pruned) {
    deletions.push_back(":refs/heads/" + branch.branch);
  }
  if (deletions.empty()) return;
  const core::Status deleted = repo_.Push(settings_.push_remote, deletions, settings_.auth);
  if (!deleted.ok()) {
    result.problems.push_back("pruned branches not deleted on the remote: " + deleted.message());
    return;
  }
  for (const std::string& spec : deletions) result.deleted.push_back(spec.substr(1));
  context.hooks.Effect(core::effect::kPushed,
                       {{"remote", result.remote}, {"deleted", result.deleted}});
}

core::Outcome PublisherAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto plan = board.Get<NightlyPlan>(kNightlyPlanSlot);
  if (!plan.ok()) return core::Outcome::Failed(plan.status());
  refactorer::PruneRequest request{settings_.target, {}};
  for (const PlannedPatch& p : (*plan)->patches) request.live.insert(p.branch.branch);
  auto pruned = refactorer::PruneStaleBranches(repo_, request);
  if (!pruned.ok()) return core::Outcome::Failed(pruned.status().WithContext("pruning"));
  PublishResult result;
  for (const refactorer::PrunedBranch& branch : *pruned) {
    context.hooks.Effect(core::effect::kRefUpdated, {{"ref", "refs/heads/" + branch.branch},
                                                     {"old", branch.commit},
                                                     {"new", ""},
                                                     {"reason", "pruned: " + branch.reason}});
  }
  result.pruned = std::move(*pruned);
  if (!settings_.push_remote.empty()) {
    std::vector<std::string> refspecs = {"refs/heads/" + settings_.target + ":refs/heads/" +
                                         settings_.target};
    for (const std::string& branch : request.live) {
      if (repo_.BranchTarget(branch).ok())
        refspecs.push_back("+refs/heads/" + branch + ":refs/heads/" + branch);
    }
    result.remote = core::git::Repository::WithoutCredentials(settings_.push_remote);
    core::Status pushed = repo_.Push(settings_.push_remote, refspecs, settings_.auth);
    if (!pushed.ok()) return core::Outcome::Failed(pushed);
    for (const std::string& spec : refspecs)
      result.pushed.push_back(spec.substr(spec.rfind(':') + 1));
    context.hooks.Effect(core::effect::kPushed,
                         {{"remote", result.remote}, {"refs", result.pushed}});
    DeletePrunedOnRemote(context, result);
  }
  board.Put(kPublishSlot, std::move(result));
  return core::Outcome::Ok();
}

}  // namespace nova::app

namespace nova::core {

SlotSummary SlotTraits<app::NightlyPlan>::Summarize(const app::NightlyPlan& value) {
  std::string bytes;
  for (const auto& p : value.patches) {
    bytes += p.branch.branch + " " + p.branch.commit + " " + p.state + " " +
             std::to_string(p.hotspot_score) + "\n";
  }
  for (const auto& h : value.hotspots) bytes += h.path + " " + std::to_string(h.score) + "\n";
  return SummarizeBytes(bytes);
}

SlotSummary SlotTraits<app::PublishResult>::Summarize(const app::PublishResult& value) {
  std::string bytes = value.remote + "\n";
  for (const auto& p : value.pruned) bytes += "pruned " + p.branch + " " + p.commit + "\n";
  for (const auto& r : value.pushed) bytes += "pushed " + r + "\n";
  return SummarizeBytes(bytes);
}

}  // namespace nova::core
