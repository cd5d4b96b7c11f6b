// What a nightly run recorded and reported: the RunRecord built from the run's board, the
// NightReport as report.json, and the terminal summary. Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/agents/nightly_agents.h"
#include "nova-core/history/run_record.h"
#include "reviewer/night_report.h"
#include "reviewer/review.h"
#include "sandbox/gatekeeper.h"

namespace nova::app {

// The run's products as they were on the board (any may be missing after a failure).
struct NightFacts {
  std::string started_at;
  core::git::ObjectId commit;
  std::string target;
  double duration_s = 0.0;
  bool run_ok = false;
  std::string failure = {};  // the run's status when not ok
  const reviewer::Review* review = nullptr;
  const NightlyPlan* plan = nullptr;
  const PatchBranches* proposed = nullptr;  // dropped patches
  const sandbox::GateReport* gate = nullptr;
  const PublishResult* publish = nullptr;
  std::filesystem::path report_dir;  // logs are recorded relative to it
  std::vector<std::string> problems = {};
};

core::history::RunRecord BuildRunRecord(const NightFacts& facts);

// The NightReport, plus what the publisher did ("pruned": [{branch, commit, reason}], "pushed":
// {remote, refs} or null) when it ran.
nlohmann::json NightReportJson(const reviewer::NightReport& report, const PublishResult* publish);

// A few lines for the terminal: findings and their change, each patch's fate, pruned and pushed
// branches.
std::string RenderNightText(const reviewer::NightReport& report, const PublishResult* publish);

// Total findings of a run.
int TotalFindings(const core::history::RunRecord& run);

}  // namespace nova::app
