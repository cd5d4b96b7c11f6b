#include "analyzers/rules/hotspot.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <tuple>

#include "analyzers/rule_options.h"
#include "analyzers/rule_support/fact_decode.h"
#include "analyzers/rules/cognitive_complexity.h"
#include "nova-core/check.h"
#include "nova-core/git/repository.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;

struct Function {
  std::string file;
  int line = 0;
  int column = 0;
  int end_column = 0;
  std::string name;
  int complexity = 0;
  int churn = 0;
  long long score = 0;
};

// Read by DecodeFact<Function>; throws on a missing key or a wrong type.
void from_json(const json& fact, Function& function) {
  function.file = fact.at("file").get<std::string>();
  function.line = fact.at("line").get<int>();
  function.column = fact.at("column").get<int>();
  function.end_column = fact.at("end_column").get<int>();
  function.name = fact.at("name").get<std::string>();
  function.complexity = fact.at("complexity").get<int>();
}

}  // namespace

core::Result<std::unique_ptr<Rule>> Hotspot::Create(const nlohmann::json& options,
                                                    const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {"days", "max_commits", "top"}));
  NOVA_ASSIGN_OR_RETURN(int days, PositiveIntOption(options, key, "days", kDefaultDays));
  NOVA_ASSIGN_OR_RETURN(int max_commits,
                        PositiveIntOption(options, key, "max_commits", kDefaultMaxCommits));
  NOVA_ASSIGN_OR_RETURN(int top, PositiveIntOption(options, key, "top", kDefaultTop));
  return std::unique_ptr<Rule>(std::make_unique<Hotspot>(days, max_commits, top));
}

Hotspot::Hotspot(int days, int max_commits, int top)
    : days_(days),
      max_commits_(max_commits),
      top_(top),
      complexity_(std::make_unique<CognitiveComplexity>(0)) {}

Hotspot::~Hotspot() = default;

void Hotspot::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  if (!complexity_context_) {
    complexity_context_.emplace(context.tu(), context.compiles_as_c(), context.filter(), scored_,
                                unused_facts_);
  }
  complexity_->Visit(cursor, parent, *complexity_context_);
}

void Hotspot::EndTranslationUnit(RuleContext& context) {
  if (complexity_context_) complexity_->EndTranslationUnit(*complexity_context_);
  for (const core::Finding& finding : scored_) {
    const json details = json::parse(finding.details, nullptr, /*allow_exceptions=*/false);
    NOVA_CHECK(details.is_object() && details.contains("cognitive_complexity") &&
               details["cognitive_complexity"].is_number_integer());
    context.AddFact(*this, {{"file", finding.file},
                            {"line", finding.line},
                            {"column", finding.column},
                            {"end_column", finding.end_column},
                            {"name", finding.snippet},
                            {"complexity", details["cognitive_complexity"]}});
  }
  scored_.clear();
  unused_facts_.clear();
  complexity_context_.reset();
}

core::Status Hotspot::CheckFact(const json& fact) const {
  return DecodeFact<Function>(fact).status();
}

void Hotspot::AnalyzeProject(const ProjectFacts& facts, std::vector<core::Finding>& findings) {
  // (file, line, column) -> function: the same place described by two TUs counts once.
  std::map<std::tuple<std::string, int, int>, Function> functions;
  for (const json* unit : facts.units) {
    for (const json& fact : *unit) {
      core::Result<Function> function = DecodeFact<Function>(fact);
      NOVA_CHECK(function.ok());  // the engine passes only facts CheckFact accepted
      functions[{function->file, function->line, function->column}] = *function;
    }
  }
  // Churn per file, one revwalk per repository over all its files.
  std::map<std::string, std::set<std::string>> files_by_workdir;  // workdir -> relative paths
  std::map<std::string, int> churn;                               // absolute path -> commits
  std::map<std::string, std::optional<core::git::Repository>> repos;
  for (const auto& [key, function] : functions) {
    const fs::path directory = fs::path(function.file).parent_path();
    auto [it, inserted] = repos.try_emplace(directory.string());
    if (inserted) {
      core::Result<core::git::Repository> repo = core::git::Repository::Discover(directory);
      if (repo.ok()) it->second.emplace(std::move(*repo));
    }
    if (!it->second) continue;  // not in a repository: no history, no churn
    const fs::path& workdir = it->second->Workdir();
    files_by_workdir[workdir.string()].insert(
        fs::path(function.file).lexically_relative(workdir).generic_string());
  }
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  for (const auto& [workdir, paths] : files_by_workdir) {
    core::Result<core::git::Repository> repo = core::git::Repository::Discover(workdir);
    if (!repo.ok()) continue;
    core::Result<std::map<std::string, int>> counts =
        repo->ChurnSince(now - days_ * kSecondsPerDay, paths, max_commits_);
    if (!counts.ok()) {
      // No commit yet means no churn; anything else leaves these files unranked: say so.
      if (counts.status().code() != core::StatusCode::kNotFound) {
        ReportProjectProblem(workdir, id() + ": cannot count commits, " +
                                          std::to_string(paths.size()) +
                                          " file(s) not ranked: " + counts.status().ToString());
      }
      continue;
    }
    for (const auto& [relative, commits] : *counts) {
      churn[(fs::path(workdir) / relative).lexically_normal().string()] = commits;
    }
  }
  std::vector<Function> ranked;
  for (auto& [key, function] : functions) {
    auto it = churn.find(function.file);
    if (it == churn.end()) continue;
    function.churn = it->second;
    function.score = static_cast<long long>(function.complexity) * function.churn;
    if (function.score > 0) ranked.push_back(function);
  }
  std::sort(ranked.begin(), ranked.end(), [](const Function& a, const Function& b) {
    return std::tie(b.score, a.file, a.line, a.column) < std::tie(a.score, b.file, b.line, b.column);
  });
  if (ranked.size() > static_cast<std::size_t>(top_)) ranked.resize(top_);
  for (std::size_t k = 0; k < ranked.size(); ++k) {
    const Function& function = ranked[k];
    const int rank = static_cast<int>(k) + 1;
    core::Finding finding;
    finding.rule = id();
    finding.severity = core::Severity::kNote;
    finding.file = function.file;
    finding.line = finding.end_line = function.line;
    finding.column = function.column;
    finding.end_column = function.end_column;
    finding.snippet = function.name;
    finding.message = "hotspot #" + std::to_string(rank) + ": '" + function.name +
                      "' complexity " + std::to_string(function.complexity) + " x " +
                      std::to_string(function.churn) + " commits in " + std::to_string(days_) +
                      " days = " + std::to_string(function.score);
    finding.details = json{{"rank", rank},
                           {"complexity", function.complexity},
                           {"churn", function.churn},
                           {"days", days_},
                           {"score", function.score}}
                          .dump();
    findings.push_back(std::move(finding));
  }
}

}  // namespace nova::analyzers
