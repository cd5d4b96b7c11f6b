#include "analyzers/rules/use_equals_default.h"

#include <optional>
#include <vector>

#include "analyzers/libclang/file_tokens.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"

namespace nova::analyzers {
namespace {

using libclang::FileToken;
using libclang::FileTokens;

// A union, or a class with an anonymous union member: a defaulted special member of it may be
// deleted where the empty one was not.
bool IsUnionLike(CXCursor record) {
  if (clang_getCursorKind(record) == CXCursor_UnionDecl) return true;
  for (CXCursor child : ChildrenOf(record)) {
    if (clang_getCursorKind(child) == CXCursor_UnionDecl &&
        clang_Cursor_isAnonymousRecordDecl(child)) {
      return true;
    }
  }
  return false;
}

// The index of the `{` of an empty body `{}` that ends `tokens`, when the declarator from the
// name token at `name` reads `NAME ( [void] ) [override|final]... {}`; nullopt for anything else
// (parameters, a member-initializer list, an exception specification, `try`, a comment, a macro).
std::optional<std::size_t> EmptyBodyAfterDeclarator(const std::vector<FileToken>& tokens,
                                                    std::size_t name, bool destructor) {
  std::size_t i = name + 1;
  if (destructor) ++i;  // `~` then the class name
  if (i >= tokens.size() || tokens[i].spelling != "(") return std::nullopt;
  ++i;
  if (i < tokens.size() && tokens[i].spelling == "void") ++i;
  if (i >= tokens.size() || tokens[i].spelling != ")") return std::nullopt;
  ++i;
  while (i < tokens.size() && (tokens[i].spelling == "override" || tokens[i].spelling == "final")) {
    ++i;
  }
  if (i + 2 != tokens.size() || tokens[i].spelling != "{" || tokens[i + 1].spelling != "}") {
    return std::nullopt;
  }
  return i;
}

// The end of the body `}` ending at `end`, extended over a `;` that follows it on its line, so
// `A() {};` does not become `A() = default;;`.
unsigned EndWithSemicolon(std::string_view content, unsigned end) {
  unsigned at = end;
  while (at < content.size() && (content[at] == ' ' || content[at] == '\t')) ++at;
  return at < content.size() && content[at] == ';' ? at + 1 : end;
}

}  // namespace

core::Result<std::unique_ptr<Rule>> UseEqualsDefault::Create(const nlohmann::json& options,
                                                             const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {}));
  return std::unique_ptr<Rule>(std::make_unique<UseEqualsDefault>());
}

void UseEqualsDefault::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  (void)parent;
  const CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind != CXCursor_Constructor && kind != CXCursor_Destructor) return;
  if (context.compiles_as_c() || !clang_isCursorDefinition(cursor)) return;
  // Only the default constructor; a copy constructor's empty body copies nothing, unlike
  // `= default`.
  if (kind == CXCursor_Constructor &&
      (clang_Cursor_getNumArguments(cursor) != 0 || clang_Cursor_isVariadic(cursor))) {
    return;
  }
  CXSourceLocation location = clang_getCursorLocation(cursor);
  if (!context.Reportable(location)) return;
  const CXCursor record = clang_getCursorSemanticParent(cursor);
  if (IsUnionLike(record) || InTemplateScope(cursor, /*specializations=*/true)) return;
  const bool in_class = clang_equalCursors(record, clang_getCursorLexicalParent(cursor));
  if (kind == CXCursor_Constructor && in_class &&
      clang_getCXXAccessSpecifier(cursor) != CX_CXXPublic) {
    return;
  }
  const CXCursor body = FunctionBody(cursor);
  if (clang_Cursor_isNull(body) || clang_getCursorKind(body) != CXCursor_CompoundStmt) return;

  // A definition written by a macro expands to the macro's name at its location: no safe edit.
  std::optional<FileTokens> text =
      libclang::TokensOfExpansion(context.tu(), clang_getCursorExtent(cursor));
  if (!text) return;
  std::optional<std::size_t> name = text->TokenAt(libclang::ExpansionOffset(location));
  const std::string spelling = libclang::TakeString(clang_getCursorSpelling(cursor));
  const bool destructor = kind == CXCursor_Destructor;
  if (!name || spelling.rfind(text->tokens[*name].spelling, 0) != 0) return;
  std::optional<std::size_t> open = EmptyBodyAfterDeclarator(text->tokens, *name, destructor);
  if (!open) return;
  const unsigned name_end = text->tokens[*name + (destructor ? 1 : 0)].end;
  std::optional<FileRange> range =
      context.Locate(text->Range(context.tu(), text->tokens[*name].begin, name_end));
  if (!range) return;

  core::Finding finding =
      FindingAt(*this, *range,
                std::string(destructor ? "destructor '" : "default constructor '") + spelling +
                    "' has an empty body; define it as = default",
                spelling);
  const unsigned begin = text->tokens[*open - 1].end;
  const unsigned end = EndWithSemicolon(text->content, text->tokens[*open + 1].end);
  finding.fix.push_back(core::Edit{range->file, begin, end - begin, " = default;"});
  context.Report(std::move(finding));
}

}  // namespace nova::analyzers
