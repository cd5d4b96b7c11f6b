// use-nullptr: Finds NULL and 0 used as null pointers and replaces them with nullptr.
// Stateless apart from its options; one instance per thread like every Rule.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds NULL and 0 used as null pointers and replaces them with nullptr.
// A null pointer constant shows in libclang as an implicit conversion (UnexposedExpr) to a
// pointer or std::nullptr_t whose operand, through parentheses, is an integer literal or
// `__null`. Elements of a braced initializer list show no conversion: there the type each
// element initializes (InitListTargets) decides. The fix replaces the single token at the use
// site (`NULL` or `0`, also as a macro's argument), never text inside a macro body.
class UseNullptr : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds NULL and 0 used as null pointers and replaces them with nullptr.";

  // No options; any key is an error.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
};

}  // namespace nova::analyzers
