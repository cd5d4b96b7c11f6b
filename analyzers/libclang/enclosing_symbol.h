// Enclosing symbols: the qualified name of the declaration a source position belongs to (the
// function, class, alias or namespace around it), so a finding can be identified by where it
// lives rather than by its line. Deterministic for the same code; reads one TU, thread-compatible.
#pragma once

#include <clang-c/Index.h>

#include <string>
#include <vector>

namespace nova::analyzers::libclang {

// The nearest named scope at or above `cursor`, qualified by its semantic parents:
// "ns::Widget::Resize(int)" for a method, "ns::Alias" for a using-alias, "(anonymous)::Helper()"
// inside an anonymous namespace; "" when there is none below the translation unit.
std::string EnclosingSymbol(CXCursor cursor);

// The named scopes declared in one file of a TU, by extent, collected once so that many
// positions can be looked up (positions inside macro expansions use the expansion's offset).
class SymbolScopes {
 public:
  static SymbolScopes Collect(CXTranslationUnit tu, CXFile file);

  // The innermost scope containing byte `offset` of the file, or "" at file scope.
  std::string At(unsigned offset) const;

 private:
  struct Scope {
    unsigned begin = 0;
    unsigned end = 0;
    std::string name = {};
  };
  std::vector<Scope> scopes_;
};

}  // namespace nova::analyzers::libclang
