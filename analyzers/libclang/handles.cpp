#include "analyzers/libclang/handles.h"

namespace nova::analyzers::libclang {

IndexHandle CreateIndex() {
  return IndexHandle(clang_createIndex(/*excludeDeclarationsFromPCH=*/0,
                                       /*displayDiagnostics=*/0));
}

std::string TakeString(CXString text) {
  const char* chars = clang_getCString(text);
  std::string result = chars != nullptr ? chars : "";
  clang_disposeString(text);
  return result;
}

Tokens::Tokens(CXTranslationUnit tu, CXSourceRange range) : tu_(tu) {
  clang_tokenize(tu_, range, &tokens_, &count_);
}

Tokens::~Tokens() {
  if (tokens_ != nullptr) clang_disposeTokens(tu_, tokens_, count_);
}

std::string Tokens::Spelling(unsigned i) const {
  return TakeString(clang_getTokenSpelling(tu_, tokens_[i]));
}

}  // namespace nova::analyzers::libclang
