// RAII ownership of libclang C API handles (index, translation unit, diagnostic, tokens) and
// CXString conversion. This is the only place that calls libclang's dispose functions.
// Handles are move-only; a CXIndex and everything created from it belong to one thread at a time.
#pragma once

#include <clang-c/Index.h>

#include <memory>
#include <string>

namespace nova::analyzers::libclang {

struct IndexDeleter {
  void operator()(CXIndex index) const { clang_disposeIndex(index); }
};
using IndexHandle = std::unique_ptr<void, IndexDeleter>;

struct TranslationUnitDeleter {
  void operator()(CXTranslationUnit tu) const { clang_disposeTranslationUnit(tu); }
};
using TranslationUnitHandle = std::unique_ptr<CXTranslationUnitImpl, TranslationUnitDeleter>;

struct DiagnosticDeleter {
  void operator()(CXDiagnostic diagnostic) const { clang_disposeDiagnostic(diagnostic); }
};
using DiagnosticHandle = std::unique_ptr<void, DiagnosticDeleter>;

// Creates an index that does not print diagnostics to stderr.
IndexHandle CreateIndex();

// Takes ownership of `text` and returns its contents ("" for a null string).
std::string TakeString(CXString text);

// The tokens covering a source range; disposes them on destruction.
class Tokens {
 public:
  Tokens(CXTranslationUnit tu, CXSourceRange range);
  ~Tokens();
  Tokens(const Tokens&) = delete;
  Tokens& operator=(const Tokens&) = delete;

  unsigned size() const { return count_; }
  CXToken operator[](unsigned i) const { return tokens_[i]; }
  std::string Spelling(unsigned i) const;
  CXTokenKind Kind(unsigned i) const { return clang_getTokenKind(tokens_[i]); }
  CXSourceRange Extent(unsigned i) const { return clang_getTokenExtent(tu_, tokens_[i]); }

 private:
  CXTranslationUnit tu_;
  CXToken* tokens_ = nullptr;
  unsigned count_ = 0;
};

}  // namespace nova::analyzers::libclang
