#include "analyzers/rule_support/extern_c.h"

#include <cctype>
#include <cstddef>
#include <string_view>

namespace nova::analyzers {

bool IsExternCBlock(CXTranslationUnit tu, CXCursor cursor) {
  if (clang_getCursorKind(cursor) != CXCursor_UnexposedDecl &&
      clang_getCursorKind(cursor) != CXCursor_LinkageSpec) {
    return false;
  }
  CXFile file = nullptr;
  unsigned offset = 0;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(cursor)), &file, nullptr,
                             nullptr, &offset);
  std::size_t size = 0;
  const char* content = file != nullptr ? clang_getFileContents(tu, file, &size) : nullptr;
  if (content == nullptr || offset > size) return false;
  std::string_view text(content + offset, size - offset);
  if (text.substr(0, 6) != "extern") return false;
  text.remove_prefix(6);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  return text.substr(0, 3) == "\"C\"";
}

}  // namespace nova::analyzers
