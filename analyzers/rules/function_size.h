// function-size: Finds function definitions that are too long, have too many statements or
// parameters, or nest blocks too deeply. Holds its thresholds and the metrics of the functions
// open in the walk of the current TU; one instance per thread like every Rule.
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

// Finds function definitions that are too long, have too many statements or parameters, or nest
// blocks too deeply.
// Covers free functions, methods, constructors, destructors, conversion operators and function
// templates. Lines run from the body's `{` line to its `}` line; statements are counted as
// clang-tidy's readability-function-size counts them (every statement or expression directly
// inside a block or a control statement, blocks excluded); nesting is the deepest chain of
// then/else branches, loops, switches, try blocks, catch handlers, lambdas and bare blocks, an
// `else if` counting as its `if`. One finding per function names every exceeded limit.
class FunctionSize : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds function definitions that are too long, have too many statements or parameters, or "
      "nest blocks too deeply.";

  struct Limits {
    int lines = 60;        // Default: 60
    int statements = 80;   // Default: 80
    int parameters = 6;    // Default: 6
    int nesting = 4;       // Default: 4
  };

  // Options: {"max_lines", "max_statements", "max_parameters", "max_nesting"}, each a positive
  // integer; defaults as in Limits.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  explicit FunctionSize(Limits limits) : limits_(limits) {}

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
  void EndTranslationUnit(RuleContext& context) override;

 private:
  struct Metrics {
    int lines = 0;
    int parameters = 0;
    int statements = 0;
    int nesting = 0;
  };
  // Reports the functions the walk has finished.
  void ReportFinished(RuleContext& context);

  Limits limits_;
  FunctionWalk walk_;
  std::vector<Metrics> metrics_;  // parallel to walk_.open()
  std::vector<int> depth_;        // parallel to walk_.path(): blocks enclosing each step
  std::vector<bool> bare_block_;  // parallel to walk_.path(): a `{}` directly inside a block
};

}  // namespace nova::analyzers
