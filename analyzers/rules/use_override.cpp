#include "analyzers/rules/use_override.h"

#include <cctype>
#include <optional>
#include <vector>

#include "analyzers/libclang/file_tokens.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"

namespace nova::analyzers {
namespace {

using libclang::FileToken;
using libclang::FileTokens;

bool HasOverrideOrFinal(CXCursor method) {
  bool found = false;
  clang_visitChildren(
      method,
      [](CXCursor child, CXCursor, CXClientData data) {
        CXCursorKind kind = clang_getCursorKind(child);
        if (kind != CXCursor_CXXOverrideAttr && kind != CXCursor_CXXFinalAttr) {
          return CXChildVisit_Continue;
        }
        *static_cast<bool*>(data) = true;
        return CXChildVisit_Break;
      },
      &found);
  return found;
}

// "Shape::Draw", naming the first function `method` overrides.
std::string OverriddenName(CXCursor method) {
  CXCursor* overridden = nullptr;
  unsigned count = 0;
  clang_getOverriddenCursors(method, &overridden, &count);
  std::string name;
  if (count > 0) {
    name = libclang::TakeString(
               clang_getCursorSpelling(clang_getCursorSemanticParent(overridden[0]))) +
           "::" + libclang::TakeString(clang_getCursorSpelling(overridden[0]));
  }
  clang_disposeOverriddenCursors(overridden);
  return name;
}

// Index of the token matching the bracket at `open`, or tokens.size() if unbalanced.
std::size_t MatchingClose(const std::vector<FileToken>& tokens, std::size_t open) {
  const std::string& opening = tokens[open].spelling;
  const std::string closing = opening == "(" ? ")" : opening == "[" ? "]" : "}";
  int depth = 0;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].spelling == opening) ++depth;
    if (tokens[i].spelling == closing && --depth == 0) return i;
  }
  return tokens.size();
}

// Steps over the exception specification whose keyword is tokens[i] (`noexcept` or `throw`,
// maybe with a parenthesized operand), leaving `last` on its last token and `i` after it; kept
// out of DeclaratorEnd so its loop reads as the list of what a declarator may end with.
// False when the operand's parentheses are unbalanced.
bool SkipExceptionSpec(const std::vector<FileToken>& tokens, std::size_t& i, std::size_t& last) {
  last = i++;
  if (i < tokens.size() && tokens[i].spelling == "(") {
    last = i = MatchingClose(tokens, i);
    if (i++ >= tokens.size()) return false;
  }
  return true;
}

// Steps over the trailing return type after the `->` at tokens[i], up to the `=`, `{` or `;`
// that ends it, leaving `last` on its last token; split out for the same reason as
// SkipExceptionSpec. False when a bracket inside it is unbalanced.
bool SkipTrailingReturn(const std::vector<FileToken>& tokens, std::size_t& i, std::size_t& last) {
  for (++i; i < tokens.size(); ++i) {
    const std::string& type_token = tokens[i].spelling;
    if (type_token == "=" || type_token == "{" || type_token == ";") break;
    if (type_token == "(" || type_token == "[") {
      i = MatchingClose(tokens, i);
      if (i >= tokens.size()) return false;
    }
    last = i;
  }
  return true;
}

// Whether ` override` may be written before tokens[i]: the end of the declaration's tokens,
// `=`, `{`, `;` or `try`; anything else (e.g. a macro) makes the edit unsafe.
bool OverrideMayPrecede(const std::vector<FileToken>& tokens, std::size_t i) {
  if (i == tokens.size()) return true;
  const std::string& next = tokens[i].spelling;
  return next == "=" || next == "{" || next == ";" || next == "try";
}

