// hotspot: Ranks the functions where recent churn meets cognitive complexity, to show where
// refactoring pays most. A project-level rule: the walk scores each function with
// cognitive-complexity's own counter and records the scores as facts; the project pass counts
// each file's recent commits once through nova-core's libgit2 adapter. One instance per thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Ranks the functions where recent churn meets cognitive complexity, to show where refactoring
// pays most.
// A function's score is its cognitive complexity (as cognitive-complexity computes it) times the
// churn of its file: the commits reachable from HEAD made in the last `days` days that changed
// it (merge commits aside). The `top` highest scores are reported as notes, best first; files
// outside any git repository and functions scoring 0 are not ranked. Off by default: it reports
// on every run whatever the code's quality, so a project asks for it.
class Hotspot : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Ranks the functions where recent churn meets cognitive complexity, to show where "
      "refactoring pays most.";
  static constexpr int kDefaultDays = 90;
  static constexpr int kDefaultMaxCommits = 2000;
  static constexpr int kDefaultTop = 10;

  // Options: {"days": integer >= 1, "max_commits": integer >= 1, "top": integer >= 1}.
  // Defaults: days 90 (the churn window), max_commits 2000 (the most commits walked per
  // repository, newest first), top 10 (how many functions are reported).
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  Hotspot(int days, int max_commits, int top);
  ~Hotspot() override;

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
  void EndTranslationUnit(RuleContext& context) override;
  void AnalyzeProject(const ProjectFacts& facts, std::vector<core::Finding>& findings) override;
  core::Status CheckFact(const nlohmann::json& fact) const override;

 private:
  int days_;
  int max_commits_;
  int top_;
  // cognitive-complexity at threshold 0, reporting every scored function into scored_ through
  // its own context for the current TU.
  std::unique_ptr<Rule> complexity_;
  std::optional<RuleContext> complexity_context_;
  std::vector<core::Finding> scored_;
  std::map<std::string, nlohmann::json> unused_facts_;
};

}  // namespace nova::analyzers
