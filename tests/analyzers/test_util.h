// Test helpers for the analyzers: per-test temp directories, writing files and compile
// databases, running a golden fixture and comparing its findings with its inline
// `// EXPECT: rule[, rule]` comments. Not thread-safe; each test uses its own TempDir.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/analyzer.h"
#include "support/test_support.h"

namespace nova::analyzers::testing {

using nova::testing::ReadFile;
using nova::testing::TempDir;
using nova::testing::WriteFile;

// One "arguments"-form entry compiling `file` in `directory` with clang++ -std=c++20 + `extra`.
nlohmann::json CompileEntry(const std::filesystem::path& directory,
                            const std::filesystem::path& file,
                            const std::vector<std::string>& extra = {});
// Writes `entries` as DIR/compile_commands.json and returns its path.
std::filesystem::path WriteCompileDb(const std::filesystem::path& dir,
                                     const nlohmann::json& entries);

// Writes `files` (relative path -> content) under `dir` and a compile database holding every
// .cpp among them, in path order. Returns options for analyzing `dir` with every rule.
AnalyzeOptions WriteProject(const std::filesystem::path& dir,
                            const std::map<std::string, std::string>& files);

// Every field of every finding, one line each, for comparing whole results.
std::string DumpFindings(const std::vector<core::Finding>& findings);
// The first finding whose snippet is `snippet`, or null.
const core::Finding* FindBySnippet(const std::vector<core::Finding>& findings,
                                   const std::string& snippet);

// Copies fixtures/<rule_id> into `dir` and writes a compile database holding every .cpp in it
// (with -isystem system/ when that folder exists). Returns options for analyzing `dir` with
// only `rule_id` enabled.
AnalyzeOptions PrepareFixture(const std::string& rule_id, const std::filesystem::path& dir);

struct Expectation {
  std::string file;  // file name within the fixture
  int line = 0;
  std::string rule;
  friend auto operator<=>(const Expectation&, const Expectation&) = default;
};

// The EXPECT comments of every file under `dir`, sorted.
std::vector<Expectation> ReadExpectations(const std::filesystem::path& dir);
// The findings as expectations (file name, line, rule), sorted.
std::vector<Expectation> AsExpectations(const std::vector<core::Finding>& findings);
std::string Describe(const std::vector<Expectation>& expectations);

// Applies every finding's fix to the files on disk, each file's edits back to front. Adds a
// test failure when two edits overlap.
void ApplyFixes(const std::vector<core::Finding>& findings);

// The fixed-source golden check: analyzes, applies every fix, expects each of `files` to equal
// fixtures/<rule_id>.fixed/<file>, analyzes again and expects no parse error or problem.
// Returns the second analysis (empty after a test failure).
AnalysisResult FixAndReanalyze(const AnalyzeOptions& options, const std::string& rule_id,
                               const std::vector<std::string>& files);

// Adds a test failure for every finding without an EXPECT comment and every unmet EXPECT.
void ExpectMatchesGolden(const AnalysisResult& result, const std::filesystem::path& dir);

}  // namespace nova::analyzers::testing
