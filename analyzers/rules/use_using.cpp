#include "analyzers/rules/use_using.h"

#include <cctype>
#include <optional>

#include "analyzers/libclang/file_tokens.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"
#include "analyzers/rule_support/extern_c.h"

namespace nova::analyzers {
namespace {

using libclang::FileToken;
using libclang::FileTokens;

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Tokens that make the source text unsafe to move around: an inline struct, union or enum
// definition, and attributes, whose meaning depends on where they stand.
bool HasUnmovableToken(const FileTokens& text) {
  for (std::size_t i = 0; i < text.tokens.size(); ++i) {
    const std::string& token = text.tokens[i].spelling;
    if (token == "{" || token == "__attribute__" || token == "__declspec" || token == "alignas" ||
        (token == "typedef" && i > 0)) {
      return true;
    }
    if (token == "[" && i + 1 < text.tokens.size() && text.tokens[i + 1].spelling == "[") {
      return true;
    }
  }
  return false;
}

// The type written around the name: `void (*` + `)(int)` -> `void (*)(int)`, `char ` + `[16]` ->
// `char[16]`, `int (` + `)` -> `int`.
std::string TypeAroundName(std::string_view before, std::string_view after) {
  before = Trim(before);
  after = Trim(after);
  while (!before.empty() && before.back() == '(' && !after.empty() && after.front() == ')') {
    before = Trim(before.substr(0, before.size() - 1));
    after = Trim(after.substr(1));
  }
  std::string type(before);
  if (!before.empty() && !after.empty() && IsIdentifierChar(before.back()) &&
      IsIdentifierChar(after.front())) {
    type += ' ';
  }
  type += after;
  return type;
}

// `using Name = type` for the typedef spanning [begin, end) of `text` whose name is token `name`,
// or nullopt when the source text cannot be reused safely.
std::optional<std::string> AliasText(const FileTokens& text, std::size_t name, unsigned end,
                                     const std::string& spelling) {
  if (text.tokens.empty() || text.tokens[0].spelling != "typedef" || name == 0) return std::nullopt;
  if (HasUnmovableToken(text)) return std::nullopt;
  // One name per declaration: the next character after the declarator ends it.
  std::size_t next = end;
  while (next < text.content.size() && IsSpace(text.content[next])) ++next;
  if (next >= text.content.size() || text.content[next] != ';') return std::nullopt;
  const FileToken& name_token = text.tokens[name];
  if (name_token.end > end) return std::nullopt;
  std::string type =
      TypeAroundName(text.content.substr(text.tokens[0].end, name_token.begin - text.tokens[0].end),
                     text.content.substr(name_token.end, end - name_token.end));
  if (type.empty()) return std::nullopt;
  return "using " + spelling + " = " + type;
}


}  // namespace

core::Result<std::unique_ptr<Rule>> UseUsing::Create(const nlohmann::json& options,
                                                     const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {}));
  return std::unique_ptr<Rule>(std::make_unique<UseUsing>());
}

void UseUsing::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  if (clang_getCursorKind(cursor) != CXCursor_TypedefDecl) return;
  // `using` is C++ only: a C unit and the `extern "C"` blocks of headers shared with C keep
  // their typedefs.
  if (context.compiles_as_c() || IsExternCBlock(context.tu(), parent)) return;
  CXSourceLocation location = clang_getCursorLocation(cursor);
  if (!context.Reportable(location)) return;
  CXSourceRange extent = clang_getCursorExtent(cursor);
  std::optional<FileTokens> text = libclang::TokensOfExpansion(context.tu(), extent);
  if (!text) return;

  CXFile file = nullptr;
  unsigned begin = 0;
  unsigned end = 0;
  clang_getExpansionLocation(clang_getRangeStart(extent), &file, nullptr, nullptr, &begin);
  clang_getExpansionLocation(clang_getRangeEnd(extent), nullptr, nullptr, nullptr, &end);
  bool shares_keyword = previous_file_ != nullptr && clang_File_isEqual(previous_file_, file) &&
                        previous_begin_ == begin;
  previous_file_ = file;
  previous_begin_ = begin;

  const std::string spelling = libclang::TakeString(clang_getCursorSpelling(cursor));
  const unsigned name_offset = libclang::ExpansionOffset(location);
  // In a macro expansion the location maps to the macro's name, not to the typedef's.
  std::optional<std::size_t> name = text->TokenAt(name_offset);
  bool from_macro = !name || text->tokens[*name].spelling != spelling;
  unsigned name_end = name ? text->tokens[*name].end : name_offset;
  std::optional<FileRange> range = context.Locate(text->Range(context.tu(), name_offset, name_end));
  if (!range) return;

  core::Finding finding = FindingAt(
      *this, *range, "use a using alias instead of typedef for '" + spelling + "'", spelling);
  if (!from_macro && !shares_keyword) {
    if (std::optional<std::string> alias = AliasText(*text, *name, end, spelling)) {
      unsigned start = text->tokens[0].begin;
      finding.fix.push_back(core::Edit{range->file, start, end - start, *alias});
    }
  }
  context.Report(std::move(finding));
}

void UseUsing::EndTranslationUnit(RuleContext& context) {
  (void)context;
  previous_file_ = nullptr;
  previous_begin_ = 0;
}

}  // namespace nova::analyzers
