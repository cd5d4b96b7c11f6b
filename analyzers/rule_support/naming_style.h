// Naming styles: which case conventions a name follows (CamelCase, camelBack, lower_case,
// UPPER_CASE, kCamelCase) and how a name is spelled in another one, for naming-consistency.
// Pure functions over strings; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nova::analyzers {

enum class NamingStyle { kCamelCase, kLowerCase, kCamelBack, kUpperCase, kPrefixedCamelCase };

// Every style, in the order ties between equally common styles are broken.
const std::vector<NamingStyle>& AllNamingStyles();
// "CamelCase", "lower_case", "camelBack", "UPPER_CASE", "kCamelCase".
std::string_view NamingStyleName(NamingStyle style);
std::optional<NamingStyle> ParseNamingStyle(std::string_view name);

// A name split off its affixes: a member's `m_` prefix or trailing `_` are kept aside so that
// `count_` and `m_count` are judged by `count`.
struct NameParts {
  std::string prefix;
  std::string base;
  std::string suffix;
};
NameParts SplitAffixes(std::string_view name, bool member);

// True when `base` (no affixes) is spelled in `style`. One lowercase word fits both lower_case
// and camelBack; an all-capital word (`URL`) both CamelCase and UPPER_CASE; digits go anywhere.
bool FollowsStyle(std::string_view base, NamingStyle style);

// The words of a name: split at underscores, lower-to-upper changes and the end of an acronym
// (`HTTPServer` -> HTTP, Server), without a kCamelCase `k` prefix.
std::vector<std::string> NameWords(std::string_view base);

// `base` respelled in `style` ("get_value" -> "GetValue" in CamelCase); "" when it has no words.
std::string Respell(std::string_view base, NamingStyle style);

}  // namespace nova::analyzers
