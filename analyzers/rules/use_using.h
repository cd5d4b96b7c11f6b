// use-using: Finds typedef declarations and rewrites them as using aliases.
// Keeps only the start of the previous typedef of the TU being walked (to spot declarations
// naming several types); one instance per thread like every Rule.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// Finds typedef declarations and rewrites them as using aliases.
// The alias reuses the source text of the typedef minus `typedef` and the name, so it reads as
// the author wrote it (libclang's type spelling may canonicalize or qualify names). Typedefs that
// declare several names, define a struct inline, carry attributes or come from a macro are
// reported without a fix; C translation units and `extern "C"` blocks are left alone.
class UseUsing : public Rule {
 public:
  static constexpr std::string_view kDescription =
      "Finds typedef declarations and rewrites them as using aliases.";

  // No options; any key is an error.
  static core::Result<std::unique_ptr<Rule>> Create(const nlohmann::json& options,
                                                    const std::string& key);

  void Visit(CXCursor cursor, CXCursor parent, RuleContext& context) override;
  void EndTranslationUnit(RuleContext& context) override;

 private:
  // Where the previous typedef began: a typedef beginning at the same place shares its
  // `typedef` keyword with it (`typedef int A, *B;`).
  CXFile previous_file_ = nullptr;
  unsigned previous_begin_ = 0;
};

}  // namespace nova::analyzers
