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

std::optional<FileTokens> TokensOfExpansion(CXTranslationUnit tu, CXSourceRange range) {
  CXFile begin_file = nullptr;
  CXFile end_file = nullptr;
  unsigned begin = 0;
  unsigned end = 0;
  clang_getExpansionLocation(clang_getRangeStart(range), &begin_file, nullptr, nullptr, &begin);
  clang_getExpansionLocation(clang_getRangeEnd(range), &end_file, nullptr, nullptr, &end);
  if (begin_file == nullptr || !clang_File_isEqual(begin_file, end_file)) return std::nullopt;
  std::size_t size = 0;
  const char* content = clang_getFileContents(tu, begin_file, &size);
  if (content == nullptr) return std::nullopt;

  FileTokens result;
  result.file = begin_file;
  result.content = std::string_view(content, size);
  Tokens tokens(tu, clang_getRange(clang_getLocationForOffset(tu, begin_file, begin),
                                   clang_getLocationForOffset(tu, end_file, end)));
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
