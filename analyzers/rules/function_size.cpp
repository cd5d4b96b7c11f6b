#include "analyzers/rules/function_size.h"

#include "analyzers/libclang/handles.h"
#include "analyzers/rule_options.h"

namespace nova::analyzers {

core::Result<std::unique_ptr<Rule>> FunctionSize::Create(const nlohmann::json& options,
                                                         const std::string& key) {
  NOVA_RETURN_IF_ERROR(CheckOptionKeys(options, key, {"max_lines"}));
  NOVA_ASSIGN_OR_RETURN(int max_lines,
                        PositiveIntOption(options, key, "max_lines", kDefaultMaxLines));
  return std::unique_ptr<Rule>(std::make_unique<FunctionSize>(max_lines));
}

void FunctionSize::Visit(CXCursor cursor, CXCursor parent, RuleContext& context) {
  (void)parent;
  if (!IsFunctionKind(clang_getCursorKind(cursor)) || !clang_isCursorDefinition(cursor)) return;
  CXCursor body = FunctionBody(cursor);
  if (clang_Cursor_isNull(body)) return;
  unsigned first_line = 0;
  unsigned last_line = 0;
  CXSourceRange extent = clang_getCursorExtent(body);
  clang_getExpansionLocation(clang_getRangeStart(extent), nullptr, &first_line, nullptr, nullptr);
  clang_getExpansionLocation(clang_getRangeEnd(extent), nullptr, &last_line, nullptr, nullptr);
  int lines = static_cast<int>(last_line) - static_cast<int>(first_line) + 1;
  if (lines <= max_lines_) return;

  std::optional<FileRange> range = context.Locate(clang_getCursorExtent(cursor));
  if (!range) return;
  // Report at the name, spanning it.
  CXSourceLocation name = clang_getCursorLocation(cursor);
  std::string spelling = libclang::TakeString(clang_getCursorSpelling(cursor));
  CXFile file = nullptr;
  clang_getExpansionLocation(name, &file, &range->line, &range->column, &range->offset);

  core::Finding finding;
  finding.rule = "function-size";
  finding.severity = core::Severity::kWarning;
  finding.file = range->file;
  finding.line = static_cast<int>(range->line);
  finding.column = static_cast<int>(range->column);
  finding.end_line = finding.line;
  finding.end_column = finding.column + static_cast<int>(spelling.size());
  finding.message = "function '" + spelling + "' has " + std::to_string(lines) + " lines (max " +
                    std::to_string(max_lines_) + ")";
  finding.snippet = spelling;
  context.Report(std::move(finding));
}

}  // namespace nova::analyzers
