#include "apps/agents/reporter_agent.h"

#include "apps/agents/slots.h"
#include "apps/command_support.h"
#include "apps/run_report.h"

namespace nova::app {

core::AgentContract ReporterAgent::Terms() {
  return {.consumes = {core::kRunSlot},
          .produces = {kReportSlot},
          .failure_modes = {"the run directory cannot be written", "the -o file cannot be written"},
          .reads_if_present = {kReviewSlot, kPatchesSlot, kVerdictsSlot, kGateSlot},
          .deadline = std::chrono::seconds(120)};
}

core::Outcome ReporterAgent::Run(core::Blackboard& board, const core::StepContext&) {
  auto run = board.Get<core::RunReport>(core::kRunSlot);
  if (!run.ok()) return core::Outcome::Failed(run.status());
  const RenderedRun rendered = request_.render(board, **run);
  ReportFiles files{request_.run_dir / "report.json", request_.run_dir / "report.md", false};
  core::Status saved = WriteRunReport(request_.run_dir, request_.command, **run, rendered.result,
                                      rendered.markdown);
  if (!saved.ok()) return core::Outcome::Failed(saved);
  if (rendered.output) {
    core::Status written = WriteOutput(request_.output, *rendered.output, *request_.out);
    if (!written.ok()) return core::Outcome::Failed(written);
    files.printed = true;
  }
  board.Put(kReportSlot, std::move(files));
  return core::Outcome::Ok();
}

}  // namespace nova::app
