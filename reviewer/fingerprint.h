// Fingerprint: a stable id for a finding that survives the code moving up or down the file.
// Made of the rule, the file, the enclosing symbol (function, class, alias or namespace), the
// flagged text with whitespace collapsed, and the ordinal of that same text among the symbol's
// findings of the rule, so lines added elsewhere, even in the same file, change nothing.
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace nova::reviewer {

// Collapses runs of whitespace to one space and trims both ends.
std::string NormalizeSnippet(std::string_view snippet);

// 32 lowercase hex digits (XXH3-128).
std::string Fingerprint(std::string_view rule, std::string_view relative_file,
                        std::string_view symbol, std::string_view normalized_snippet,
                        int ordinal);

}  // namespace nova::reviewer
