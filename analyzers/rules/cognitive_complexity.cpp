#include "analyzers/rules/cognitive_complexity.h"

#include <algorithm>
#include <optional>

#include "analyzers/libclang/file_tokens.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"
#include "analyzers/rule_support/function_walk.h"

namespace nova::analyzers {
namespace {

// Constructs whose children are one nesting level deeper (`if` is handled on its own).
bool NestsChildren(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_ConditionalOperator:
    case CXCursor_SwitchStmt:
    case CXCursor_ForStmt:
    case CXCursor_CXXForRangeStmt:
    case CXCursor_WhileStmt:
    case CXCursor_DoStmt:
    case CXCursor_CXXCatchStmt:
    case CXCursor_LambdaExpr:
    case CXCursor_StmtExpr:
      return true;
    default:
      return false;
  }
}

// The name of a construct that adds 1 plus its nesting level, or nullptr.
const char* NestedConstruct(CXCursorKind kind) {
  if (kind == CXCursor_ConditionalOperator) return "?:";
  return kind == CXCursor_IfStmt || NestsChildren(kind) ? LeadingKeyword(kind) : nullptr;
}

struct Operands {
  CXCursor lhs{};
  CXCursor rhs{};
  int count = 0;
};

// `&&`/`and` or `||`/`or` for a binary operator cursor, read from the token after its left
// operand (libclang 14 and 16 have no opcode query).
bool LogicalOperator(CXTranslationUnit tu, CXCursor binary, bool& is_and) {
  Operands operands;
  clang_visitChildren(
      binary,
      [](CXCursor child, CXCursor, CXClientData data) {
        auto* found = static_cast<Operands*>(data);
        (found->count++ == 0 ? found->lhs : found->rhs) = child;
        return found->count < 2 ? CXChildVisit_Continue : CXChildVisit_Break;
      },
      &operands);
  if (operands.count < 2) return false;
  std::optional<libclang::FileTokens> tokens = libclang::TokensOfExpansion(
      tu, clang_getRange(clang_getRangeEnd(clang_getCursorExtent(operands.lhs)),
                         clang_getRangeStart(clang_getCursorExtent(operands.rhs))));
  if (!tokens) return false;
  auto first = std::find_if(tokens->tokens.begin(), tokens->tokens.end(),
                            [](const libclang::FileToken& t) { return t.kind != CXToken_Comment; });
  if (first == tokens->tokens.end()) return false;
  const std::string& op = first->spelling;
  if (op == "&&" || op == "and") {
    is_and = true;
    return true;
  }
  if (op == "||" || op == "or") {
    is_and = false;
    return true;
  }
  return false;
}

bool Recursive(CXCursor call, CXCursor function) {
  CXCursor callee = clang_getCursorReferenced(call);
  if (clang_Cursor_isNull(callee)) return false;
  return clang_equalCursors(clang_getCanonicalCursor(callee),
                            clang_getCanonicalCursor(function));
}

unsigned LineOf(CXCursor cursor) {
  unsigned line = 0;
  clang_getExpansionLocation(clang_getCursorLocation(cursor), nullptr, &line, nullptr, nullptr);
  return line;
}

// Whether a child of the `if` statement `up` is one level deeper than the `if` itself: its then
// and else branches are, and so is the condition of an `else if`, which is accounted at the
// level of the `if` it continues.
bool IfNestsChild(const PathStep& up, const PathStep& step) {
  const bool up_is_else_if = up.if_part == IfPart::kElse;
  const bool else_if = step.if_part == IfPart::kElse && step.kind == CXCursor_IfStmt;
  return step.if_part == IfPart::kThen || (step.if_part == IfPart::kElse && !else_if) ||
         (step.if_part == IfPart::kHeader && up_is_else_if);
}

}  // namespace

core::Result<std::unique_ptr<Rule>> CognitiveComplexity::Create(const nlohmann::json& options,
                                                                const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {"threshold"}));
  NOVA_ASSIGN_OR_RETURN(int threshold,
                        NonNegativeIntOption(options, key, "threshold", kDefaultThreshold));
  return std::unique_ptr<Rule>(std::make_unique<CognitiveComplexity>(threshold));
}

void CognitiveComplexity::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  walk_.Enter(cursor, parent, context.tu());
  ReportFinished(context);
  const std::size_t here = walk_.path().size() - 1;
  const PathStep& step = walk_.path()[here];
  steps_.resize(walk_.path().size());
  StepInfo& info = steps_[here];
  info = InheritedInfo(here);
  if (step.kind == CXCursor_CallExpr) info.sequence = Logical::kNone;

  if (walk_.open().size() > scores_.size()) {
    info.nested_function = walk_.open().size() > 1;
    scores_.push_back(Score{0, info.level + (info.nested_function ? 1 : 0), false, Worst{}});
    return;
  }
  if (scores_.empty() || step.from_macro) return;
  AccountStep(cursor, here, context);
}

