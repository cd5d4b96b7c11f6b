#include "analyzers/unit_analysis.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>
#include <tuple>

#include "analyzers/libclang/command_line.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/libclang/parse.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;

std::string CanonicalName(CXFile file) {
  fs::path name = libclang::TakeString(clang_getFileName(file));
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(name, error);
  return (error ? name.lexically_normal() : canonical).string();
}

// Every file the TU read (the main file and each inclusion), canonical.
std::set<std::string> IncludedFiles(CXTranslationUnit tu) {
  std::set<std::string> files;
  clang_getInclusions(
      tu,
      [](CXFile included, CXSourceLocation*, unsigned, CXClientData data) {
        static_cast<std::set<std::string>*>(data)->insert(CanonicalName(included));
      },
      &files);
  return files;
}

struct WalkState {
  std::vector<std::unique_ptr<Rule>>* rules;
  RuleContext* context;
  CXCursor root;
  const std::string* main_file;
  const std::set<std::string>* claimed;  // headers this TU reports
};

CXChildVisitResult VisitCursor(CXCursor cursor, CXCursor parent, CXClientData data) {
  auto* state = static_cast<WalkState*>(data);
  // Whole top-level declarations from system headers, unreported files or headers another TU
  // reports are skipped without descending (every rule reports at locations inside the
  // declaration). Below the top level nothing is filtered: code expanded from a header's macro
  // inside a body belongs to the body.
  if (clang_equalCursors(parent, state->root)) {
    const std::string& file = state->context->ReportableFile(clang_getCursorLocation(cursor));
    if (file.empty()) return CXChildVisit_Continue;
    if (file != *state->main_file && state->claimed->count(file) == 0) {
      return CXChildVisit_Continue;
    }
  }
  for (std::unique_ptr<Rule>& rule : *state->rules) rule->Visit(cursor, parent, *state->context);
  return CXChildVisit_Recurse;
}

bool SameFinding(const core::Finding& a, const core::Finding& b) {
  return std::tie(a.rule, a.file, a.line, a.column, a.message) ==
         std::tie(b.rule, b.file, b.line, b.column, b.message);
}

// FindingLess, then every other field, so equal-keyed findings keep a reproducible order.
bool FindingTotalLess(const core::Finding& a, const core::Finding& b) {
  if (core::FindingLess(a, b)) return true;
  if (core::FindingLess(b, a)) return false;
  return std::tie(a.end_line, a.end_column, a.snippet, a.severity, a.fix, a.details) <
         std::tie(b.end_line, b.end_column, b.snippet, b.severity, b.fix, b.details);
}

}  // namespace

HeaderLanguage ClaimLanguage(const libclang::CompileCommand& command) {
  return libclang::CompilesAsC(command) ? HeaderLanguage::kC : HeaderLanguage::kCxx;
}

void SortAndDeduplicate(std::vector<core::Finding>& findings) {
  std::sort(findings.begin(), findings.end(), FindingTotalLess);
  findings.erase(std::unique(findings.begin(), findings.end(), SameFinding), findings.end());
}

UnitOutcome AnalyzeUnit(CXIndex index, std::vector<std::unique_ptr<Rule>>& rules,
                        const libclang::CompileCommand& command, int owner,
                        const UnitEnvironment& environment) {
  UnitOutcome outcome;
  const std::string main_file = command.file.string();
  auto parsed = libclang::ParseTranslationUnit(index, command, *environment.overlay);
  if (!parsed.ok()) {
    outcome.problem = parsed.status().message();
    return outcome;
  }
  outcome.parsed = true;
  outcome.record.error_count = parsed->error_count;
  outcome.record.first_error = parsed->first_error;
  CXTranslationUnit tu = parsed->tu.get();

  const std::set<std::string> included = IncludedFiles(tu);
  std::set<std::string> claimed;
  const HeaderLanguage language = ClaimLanguage(command);
  for (const std::string& file : included) {
    if (file == main_file || !environment.filter->Reportable(file)) continue;
    if (environment.claims->Claim(file, language, owner)) claimed.insert(file);
  }

  RuleContext context(tu, language == HeaderLanguage::kC, *environment.filter,
                      outcome.record.findings, outcome.record.facts);
  WalkState state{&rules, &context, clang_getTranslationUnitCursor(tu), &main_file, &claimed};
  clang_visitChildren(state.root, VisitCursor, &state);
  for (std::unique_ptr<Rule>& rule : rules) rule->EndTranslationUnit(context);
  parsed->tu.reset();  // free the AST before this worker parses its next TU

  SortAndDeduplicate(outcome.record.findings);
  outcome.record.claimed_headers.assign(claimed.begin(), claimed.end());
  if (environment.cache == nullptr) return outcome;

  std::set<std::string> inputs = included;
  inputs.insert(main_file);
  bool complete = true;
  for (const std::string& file : inputs) {
    auto hash = environment.cache->HashFile(file);
    if (!hash.ok()) {
      complete = false;
      outcome.notes.push_back("not cached: " + hash.status().message());
      continue;
    }
    outcome.record.inputs.emplace_back(file, *hash);
  }
  if (!complete) return outcome;
  core::Status stored = environment.cache->Store(command, outcome.record);
  if (!stored.ok()) outcome.notes.push_back("not cached: " + stored.message());
  return outcome;
}

}  // namespace nova::analyzers
