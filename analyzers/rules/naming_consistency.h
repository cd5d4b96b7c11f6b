// naming-consistency: finds names that break the project's convention for their kind of name
// (types, functions, methods, variables, members, constants, namespaces, macros), configured or
// inferred from the majority of the project's own declarations, and says the expected name.
// A project-level rule: the walk records each declaration as a fact; the project pass judges.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analyzers/libclang/file_tokens.h"
#include "analyzers/rule.h"
#include "analyzers/rule_support/naming_style.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Declarations are matched by USR across TUs, so a method declared in a header and defined in
// a .cpp is one name, reported once at its first declaration. The finding's details carry the
// USR, kind and expected name, which is what a rename of every reference needs.
// Left alone: names written by a macro expansion, in system headers, operators, constructors,
// destructors, conversion functions, overriding methods (their name is the base's), `main`,
// names declared in an extern "C" block or with C linkage, template specializations, names starting with `_`, and the names in the
// `ignore` option (by default the standard library's protocol names such as `begin` and `size`).
class NamingConsistency : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds names that break the project's naming convention for their kind, configured or "
      "inferred from the majority, and gives the expected name.";

  // Options: one style per kind ("types": "CamelCase", ...; absent means inferred),
  // "min_declarations" (default 10) and "min_percent" (default 60) for inferring a convention,
  // "ignore": names never reported.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
  void EndTranslationUnit(RuleContext& context) override;
  void AnalyzeProject(const ProjectFacts& facts, std::vector<core::Finding>& findings) override;
  core::Status CheckFact(const nlohmann::json& fact) const override;

 private:
  // True when `location` lies in an `extern "C"` block of this TU.
  bool InCBlock(CXSourceLocation location) const;

  std::vector<libclang::ExpansionSpan> c_blocks_;  // this TU's extern "C" blocks
  std::map<std::string, NamingStyle> configured_;  // kind -> style
  int min_declarations_ = 10;
  int min_percent_ = 60;
  std::set<std::string> ignore_;
};

}  // namespace nova::analyzers
