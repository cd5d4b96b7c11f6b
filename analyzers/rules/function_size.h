// function-size: Finds function definitions whose body is longer than a maximum number of lines.
// Holds only its threshold; one instance per thread like every Rule.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds function definitions whose body is longer than a maximum number of lines.
// Covers free functions, methods, constructors, destructors, conversion operators and function
// templates; the body is counted from its `{` line to its `}` line, both included.
class FunctionSize : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds function definitions whose body is longer than a maximum number of lines.";
  static constexpr int kDefaultMaxLines = 60;

  // Options: {"max_lines": positive integer}. Default: 60.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  explicit FunctionSize(int max_lines) : max_lines_(max_lines) {}

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;

 private:
  int max_lines_;
};

}  // namespace nova::analyzers
