#include "analyzers/rule_support/function_walk.h"

#include <cctype>
#include <optional>
#include <string_view>

#include "analyzers/libclang/file_tokens.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/rule.h"

namespace nova::analyzers {
namespace {

// A cursor's source range as expansion offsets in its file.
struct Extent {
  CXFile file = nullptr;
  unsigned begin = 0;
  unsigned end = 0;

  bool Contains(const Extent& other) const {
    return file != nullptr && clang_File_isEqual(file, other.file) && begin <= other.begin &&
           other.end <= end;
  }
};

Extent ExtentOf(CXCursor cursor) {
  Extent extent;
  CXSourceRange range = clang_getCursorExtent(cursor);
  CXFile end_file = nullptr;
  clang_getExpansionLocation(clang_getRangeStart(range), &extent.file, nullptr, nullptr,
                             &extent.begin);
  clang_getExpansionLocation(clang_getRangeEnd(range), &end_file, nullptr, nullptr, &extent.end);
  if (!clang_File_isEqual(extent.file, end_file)) extent.file = nullptr;
  return extent;
}


// A keyword statement whose source text does not start with its keyword was written by a macro
// (its range is the macro use). libclang's spelling location cannot tell: it returns the file
// location, which is the macro use for tokens of the macro's body.
bool WrittenByMacro(CXTranslationUnit tu, CXCursor cursor, CXCursorKind kind) {
  const char* keyword = LeadingKeyword(kind);
  if (keyword == nullptr) return false;
  CXFile file = nullptr;
  unsigned offset = 0;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(cursor)), &file, nullptr,
                             nullptr, &offset);
  if (file == nullptr) return false;
  std::size_t size = 0;
  const char* content = clang_getFileContents(tu, file, &size);
  if (content == nullptr) return false;
  const std::string_view text(content, size);
  const std::string_view word(keyword);
  if (text.compare(offset, word.size(), word) != 0) return true;
  const std::size_t after = offset + word.size();
  return after < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[after])) != 0 || text[after] == '_');
}

// An `else` keyword is written between the end of `before` and the start of `after`.
bool ElseBetween(CXTranslationUnit tu, CXCursor before, CXCursor after) {
  CXSourceRange gap = clang_getRange(clang_getRangeEnd(clang_getCursorExtent(before)),
                                     clang_getRangeStart(clang_getCursorExtent(after)));
  std::optional<libclang::FileTokens> tokens = libclang::TokensOfExpansion(tu, gap);
  if (!tokens) return false;
  for (const libclang::FileToken& token : tokens->tokens) {
    if (token.kind == CXToken_Keyword && token.spelling == "else") return true;
  }
  return false;
}

// Fills in which child of the `if` statement `step` is its then branch and whether the last
// one is an else branch: the children are [init] [condition variable] condition then [else].
void ScanIf(PathStep& step, CXTranslationUnit tu) {
  std::vector<CXCursor> children = ChildrenOf(step.cursor);
  const int count = static_cast<int>(children.size());
  step.has_else = count >= 3 && ElseBetween(tu, children[count - 2], children[count - 1]);
  step.then_child = step.has_else ? count - 2 : count - 1;
}

}  // namespace

const char* LeadingKeyword(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_IfStmt:
      return "if";
    case CXCursor_ForStmt:
    case CXCursor_CXXForRangeStmt:
      return "for";
    case CXCursor_WhileStmt:
      return "while";
    case CXCursor_DoStmt:
      return "do";
    case CXCursor_SwitchStmt:
      return "switch";
    case CXCursor_CXXTryStmt:
      return "try";
    case CXCursor_CXXCatchStmt:
      return "catch";
    case CXCursor_GotoStmt:
    case CXCursor_IndirectGotoStmt:
      return "goto";
    case CXCursor_ReturnStmt:
      return "return";
    default:
      return nullptr;
  }
}

void FunctionWalk::Enter(CXCursor cursor, CXCursor parent, CXTranslationUnit tu) {
  PopTo(StepsToKeep(cursor, parent));
  path_.push_back(NextStep(cursor, tu));
  const std::size_t here = path_.size() - 1;

  if (!open_.empty() && open_.back().step + 1 == here &&
      clang_equalCursors(cursor, open_.back().body)) {
    open_.back().body_step = here;
  }
  const CXCursorKind kind = path_.back().kind;
  if (IsFunctionKind(kind) && clang_isCursorDefinition(cursor)) {
    CXCursor body = FunctionBody(cursor);
    if (!clang_Cursor_isNull(body)) open_.push_back(OpenFunction{here, cursor, body, 0});
  }
}

std::size_t FunctionWalk::StepsToKeep(CXCursor cursor, CXCursor parent) const {
  // libclang sometimes names a parent it never visited (the implicit conversion around a lambda
  // capture's initializer); the cursor then stays below the innermost step whose source range
  // holds it.
  std::size_t keep = path_.size();
  while (keep > 0 && !clang_equalCursors(path_[keep - 1].cursor, parent)) --keep;
  if (keep > 0) return keep;
  const Extent inner = ExtentOf(cursor);
  keep = path_.size();
  while (keep > 0 && !ExtentOf(path_[keep - 1].cursor).Contains(inner)) --keep;
  return keep;
}

void FunctionWalk::PopTo(std::size_t keep) {
  while (path_.size() > keep) {
    path_.pop_back();
    while (!open_.empty() && open_.back().step >= path_.size()) {
      finished_.push_back(open_.back());
      open_.pop_back();
    }
    if (!open_.empty() && open_.back().body_step >= path_.size()) open_.back().body_step = 0;
  }
}

PathStep FunctionWalk::NextStep(CXCursor cursor, CXTranslationUnit tu) {
  PathStep step;
  step.cursor = cursor;
  step.kind = clang_getCursorKind(cursor);
  if (!path_.empty()) {
    PathStep& up = path_.back();
    step.from_macro = up.from_macro;
    const int index = up.children_entered++;
    if (up.kind == CXCursor_IfStmt) {
      step.if_part = index == up.then_child                     ? IfPart::kThen
                     : up.has_else && index == up.then_child + 1 ? IfPart::kElse
                                                                 : IfPart::kHeader;
    }
  }
  step.from_macro = step.from_macro || WrittenByMacro(tu, cursor, step.kind);
  if (step.kind == CXCursor_IfStmt) ScanIf(step, tu);
  return step;
}

void FunctionWalk::Finish() {
  while (!open_.empty()) {
    finished_.push_back(open_.back());
    open_.pop_back();
  }
  path_.clear();
}

bool FunctionWalk::InBody(std::size_t function, std::size_t step) const {
  const std::size_t body = open_[function].body_step;
  return body != 0 && step > body;
}

std::optional<FileRange> NameRange(RuleContext& context, CXCursor function, std::string& spelling) {
  std::optional<FileRange> range = context.Locate(clang_getCursorExtent(function));
  if (!range) return std::nullopt;
  spelling = libclang::TakeString(clang_getCursorSpelling(function));
  clang_getExpansionLocation(clang_getCursorLocation(function), nullptr, &range->line,
                             &range->column, &range->offset);
  range->end_line = range->line;
  range->end_column = range->column + static_cast<unsigned>(spelling.size());
  return range;
}

}  // namespace nova::analyzers
