// `nova nightly`: the fix plan, on the target's tip when it is ahead of HEAD, with the nightly
// planner before the verifier and the publisher after the gatekeeper; then the run recorded in
// .nova/history.sqlite and reported in .nova/nightly/<run>/.
#include <chrono>
#include <cstdlib>
#include <fstream>

#include "apps/agents/nightly_agents.h"
#include "apps/agents/reporter_agent.h"
#include "apps/agents/slots.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "apps/fix_context.h"
#include "apps/nightly_files.h"
#include "apps/nightly_report.h"
#include "nova-core/history/history_store.h"
#include "nova-core/trace.h"

namespace nova::app {
namespace {

namespace fs = std::filesystem;

constexpr int kAllFunctions = 1000000;  // the hotspot rule's `top`: every scored function

int Fail(std::ostream& err, const core::Status& status) {
  return FailCommand(err, "nova nightly", status);
}

// The hotspot rule runs whatever the configuration says, with every function ranked: the
// planner needs every file's score. Its days and max_commits stay the project's.
void EnableHotspot(AnalyzerSettings& analyzer) {
  nlohmann::json& hotspot = analyzer.rule_options["hotspot"];
  if (!hotspot.is_object()) hotspot = nlohmann::json::object();
  hotspot["enabled"] = true;
  hotspot["top"] = kAllFunctions;
  if (!analyzer.rules.empty() &&
      std::find(analyzer.rules.begin(), analyzer.rules.end(), "hotspot") == analyzer.rules.end()) {
    analyzer.rules.push_back("hotspot");
  }
}

std::string RepositoryName(const fs::path& workdir) {
  const char* github = std::getenv("GITHUB_REPOSITORY");
  return github != nullptr && *github != '\0' ? github : workdir.filename().string();
}

// When the target holds HEAD and the merges of earlier nights, the night reviews the target's
// tip: what it merged is not proposed again and new patches build on it. The analysis then reads
// the tip's content of every file that differs from the working tree, so it needs the two trees
// to differ only by modified files (an overlay cannot add or remove a file); else HEAD it is.
core::Status ReviewTheTargetWhenAhead(FixContext& context, const std::string& target) {
  const core::git::Repository& repo = *context.repo;
  NOVA_ASSIGN_OR_RETURN(core::git::ObjectId tip, repo.BranchTarget(target));
  if (tip == context.base) return core::Status::Ok();
  NOVA_ASSIGN_OR_RETURN(bool ahead, repo.IsAncestor(context.base, tip));
  if (!ahead) return core::Status::Ok();
  NOVA_ASSIGN_OR_RETURN(core::git::TreeDiff diff, repo.DiffTrees(context.base, tip));
  if (!diff.other.empty()) return core::Status::Ok();
  NOVA_ASSIGN_OR_RETURN(auto overlay, CommitOverlay(repo, tip));
  for (const std::string& relative : diff.modified) {
    NOVA_ASSIGN_OR_RETURN(overlay[(repo.Workdir() / relative).string()],
                          repo.ReadFileAt(tip, relative));
  }
  context.base = tip;
  context.overlay = overlay;
  context.analyzer.overlay = std::move(overlay);
  return core::Status::Ok();
}

struct Night {
  FixOptions fix;
  FixContext context;
  std::optional<core::history::HistoryStore> history;
  fs::path report_dir;
  std::chrono::system_clock::time_point started;
  std::chrono::steady_clock::time_point start;
};

core::Result<Night> PrepareNight(const NightlyOptions& options) {
  const auto started = std::chrono::system_clock::now();
  const auto start = std::chrono::steady_clock::now();
  NOVA_ASSIGN_OR_RETURN(LoadedInputs inputs, LoadInputs(options.common));
  FixOptions fix;
  fix.common = options.common;
  fix.sandbox = options.sandbox;
  fix.merge_into = options.merge_into.empty() ? inputs.config.nightly.target : options.merge_into;
  if (fix.merge_into.empty()) {
    return core::InvalidArgumentError(
        "no merge target: pass --merge-into BRANCH or set nightly.target in .nova.json");
  }
  NOVA_ASSIGN_OR_RETURN(FixContext context, PrepareFix(fix, "nova nightly"));
  NOVA_RETURN_IF_ERROR(ReviewTheTargetWhenAhead(context, fix.merge_into));
  Night night{std::move(fix), std::move(context), std::nullopt, {}, started, start};
  // A history that cannot be read is refused before an hour is spent on the run.
  NOVA_ASSIGN_OR_RETURN(
      core::history::HistoryStore store,
      core::history::HistoryStore::Open(night.context.state_dir / core::history::kHistoryFileName));
  night.history.emplace(std::move(store));
  night.report_dir = night.context.state_dir / "nightly" / night.context.run_dir.filename();
  night.context.logs_dir = night.report_dir / "logs";
  std::error_code ec;
  fs::create_directories(night.context.logs_dir, ec);
  if (ec) return core::UnavailableError("cannot create " + night.context.logs_dir.string());
  EnableHotspot(night.context.analyzer);
  return night;
}

core::Plan BuildNightPlan(const NightlyOptions& options, Night& night) {
  FixContext& context = night.context;
  const NightlySettings& settings = context.inputs.config.nightly;
  // The budget bounds when work starts, not the run: a verification started inside it finishes,
  // and every green one lands (run.deadline_s stays the hard bound).
  context.verify_start_until = night.start + std::chrono::seconds(settings.budget_s);
  context.verify_start_until_reason = "the budget of " + std::to_string(settings.budget_s) +
                                      " s (nightly.budget_s) was spent before its turn";
  core::Plan plan = BuildFixPlan(night.fix, context);
  PlannerSettings planner{night.fix.merge_into, context.inputs.dir, settings.max_patches,
                          night.start + std::chrono::seconds(settings.budget_s), settings.budget_s};
  auto verifier = std::find_if(plan.steps.begin(), plan.steps.end(),
                               [](const auto& step) { return step->Name() == "verifier"; });
  plan.steps.insert(verifier, std::make_unique<NightlyPlannerAgent>(*context.repo, context.base,
                                                                    std::move(planner)));
  PublishSettings publish{night.fix.merge_into, options.push, {}};
  if (const char* token = std::getenv("NOVA_PUSH_TOKEN"); token != nullptr) {
    publish.auth.token = token;
  }
  plan.steps.push_back(std::make_unique<PublisherAgent>(*context.repo, std::move(publish)));
  return plan;
}

// The generic run report (.nova/runs/<run>/report.*) says where the night's report is.
RunRenderer NightRenderer(const Night& night) {
  return [&night](core::Blackboard&, const core::RunReport&) {
    RenderedRun rendered;
    rendered.result = {{"nightly_report", (night.report_dir / "report.json").string()}};
    rendered.markdown = "Night report: `" + (night.report_dir / "report.json").string() + "`\n";
    return rendered;
  };
}

template <typename T>
const T* Find(core::Blackboard& board, const char* slot) {
  auto value = board.Get<T>(slot);
  return value.ok() ? *value : nullptr;
}

NightFacts GatherFacts(const Night& night, const core::RunReport& run, core::Blackboard& board) {
  NightFacts facts;
  facts.started_at = core::FormatUtcTimestamp(night.started);
  // Whole seconds, as RunRecord has it: "2026-11-23T02:00:00Z".
  if (auto dot = facts.started_at.find('.'); dot != std::string::npos) {
    facts.started_at = facts.started_at.substr(0, dot) + "Z";
  }
  facts.commit = night.context.base;
  facts.target = night.fix.merge_into;
  facts.duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - night.start).count();
  facts.run_ok = run.status.ok();
  if (!run.status.ok()) facts.failure = run.status.ToString();
  facts.review = Find<reviewer::Review>(board, kReviewSlot);
  facts.plan = Find<NightlyPlan>(board, kNightlyPlanSlot);
  facts.proposed = Find<PatchBranches>(board, kPatchesSlot);
  facts.gate = Find<sandbox::GateReport>(board, kGateSlot);
  facts.publish = Find<PublishResult>(board, kPublishSlot);
  facts.report_dir = night.report_dir;
  facts.problems = night.context.stale_removed;
  for (std::string& p : facts.problems) p = "removed a checkout a killed run left: " + p;
  if (facts.publish != nullptr) {
    facts.problems.insert(facts.problems.end(), facts.publish->problems.begin(),
                          facts.publish->problems.end());
  }
  return facts;
}

int NightExitCode(const core::RunReport& run, const sandbox::GateReport* gate, std::ostream& err) {
  if (run.signal == 0 && gate != nullptr && gate->base_red) {
    err << "nova nightly: the base " << gate->base.substr(0, 12)
        << " is red, so no patch can be verified: " << gate->baseline.description << "\n";
    return kExitFindings;
  }
  if (!run.status.ok()) {
    PrintRunFailure(run, err);
    return ExitCodeForRun(run);
  }
  return kExitOk;
}

}  // namespace

