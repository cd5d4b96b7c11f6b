#include <memory>

#include "apps/agents/review_agents.h"
#include "apps/agents/slots.h"
#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "apps/run_report.h"
#include "nova-core/git/diff.h"
#include "nova-core/git/repository.h"
#include "nova-core/state_dir.h"
#include "reviewer/diff_filter.h"
#include "reviewer/render.h"

namespace nova::app {

namespace {

int Fail(std::ostream& err, const core::Status& status) {
  return FailCommand(err, "nova-review", status);
}

// --since: the lines added or changed since REV in the repository holding `dir`.
struct SinceChanges {
  std::optional<core::git::ChangedLines> lines;
  std::filesystem::path repo_root;
};

core::Result<SinceChanges> ChangesSince(const std::optional<std::string>& since,
                                        const std::filesystem::path& dir) {
  SinceChanges changes;
  if (!since) return changes;
  auto repo = core::git::Repository::Discover(dir);
  if (!repo.ok()) return repo.status().WithContext("--since");
  auto diff = core::git::DiffSince(*repo, *since, std::nullopt);
  if (!diff.ok()) return diff.status().WithContext("--since");
  changes.lines = std::move(*diff);
  changes.repo_root = repo->Workdir();
  return changes;
}

std::string Render(const std::string& format, const reviewer::Review& review) {
  if (format == "json") return reviewer::RenderJson(review);
  if (format == "sarif") return reviewer::RenderSarif(review);
  return reviewer::RenderText(review);
}

// report.json and report.md in the run's directory, also for a failed run.
void SaveRunReport(const std::filesystem::path& run_dir, const core::RunReport& report,
                   core::Blackboard& board, std::ostream& err) {
  auto produced = board.Get<reviewer::Review>(kReviewSlot);
  nlohmann::json result;
  std::string markdown;
  if (produced.ok()) {
    result = reviewer::ReviewJson(**produced);
    markdown = "```\n" + reviewer::RenderText(**produced) + "```\n";
  }
  core::Status saved = WriteRunReport(run_dir, "review", report, result, markdown);
  if (!saved.ok()) err << "nova-review: warning: no run report: " << saved.message() << "\n";
}

}  // namespace

int RunReview(const ReviewOptions& options, std::ostream& out, std::ostream& err) {
  auto inputs = LoadInputs(options.common);
  if (!inputs.ok()) return Fail(err, inputs.status());
  auto changes = ChangesSince(options.since, inputs->dir);
  if (!changes.ok()) return Fail(err, changes.status());
  ProgressLine progress(stderr, ProgressWanted(stderr, options.common.quiet));
  auto settings = MakeAnalyzerSettings(options.common, *inputs, {}, &progress);
  if (!settings.ok()) return Fail(err, settings.status());
  if (changes->lines) {
    settings->changed_files = reviewer::ChangedAbsolutePaths(*changes->lines, changes->repo_root);
  }

  core::Plan plan;
  plan.steps.push_back(std::make_unique<IndexerAgent>(CompileDbRequest{
      inputs->dir, options.common.compile_commands, options.common.build_dir, inputs->config}));
  plan.steps.push_back(std::make_unique<AnalyzerAgent>(std::move(*settings)));
  plan.steps.push_back(
      std::make_unique<ReviewerAgent>(inputs->dir, std::move(changes->lines), changes->repo_root));

  auto run_dir = core::CreateRunDir(inputs->dir);
  if (!run_dir.ok()) return Fail(err, run_dir.status());
  core::Blackboard board;
  core::Driver driver(
      core::DriverOptions{.trace = options.common.trace, .run_trace = *run_dir / "trace.jsonl"});
  auto report = driver.Run(plan, board);
  if (!report.ok()) return Fail(err, report.status());
  SaveRunReport(*run_dir, *report, board, err);
  if (!report->status.ok()) {
    PrintRunFailure(*report, err);
    return ExitCodeFor(report->status);
  }

  auto review = board.Get<reviewer::Review>(kReviewSlot);
  if (!review.ok()) return Fail(err, core::InternalError(review.status().ToString()));
  core::Status written = WriteOutput(options.common, Render(options.common.format, **review), out);
  if (!written.ok()) return Fail(err, written);
  // Problems are never silent: on a machine-readable format they still reach the terminal.
  if (options.common.format != "text") {
    if (!(*review)->problems.empty()) {
      err << "nova-review: " << (*review)->problems.size()
          << " input(s) not fully analyzed; see \"problems\" in the output\n";
    }
    for (const std::string& note : (*review)->notes) err << "nova-review: note: " << note << "\n";
  }
  return reviewer::HasFindingAtOrAbove(**review, options.fail_on) ? kExitFindings : kExitOk;
}

}  // namespace nova::app
