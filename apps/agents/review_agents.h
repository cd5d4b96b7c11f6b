// The agents of a review: the indexer finds the compile database, the analyzer parses and runs
// the rules, the reviewer turns findings into a Review. Each reads and writes the slots named in
// slots.h. Not thread-safe; one instance per run.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzers/compile_db_locator.h"
#include "apps/agents/contract_agent.h"
#include "apps/progress_line.h"
#include "nova-core/agent.h"
#include "nova-core/git/diff.h"
#include "reviewer/baseline.h"

namespace nova::app {

class IndexerAgent final : public ContractAgent<IndexerAgent> {
 public:
  explicit IndexerAgent(analyzers::CompileDbRequest request) : request_(std::move(request)) {}
  static constexpr std::string_view kName = "indexer";
  static constexpr std::string_view kRole =
      "Finds the compile database of the reviewed directory, configuring CMake when there "
          "is none.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  analyzers::CompileDbRequest request_;
};

struct AnalyzerSettings {
  std::filesystem::path root;
  std::vector<std::string> rules;
  std::map<std::string, nlohmann::json> rule_options;
  std::vector<std::string> exclude;
  std::map<std::string, std::string> overlay;  // base-commit content of dirty files
  int jobs = 0;                                // 0: one worker per core
  int shard_index = 0, shard_count = 0;        // 0/0: no sharding
  std::filesystem::path cache_dir;             // empty: no cache
  std::optional<std::vector<std::string>> changed_files;  // --since: absolute paths
  ProgressLine* progress = nullptr;            // null: no progress line
  // nova pr-review's time budget: TUs not started by then are reported skipped, not parsed.
  std::optional<std::chrono::steady_clock::time_point> start_units_until = std::nullopt;
  std::string stop_reason = {};
};

class AnalyzerAgent final : public ContractAgent<AnalyzerAgent> {
 public:
  explicit AnalyzerAgent(AnalyzerSettings settings) : settings_(std::move(settings)) {}
  static constexpr std::string_view kName = "analyzer";
  static constexpr std::string_view kRole =
      "Parses every translation unit with libclang and runs the enabled rules on its AST.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  AnalyzerSettings settings_;
};

// --baseline: the parsed file and which of its entries this run could have matched.
struct BaselineInput {
  std::string file;  // as the user named it, for messages
  std::vector<reviewer::BaselineEntry> entries;
  reviewer::BaselineScope scope;
};

struct ReviewerSettings {
  std::filesystem::path root;
  // --since: only findings on lines added or changed (relative to `repo_root`) are kept.
  std::optional<core::git::ChangedLines> changed = std::nullopt;
  std::filesystem::path repo_root = {};
  // Content the analysis read instead of the file on disk (nova fix: the base commit's), by the
  // path the analyzer saw; inline suppressions are read from it.
  std::map<std::string, std::string> overlay = {};
  std::optional<BaselineInput> baseline = std::nullopt;
};

class ReviewerAgent final : public ContractAgent<ReviewerAgent> {
 public:
  explicit ReviewerAgent(ReviewerSettings settings) : settings_(std::move(settings)) {}
  static constexpr std::string_view kName = "reviewer";
  static constexpr std::string_view kRole =
      "Turns raw findings into a review: relative paths, stable fingerprints, inline "
      "suppressions and the baseline applied, problems kept.";
  static core::AgentContract Terms();  // slots and failure modes; ContractAgent adds the rest
  core::Outcome Run(core::Blackboard& board, const core::StepContext& context) override;

 private:
  ReviewerSettings settings_;
};

}  // namespace nova::app
