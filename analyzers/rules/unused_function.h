// unused-function: Finds functions with internal linkage and private methods that nothing in the
// project references, and deletes them. A project-level rule: the walk records candidate
// definitions and declarations and every function reference as facts; the project pass reports
// the candidates no TU references. One instance per thread.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds functions with internal linkage and private methods that nothing in the project
// references, and deletes them.
// Functions are matched by USR across every TU, so a private method defined in a.cpp and called
// in b.cpp is used; a function's references to itself (recursion) do not count. Any reference
// counts, also in unevaluated operands (sizeof, decltype, noexcept) and taking the address.
// Left alone: virtual methods, constructors, destructors, conversion functions, operators,
// templates and members of class templates, `main`, functions in system headers or written by a
// macro, and functions marked [[maybe_unused]] or with an `unused`, `used`, `constructor` or
// `destructor` attribute.
class UnusedFunction : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds functions with internal linkage and private methods that nothing in the project "
      "references, and deletes them.";

  // No options; any key is an error.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
  void EndTranslationUnit(RuleContext& context) override;
  void AnalyzeProject(const ProjectFacts& facts, std::vector<core::Finding>& findings) override;
  core::Status CheckFact(const nlohmann::json& fact) const override;

 private:
  // A function definition the walk is inside: references to it from within are recursion.
  struct Enclosing {
    CXFile file = nullptr;
    unsigned end = 0;  // byte offset one past the definition
    std::string usr;
  };
  // Pops the definitions the walk has left: those not containing `location`.
  void LeaveScopesNotContaining(CXSourceLocation location);
  void NoteCandidate(CXCursor cursor, RuleContext& context);
  void NoteReference(CXCursor cursor, CXCursor referenced);

  std::vector<Enclosing> enclosing_;
  std::set<std::string> references_;  // USRs referenced in this TU
  std::set<std::string> kept_;        // USRs a declaration marks as intentionally unused
};

}  // namespace nova::analyzers