// The index of the last token of the declarator (parameters, cv and ref qualifiers, exception
// specification, trailing return type) when the token after it is one ` override` may precede
// (`=`, `{`, `;`, `try` or none); nullopt when something else follows, e.g. a macro.
std::optional<std::size_t> DeclaratorEnd(const std::vector<FileToken>& tokens, std::size_t name,
                                         bool call_operator) {
  std::size_t i = name + 1;
  if (call_operator) i += 2;  // the `(` `)` of the name `operator()`
  while (i < tokens.size() && tokens[i].spelling != "(") ++i;
  if (i >= tokens.size()) return std::nullopt;
  i = MatchingClose(tokens, i);
  if (i >= tokens.size()) return std::nullopt;
  std::size_t last = i++;
  bool balanced = true;
  while (balanced && i < tokens.size()) {
    const std::string& token = tokens[i].spelling;
    if (token == "const" || token == "volatile" || token == "&" || token == "&&") {
      last = i++;
    } else if (token == "noexcept" || token == "throw") {
      balanced = SkipExceptionSpec(tokens, i, last);
    } else if (token == "->") {
      balanced = SkipTrailingReturn(tokens, i, last);
    } else {
      break;
    }
  }
  if (!balanced || !OverrideMayPrecede(tokens, i)) return std::nullopt;
  return last;
}

// Removes the `virtual` token at `index` and the whitespace after it.
core::Edit RemoveVirtual(const FileTokens& text, std::size_t index, const std::string& file) {
  unsigned end = text.tokens[index].end;
  while (end < text.content.size() && std::isspace(static_cast<unsigned char>(text.content[end]))) {
    ++end;
  }
  return core::Edit{file, text.tokens[index].begin, end - text.tokens[index].begin, ""};
}

}  // namespace

core::Result<std::unique_ptr<Rule>> UseOverride::Create(const nlohmann::json& options,
                                                        const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {}));
  return std::unique_ptr<Rule>(std::make_unique<UseOverride>());
}

void UseOverride::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  (void)parent;
  // Destructors have their own cursor kind and are left alone on purpose.
  CXCursorKind kind = clang_getCursorKind(cursor);
  if (kind != CXCursor_CXXMethod && kind != CXCursor_ConversionFunction) return;
  if (!clang_CXXMethod_isVirtual(cursor)) return;
  // Only the first declaration, inside its class: an out-of-line definition cannot say override.
  if (!clang_equalCursors(cursor, clang_getCanonicalCursor(cursor)) ||
      !clang_equalCursors(clang_getCursorSemanticParent(cursor),
                          clang_getCursorLexicalParent(cursor))) {
    return;
  }
  CXSourceLocation location = clang_getCursorLocation(cursor);
  if (!context.Reportable(location)) return;
  // In a template the bases may be dependent: what overrides what is unknown.
  if (HasOverrideOrFinal(cursor) ||
      InTemplateScope(clang_getCursorSemanticParent(cursor), /*specializations=*/false)) {
    return;
  }
  std::string overridden = OverriddenName(cursor);
  if (overridden.empty()) return;

  // A declaration written by a macro expands to the macro's name at its location: no safe edit,
  // and the macro's other uses may not override anything.
  std::optional<FileTokens> text =
      libclang::TokensOfExpansion(context.tu(), clang_getCursorExtent(cursor));
  if (!text) return;
  std::optional<std::size_t> name = text->TokenAt(libclang::ExpansionOffset(location));
  const std::string spelling = libclang::TakeString(clang_getCursorSpelling(cursor));
  if (!name || spelling.rfind(text->tokens[*name].spelling, 0) != 0) return;
  const FileToken& name_token = text->tokens[*name];
  std::optional<FileRange> range =
      context.Locate(text->Range(context.tu(), name_token.begin, name_token.end));
  if (!range) return;

  core::Finding finding = FindingAt(
      *this, *range, "'" + spelling + "' overrides " + overridden + " but is not marked override",
      spelling);
  if (std::optional<std::size_t> end =
          DeclaratorEnd(text->tokens, *name, spelling == "operator()")) {
    for (std::size_t i = 0; i < *name; ++i) {
      if (text->tokens[i].spelling == "virtual" && text->tokens[i].kind == CXToken_Keyword) {
        finding.fix.push_back(RemoveVirtual(*text, i, range->file));
      }
    }
    finding.fix.push_back(core::Edit{range->file, text->tokens[*end].end, 0, " override"});
  }
  context.Report(std::move(finding));
}

}  // namespace nova::analyzers
