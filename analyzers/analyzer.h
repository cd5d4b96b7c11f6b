// The analysis engine: parses every translation unit of a compile database with libclang,
// walks each AST once dispatching every cursor to every enabled rule, and returns the
// deduplicated, sorted findings for files under the project root. Single-threaded; separate
// calls share no state and may run on different threads.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "nova-core/finding.h"
#include "nova-core/result.h"

namespace nova::analyzers {

struct AnalyzeOptions {
  std::filesystem::path project_root;          // findings only for files under this dir
  std::filesystem::path compile_commands;      // path to compile_commands.json
  std::vector<std::string> rules;              // enabled rule ids; empty = all
  std::map<std::string, nlohmann::json> rule_options;  // from .nova.json "rules"
  std::vector<std::string> exclude;            // globs relative to project_root (`**` works)
  std::map<std::string, std::string> overlay;  // absolute path -> content used instead of disk
  std::vector<std::string> only_files;         // if non-empty, analyze only these TUs
};

// A translation unit that was skipped, failed to parse, or parsed with errors, and why.
struct TuProblem {
  std::string file;
  std::string message;
};

struct AnalysisResult {
  std::vector<core::Finding> findings;  // deduplicated, sorted with core::FindingLess
  int translation_units = 0;            // TUs parsed (with or without errors)
  int parsed_with_errors = 0;           // TUs whose diagnostics include an error
  std::vector<TuProblem> problems;      // every TU skipped or parsed with errors
};

// InvalidArgument for an unknown rule id, bad rule options, or a missing or malformed compile
// database (naming the file, and the line for JSON syntax errors). Per-TU failures do not fail
// the analysis; they become `problems`.
core::Result<AnalysisResult> Analyze(const AnalyzeOptions& options);

// Validates rule ids and each rule's options; errors name the key, e.g.
// "rules.function-size.max_line: unknown key".
core::Status ValidateRuleOptions(const std::map<std::string, nlohmann::json>& rule_options);

// Every built-in rule with its one-sentence description, ordered by id.
std::vector<RuleInfo> ListRules();

}  // namespace nova::analyzers
