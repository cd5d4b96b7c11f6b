#include <memory>

#include "apps/agents/review_agents.h"
#include "apps/agents/slots.h"
#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "reviewer/render.h"

namespace nova::app {

int RunReview(const ReviewOptions& options, std::ostream& out, std::ostream& err) {
  auto inputs = LoadInputs(options.common);
  if (!inputs.ok()) {
    err << "nova-review: error: " << inputs.status().message() << "\n";
    return ExitCodeFor(inputs.status());
  }
  core::Plan plan;
  plan.steps.push_back(std::make_unique<IndexerAgent>(CompileDbRequest{
      inputs->dir, options.common.compile_commands, options.common.build_dir, inputs->config}));
  plan.steps.push_back(std::make_unique<AnalyzerAgent>(AnalyzerSettings{
      inputs->dir, options.common.rules, inputs->config.rules, inputs->config.exclude, {}}));
  plan.steps.push_back(std::make_unique<ReviewerAgent>(inputs->dir));

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
  if (options.common.format != "text" && !(*review)->problems.empty()) {
    err << "nova-review: " << (*review)->problems.size()
        << " input(s) not fully analyzed; see \"problems\" in the output\n";
  }
  return reviewer::HasFindingAtOrAbove(**review, options.fail_on) ? kExitFindings : kExitOk;
}

}  // namespace nova::app
