#include "apps/run_report.h"

#include <fstream>

namespace nova::app {
namespace {

using nlohmann::json;

core::Status WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return core::UnavailableError("cannot write " + path.string());
  return core::Status::Ok();
}

std::string StepError(const core::StepRecord& step) {
  if (step.outcome.kind == core::OutcomeKind::kFailed) return step.outcome.error.ToString();
  if (step.outcome.kind == core::OutcomeKind::kDeclined) return step.outcome.reason;
  return "";
}

}  // namespace

core::Status WriteRunReport(const std::filesystem::path& run_dir, std::string_view command,
                            const core::RunReport& run, const json& result,
                            const std::string& result_markdown) {
  json steps = json::array();
  std::string table = "| agent | outcome | ms | reason |\n|---|---|---:|---|\n";
  for (const core::StepRecord& step : run.steps) {
    const std::string error = StepError(step);
    steps.push_back({{"agent", step.agent},
                     {"start", core::FormatUtcTimestamp(step.start)},
                     {"duration_ms", step.duration.count()},
                     {"outcome", core::OutcomeKindName(step.outcome.kind)},
                     {"error", error.empty() ? json() : json(error)}});
    table += "| " + step.agent + " | " + std::string(core::OutcomeKindName(step.outcome.kind)) +
             " | " + std::to_string(step.duration.count()) + " | " + error + " |\n";
  }
  const std::string status = run.status.ok() ? "ok" : run.status.ToString();
  const json report = {{"version", 1},       {"command", command},
                       {"status", status},   {"partial", run.partial},
                       {"steps", steps},     {"result", result}};
  NOVA_RETURN_IF_ERROR(
      WriteText(run_dir / "report.json",
                report.dump(2, ' ', false, json::error_handler_t::replace) + "\n"));
  std::string markdown = "# nova " + std::string(command) + "\n\n**Status:** " + status +
                         (run.partial ? " (partial: some planned steps did not run)" : "") +
                         "\n\n## Steps\n\n" + table + "\n## Result\n\n" +
                         (result_markdown.empty() ? "No result: the run stopped before it.\n"
                                                  : result_markdown);
  return WriteText(run_dir / "report.md", markdown);
}

}  // namespace nova::app
