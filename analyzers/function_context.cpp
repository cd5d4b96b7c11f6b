#include "analyzers/function_context.h"

#include <algorithm>

#include "analyzers/libclang/enclosing_symbol.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/libclang/parse.h"

namespace nova::analyzers {
namespace {

bool IsFunctionKind(CXCursorKind kind) {
  return kind == CXCursor_FunctionDecl || kind == CXCursor_CXXMethod ||
         kind == CXCursor_Constructor || kind == CXCursor_Destructor ||
         kind == CXCursor_ConversionFunction || kind == CXCursor_FunctionTemplate;
}

struct Walk {
  std::vector<FunctionFacts> functions;
};

CXChildVisitResult CollectCallees(CXCursor cursor, CXCursor, CXClientData data) {
  auto* callees = static_cast<std::vector<std::string>*>(data);
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind == CXCursor_DeclRefExpr || kind == CXCursor_MemberRefExpr || kind == CXCursor_CallExpr) {
    const CXCursor referenced = clang_getCursorReferenced(cursor);
    if (!clang_Cursor_isNull(referenced) && IsFunctionKind(clang_getCursorKind(referenced))) {
      std::string usr = libclang::TakeString(clang_getCursorUSR(referenced));
      if (!usr.empty() && std::find(callees->begin(), callees->end(), usr) == callees->end()) {
        callees->push_back(std::move(usr));
      }
    }
  }
  return CXChildVisit_Recurse;
}

void Position(CXSourceLocation location, int& line, std::uint64_t& offset) {
  unsigned l = 0, c = 0, o = 0;
  clang_getFileLocation(location, nullptr, &l, &c, &o);
  line = static_cast<int>(l);
  offset = o;
}

CXChildVisitResult VisitDeclarations(CXCursor cursor, CXCursor, CXClientData data) {
  auto* walk = static_cast<Walk*>(data);
  if (!clang_Location_isFromMainFile(clang_getCursorLocation(cursor))) return CXChildVisit_Continue;
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (IsFunctionKind(kind)) {
    if (clang_isCursorDefinition(cursor)) {
      FunctionFacts facts;
      facts.usr = libclang::TakeString(clang_getCursorUSR(cursor));
      facts.name = libclang::EnclosingSymbol(cursor);
      const CXSourceRange extent = clang_getCursorExtent(cursor);
      Position(clang_getRangeStart(extent), facts.begin_line, facts.begin_offset);
      Position(clang_getRangeEnd(extent), facts.end_line, facts.end_offset);
      clang_visitChildren(cursor, &CollectCallees, &facts.callees);
      walk->functions.push_back(std::move(facts));
    }
    return CXChildVisit_Continue;
  }
  // Namespaces, classes, templates and linkage specs hold definitions; nothing else does.
  return CXChildVisit_Recurse;
}

}  // namespace

core::Result<std::vector<FunctionFacts>> ListFunctions(
    const libclang::CompileCommand& unit, const std::map<std::string, std::string>& overlay) {
  libclang::IndexHandle index = libclang::CreateIndex();
  NOVA_ASSIGN_OR_RETURN(libclang::ParsedUnit parsed,
                        libclang::ParseTranslationUnit(index.get(), unit, overlay));
  Walk walk;
  clang_visitChildren(clang_getTranslationUnitCursor(parsed.tu.get()), &VisitDeclarations, &walk);
  for (FunctionFacts& facts : walk.functions) facts.file = unit.file.string();
  std::stable_sort(walk.functions.begin(), walk.functions.end(),
                   [](const FunctionFacts& a, const FunctionFacts& b) {
                     return a.begin_offset < b.begin_offset;
                   });
  return walk.functions;
}

const FunctionFacts* FunctionAt(const std::vector<FunctionFacts>& functions, int line) {
  const FunctionFacts* best = nullptr;
  for (const FunctionFacts& f : functions) {
    if (f.begin_line <= line && line <= f.end_line &&
        (best == nullptr || f.end_line - f.begin_line < best->end_line - best->begin_line)) {
      best = &f;
    }
  }
  return best;
}

std::vector<const FunctionFacts*> CallersOf(const std::vector<FunctionFacts>& functions,
                                            const FunctionFacts& target, int limit) {
  std::vector<const FunctionFacts*> out;
  for (const FunctionFacts& f : functions) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (&f == &target) continue;
    if (std::find(f.callees.begin(), f.callees.end(), target.usr) != f.callees.end()) {
      out.push_back(&f);
    }
  }
  return out;
}

std::vector<const FunctionFacts*> CalleesOf(const std::vector<FunctionFacts>& functions,
                                            const FunctionFacts& target, int limit) {
  std::vector<const FunctionFacts*> out;
  for (const std::string& usr : target.callees) {
    if (static_cast<int>(out.size()) >= limit) break;
    for (const FunctionFacts& f : functions) {
      if (f.usr == usr && &f != &target) {
        out.push_back(&f);
        break;
      }
    }
  }
  return out;
}

}  // namespace nova::analyzers
