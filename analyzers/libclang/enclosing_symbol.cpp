#include "analyzers/libclang/enclosing_symbol.h"

#include "analyzers/libclang/cursor_kinds.h"
#include "analyzers/libclang/file_tokens.h"
#include "analyzers/libclang/handles.h"

namespace nova::analyzers::libclang {
namespace {

constexpr int kMaxDepth = 64;

// Scopes whose children may declare further scopes.
bool IsContainerScope(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_Namespace:
    case CXCursor_ClassDecl:
    case CXCursor_StructDecl:
    case CXCursor_UnionDecl:
    case CXCursor_ClassTemplate:
    case CXCursor_ClassTemplatePartialSpecialization:
    case CXCursor_LinkageSpec:
      return true;
    default:
      return false;
  }
}

// Declarations that name a place in the code: a finding inside one belongs to it.
bool IsSymbolScope(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_EnumDecl:
    case CXCursor_TypedefDecl:
    case CXCursor_TypeAliasDecl:
    case CXCursor_TypeAliasTemplateDecl:
      return true;
    case CXCursor_LinkageSpec:
      return false;
    default:
      return IsFunctionKind(kind) || IsContainerScope(kind);
  }
}

// A scope's own part of the qualified name: functions with their parameter types, so that
// overloads differ; unnamed namespaces and records as "(anonymous)".
std::string ScopeName(CXCursor scope) {
  std::string name = TakeString(IsFunctionKind(clang_getCursorKind(scope))
                                    ? clang_getCursorDisplayName(scope)
                                    : clang_getCursorSpelling(scope));
  if (name.empty() || name.find("(anonymous") != std::string::npos ||
      name.find("(unnamed") != std::string::npos) {
    return "(anonymous)";
  }
  return name;
}

struct CollectState {
  CXFile file;
  std::vector<std::pair<std::pair<unsigned, unsigned>, std::string>>* out;
  int depth;
};

CXChildVisitResult CollectScope(CXCursor cursor, CXCursor, CXClientData data) {
  auto* state = static_cast<CollectState*>(data);
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (!IsSymbolScope(kind) && kind != CXCursor_LinkageSpec) return CXChildVisit_Continue;
  const CXSourceRange extent = clang_getCursorExtent(cursor);
  const std::optional<ExpansionSpan> span = SpanOfExpansion(extent);
  const bool here = span && clang_File_isEqual(span->file, state->file);
  // A namespace may be reopened here though first opened in a header: look inside every one.
  if (!here && ((kind != CXCursor_Namespace && kind != CXCursor_LinkageSpec) ||
                clang_Location_isInSystemHeader(clang_getRangeStart(extent)))) {
    return CXChildVisit_Continue;
  }
  if (here && IsSymbolScope(kind)) {
    state->out->push_back({{span->begin, span->end}, EnclosingSymbol(cursor)});
  }
  if (IsContainerScope(kind) && state->depth < kMaxDepth) {
    CollectState inner{state->file, state->out, state->depth + 1};
    clang_visitChildren(cursor, CollectScope, &inner);
  }
  return CXChildVisit_Continue;
}

}  // namespace

std::string EnclosingSymbol(CXCursor cursor) {
  int depth = 0;
  while (!clang_Cursor_isNull(cursor) && !IsSymbolScope(clang_getCursorKind(cursor))) {
    if (clang_getCursorKind(cursor) == CXCursor_TranslationUnit || ++depth > kMaxDepth) return "";
    cursor = clang_getCursorSemanticParent(cursor);
  }
  std::vector<std::string> parts;
  for (; !clang_Cursor_isNull(cursor) && depth <= kMaxDepth; ++depth) {
    const CXCursorKind kind = clang_getCursorKind(cursor);
    if (kind == CXCursor_TranslationUnit || clang_isInvalid(kind)) break;
    if (IsSymbolScope(kind)) parts.push_back(ScopeName(cursor));
    cursor = clang_getCursorSemanticParent(cursor);
  }
  std::string qualified;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!qualified.empty()) qualified += "::";
    qualified += *it;
  }
  return qualified;
}

SymbolScopes SymbolScopes::Collect(CXTranslationUnit tu, CXFile file) {
  SymbolScopes result;
  if (file == nullptr) return result;
  std::vector<std::pair<std::pair<unsigned, unsigned>, std::string>> found;
  CollectState state{file, &found, 0};
  clang_visitChildren(clang_getTranslationUnitCursor(tu), CollectScope, &state);
  for (auto& [range, name] : found) {
    result.scopes_.push_back(Scope{range.first, range.second, std::move(name)});
  }
  return result;
}

std::string SymbolScopes::At(unsigned offset) const {
  const Scope* best = nullptr;
  for (const Scope& scope : scopes_) {
    if (scope.begin <= offset && offset < scope.end &&
        (best == nullptr || scope.end - scope.begin < best->end - best->begin)) {
      best = &scope;
    }
  }
  return best != nullptr ? best->name : "";
}

}  // namespace nova::analyzers::libclang
