// use-override: Finds member functions that override a base-class virtual without saying
// override and adds it. Stateless apart from its options; one instance per thread like every Rule.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds member functions that override a base-class virtual without saying override and adds it.
// Looks at the declaration inside the class (clang_getOverriddenCursors non-empty, no override or
// final attribute); leaves destructors, members of templates (whose bases may be dependent) and
// declarations written by macros alone. The fix inserts ` override` after the qualifiers,
// noexcept and trailing return type, and drops a leading `virtual` that became redundant.
class UseOverride : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds member functions that override a base-class virtual without saying override and "
      "adds it.";

  // No options; any key is an error.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
};

}  // namespace nova::analyzers
