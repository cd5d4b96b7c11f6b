#include "analyzers/libclang/file_tokens.h"

#include "analyzers/libclang/handles.h"

namespace nova::analyzers::libclang {

std::optional<std::size_t> FileTokens::TokenAt(unsigned offset) const {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].begin == offset) return i;
  }
  return std::nullopt;
}

CXSourceRange FileTokens::Range(CXTranslationUnit tu, unsigned begin, unsigned end) const {
  return clang_getRange(clang_getLocationForOffset(tu, file, begin),
                        clang_getLocationForOffset(tu, file, end));
}

unsigned ExpansionOffset(CXSourceLocation location) {
  unsigned offset = 0;
  clang_getExpansionLocation(location, nullptr, nullptr, nullptr, &offset);
  return offset;
}

std::optional<ExpansionSpan> SpanOfExpansion(CXSourceRange range) {
  CXFile end_file = nullptr;
  ExpansionSpan span;
  clang_getExpansionLocation(clang_getRangeStart(range), &span.file, nullptr, nullptr, &span.begin);
  clang_getExpansionLocation(clang_getRangeEnd(range), &end_file, nullptr, nullptr, &span.end);
  if (span.file == nullptr || end_file == nullptr || !clang_File_isEqual(span.file, end_file)) {
    return std::nullopt;
  }
  return span;
}

std::optional<FileTokens> TokensOfExpansion(CXTranslationUnit tu, CXSourceRange range) {
  const std::optional<ExpansionSpan> span = SpanOfExpansion(range);
  if (!span) return std::nullopt;
  std::size_t size = 0;
  const char* content = clang_getFileContents(tu, span->file, &size);
  if (content == nullptr) return std::nullopt;

  FileTokens result;
  result.file = span->file;
  result.content = std::string_view(content, size);
  Tokens tokens(tu, clang_getRange(clang_getLocationForOffset(tu, span->file, span->begin),
                                   clang_getLocationForOffset(tu, span->file, span->end)));
  result.tokens.reserve(tokens.size());
  for (unsigned i = 0; i < tokens.size(); ++i) {
    CXSourceRange extent = tokens.Extent(i);
    result.tokens.push_back(FileToken{tokens.Spelling(i), tokens.Kind(i),
                                      ExpansionOffset(clang_getRangeStart(extent)),
                                      ExpansionOffset(clang_getRangeEnd(extent))});
  }
  return result;
}

}  // namespace nova::analyzers::libclang
