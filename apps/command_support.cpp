#include "apps/command_support.h"

#include <fstream>

#include "analyzers/analyzer.h"
#include "apps/agents/slots.h"
#include "apps/exit_codes.h"
#include "nova-core/git/repository.h"
#include "nova-core/state_dir.h"

namespace nova::app {

core::Result<LoadedInputs> LoadInputs(const CommonOptions& options) {
  std::error_code ec;
  LoadedInputs inputs;
  inputs.dir = std::filesystem::canonical(options.dir, ec);
  if (ec || !std::filesystem::is_directory(inputs.dir)) {
    return core::InvalidArgumentError(options.dir.string() + ": not a directory");
  }
  NOVA_ASSIGN_OR_RETURN(inputs.config, LoadProjectConfig(inputs.dir));
  NOVA_RETURN_IF_ERROR(analyzers::ValidateRuleOptions(inputs.config.rules));
  for (const std::string& rule : options.rules) {
    bool known = false;
    std::string ids;
    for (const auto& info : analyzers::ListRules()) {
      known = known || info.id == rule;
      ids += (ids.empty() ? "" : ", ") + info.id;
    }
    if (!known)
      return core::InvalidArgumentError("--rules: unknown rule '" + rule + "' (known: " + ids +
                                        ")");
  }
  return inputs;
}

core::Result<AnalyzerSettings> MakeAnalyzerSettings(const CommonOptions& options,
                                                    const LoadedInputs& inputs,
                                                    std::map<std::string, std::string> overlay,
                                                    ProgressLine* progress) {
  AnalyzerSettings settings;
  settings.root = inputs.dir;
  settings.rules = options.rules;
  settings.rule_options = inputs.config.rules;
  settings.exclude = inputs.config.exclude;
  settings.overlay = std::move(overlay);
  settings.jobs = options.jobs;
  settings.shard_index = options.shard_index;
  settings.shard_count = options.shard_count;
  settings.progress = progress;
  if (options.cache_dir) {
    settings.cache_dir = std::filesystem::absolute(*options.cache_dir);
  } else if (!options.no_cache) {
    NOVA_ASSIGN_OR_RETURN(std::filesystem::path state, core::EnsureStateDir(inputs.dir));
    settings.cache_dir = state / "cache";
  }
  return settings;
}

int FailCommand(std::ostream& err, std::string_view command, const core::Status& status) {
  err << command << ": error: " << status.message() << "\n";
  return ExitCodeFor(status);
}

core::Status WriteOutput(const CommonOptions& options, const std::string& text, std::ostream& out) {
  if (!options.output) {
    out << text;
    out.flush();
    return core::Status::Ok();
  }
  std::ofstream file(*options.output, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) return core::UnavailableError("cannot write " + options.output->string());
  return core::Status::Ok();
}

core::DriverOptions MakeDriverOptions(std::string_view command, const CommonOptions& options,
                                      const LoadedInputs& inputs,
                                      const std::filesystem::path& run_dir) {
  const core::RunSettings& run = inputs.config.run;
  core::DriverOptions driver;
  driver.max_steps = run.max_steps;
  driver.deadline = std::chrono::seconds(run.deadline_s);
  driver.stall_timeout = std::chrono::seconds(run.stall_timeout_s);
  driver.handle_signals = true;
  driver.trace = options.trace;
  driver.run_trace = run_dir / "trace.jsonl";
  driver.run_info = {{"command", command},
                     {"dir", inputs.dir.string()},
                     {"nova_version", NOVA_VERSION},
                     {"libclang_version", analyzers::ParserVersion()},
                     {"libgit2_version", core::git::Repository::LibraryVersion()},
                     {"config_digest", inputs.config.digest}};
  return driver;
}

void PrintRunFailure(const core::RunReport& report, std::ostream& err) {
  err << "nova: error: " << report.status.ToString() << "\n";
  if (report.partial) {
    err << "nova: the run stopped early; steps run:";
    for (const auto& step : report.steps) {
      err << " " << step.agent << "=" << core::OutcomeKindName(step.outcome.kind);
    }
    err << "\n";
  }
}

ReviewRun RunReviewPlan(core::Plan& plan, core::Driver& driver, core::Blackboard& board,
                        std::string_view command, std::ostream& err) {
  ReviewRun run;
  auto report = driver.Run(plan, board);
  if (!report.ok()) {
    run.exit_code = FailCommand(err, command, report.status());
    return run;
  }
  if (!report->status.ok()) {
    PrintRunFailure(*report, err);
    run.exit_code = ExitCodeForRun(*report);
    return run;
  }
  auto review = board.Get<reviewer::Review>(kReviewSlot);
  if (!review.ok()) {
    run.exit_code = FailCommand(err, command, core::InternalError(review.status().ToString()));
    return run;
  }
  run.review = *review;
  return run;
}

core::Result<std::map<std::string, std::string>> CommitOverlay(const core::git::Repository& repo,
                                                               const core::git::ObjectId& commit) {
  std::map<std::string, std::string> overlay;
  NOVA_ASSIGN_OR_RETURN(std::vector<std::string> modified, repo.ModifiedTrackedFiles());
  for (const std::string& relative : modified) {
    auto content = repo.ReadFileAt(commit, relative);
    if (content.status().code() == core::StatusCode::kNotFound) continue;  // new in the index only
    if (!content.ok()) return content.status();
    overlay[(repo.Workdir() / relative).string()] = std::move(*content);
  }
  return overlay;
}

}  // namespace nova::app
