// FileTokens: the tokens of a source range as written in its file (macro uses stay macro names),
// with byte offsets into the file's content as the TU read it, for rules that build edits.
// A value copied out of libclang; valid after the tokens are disposed, not after the TU is.
#pragma once

#include <clang-c/Index.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nova::analyzers::libclang {

struct FileToken {
  std::string spelling;
  CXTokenKind kind = CXToken_Punctuation;
  unsigned begin = 0;  // byte offset of the first character
  unsigned end = 0;    // byte offset one past the last character
};

struct FileTokens {
  CXFile file = nullptr;
  std::string_view content;  // the whole file, owned by the TU
  std::vector<FileToken> tokens;

  // The index of the token starting at `offset`, if any.
  std::optional<std::size_t> TokenAt(unsigned offset) const;
  // The range of bytes [begin, end) of `file`.
  CXSourceRange Range(CXTranslationUnit tu, unsigned begin, unsigned end) const;
};

// The byte offset `location` expands to in its file.
unsigned ExpansionOffset(CXSourceLocation location);

// The bytes [begin, end) of one file that a (possibly macro) range expands to; nullopt when its
// ends expand in different files or in none.
struct ExpansionSpan {
  CXFile file = nullptr;
  unsigned begin = 0;
  unsigned end = 0;
};
std::optional<ExpansionSpan> SpanOfExpansion(CXSourceRange range);

// The tokens of the file range `range` expands from; nullopt when its ends lie in different
// files or the file's content is unavailable.
std::optional<FileTokens> TokensOfExpansion(CXTranslationUnit tu, CXSourceRange range);

}  // namespace nova::analyzers::libclang
