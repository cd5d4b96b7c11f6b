// FunctionWalk: what the metric rules (function-size, cognitive-complexity) share to measure
// function bodies from the engine's single pre-order walk without walking subtrees themselves:
// the path from the translation unit to the cursor being visited, which part of an `if` each
// cursor is, and the function definitions open on that path. One instance per rule instance.
#pragma once

#include <clang-c/Index.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analyzers/rule.h"

namespace nova::analyzers {

// The role of a cursor inside its parent `if` statement.
enum class IfPart {
  kNone,    // the parent is not an `if`
  kHeader,  // init statement, condition variable or condition
  kThen,
  kElse,  // the statement after `else`; an `if` here is an `else if`
};

// One cursor on the path, with what the walk has seen of its children so far.
struct PathStep {
  CXCursor cursor{};
  CXCursorKind kind = CXCursor_UnexposedStmt;
  IfPart if_part = IfPart::kNone;  // role in the parent
  // Inside a keyword statement (if, for, do, return, ...) that a macro's expansion wrote.
  bool from_macro = false;
  int children_entered = 0;
  int then_child = -1;    // `if` statements: index of the then branch among the children
  bool has_else = false;  // `if` statements: the last child is the else branch
};

// A function definition open on the path.
struct OpenFunction {
  std::size_t step = 0;  // index of the function's cursor in the path
  CXCursor cursor{};
  CXCursor body{};        // CompoundStmt, or CXXTryStmt of a function-try-block
  std::size_t body_step = 0;  // index of the body in the path while the walk is in it, else 0
};

// Where a metric rule reports `function`: at its name (the expansion location), spanning it, with
// the name in `spelling`; nullopt when the function lies outside the analysed file. Both metric
// rules report so; kept here so they cannot drift apart.
std::optional<FileRange> NameRange(RuleContext& context, CXCursor function, std::string& spelling);

// The keyword a statement of `kind` starts with ("if", "for" for both for loops, "catch",
// "return", ...), or nullptr for any other cursor kind.
const char* LeadingKeyword(CXCursorKind kind);

class FunctionWalk {
 public:
  // Moves the path to `cursor`, whose parent in the walk is `parent`, dropping the steps the
  // walk has left. Functions left on the way are moved to finished(); a function definition at
  // `cursor` is opened. Call it first in Rule::Visit.
  void Enter(CXCursor cursor, CXCursor parent, CXTranslationUnit tu);
  // Ends the walk: every open function is finished. Call it in EndTranslationUnit.
  void Finish();

  const std::vector<PathStep>& path() const { return path_; }
  const PathStep& current() const { return path_.back(); }
  // Open functions, outermost first; the last one holds the current cursor.
  const std::vector<OpenFunction>& open() const { return open_; }
  // True when path()[step] lies inside open()[function]'s body (the body itself excluded).
  bool InBody(std::size_t function, std::size_t step) const;

  // Functions whose walk ended since the last call, innermost first; the caller clears it.
  std::vector<OpenFunction>& finished() { return finished_; }

 private:
  // How many steps of the path are ancestors of `cursor`; split from Enter because libclang's
  // `parent` is not always on the path.
  std::size_t StepsToKeep(CXCursor cursor, CXCursor parent) const;
  // Drops the steps after the first `keep`, finishing the functions they held.
  void PopTo(std::size_t keep);
  // The step for `cursor` below the current path's end, whose child count it advances.
  PathStep NextStep(CXCursor cursor, CXTranslationUnit tu);

  std::vector<PathStep> path_;
  std::vector<OpenFunction> open_;
  std::vector<OpenFunction> finished_;
};

}  // namespace nova::analyzers