CognitiveComplexity::StepInfo CognitiveComplexity::InheritedInfo(std::size_t here) const {
  StepInfo info;
  if (here == 0) return info;
  const PathStep& up = walk_.path()[here - 1];
  const StepInfo& up_info = steps_[here - 1];
  info.level = up_info.level;
  info.sequence = up_info.sequence;
  if (up.from_macro) return info;  // a macro use reads as one call: its expansion nests nothing
  const bool nests = up.kind == CXCursor_IfStmt ? IfNestsChild(up, walk_.path()[here])
                                                : NestsChildren(up.kind) || up_info.nested_function;
  if (nests) ++info.level;
  return info;
}

void CognitiveComplexity::AccountStep(CXCursor cursor, std::size_t here, RuleContext& context) {
  const PathStep& step = walk_.path()[here];
  if (step.if_part == IfPart::kElse) {
    Account(here, false, step.kind == CXCursor_IfStmt ? "else if" : "else");
  } else if (const char* construct = NestedConstruct(step.kind)) {
    Account(here, true, construct);
  } else if (step.kind == CXCursor_GotoStmt || step.kind == CXCursor_IndirectGotoStmt) {
    Account(here, false, "goto");
  } else if (step.kind == CXCursor_BinaryOperator) {
    AccountLogical(cursor, here, context.tu());
  } else if (step.kind == CXCursor_CallExpr) {
    AccountRecursion(cursor);
  }
}

void CognitiveComplexity::AccountLogical(CXCursor binary, std::size_t here,
                                         CXTranslationUnit tu) {
  bool is_and = false;
  if (!LogicalOperator(tu, binary, is_and)) return;
  const Logical op = is_and ? Logical::kAnd : Logical::kOr;
  StepInfo& info = steps_[here];
  if (info.sequence != op) Account(here, false, is_and ? "&&" : "||");
  info.sequence = op;
}

void CognitiveComplexity::AccountRecursion(CXCursor call) {
  for (std::size_t i = 0; i < scores_.size(); ++i) {
    if (!scores_[i].recursive && Recursive(call, walk_.open()[i].cursor)) {
      scores_[i].recursive = true;
      ++scores_[i].total;
    }
  }
}

void CognitiveComplexity::Account(std::size_t here, bool penalized, const char* construct) {
  const int level = steps_[here].level;
  for (Score& score : scores_) {
    const int nesting = penalized ? level - score.base_level : 0;
    const int increment = 1 + nesting;
    score.total += increment;
    if (penalized && increment > score.worst.increment) {
      score.worst = Worst{construct, LineOf(walk_.path()[here].cursor), nesting, increment};
    }
  }
}

void CognitiveComplexity::EndTranslationUnit(RuleContext& context) {
  walk_.Finish();
  ReportFinished(context);
  steps_.clear();
}

void CognitiveComplexity::ReportFinished(RuleContext& context) {
  for (const OpenFunction& function : walk_.finished()) {
    const Score score = scores_.back();
    scores_.pop_back();
    if (score.total <= threshold_) continue;

    std::string spelling;
    std::optional<FileRange> range = NameRange(context, function.cursor, spelling);
    if (!range) continue;

    std::string message = "function '" + spelling + "' has cognitive complexity " +
                          std::to_string(score.total) + " (threshold " +
                          std::to_string(threshold_) + ")";
    nlohmann::json details = {{"cognitive_complexity", score.total}, {"threshold", threshold_}};
    if (score.worst.increment > 0) {
      const Worst& worst = score.worst;
      message += "; worst: `" + worst.construct + "` at line " + std::to_string(worst.line) +
                 (worst.nesting > 0 ? " nested " + std::to_string(worst.nesting) + " deep"
                                    : std::string(", not nested")) +
                 " (+" + std::to_string(worst.increment) + ")";
      details["worst"] = {{"construct", worst.construct},
                          {"line", worst.line},
                          {"nesting", worst.nesting},
                          {"increment", worst.increment}};
    }
    core::Finding finding = FindingAt(*this, *range, message, spelling);
    finding.details = details.dump();
    context.Report(std::move(finding));
  }
  walk_.finished().clear();
}

}  // namespace nova::analyzers
