// The reporter: the `finally` agent of every command. Whatever happened before it (success, a
// failed step, SIGINT), it writes the run's report.json and report.md and the command's own
// output (the terminal, or -o FILE) from what the run produced, so no run ends unaccounted for.
// Not thread-safe; one instance per run.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "apps/agents/contract_agent.h"
#include "apps/commands.h"
#include "nova-core/agent.h"
#include "nova-core/driver.h"

namespace nova::app {

// What a command makes of its run: the report's result section (JSON and Markdown) and the
// text for the user, absent when the run produced nothing to print.
struct RenderedRun {
  nlohmann::json result;
  std::string markdown;
  std::optional<std::string> output;
};
using RunRenderer = std::function<RenderedRun(core::Blackboard&, const core::RunReport&)>;

struct ReportRequest {
  std::string command;          // "review", "fix"
  std::filesystem::path run_dir;
  CommonOptions output;         // --format and -o
  std::ostream* out = nullptr;  // stdout when -o is absent
  RunRenderer render;
};

// The report slot's value: where the run's report went.
struct ReportFiles {
  std::filesystem::path json;
  std::filesystem::path markdown;
  bool printed = false;
};

class ReporterAgent final : public ContractAgent<ReporterAgent> {
 public:
  explicit ReporterAgent(ReportRequest request) : request_(std::move(request)) {}
  static constexpr std::string_view kName = "reporter";
  static constexpr std::string_view kRole =
      "Writes the run's report.json, report.md and the command's output, also after a failure.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  ReportRequest request_;
};

}  // namespace nova::app

namespace nova::core {
template <>
struct SlotTraits<app::ReportFiles> {
  static SlotSummary Summarize(const app::ReportFiles& value) {
    return SummarizeBytes(value.json.string() + "\n" + value.markdown.string() +
                          (value.printed ? "\nprinted" : ""));
  }
};
}  // namespace nova::core
