// duplicate-code: Finds code that repeats elsewhere in the project, exactly or with identifiers
// and literals renamed. A project-level rule: the walk records each function body's normalized
// tokens as facts; the project pass finds the clone groups. One instance per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds code that repeats elsewhere in the project, exactly or with identifiers and literals
// renamed.
// Works on the tokens of function bodies (identifiers and literals each normalized to one
// symbol): every window of `min_tokens` tokens is hashed (rolling hash), equal hashes are
// verified token by token, and each match is extended as far as it goes, so the cost grows with
// the number of tokens, never with pairs of functions. A group of equal code is reported once,
// at its first location by path and line, listing the others in the message and the details.
class DuplicateCode : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds code that repeats elsewhere in the project, exactly or with identifiers and "
      "literals renamed.";
  static constexpr int kDefaultMinTokens = 100;

  // Options: {"min_tokens": positive integer}. Default: 100.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  explicit DuplicateCode(int min_tokens) : min_tokens_(min_tokens) {}

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
  void EndTranslationUnit(RuleContext& context) override;
  void AnalyzeProject(const ProjectFacts& facts, std::vector<core::Finding>& findings) override;
  core::Status CheckFact(const nlohmann::json& fact) const override;

 private:
  int min_tokens_;
  // The last body recorded in this TU: bodies nested in it (local classes) are part of it.
  std::string last_file_;
  unsigned last_end_ = 0;
};

}  // namespace nova::analyzers
