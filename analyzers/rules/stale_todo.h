// stale-todo: Finds TODO, FIXME, HACK and XXX comments that git blame dates older than a maximum
// age. A project-level rule: the walk records each marker comment of the TU's project files as
// a fact; the project pass blames each file once through nova-core's libgit2 adapter. One
// instance per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds TODO, FIXME, HACK and XXX comments that git blame dates older than a maximum age.
// A marker counts only as a whole upper-case word inside a comment token (`TODOS`, `todo_list`
// and markers in string literals do not); each comment line is reported once, at its first
// marker. Lines of files outside any git repository, untracked files and lines changed since
// HEAD are new, not stale, and never reported. Severity note: a stale marker is a reminder about
// the code's history, not a defect in it.
class StaleTodo : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds TODO, FIXME, HACK and XXX comments that git blame dates older than a maximum age.";
  static constexpr int kDefaultMaxAgeDays = 180;

  // Options: {"max_age_days": integer >= 0}. Default: 180. A marker whose line was last changed
  // more than that many whole days ago is reported.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  explicit StaleTodo(int max_age_days) : max_age_days_(max_age_days) {}

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
  void EndTranslationUnit(RuleContext& context) override;
  void AnalyzeProject(const ProjectFacts& facts, std::vector<core::Finding>& findings) override;
  core::Status CheckFact(const nlohmann::json& fact) const override;

 private:
  int max_age_days_;
};

}  // namespace nova::analyzers
