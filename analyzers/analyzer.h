// The analysis engine: parses the translation units of a compile database with libclang on a
// pool of workers (one CXIndex each), walks each AST once dispatching every cursor to every
// enabled rule, walks each project header once per run, reuses per-TU cache entries (findings
// and project-rule facts), runs each project-level rule's pass over every TU's facts, and
// returns the deduplicated, sorted findings for files under the project root. Analyze() is
// thread-safe: separate calls share no state.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/rule.h"
#include "analyzers/rule_selection.h"  // ValidateRuleOptions, ListRules, CapabilitiesOf
#include "nova-core/cancellation.h"
#include "nova-core/finding.h"
#include "nova-core/result.h"

namespace nova::analyzers {

// How far a run is; `current_file` is the TU just finished (or found in the cache).
struct AnalysisProgress {
  int done = 0;
  int total = 0;
  std::string current_file;
};

struct AnalyzeOptions {
  std::filesystem::path project_root;          // findings only for files under this dir
  std::filesystem::path compile_commands;      // path to compile_commands.json
  std::vector<std::string> rules;              // enabled rule ids; empty = those on by default
  std::map<std::string, nlohmann::json> rule_options;  // from .nova.json "rules"
  std::vector<std::string> exclude;            // globs relative to project_root (`**` works)
  std::map<std::string, std::string> overlay;  // absolute path -> content used instead of disk
  std::vector<std::string> only_files;         // if non-empty, analyze only these TUs
  int jobs = 0;  // workers; 0: std::thread::hardware_concurrency()
  // Called once per TU done, from worker threads, one call at a time (under a mutex); keep it
  // short. Empty: no progress reports.
  std::function<void(const AnalysisProgress&)> on_progress;
  // --shard K/N: when shard_count > 0, analyze only TUs whose StableHash of the path relative
  // to project_root, modulo N, equals K - 1 (shard_index is K, 1-based).
  int shard_index = 0, shard_count = 0;
  // With --since: absolute paths of the files changed since the revision. A TU whose cached
  // record shows it reads none of them (and is otherwise unchanged) is skipped; a TU with no
  // usable record is analyzed, since what it includes is unknown. nullopt: no such filter.
  std::optional<std::vector<std::string>> changed_files;
  std::filesystem::path cache_dir;  // empty: no cache
  // Polled before each TU: once cancelled, no TU starts and Analyze returns the token's reason.
  const core::CancelToken* cancel = nullptr;  // null: never cancelled
  // A time budget that still yields a result: a TU not started by then is not parsed and becomes
  // a problem ("not analyzed: <stop_reason>"). Default: none.
  std::optional<std::chrono::steady_clock::time_point> start_units_until = std::nullopt;
  std::string stop_reason = {};  // e.g. "the time limit of 600 s ran out"
};

// A translation unit that was skipped, failed to parse, or parsed with errors, and why.
struct TuProblem {
  std::string file;
  std::string message;
};

struct AnalysisResult {
  std::vector<core::Finding> findings;  // deduplicated, sorted with core::FindingLess
  int translation_units = 0;            // TUs analyzed: parsed + cache_hits
  int parsed = 0;                       // TUs parsed this run (with or without errors)
  int cache_hits = 0;                   // TUs whose cached result was still fresh
  int parsed_with_errors = 0;           // TUs whose diagnostics include an error (cached too)
  std::vector<TuProblem> problems;      // every TU skipped or parsed with errors, sorted
  // Remarks that are not problems: files the compile database lists twice, results that could
  // not be cached. "src/a.cpp: compiled 2 times in the compile database; analyzed with the
  // first command".
  std::vector<std::string> notes;
};

// InvalidArgument for an unknown rule id, bad rule options, a bad shard, or a missing or
// malformed compile database (naming the file, and the line for JSON syntax errors). Per-TU
// failures do not fail the analysis; they become `problems`; a cache that cannot be opened or
// written becomes a note. The findings do not depend on `jobs`.
core::Result<AnalysisResult> Analyze(const AnalyzeOptions& options);

// The libclang Nova runs on, as it names itself: "Debian clang version 16.0.6 (15~deb12u1)".
std::string ParserVersion();

}  // namespace nova::analyzers
