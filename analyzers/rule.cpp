#include "analyzers/rule.h"

#include <string_view>
#include <system_error>

#include "analyzers/libclang/handles.h"

namespace nova::analyzers {

core::Finding FindingAt(const Rule& rule, const FileRange& range, std::string message,
                        std::string snippet) {
  core::Finding finding;
  finding.rule = rule.id();
  finding.severity = core::Severity::kWarning;
  finding.file = range.file;
  finding.line = static_cast<int>(range.line);
  finding.column = static_cast<int>(range.column);
  finding.end_line = static_cast<int>(range.end_line);
  finding.end_column = static_cast<int>(range.end_column);
  finding.message = std::move(message);
  finding.snippet = std::move(snippet);
  return finding;
}

bool InTemplateScope(CXCursor scope, bool specializations) {
  constexpr int kMaxEnclosingScopes = 64;
  for (int depth = 0; depth < kMaxEnclosingScopes && !clang_Cursor_isNull(scope); ++depth) {
    switch (clang_getCursorKind(scope)) {
      case CXCursor_ClassTemplate:
      case CXCursor_ClassTemplatePartialSpecialization:
      case CXCursor_FunctionTemplate:
        return true;
      case CXCursor_TranslationUnit:
        return false;
      default:
        if (specializations && !clang_Cursor_isNull(clang_getSpecializedCursorTemplate(scope))) {
          return true;
        }
        scope = clang_getCursorSemanticParent(scope);
    }
  }
  return false;
}

std::vector<CXCursor> ChildrenOf(CXCursor cursor) {
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

CXCursor FunctionBody(CXCursor function) {
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

const std::string& RuleContext::ReportablePath(CXFile file) {
  auto [it, inserted] = paths_.try_emplace(file);
  if (inserted) {
    std::filesystem::path name = libclang::TakeString(clang_getFileName(file));
    std::error_code error;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(name, error);
    if (error) canonical = name.lexically_normal();
    if (filter_.Reportable(canonical)) it->second = canonical.string();
  }
  return it->second;
}

const std::string& RuleContext::ReportableFile(CXSourceLocation location) {
  static const std::string kNone;
  if (clang_Location_isInSystemHeader(location)) return kNone;
  CXFile file = nullptr;
  clang_getExpansionLocation(location, &file, nullptr, nullptr, nullptr);
  return file != nullptr ? ReportablePath(file) : kNone;
}

void RuleContext::AddFact(const Rule& rule, nlohmann::json fact) {
  facts_[rule.id()].push_back(std::move(fact));
}

void RuleContext::Report(core::Finding finding) {
  if (finding.symbol.empty()) {
    auto [it, inserted] = scopes_.try_emplace(finding.file);
    CXFile file = nullptr;
    for (const auto& [candidate, path] : paths_) {
      if (path == finding.file) file = candidate;
    }
    if (inserted) it->second = libclang::SymbolScopes::Collect(tu_, file);
    if (file != nullptr) {
      unsigned offset = 0;
      clang_getExpansionLocation(
          clang_getLocation(tu_, file, static_cast<unsigned>(finding.line),
                            static_cast<unsigned>(finding.column)),
          nullptr, nullptr, nullptr, &offset);
      finding.symbol = it->second.At(offset);
    }
  }
  sink_.push_back(std::move(finding));
}

std::optional<FileRange> RuleContext::Locate(CXSourceRange range) {
  CXSourceLocation begin = clang_getRangeStart(range);
  CXSourceLocation end = clang_getRangeEnd(range);
  if (clang_Location_isInSystemHeader(begin)) return std::nullopt;
  CXFile begin_file = nullptr;
  CXFile end_file = nullptr;
  FileRange result;
  clang_getExpansionLocation(begin, &begin_file, &result.line, &result.column, &result.offset);
  clang_getExpansionLocation(end, &end_file, &result.end_line, &result.end_column,
                             &result.end_offset);
  if (begin_file == nullptr || !clang_File_isEqual(begin_file, end_file)) return std::nullopt;
  result.file = ReportablePath(begin_file);
  if (result.file.empty()) return std::nullopt;
  return result;
}

}  // namespace nova::analyzers
