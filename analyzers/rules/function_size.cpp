#include "analyzers/rules/function_size.h"

#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"

namespace nova::analyzers {
namespace {

int BodyLines(CXCursor body) {
  unsigned first_line = 0;
  unsigned last_line = 0;
  CXSourceRange extent = clang_getCursorExtent(body);
  clang_getExpansionLocation(clang_getRangeStart(extent), nullptr, &first_line, nullptr, nullptr);
  clang_getExpansionLocation(clang_getRangeEnd(extent), nullptr, &last_line, nullptr, nullptr);
  return static_cast<int>(last_line) - static_cast<int>(first_line) + 1;
}

int ParameterCount(CXCursor function) {
  int count = 0;
  clang_visitChildren(
      function,
      [](CXCursor child, CXCursor, CXClientData data) {
        if (clang_getCursorKind(child) == CXCursor_ParmDecl) ++*static_cast<int*>(data);
        return CXChildVisit_Continue;
      },
      &count);
  return count;
}

// Statements directly inside these count, as in clang-tidy's readability-function-size.
bool CountsStatements(CXCursorKind kind) {
  switch (kind) {
    case CXCursor_CompoundStmt:
    case CXCursor_IfStmt:
    case CXCursor_WhileStmt:
    case CXCursor_DoStmt:
    case CXCursor_ForStmt:
    case CXCursor_CXXForRangeStmt:
    case CXCursor_SwitchStmt:
      return true;
    default:
      return false;
  }
}

// True when `child` sits one nesting level deeper than its parent `up`.
bool Deeper(const PathStep& up, bool up_is_bare_block, const PathStep& child) {
  if (up.from_macro) return false;  // a macro use reads as one statement
  switch (up.kind) {
    case CXCursor_IfStmt:
      return child.if_part == IfPart::kThen ||
             (child.if_part == IfPart::kElse && child.kind != CXCursor_IfStmt);
    case CXCursor_WhileStmt:
    case CXCursor_DoStmt:
    case CXCursor_ForStmt:
    case CXCursor_CXXForRangeStmt:
    case CXCursor_SwitchStmt:
    case CXCursor_CXXCatchStmt:
    case CXCursor_LambdaExpr:
      return true;
    case CXCursor_CXXTryStmt:
      return child.kind == CXCursor_CompoundStmt;
    case CXCursor_CompoundStmt:
      return up_is_bare_block;
    default:
      return false;
  }
}

// Appends "7 parameters (max 6)" to the list of exceeded limits when `actual` exceeds `limit`.
void AddExceeded(std::string& list, const std::string& measure, int actual, int limit) {
  if (actual <= limit) return;
  if (!list.empty()) list += ", ";
  list += measure + " (max " + std::to_string(limit) + ")";
}

}  // namespace

core::Result<std::unique_ptr<Rule>> FunctionSize::Create(const nlohmann::json& options,
                                                         const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(
      options, key, {"max_lines", "max_statements", "max_parameters", "max_nesting"}));
  Limits limits;
  NOVA_ASSIGN_OR_RETURN(limits.lines, PositiveIntOption(options, key, "max_lines", limits.lines));
  NOVA_ASSIGN_OR_RETURN(limits.statements,
                        PositiveIntOption(options, key, "max_statements", limits.statements));
  NOVA_ASSIGN_OR_RETURN(limits.parameters,
                        PositiveIntOption(options, key, "max_parameters", limits.parameters));
  NOVA_ASSIGN_OR_RETURN(limits.nesting,
                        PositiveIntOption(options, key, "max_nesting", limits.nesting));
  return std::unique_ptr<Rule>(std::make_unique<FunctionSize>(limits));
}

void FunctionSize::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  walk_.Enter(cursor, parent, context.tu());
  ReportFinished(context);
  const std::vector<PathStep>& path = walk_.path();
  const std::size_t here = path.size() - 1;
  depth_.resize(path.size());
  bare_block_.resize(path.size());
  const PathStep& step = path[here];
  const PathStep* up = here > 0 ? &path[here - 1] : nullptr;
  bare_block_[here] = step.kind == CXCursor_CompoundStmt && up != nullptr &&
                      up->kind == CXCursor_CompoundStmt;
  depth_[here] = up == nullptr ? 0 : depth_[here - 1] + (Deeper(*up, bare_block_[here - 1], step) ? 1 : 0);

  if (walk_.open().size() > metrics_.size()) {
    const OpenFunction& function = walk_.open().back();
    metrics_.push_back(Metrics{BodyLines(function.body), ParameterCount(function.cursor), 0, 0});
    return;
  }
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    if (!walk_.InBody(i, here)) continue;
    Metrics& metrics = metrics_[i];
    const bool statement = clang_isStatement(step.kind) || clang_isExpression(step.kind);
    // A macro use counts once, as the statement it expands to.
    if (statement && !up->from_macro && step.kind != CXCursor_CompoundStmt &&
        CountsStatements(up->kind)) {
      ++metrics.statements;
    }
    const int depth = depth_[here] - depth_[walk_.open()[i].body_step];
    if (depth > metrics.nesting) metrics.nesting = depth;
  }
}

void FunctionSize::EndTranslationUnit(RuleContext& context) {
  walk_.Finish();
  ReportFinished(context);
  depth_.clear();
  bare_block_.clear();
}

void FunctionSize::ReportFinished(RuleContext& context) {
  for (const OpenFunction& function : walk_.finished()) {
    const Metrics metrics = metrics_.back();
    metrics_.pop_back();
    std::string exceeded;
    AddExceeded(exceeded, std::to_string(metrics.lines) + " lines", metrics.lines, limits_.lines);
    AddExceeded(exceeded, std::to_string(metrics.statements) + " statements", metrics.statements,
                limits_.statements);
    AddExceeded(exceeded, std::to_string(metrics.parameters) + " parameters", metrics.parameters,
                limits_.parameters);
    AddExceeded(exceeded, "nesting depth " + std::to_string(metrics.nesting), metrics.nesting,
                limits_.nesting);
    if (exceeded.empty()) continue;

    std::string spelling;
    std::optional<FileRange> range = NameRange(context, function.cursor, spelling);
    if (!range) continue;
    core::Finding finding =
        FindingAt(*this, *range, "function '" + spelling + "' has " + exceeded, spelling);
    finding.details = nlohmann::json{{"lines", metrics.lines},
                                     {"statements", metrics.statements},
                                     {"parameters", metrics.parameters},
                                     {"nesting", metrics.nesting}}
                          .dump();
    context.Report(std::move(finding));
  }
  walk_.finished().clear();
}

}  // namespace nova::analyzers
