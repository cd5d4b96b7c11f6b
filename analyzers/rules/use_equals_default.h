// use-equals-default: Finds empty default constructors and destructors and defines them as
// `= default`. Stateless apart from its options; one instance per thread like every Rule.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds empty default constructors and destructors and defines them as `= default`.
// A user-provided definition qualifies when its body is exactly `{}` (no comment, no macro, no
// directive), a constructor has no parameters and no member-initializer list, and nothing but
// `override` or `final` stands between its `)` and `{`. Left alone, as clang-tidy's
// modernize-use-equals-default leaves them or to stay safe: unions and classes with an
// anonymous union (a defaulted member would be deleted), non-public constructors defined in
// their class (before C++20 that can make the class an aggregate), members of templates,
// exception specifications, function-try-blocks, declarations written by macros, and copy
// constructors and assignments. The fix replaces ` {}` (and a `;` right after it) with
// ` = default;`.
class UseEqualsDefault : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds empty default constructors and destructors and defines them as = default.";

  // No options; any key is an error.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
};

}  // namespace nova::analyzers
