#include <memory>

#include "apps/agents/fix_agents.h"
#include "apps/agents/review_agents.h"
#include "apps/agents/slots.h"
#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "apps/fix_report.h"
#include "nova-core/state_dir.h"

namespace nova::app {
namespace {

// The base commit's content of every tracked file the user has modified, keyed by absolute
// path: the analysis then sees the base, so every edit's offset refers to the base.
core::Result<std::map<std::string, std::string>> BaseOverlay(const core::git::Repository& repo,
                                                             const core::git::ObjectId& base) {
  std::map<std::string, std::string> overlay;
  NOVA_ASSIGN_OR_RETURN(std::vector<std::string> modified, repo.ModifiedTrackedFiles());
  for (const std::string& relative : modified) {
    auto content = repo.ReadFileAt(base, relative);
    if (content.status().code() == core::StatusCode::kNotFound) continue;  // new in the index only
    if (!content.ok()) return content.status();
    overlay[(repo.Workdir() / relative).string()] = std::move(*content);
  }
  return overlay;
}

int Fail(std::ostream& err, const core::Status& status) {
  err << "nova fix: error: " << status.message() << "\n";
  return ExitCodeFor(status);
}

}  // namespace

int RunFix(const FixOptions& options, std::ostream& out, std::ostream& err) {
  if (options.merge_into.empty()) {
    return Fail(err, core::InvalidArgumentError("--merge-into BRANCH is required"));
  }
  auto inputs = LoadInputs(options.common);
  if (!inputs.ok()) return Fail(err, inputs.status());
  auto mode = sandbox::ParseSandboxMode(options.sandbox);
  if (!mode.ok()) return Fail(err, mode.status().WithContext("--sandbox"));
  if (*mode == sandbox::SandboxMode::kBubblewrap) {
    core::Status isolation = sandbox::CheckIsolation();
    if (!isolation.ok()) return Fail(err, isolation);
  }
  auto repo = core::git::Repository::Discover(inputs->dir);
  if (!repo.ok()) return Fail(err, repo.status());
  auto base = repo->ResolveCommit("HEAD");
  if (!base.ok()) return Fail(err, base.status().WithContext("base commit"));
  auto overlay = BaseOverlay(*repo, *base);
  if (!overlay.ok()) return Fail(err, overlay.status());
  auto run_dir = core::CreateRunDir(repo->Workdir());
  if (!run_dir.ok()) return Fail(err, run_dir.status());

  const core::git::Signature author{options.author_name, options.author_email};
  sandbox::GateOptions gate;
  gate.base = *base;
  gate.target_branch = options.merge_into;
  gate.verifier.settings = inputs->config.sandbox;
  gate.verifier.mode = *mode;
  gate.verifier.logs_dir = *run_dir;
  gate.verifier.keep_checkouts = options.keep_checkouts;
  gate.signature = author;

  core::Plan plan;
  plan.steps.push_back(std::make_unique<IndexerAgent>(CompileDbRequest{
      inputs->dir, options.common.compile_commands, options.common.build_dir, inputs->config}));
  plan.steps.push_back(std::make_unique<AnalyzerAgent>(AnalyzerSettings{
      inputs->dir, options.common.rules, inputs->config.rules, inputs->config.exclude, *overlay}));
  plan.steps.push_back(std::make_unique<ReviewerAgent>(inputs->dir));
  plan.steps.push_back(std::make_unique<RefactorerAgent>(*repo, *base, author));
  plan.steps.push_back(std::make_unique<GatekeeperAgent>(*repo, gate));

  core::Blackboard board;
  core::Driver driver(core::DriverOptions{.trace = options.common.trace});
  auto report = driver.Run(plan, board);
  if (!report.ok()) return Fail(err, report.status());

  FixReportInput input;
  input.base = *base;
  input.target = options.merge_into;
  input.sandbox = std::string(sandbox::SandboxModeName(*mode));
  if (auto p = board.Get<PatchBranches>(kPatchesSlot); p.ok()) input.patches = *p;
  if (auto g = board.Get<sandbox::GateReport>(kGateSlot); g.ok()) input.gate = *g;
  if (auto r = board.Get<reviewer::Review>(kReviewSlot); r.ok()) input.review = *r;
  if (!report->status.ok()) input.failure = report->status.ToString();

  const std::string rendered =
      options.common.format == "json" ? RenderFixJson(input) : RenderFixText(input);
  core::Status written = WriteOutput(options.common, rendered, out);
  if (!written.ok()) return Fail(err, written);

  if (input.gate != nullptr && input.gate->base_red) {
    err << "nova fix: the base " << base->substr(0, 12)
        << " is red, so no patch can be verified: " << input.gate->baseline.description
        << "; log: " << input.gate->baseline.log.string() << "\n";
    return kExitFindings;
  }
  if (!report->status.ok()) {
    PrintRunFailure(*report, err);
    return ExitCodeFor(report->status);
  }
  return kExitOk;
}

}  // namespace nova::app
