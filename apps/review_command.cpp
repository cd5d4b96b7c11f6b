#include <memory>

#include "apps/agents/review_agents.h"
#include "apps/agents/slots.h"
#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "nova-core/git/diff.h"
#include "nova-core/git/repository.h"
#include "reviewer/diff_filter.h"
#include "reviewer/render.h"

namespace nova::app {

namespace {

int Fail(std::ostream& err, const core::Status& status) {
  err << "nova-review: error: " << status.message() << "\n";
  return ExitCodeFor(status);
}

}  // namespace

int RunReview(const ReviewOptions& options, std::ostream& out, std::ostream& err) {
  auto inputs = LoadInputs(options.common);
  if (!inputs.ok()) return Fail(err, inputs.status());
  // --since: the lines added or changed since REV, in the repository holding DIR.
  std::optional<core::git::ChangedLines> changed;
  std::filesystem::path repo_root;
  if (options.since) {
    auto repo = core::git::Repository::Discover(inputs->dir);
    if (!repo.ok()) return Fail(err, repo.status().WithContext("--since"));
    auto diff = core::git::DiffSince(*repo, *options.since, std::nullopt);
    if (!diff.ok()) return Fail(err, diff.status().WithContext("--since"));
    changed = std::move(*diff);
    repo_root = repo->Workdir();
  }
  ProgressLine progress(stderr, ProgressWanted(stderr, options.common.quiet));
  auto settings = MakeAnalyzerSettings(options.common, *inputs, {}, &progress);
  if (!settings.ok()) return Fail(err, settings.status());
  if (changed) settings->changed_files = reviewer::ChangedAbsolutePaths(*changed, repo_root);

  core::Plan plan;
  plan.steps.push_back(std::make_unique<IndexerAgent>(CompileDbRequest{
      inputs->dir, options.common.compile_commands, options.common.build_dir, inputs->config}));
  plan.steps.push_back(std::make_unique<AnalyzerAgent>(std::move(*settings)));
  plan.steps.push_back(std::make_unique<ReviewerAgent>(inputs->dir, std::move(changed), repo_root));

  core::Blackboard board;
  core::Driver driver(core::DriverOptions{.trace = options.common.trace});
  auto report = driver.Run(plan, board);
  if (!report.ok()) {
    err << "nova-review: error: " << report.status().message() << "\n";
    return ExitCodeFor(report.status());
  }
  if (!report->status.ok()) {
    PrintRunFailure(*report, err);
    return ExitCodeFor(report->status);
  }

  auto review = board.Get<reviewer::Review>(kReviewSlot);
  if (!review.ok()) {
    err << "nova-review: error: " << review.status().ToString() << "\n";
    return kExitInternal;
  }
  std::string rendered;
  if (options.common.format == "json") {
    rendered = reviewer::RenderJson(**review);
  } else if (options.common.format == "sarif") {
    rendered = reviewer::RenderSarif(**review);
  } else {
    rendered = reviewer::RenderText(**review);
  }
  core::Status written = WriteOutput(options.common, rendered, out);
  if (!written.ok()) {
    err << "nova-review: error: " << written.message() << "\n";
    return ExitCodeFor(written);
  }
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
