#include <fstream>
#include <memory>

#include "apps/agents/model_reviewer_agent.h"
#include "apps/agents/reporter_agent.h"
#include "apps/agents/review_agents.h"
#include "apps/agents/slots.h"
#include "apps/command_support.h"
#include "apps/commands.h"
#include "apps/exit_codes.h"
#include "apps/model_session.h"
#include "nova-core/git/diff.h"
#include "nova-core/git/repository.h"
#include "nova-core/process/boost_process_runner.h"
#include "nova-core/file_io.h"
#include "nova-core/state_dir.h"
#include "reviewer/baseline.h"
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

// --baseline FILE, read and parsed before any analysis so that a bad file fails fast.
core::Result<std::optional<BaselineInput>> LoadBaseline(const ReviewOptions& options) {
  if (!options.baseline) return std::optional<BaselineInput>();
  const std::string file = options.baseline->string();
  auto text = core::ReadWholeFile(*options.baseline);
  if (!text.ok()) return text.status().WithContext("--baseline");
  auto entries = reviewer::ParseBaseline(*text);
  if (!entries.ok()) return entries.status().WithContext("--baseline " + file);
  BaselineInput input;
  input.file = file;
  input.entries = std::move(*entries);
  // Stale entries can only be told apart from unseen ones when the run saw all the code.
  input.scope.complete = !options.since && options.common.shard_count == 0;
  input.scope.rules = options.common.rules;
  return std::optional<BaselineInput>(std::move(input));
}

core::Status WriteBaseline(const std::filesystem::path& path, const reviewer::Review& review) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << reviewer::RenderBaseline(review);
  file.close();
  if (!file) return core::UnavailableError("cannot write " + path.string());
  return core::Status::Ok();
}

std::string Render(const std::string& format, const reviewer::Review& review) {
  if (format == "json") return reviewer::RenderJson(review);
  if (format == "sarif") return reviewer::RenderSarif(review);
  return reviewer::RenderText(review);
}

// The review, as report.json/report.md and as the command's output in --format.
RunRenderer ReviewRenderer(const std::string& format) {
  return [format](core::Blackboard& board, const core::RunReport&) {
    RenderedRun rendered;
    auto review = board.Get<reviewer::Review>(kReviewSlot);
    if (!review.ok()) return rendered;  // the run stopped before the review existed
    rendered.result = reviewer::ReviewJson(**review);
    rendered.markdown = "```\n" + reviewer::RenderText(**review) + "```\n";
    rendered.output = Render(format, **review);
    return rendered;
  };
}

// Problems are never silent: on a machine-readable format they still reach the terminal, with
// the notes and any stale baseline entries.
void SayWhatTheReportHolds(const reviewer::Review& review, std::ostream& err) {
  if (!review.problems.empty()) {
    err << "nova-review: partial review: " << review.problems.size()
        << " input(s) not fully analyzed; see \"problems\" in the output\n";
  }
  for (const std::string& note : review.notes) err << "nova-review: note: " << note << "\n";
  if (review.baseline && !review.baseline->stale.empty()) {
    const size_t stale = review.baseline->stale.size();
    err << "nova-review: " << stale
        << (stale == 1 ? " baseline entry no longer matches: remove it"
                       : " baseline entries no longer match: remove them")
        << " with --write-baseline; see \"baseline\" in the output\n";
  }
}

// A partial review is never clean, whatever --fail-on or --write-baseline say; otherwise
// findings at or above --fail-on fail the run, unless they were just written as the baseline.
int ReviewExitCode(const reviewer::Review& review, const ReviewOptions& options) {
  if (!review.problems.empty()) return kExitPartial;
  if (options.write_baseline) return kExitOk;  // the findings are accepted as they are
  return reviewer::HasFindingAtOrAbove(review, options.fail_on) ? kExitFindings : kExitOk;
}

}  // namespace

int RunReview(const ReviewOptions& options, std::ostream& out, std::ostream& err) {
  if (options.write_baseline && (options.since || options.common.shard_count > 0)) {
    return Fail(err, core::InvalidArgumentError(
                         "--write-baseline records every finding; it cannot be combined with "
                         "--since or --shard"));
  }
  auto baseline = LoadBaseline(options);
  if (!baseline.ok()) return Fail(err, baseline.status());
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

  auto model = ModelSession::Open(inputs->config.model,
                                  {options.common.model_cassette, options.common.offline});
  if (!model.ok()) return Fail(err, model.status());

  core::BoostProcessRunner runner;  // runs cmake when there is no compile database
  analyzers::CompileDbRequest compile_db{inputs->dir, options.common.compile_commands,
                                         options.common.build_dir, inputs->config};
  compile_db.runner = &runner;
  core::Plan plan;
  plan.steps.push_back(std::make_unique<IndexerAgent>(std::move(compile_db)));
  plan.steps.push_back(std::make_unique<AnalyzerAgent>(std::move(*settings)));
  // Only with a model configured: without one, the plan is exactly as it always was.
  if (*model) {
    plan.steps.push_back(
        std::make_unique<ModelReviewerAgent>(**model, ModelAgentSettings{inputs->dir, {}}));
  }
  ReviewerSettings reviewer{inputs->dir};
  reviewer.changed = std::move(changes->lines);
  reviewer.repo_root = changes->repo_root;
  reviewer.baseline = std::move(*baseline);
  plan.steps.push_back(std::make_unique<ReviewerAgent>(std::move(reviewer)));

  auto run_dir = core::CreateRunDir(inputs->dir);
  if (!run_dir.ok()) return Fail(err, run_dir.status());
  plan.finally = std::make_unique<ReporterAgent>(ReportRequest{
      "review", *run_dir, options.common, &out, ReviewRenderer(options.common.format)});
  core::Blackboard board;
  core::Driver driver(MakeDriverOptions("review", options.common, *inputs, *run_dir));
  const ReviewRun run = RunReviewPlan(plan, driver, board, "nova-review", err);
  if (run.review == nullptr) return run.exit_code;
  if (options.common.format != "text") SayWhatTheReportHolds(*run.review, err);
  if (options.write_baseline) {
    if (auto written = WriteBaseline(*options.write_baseline, *run.review); !written.ok()) {
      return Fail(err, written);
    }
    err << "nova-review: wrote " << run.review->findings.size() << " finding(s) to the baseline "
        << options.write_baseline->string() << "\n";
  }
  return ReviewExitCode(*run.review, options);
}

}  // namespace nova::app
