#include "analyzers/analyzer.h"

#include <algorithm>
#include <memory>
#include <set>
#include <system_error>
#include <tuple>

#include "analyzers/libclang/compile_db.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/libclang/parse.h"
#include "analyzers/path_filter.h"
#include "analyzers/registry.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;

std::string RuleKey(const std::string& id) { return "rules." + id; }

core::Result<std::vector<std::unique_ptr<Rule>>> CreateRules(const AnalyzeOptions& options) {
  NOVA_RETURN_IF_ERROR(ValidateRuleOptions(options.rule_options));
  const RuleRegistry& registry = BuiltinRules();
  std::vector<std::string> ids = options.rules;
  if (ids.empty()) {
    for (const RuleEntry& entry : registry.entries()) ids.push_back(entry.info.id);
  }
  std::vector<std::unique_ptr<Rule>> rules;
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (!seen.insert(id).second) continue;
    const RuleEntry* entry = registry.Find(id);
    if (entry == nullptr) return core::InvalidArgumentError("unknown rule '" + id + "'");
    auto options_it = options.rule_options.find(id);
    nlohmann::json rule_options =
        options_it != options.rule_options.end() ? options_it->second : nlohmann::json::object();
    NOVA_ASSIGN_OR_RETURN(std::unique_ptr<Rule> rule, entry->create(rule_options, RuleKey(id)));
    rules.push_back(std::move(rule));
  }
  return rules;
}

fs::path Canonical(const fs::path& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(path, error);
  return error ? path.lexically_normal() : canonical;
}

struct WalkState {
  std::vector<std::unique_ptr<Rule>>* rules;
  RuleContext* context;
  CXCursor root;
};

CXChildVisitResult VisitCursor(CXCursor cursor, CXCursor parent, CXClientData data) {
  auto* state = static_cast<WalkState*>(data);
  // Whole top-level declarations from system headers or unreported files (every rule reports
  // at locations inside the declaration) are skipped without descending.
  if (clang_equalCursors(parent, state->root) &&
      !state->context->Reportable(clang_getCursorLocation(cursor))) {
    return CXChildVisit_Continue;
  }
  for (std::unique_ptr<Rule>& rule : *state->rules) rule->Visit(cursor, parent, *state->context);
  return CXChildVisit_Recurse;
}

bool SameFinding(const core::Finding& a, const core::Finding& b) {
  return std::tie(a.rule, a.file, a.line, a.column, a.message) ==
         std::tie(b.rule, b.file, b.line, b.column, b.message);
}

}  // namespace

core::Status ValidateRuleOptions(const std::map<std::string, nlohmann::json>& rule_options) {
  const RuleRegistry& registry = BuiltinRules();
  for (const auto& [id, options] : rule_options) {
    const RuleEntry* entry = registry.Find(id);
    if (entry == nullptr) return core::InvalidArgumentError(RuleKey(id) + ": unknown rule");
    auto rule = entry->create(options, RuleKey(id));
    if (!rule.ok()) return rule.status();
  }
  return core::Status::Ok();
}

std::vector<RuleInfo> ListRules() {
  std::vector<RuleInfo> rules;
  for (const RuleEntry& entry : BuiltinRules().entries()) rules.push_back(entry.info);
  std::sort(rules.begin(), rules.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return rules;
}

core::Result<AnalysisResult> Analyze(const AnalyzeOptions& options) {
  NOVA_ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Rule>> rules, CreateRules(options));
  NOVA_ASSIGN_OR_RETURN(std::vector<libclang::CompileCommand> commands,
                        libclang::LoadCompileDatabase(options.compile_commands));
  PathFilter filter(fs::absolute(options.project_root), options.exclude);
  std::set<fs::path> only;
  for (const std::string& file : options.only_files) only.insert(Canonical(file));

  AnalysisResult result;
  std::vector<core::Finding> findings;
  libclang::IndexHandle index = libclang::CreateIndex();
  for (const libclang::CompileCommand& command : commands) {
    if (!only.empty() && only.count(command.file) == 0) continue;
    const std::string file = command.file.string();
    std::error_code error;
    if (options.overlay.count(file) == 0 && !fs::is_regular_file(command.file, error)) {
      result.problems.push_back({file, "file does not exist"});
      continue;
    }
    auto parsed = libclang::ParseTranslationUnit(index.get(), command, options.overlay);
    if (!parsed.ok()) {
      result.problems.push_back({file, parsed.status().message()});
      continue;
    }
    ++result.translation_units;
    if (parsed->error_count > 0) {
      ++result.parsed_with_errors;
      result.problems.push_back({file, std::to_string(parsed->error_count) +
                                           " error(s), first: " + parsed->first_error});
    }
    CXTranslationUnit tu = parsed->tu.get();
    RuleContext context(tu, filter, findings);
    WalkState state{&rules, &context, clang_getTranslationUnitCursor(tu)};
    clang_visitChildren(state.root, VisitCursor, &state);
    for (std::unique_ptr<Rule>& rule : rules) rule->EndTranslationUnit(context);
    parsed->tu.reset();  // free the AST before parsing the next TU
  }

  std::sort(findings.begin(), findings.end(), core::FindingLess);
  findings.erase(std::unique(findings.begin(), findings.end(), SameFinding), findings.end());
  result.findings = std::move(findings);
  return result;
}

}  // namespace nova::analyzers
