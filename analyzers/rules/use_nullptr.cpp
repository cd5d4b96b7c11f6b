#include "analyzers/rules/use_nullptr.h"

#include <cctype>
#include <optional>

#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"
#include "analyzers/rule_support/init_list_targets.h"

namespace nova::analyzers {
namespace {

// A type a null pointer constant converts to: a pointer, or std::nullptr_t (gtest's
// `EXPECT_EQ(NULL, p)` passes its NULL to a std::nullptr_t parameter).
bool IsPointerType(CXType type) {
  switch (clang_getCanonicalType(type).kind) {
    case CXType_Pointer:
    case CXType_MemberPointer:
    case CXType_BlockPointer:
    case CXType_ObjCObjectPointer:
    case CXType_NullPtr:
      return true;
    default:
      return false;
  }
}

// "0", "0L", "0u", "0x0", "00": an integer literal token whose value is zero.
bool IsZeroLiteral(std::string_view spelling) {
  while (!spelling.empty() && std::string_view("uUlLzZ").find(spelling.back()) !=
                                  std::string_view::npos) {
    spelling.remove_suffix(1);
  }
  if (spelling.size() > 2 && spelling[0] == '0' && (spelling[1] == 'x' || spelling[1] == 'X' ||
                                                    spelling[1] == 'b' || spelling[1] == 'B')) {
    spelling.remove_prefix(2);
  }
  if (spelling.empty()) return false;
  for (char c : spelling) {
    if (c != '0' && c != '\'') return false;
  }
  return true;
}

// The file range a (possibly macro) range stands for: where a macro argument was written, or
// else where the macro was expanded. Tokenizing a macro range itself yields nothing.
CXSourceRange FileRangeOf(CXTranslationUnit tu, CXSourceRange range) {
  CXFile begin_file = nullptr;
  CXFile end_file = nullptr;
  unsigned begin = 0;
  unsigned end = 0;
  clang_getFileLocation(clang_getRangeStart(range), &begin_file, nullptr, nullptr, &begin);
  clang_getFileLocation(clang_getRangeEnd(range), &end_file, nullptr, nullptr, &end);
  if (begin_file == nullptr || !clang_File_isEqual(begin_file, end_file) || end < begin) {
    return clang_getNullRange();
  }
  return clang_getRange(clang_getLocationForOffset(tu, begin_file, begin),
                        clang_getLocationForOffset(tu, end_file, end));
}

bool IsNullConstantKind(CXCursorKind kind) {
  return kind == CXCursor_IntegerLiteral || kind == CXCursor_GNUNullExpr;
}

// `expression` itself, looking through parentheses, if it is an integer literal or `__null`;
// else a null cursor.
CXCursor NullConstant(CXCursor expression) {
  for (int depth = 0; depth < 16; ++depth) {  // bound: nesting of parentheses looked through
    const CXCursorKind kind = clang_getCursorKind(expression);
    if (IsNullConstantKind(kind)) return expression;
    if (kind != CXCursor_ParenExpr) break;
    CXCursor inner = clang_getNullCursor();
    clang_visitChildren(
        expression,
        [](CXCursor child, CXCursor, CXClientData data) {
          *static_cast<CXCursor*>(data) = child;
          return CXChildVisit_Break;
        },
        &inner);
    expression = inner;
  }
  return clang_getNullCursor();
}

// The only child of `cast`, looking through parentheses, if it is `0` or `__null`.
CXCursor NullConstantOperand(CXCursor cast) {
  struct Search {
    CXCursor found = clang_getNullCursor();
    int children = 0;
  };
  CXCursor current = cast;
  for (int depth = 0; depth < 16; ++depth) {  // bound: nesting of parentheses looked through
    Search search;
    clang_visitChildren(
        current,
        [](CXCursor child, CXCursor, CXClientData data) {
          auto* search = static_cast<Search*>(data);
          search->found = child;
          return ++search->children > 1 ? CXChildVisit_Break : CXChildVisit_Continue;
        },
        &search);
    if (search.children != 1) return clang_getNullCursor();
    CXCursorKind kind = clang_getCursorKind(search.found);
    if (IsNullConstantKind(kind)) return search.found;
    if (kind != CXCursor_ParenExpr) return clang_getNullCursor();
    current = search.found;
  }
  return clang_getNullCursor();
}

// The one `NULL` token in the body of the project macro whose name is `macro_use` (a use whose
// expansion yields the null being converted), or nullopt: a system macro, several `NULL`s, or
// none. The body is the project's own code, so that token is what to rewrite.
std::optional<FileRange> NullInProjectMacroBody(CXCursor macro_use, RuleContext& context) {
  if (clang_getCursorKind(macro_use) != CXCursor_MacroExpansion) return std::nullopt;
  CXCursor definition = clang_getCursorReferenced(macro_use);
  if (clang_getCursorKind(definition) != CXCursor_MacroDefinition) return std::nullopt;
  const CXSourceRange body = clang_getCursorExtent(definition);
  if (!context.Reportable(clang_getRangeStart(body))) return std::nullopt;
  libclang::Tokens tokens(context.tu(), body);
  std::optional<FileRange> found;
  for (unsigned i = 1; i < tokens.size(); ++i) {  // token 0 is the macro's name
    if (tokens.Kind(i) != CXToken_Identifier || tokens.Spelling(i) != "NULL") continue;
    if (found) return std::nullopt;
    found = context.Locate(tokens.Extent(i));
    if (!found) return std::nullopt;
  }
  return found;
}

// Reports `literal` (`0` or `__null`, converted to a pointer) as a finding of `rule` with its
// fix, when it is written as one token at a use site or stands for a project macro's NULL.
void ReportNullConstant(const Rule& rule, CXCursor literal, RuleContext& context) {
  CXSourceRange extent = clang_getCursorExtent(literal);
  if (!context.Reportable(clang_getRangeStart(extent))) return;

  // A `NULL` use maps to that lone token at the use site, and so does a null written as a macro's
  // argument (`CHECK(p != NULL)`, `assert(p != 0)`). Anything else (a literal inside a macro
  // body, reached through the macro's name) has no single token to rewrite.
  libclang::Tokens tokens(context.tu(), FileRangeOf(context.tu(), extent));
  if (tokens.size() != 1) return;
  std::string spelling = tokens.Spelling(0);
  if (tokens.Kind(0) == CXToken_Identifier && spelling != "NULL") {
    // A project macro standing for NULL (`#define NO_WIDGET NULL`): its body is rewritten.
    if (clang_getCursorKind(literal) != CXCursor_GNUNullExpr) return;
    CXCursor use = clang_getCursor(context.tu(), clang_getRangeStart(tokens.Extent(0)));
    std::optional<FileRange> body_null = NullInProjectMacroBody(use, context);
    if (!body_null) return;
    core::Finding finding = FindingAt(
        rule, *body_null, "use nullptr instead of NULL in macro '" + spelling + "'", "NULL");
    finding.fix.push_back(core::Edit{body_null->file, body_null->offset,
                                     body_null->end_offset - body_null->offset, "nullptr"});
    context.Report(std::move(finding));
    return;
  }
  bool is_null_macro = spelling == "NULL" && tokens.Kind(0) == CXToken_Identifier;
  bool is_zero = tokens.Kind(0) == CXToken_Literal && IsZeroLiteral(spelling);
  if (!is_null_macro && !is_zero) return;
  std::optional<FileRange> range = context.Locate(tokens.Extent(0));
  if (!range) return;

  core::Finding finding = FindingAt(rule, *range, "use nullptr instead of " + spelling, spelling);
  finding.fix.push_back(core::Edit{range->file, range->offset,
                                   range->end_offset - range->offset, "nullptr"});
  context.Report(std::move(finding));
}

}  // namespace

core::Result<std::unique_ptr<Rule>> UseNullptr::Create(const nlohmann::json& options,
                                                       const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {}));
  return std::unique_ptr<Rule>(std::make_unique<UseNullptr>());
}

void UseNullptr::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  (void)parent;
  if (context.compiles_as_c()) return;  // C has no nullptr
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind == CXCursor_InitListExpr) {
    // An init list shows its elements as written, without their conversions: the type each
    // initializes says whether a `0` or `NULL` there is a null pointer.
    for (const InitTarget& target : InitListTargets(cursor)) {
      if (!IsPointerType(target.type)) continue;
      CXCursor literal = NullConstant(target.element);
      if (!clang_Cursor_isNull(literal)) ReportNullConstant(*this, literal, context);
    }
    return;
  }
  // The implicit null-to-pointer conversion: a pointer-typed UnexposedExpr around the literal.
  if (kind != CXCursor_UnexposedExpr) return;
  if (!IsPointerType(clang_getCursorType(cursor))) return;
  CXCursor literal = NullConstantOperand(cursor);
  if (!clang_Cursor_isNull(literal)) ReportNullConstant(*this, literal, context);
}

}  // namespace nova::analyzers
