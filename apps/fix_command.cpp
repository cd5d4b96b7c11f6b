#include <memory>

#include "apps/agents/fix_agents.h"
#include "apps/agents/model_refactorer_agent.h"
#include "apps/agents/reporter_agent.h"
#include "apps/agents/review_agents.h"
#include "apps/agents/slots.h"
#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "apps/fix_context.h"
#include "apps/fix_report.h"
#include "apps/model_session.h"
#include "nova-core/process/boost_process_runner.h"
#include "nova-core/run_lock.h"
#include "nova-core/state_dir.h"

namespace nova::app {
namespace {

int Fail(std::ostream& err, const core::Status& status) {
  return FailCommand(err, "nova fix", status);
}

}  // namespace

core::Result<FixContext> PrepareFix(const FixOptions& options, std::string_view command) {
  if (options.merge_into.empty() && !options.dry_run) {
    return core::InvalidArgumentError("--merge-into BRANCH is required (or --dry-run)");
  }
  FixContext context;
  NOVA_ASSIGN_OR_RETURN(context.inputs, LoadInputs(options.common));
  NOVA_ASSIGN_OR_RETURN(
      context.model, ModelSession::Open(context.inputs.config.model,
                                        {options.common.model_cassette, options.common.offline}));
  auto mode = sandbox::ParseSandboxMode(options.sandbox);
  if (!mode.ok()) return mode.status().WithContext("--sandbox");
  context.mode = *mode;
  NOVA_ASSIGN_OR_RETURN(core::git::Repository repo,
                        core::git::Repository::Discover(context.inputs.dir));
  context.repo.emplace(std::move(repo));
  NOVA_ASSIGN_OR_RETURN(context.state_dir, core::EnsureStateDir(context.repo->Workdir()));
  NOVA_ASSIGN_OR_RETURN(core::RunLock lock, core::RunLock::Acquire(context.state_dir, command));
  context.lock.emplace(std::move(lock));
  NOVA_ASSIGN_OR_RETURN(std::vector<core::StaleWork> stale,
                        core::RemoveStaleWork(*context.lock, context.state_dir));
  for (const core::StaleWork& left : stale) {
    context.stale_removed.push_back(
        left.path.string() +
        (left.processes_killed == 0
             ? ""
             : " (and " + std::to_string(left.processes_killed) + " process(es) still running in it, killed)"));
  }
  // Refused before any work is spent on a run that could never merge.
  if (!options.dry_run)
    NOVA_RETURN_IF_ERROR(sandbox::CheckTarget(*context.repo, options.merge_into));
  auto base = context.repo->ResolveCommit("HEAD");
  if (!base.ok()) return base.status().WithContext("base commit");
  context.base = *base;
  // The analysis sees the base, so every edit's offset refers to the base.
  NOVA_ASSIGN_OR_RETURN(context.overlay, CommitOverlay(*context.repo, context.base));
  NOVA_ASSIGN_OR_RETURN(context.run_dir, core::CreateRunDir(context.repo->Workdir()));
  context.runner = std::make_unique<core::BoostProcessRunner>();
  context.formatter = std::make_unique<refactorer::ClangFormatLines>(
      refactorer::ClangFormatOptions{"clang-format", context.run_dir / "format",
                                     std::chrono::seconds(60)},
      *context.runner);
  NOVA_ASSIGN_OR_RETURN(context.analyzer, MakeAnalyzerSettings(options.common, context.inputs,
                                                               context.overlay, nullptr));
  return context;
}

namespace {

// The fix settings of .nova.json with the command line's author, when given, over them.
core::FixSettings FixSettingsOf(const FixOptions& options, const core::Config& config) {
  core::FixSettings fix = config.fix;
  if (!options.author_name.empty()) fix.author_name = options.author_name;
  if (!options.author_email.empty()) fix.author_email = options.author_email;
  return fix;
}

}  // namespace

core::Plan BuildFixPlan(const FixOptions& options, FixContext& context) {
  const core::FixSettings fix = FixSettingsOf(options, context.inputs.config);
  const core::git::Signature author{fix.author_name, fix.author_email};
  sandbox::GateOptions gate;
  gate.base = context.base;
  gate.target_branch = options.merge_into;
  gate.verifier.runner = context.runner.get();
  gate.verifier.settings = context.inputs.config.sandbox;
  gate.verifier.mode = context.mode;
  gate.verifier.logs_dir = context.logs_dir.empty() ? context.run_dir : context.logs_dir;
  gate.verifier.keep_checkouts = options.keep_checkouts;
  // Kept checkouts stay with the run's logs; the others live in .nova/work/ while they run.
  gate.verifier.checkouts_dir = options.keep_checkouts ? context.run_dir / "checkouts"
                                                       : core::WorkDir(context.state_dir);
  gate.verifier.start_until = context.verify_start_until;
  gate.verifier.start_until_reason = context.verify_start_until_reason;
  gate.signature = author;
  gate.max_parallel = context.inputs.config.run.verify_parallel;

  const LoadedInputs& in = context.inputs;
  core::Plan plan;
  if (!options.dry_run) {
    plan.steps.push_back(std::make_unique<SandboxProbeAgent>(context.mode, *context.runner));
  }
  analyzers::CompileDbRequest compile_db{in.dir, options.common.compile_commands,
                                         options.common.build_dir, in.config};
  compile_db.runner = context.runner.get();
  plan.steps.push_back(std::make_unique<IndexerAgent>(std::move(compile_db)));
  plan.steps.push_back(std::make_unique<AnalyzerAgent>(context.analyzer));
  ReviewerSettings reviewer{in.dir};
  reviewer.overlay = context.overlay;
  plan.steps.push_back(std::make_unique<ReviewerAgent>(std::move(reviewer)));
  // Only with a model configured: without one, the plan is exactly as it always was.
  if (context.model) {
    plan.steps.push_back(std::make_unique<ModelRefactorerAgent>(
        *context.model, ModelAgentSettings{in.dir, context.overlay}));
  }
  plan.steps.push_back(std::make_unique<RefactorerAgent>(
      *context.repo, context.base,
      RefactorerSettings{fix, context.overlay, options.dry_run, context.formatter.get(),
                         options.common.jobs, in.config.merge.model_patches}));
  if (options.dry_run) return plan;  // nothing is built, verified or merged
  plan.steps.push_back(std::make_unique<VerifierAgent>(*context.repo, gate, *context.verdicts));
  plan.steps.push_back(std::make_unique<GatekeeperAgent>(*context.repo, gate, *context.verdicts));
  return plan;
}

namespace {

// What the fix run produced, partial or not, from the board.
FixReportInput GatherFixResult(const FixOptions& options, const FixContext& context,
                               const core::RunReport& run, core::Blackboard& board) {
  FixReportInput input;
  input.base = context.base;
  input.target = options.merge_into;
  input.sandbox = std::string(sandbox::SandboxModeName(context.mode));
  input.stale_removed = context.stale_removed;
  if (auto p = board.Get<PatchBranches>(kPatchesSlot); p.ok()) input.patches = *p;
  if (auto g = board.Get<sandbox::GateReport>(kGateSlot); g.ok()) input.gate = *g;
  if (auto r = board.Get<reviewer::Review>(kReviewSlot); r.ok()) input.review = *r;
  if (!run.status.ok()) input.failure = run.status.ToString();
  return input;
}

RunRenderer FixRenderer(const FixOptions& options, const FixContext& context) {
  return [&options, &context](core::Blackboard& board, const core::RunReport& run) {
    const FixReportInput input = GatherFixResult(options, context, run, board);
    RenderedRun rendered;
    rendered.result = FixReportJson(input);
    const std::string as_text = RenderFixText(input);
    rendered.markdown = "```\n" + as_text + "```\n";
    rendered.output = options.common.format == "json" ? RenderFixJson(input) : as_text;
    return rendered;
  };
}

// The exit code of a finished fix run, after saying why it was not 0.
int FixExitCode(const FixContext& context, const core::RunReport& report, core::Blackboard& board,
                std::ostream& err) {
  auto gate = board.Get<sandbox::GateReport>(kGateSlot);
  if (report.signal == 0 && gate.ok() && (*gate)->base_red) {
    err << "nova fix: the base " << context.base.substr(0, 12)
        << " is red, so no patch can be verified: " << (*gate)->baseline.description
        << "; log: " << (*gate)->baseline.log.string() << "\n";
    return kExitFindings;
  }
  if (!report.status.ok()) {
    PrintRunFailure(report, err);
    return ExitCodeForRun(report);
  }
  return kExitOk;
}

}  // namespace

int RunFix(const FixOptions& options, std::ostream& out, std::ostream& err) {
  auto context = PrepareFix(options);
  if (!context.ok()) return Fail(err, context.status());
  core::Plan plan = BuildFixPlan(options, *context);
  plan.finally = std::make_unique<ReporterAgent>(ReportRequest{
      "fix", context->run_dir, options.common, &out, FixRenderer(options, *context)});
  core::Blackboard board;
  core::Driver driver(MakeDriverOptions("fix", options.common, context->inputs, context->run_dir));
  auto report = driver.Run(plan, board);
  if (!report.ok()) return Fail(err, report.status());
  return FixExitCode(*context, *report, board, err);
}

}  // namespace nova::app