int RunNightly(const NightlyOptions& options, std::ostream& out, std::ostream& err) {
  auto night = PrepareNight(options);
  if (!night.ok()) return Fail(err, night.status());
  core::Plan plan = BuildNightPlan(options, *night);
  CommonOptions quiet_output = options.common;
  plan.finally = std::make_unique<ReporterAgent>(
      ReportRequest{"nightly", night->context.run_dir, quiet_output, &out, NightRenderer(*night)});
  core::DriverOptions driver_options =
      MakeDriverOptions("nightly", options.common, night->context.inputs, night->context.run_dir);
  core::Blackboard board;
  core::Driver driver(std::move(driver_options));
  auto run = driver.Run(plan, board);
  if (!run.ok()) return Fail(err, run.status());

  const NightFacts facts = GatherFacts(*night, *run, board);
  core::history::RunRecord record = BuildRunRecord(facts);
  auto id = night->history->Record(record);
  if (!id.ok()) return Fail(err, id.status());
  record.id = *id;
  reviewer::NightReport report;
  report.repository = RepositoryName(night->context.repo->Workdir());
  report.run = record;
  const int trend_runs = night->context.inputs.config.nightly.trend_runs;
  auto previous = night->history->Before(*id);
  auto trend = night->history->Last(trend_runs);
  if (!previous.ok()) return Fail(err, previous.status());
  if (!trend.ok()) return Fail(err, trend.status());
  report.previous = *previous;
  report.trend = *trend;

  auto files = WriteNightFiles(report, facts.publish, night->report_dir, options.summary);
  if (!files.ok()) return Fail(err, files.status());
  const std::string text = options.common.format == "json"
                               ? NightReportJson(report, facts.publish).dump(2) + "\n"
                               : RenderNightText(report, facts.publish);
  if (auto written = WriteOutput(options.common, text, out); !written.ok()) {
    return Fail(err, written);
  }
  err << "nova nightly: report in " << night->report_dir.string() << "/ (" << *files << ")\n";
  return NightExitCode(*run, facts.gate, err);
}

}  // namespace nova::app
