// cognitive-complexity: Finds functions whose cognitive complexity, as defined by SonarSource,
// exceeds a threshold. Holds its threshold and the scores of the functions open in the walk of
// the current TU; one instance per thread like every Rule.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "analyzers/rule_support/function_walk.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds functions whose cognitive complexity, as defined by SonarSource, exceeds a threshold.
// Follows G. Ann Campbell's white paper as clang-tidy's readability-function-cognitive-complexity
// implements it: +1 for `if`, `else if`, `else`, `?:`, `switch`, each loop, `catch`, `goto`,
// each sequence of like `&&`/`||` operators and direct recursion; `if`, `?:`, `switch`, loops
// and `catch` also add their nesting level; their bodies, lambdas and functions defined inside
// a function nest one level deeper. The finding carries the score in its details.
class CognitiveComplexity : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds functions whose cognitive complexity, as defined by SonarSource, exceeds a "
      "threshold.";
  static constexpr int kDefaultThreshold = 25;

  // Options: {"threshold": integer >= 0}. Default: 25. A function scoring above it is reported.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  explicit CognitiveComplexity(int threshold) : threshold_(threshold) {}

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
  void EndTranslationUnit(RuleContext& context) override;

 private:
  // The increment of one construct with the largest nesting penalty so far.
  struct Worst {
    std::string construct;  // "for", "if", "?:", ...
    unsigned line = 0;
    int nesting = 0;
    int increment = 0;
  };
  struct Score {
    int total = 0;
    int base_level = 0;      // nesting level of the function's own children
    bool recursive = false;  // the recursion increment was counted
    Worst worst;
  };
  // What the walk knows about each step on its path.
  enum class Logical { kNone, kAnd, kOr };
  struct StepInfo {
    int level = 0;                       // nesting level the step is accounted at
    Logical sequence = Logical::kNone;   // the logical operator sequence its children continue
    bool nested_function = false;        // a function defined inside another one
  };

  // The nesting level and logical sequence path()[here] starts from, taken from its parent;
  // split from Visit so the nesting rules read apart from the scoring.
  StepInfo InheritedInfo(std::size_t here) const;
  // Scores path()[here] in every open function; the dispatch over what the construct is.
  void AccountStep(CXCursor cursor, std::size_t here, RuleContext& context);
  // +1 when a binary operator starts a new sequence of `&&` or of `||`; kept apart because it
  // has to read the operator's token.
  void AccountLogical(CXCursor binary, std::size_t here, CXTranslationUnit tu);
  // +1, once per function, for a call to an open function (direct recursion).
  void AccountRecursion(CXCursor call);
  // Adds `increment` (+ nesting when `penalized`) for `step` to every open function.
  void Account(std::size_t here, bool penalized, const char* construct);
  void ReportFinished(RuleContext& context);

  int threshold_;
  FunctionWalk walk_;
  std::vector<Score> scores_;    // parallel to walk_.open()
  std::vector<StepInfo> steps_;  // parallel to walk_.path()
};

}  // namespace nova::analyzers
