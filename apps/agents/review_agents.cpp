#include "apps/agents/review_agents.h"

#include <chrono>

#include "apps/agents/slots.h"
#include "reviewer/diff_filter.h"
#include "reviewer/model_review.h"
#include "reviewer/suppression.h"

namespace nova::app {
namespace {

// The overlay's content for a path the analyzer saw, else the file on disk.
reviewer::SourceReader OverlayReader(const std::map<std::string, std::string>& overlay) {
  const reviewer::SourceReader disk = reviewer::FileSystemReader();
  return [&overlay, disk](const std::filesystem::path& path) -> core::Result<std::string> {
    if (auto it = overlay.find(path.string()); it != overlay.end()) return it->second;
    if (auto it = overlay.find(path.lexically_normal().string()); it != overlay.end()) {
      return it->second;
    }
    return disk(path);
  };
}

}  // namespace

core::AgentContract IndexerAgent::Terms() {
  return {.produces = {kCompileDbSlot},
          .failure_modes = {"no compile database and no CMakeLists.txt to configure",
                            "cmake fails to configure the project"}};
}

core::AgentContract AnalyzerAgent::Terms() {
  return {.consumes = {kCompileDbSlot},
          .produces = {kAnalysisSlot, kAnalysisMsSlot},
          .failure_modes = {"the compile database is missing or malformed",
                            "a rule id or rule option is invalid"}};
}

core::AgentContract ReviewerAgent::Terms() {
  return {.consumes = {kAnalysisSlot},
          .produces = {kReviewSlot},
          .failure_modes = {"no analysis to review"},
          .reads_if_present = {kModelReviewSlot}};
}

core::Outcome IndexerAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  analyzers::CompileDbRequest request = request_;
  request.hooks = context.hooks;
  auto located = LocateCompileDb(request);
  if (!located.ok()) return core::Outcome::Failed(located.status());
  board.Put(kCompileDbSlot, *located);
  return core::Outcome::Ok();
}

core::Outcome AnalyzerAgent::Run(core::Blackboard& board, const core::StepContext& context) {
  auto db = board.Get<analyzers::CompileDbLocation>(kCompileDbSlot);
  if (!db.ok()) return core::Outcome::Failed(db.status());
  analyzers::AnalyzeOptions options;
  options.project_root = settings_.root;
  options.compile_commands = (*db)->path;
  options.rules = settings_.rules;
  options.rule_options = settings_.rule_options;
  options.exclude = settings_.exclude;
  options.overlay = settings_.overlay;
  options.jobs = settings_.jobs;
  options.shard_index = settings_.shard_index;
  options.shard_count = settings_.shard_count;
  options.cache_dir = settings_.cache_dir;
  options.changed_files = settings_.changed_files;
  options.cancel = context.hooks.cancel;
  options.start_units_until = settings_.start_units_until;
  options.stop_reason = settings_.stop_reason;
  ProgressLine* line = settings_.progress;
  const core::WorkHooks hooks = context.hooks;
  options.on_progress = [line, hooks](const analyzers::AnalysisProgress& p) {
    hooks.Progress(p.current_file);  // each TU done keeps the stall detector quiet
    if (line != nullptr) line->Update(p.done, p.total, p.current_file);
  };
  const auto start = std::chrono::steady_clock::now();
  auto result = analyzers::Analyze(options);
  if (!result.ok()) return core::Outcome::Failed(result.status());
  board.Put(kAnalysisSlot, std::move(*result));
  board.Put<long long>(kAnalysisMsSlot, std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - start)
                                          .count());
  return core::Outcome::Ok();
}

core::Outcome ReviewerAgent::Run(core::Blackboard& board, const core::StepContext&) {
  auto analysis = board.Get<analyzers::AnalysisResult>(kAnalysisSlot);
  if (!analysis.ok()) return core::Outcome::Failed(analysis.status());
  auto duration = board.Get<long long>(kAnalysisMsSlot);
  std::vector<reviewer::Problem> problems;
  for (const auto& p : (*analysis)->problems) problems.push_back({p.file, p.message});
  reviewer::ReviewSummary summary;
  summary.translation_units = (*analysis)->translation_units;
  summary.parsed_with_errors = (*analysis)->parsed_with_errors;
  summary.duration_ms = duration.ok() ? **duration : 0;
  summary.parsed = (*analysis)->parsed;
  summary.cache_hits = (*analysis)->cache_hits;
  std::vector<core::Finding> findings = (*analysis)->findings;
  // The model-reviewer's comments, when a model is configured: reviewed like every finding.
  auto model = board.Get<ModelOutput>(kModelReviewSlot);
  if (model.ok()) {
    findings.insert(findings.end(), (*model)->findings.begin(), (*model)->findings.end());
  }
  reviewer::Review review =
      reviewer::BuildReview(settings_.root, std::move(findings), std::move(problems), summary);
  for (const auto& rule : analyzers::ListRules()) review.rules.push_back({rule.id, rule.description, ""});
  if (model.ok()) {
    review.rules.push_back({reviewer::kModelReviewRule,
                            "Comments a model made on a function it was shown (model output, not "
                            "verified by Nova).",
                            ""});
  }
  for (const std::string& note : (*analysis)->notes) review.notes.push_back(note);
  if (model.ok()) {
    for (const std::string& note : (*model)->notes) review.notes.push_back(note);
  }
  // Suppressions and the baseline come before the diff filter, and both before any rendering
  // or --fail-on, so that what is hidden is hidden everywhere.
  review = reviewer::ApplyInlineSuppressions(std::move(review), OverlayReader(settings_.overlay));
  if (settings_.baseline) {
    review = reviewer::ApplyBaseline(std::move(review), settings_.baseline->entries,
                                     settings_.baseline->file, settings_.baseline->scope);
  }
  if (settings_.changed) {
    review = reviewer::FilterToChangedLines(std::move(review), *settings_.changed,
                                            settings_.repo_root);
  }
  board.Put(kReviewSlot, std::move(review));
  return core::Outcome::Ok();
}

}  // namespace nova::app
