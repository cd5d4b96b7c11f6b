#include "analyzers/rule_support/library_hooks.h"

#include <algorithm>
#include <array>

namespace nova::analyzers {

bool IsLibraryHook(std::string_view function_name) {
  static constexpr std::array<std::string_view, 10> kHooks = {
      "from_json", "to_json",                      // nlohmann::json's adl_serializer
      "PrintTo",                                   // GoogleTest's value printer
      "AbslHashValue", "AbslStringify",            // Abseil
      "hash_value",                                // boost::hash
      "tag_invoke",                                // P1895 customization points
      "swap", "begin", "end"};                     // std::swap and range-for via ADL
  return std::find(kHooks.begin(), kHooks.end(), function_name) != kHooks.end();
}

}  // namespace nova::analyzers
