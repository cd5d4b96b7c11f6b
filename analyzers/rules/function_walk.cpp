#include "analyzers/rules/function_walk.h"

#include <optional>

#include "analyzers/libclang/file_tokens.h"

namespace nova::analyzers {
namespace {

std::vector<CXCursor> Children(CXCursor cursor) {
  std::vector<CXCursor> children;
  clang_visitChildren(
      cursor,
      [](CXCursor child, CXCursor, CXClientData data) {
        static_cast<std::vector<CXCursor>*>(data)->push_back(child);
        return CXChildVisit_Continue;
      },
      &children);
  return children;
}

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
  std::vector<CXCursor> children = Children(step.cursor);
  const int count = static_cast<int>(children.size());
  step.has_else = count >= 3 && ElseBetween(tu, children[count - 2], children[count - 1]);
  step.then_child = step.has_else ? count - 2 : count - 1;
}

}  // namespace

bool IsFunctionKind(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_FunctionDecl:
    case CXCursor_CXXMethod:
    case CXCursor_Constructor:
    case CXCursor_Destructor:
    case CXCursor_ConversionFunction:
    case CXCursor_FunctionTemplate:
      return true;
    default:
      return false;
  }
}

CXCursor FindBody(CXCursor function) {
  CXCursor body = clang_getNullCursor();
  clang_visitChildren(
      function,
      [](CXCursor child, CXCursor, CXClientData data) {
        CXCursorKind kind = clang_getCursorKind(child);
        if (kind == CXCursor_CompoundStmt || kind == CXCursor_CXXTryStmt) {
          *static_cast<CXCursor*>(data) = child;
          return CXChildVisit_Break;
        }
        return CXChildVisit_Continue;
      },
      &body);
  return body;
}

void FunctionWalk::Enter(CXCursor cursor, CXCursor parent, CXTranslationUnit tu) {
  // libclang sometimes names a parent it never visited (the implicit conversion around a lambda
  // capture's initializer); the cursor then stays below the innermost step whose source range
  // holds it.
  std::size_t keep = path_.size();
  while (keep > 0 && !clang_equalCursors(path_[keep - 1].cursor, parent)) --keep;
  if (keep == 0) {
    const Extent inner = ExtentOf(cursor);
    keep = path_.size();
    while (keep > 0 && !ExtentOf(path_[keep - 1].cursor).Contains(inner)) --keep;
  }
  while (path_.size() > keep) {
    path_.pop_back();
    while (!open_.empty() && open_.back().step >= path_.size()) {
      finished_.push_back(open_.back());
      open_.pop_back();
    }
    if (!open_.empty() && open_.back().body_step >= path_.size()) open_.back().body_step = 0;
  }

  PathStep step;
  step.cursor = cursor;
  step.kind = clang_getCursorKind(cursor);
  if (!path_.empty()) {
    PathStep& up = path_.back();
    const int index = up.children_entered++;
    if (up.kind == CXCursor_IfStmt) {
      step.if_part = index == up.then_child                     ? IfPart::kThen
                     : up.has_else && index == up.then_child + 1 ? IfPart::kElse
                                                                 : IfPart::kHeader;
    }
  }
  if (step.kind == CXCursor_IfStmt) ScanIf(step, tu);
  path_.push_back(step);
  const std::size_t here = path_.size() - 1;

  if (!open_.empty() && open_.back().step + 1 == here &&
      clang_equalCursors(cursor, open_.back().body)) {
    open_.back().body_step = here;
  }
  if (IsFunctionKind(step.kind) && clang_isCursorDefinition(cursor)) {
    CXCursor body = FindBody(cursor);
    if (!clang_Cursor_isNull(body)) open_.push_back(OpenFunction{here, cursor, body, 0});
  }
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

}  // namespace nova::analyzers
