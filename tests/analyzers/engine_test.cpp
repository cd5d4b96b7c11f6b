// The parallel engine: findings independent of -j, --shard K/N, headers walked once per run,
// duplicate compile-database entries, progress reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>

#include "analyzers/analyzer.h"
#include "analyzers/header_claims.h"
#include "analyzers/libclang/handles.h"
#include "analyzers/registry.h"
#include "analyzers/tu_selection.h"
#include "analyzers/unit_analysis.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::DumpFindings;
using testing::TempDir;
using testing::WriteProject;

// Ten TUs of different sizes sharing two headers, each with findings of both rules.
std::map<std::string, std::string> TenUnits() {
  std::map<std::string, std::string> files = {
      {"src/common.h", "#pragma once\n#include <stddef.h>\ninline int* Common() { return NULL; }\n"},
      {"src/util.h", "#pragma once\ninline int* Util(int* p = 0) { return p; }\n"}};
  for (int i = 0; i < 10; ++i) {
    std::string body = "#include \"common.h\"\n#include \"util.h\"\nint* p" + std::to_string(i) +
                       " = 0;\nint F" + std::to_string(i) + "() {\n";
    for (int line = 0; line < i; ++line) body += "  int v" + std::to_string(line) + " = 0;\n";
    body += "  return 0;\n}\n";
    files["src/u" + std::to_string(i) + ".cpp"] = body;
  }
  return files;
}

AnalysisResult AnalyzeOk(const AnalyzeOptions& options) {
  auto result = Analyze(options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? std::move(*result) : AnalysisResult{};
}

TEST(EngineTest, FindingsAreTheSameWithOneAndFourJobs) {
  TempDir dir;
  AnalyzeOptions options = WriteProject(dir.path(), TenUnits());
  options.rule_options["function-size"] = {{"max_lines", 5}};
  options.jobs = 1;
  AnalysisResult one = AnalyzeOk(options);
  options.jobs = 4;
  AnalysisResult four = AnalyzeOk(options);
  EXPECT_EQ(one.translation_units, 10);
  EXPECT_EQ(four.translation_units, 10);
  EXPECT_EQ(four.parsed, 10);
  EXPECT_EQ(four.cache_hits, 0);
  EXPECT_EQ(four.parsed_with_errors, 0);
  EXPECT_EQ(DumpFindings(one.findings), DumpFindings(four.findings));
  // 10 globals + 2 in the headers + F3..F9 longer than 5 lines.
  EXPECT_EQ(one.findings.size(), 19u) << DumpFindings(one.findings);
}

TEST(EngineTest, GoldenFixturesGiveIdenticalFindingsWithOneAndFourJobs) {
  for (const std::string rule :
       {"use-nullptr", "function-size", "duplicate-code", "unused-function"}) {
    TempDir dir;
    AnalyzeOptions options = testing::PrepareFixture(rule, dir.path());
    options.rule_options["function-size"] = {{"max_lines", 5}};
    options.rule_options["duplicate-code"] = {{"min_tokens", 40}};
    options.jobs = 1;
    AnalysisResult one = AnalyzeOk(options);
    options.jobs = 4;
    AnalysisResult four = AnalyzeOk(options);
    EXPECT_FALSE(one.findings.empty()) << rule;
    EXPECT_EQ(DumpFindings(one.findings), DumpFindings(four.findings)) << rule;
    testing::ExpectMatchesGolden(four, dir.path());
  }
}

TEST(EngineTest, ShardsPartitionTheUnitsAndTheirFindings) {
  TempDir dir;
  AnalyzeOptions options = WriteProject(dir.path(), TenUnits());
  options.rules = {"use-nullptr"};
  AnalysisResult all = AnalyzeOk(options);
  options.shard_count = 2;
  options.shard_index = 1;
  AnalysisResult first = AnalyzeOk(options);
  options.shard_index = 2;
  AnalysisResult second = AnalyzeOk(options);
  EXPECT_EQ(first.translation_units + second.translation_units, 10);
  EXPECT_GT(first.translation_units, 0);
  EXPECT_GT(second.translation_units, 0);

  std::set<std::string> first_units;
  std::set<std::string> second_units;
  for (const core::Finding& f : first.findings) {
    if (fs::path(f.file).extension() == ".cpp") first_units.insert(f.file);
  }
  for (const core::Finding& f : second.findings) {
    if (fs::path(f.file).extension() == ".cpp") second_units.insert(f.file);
  }
  for (const std::string& file : first_units) EXPECT_EQ(second_units.count(file), 0u) << file;
  EXPECT_EQ(first_units.size() + second_units.size(), 10u);

  std::vector<core::Finding> merged = first.findings;
  merged.insert(merged.end(), second.findings.begin(), second.findings.end());
  SortAndDeduplicate(merged);
  EXPECT_EQ(DumpFindings(merged), DumpFindings(all.findings));
}

TEST(EngineTest, ShardOfAFileDependsOnlyOnItsPathBelowTheRoot) {
  EXPECT_EQ(StableHash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(StableHash("a"), 0xaf63dc4c8601ec8cULL);  // FNV-1a reference value
  const fs::path file_a = "/home/x/project/src/main.cpp";
  const fs::path file_b = "/ci/work/checkout/src/main.cpp";
  for (int k = 1; k <= 3; ++k) {
    EXPECT_EQ(InShard(file_a, "/home/x/project", k, 3), InShard(file_b, "/ci/work/checkout", k, 3));
  }
  int shards = 0;
  for (int k = 1; k <= 3; ++k) shards += InShard(file_a, "/home/x/project", k, 3) ? 1 : 0;
  EXPECT_EQ(shards, 1);
}

TEST(EngineTest, BadShardIsInvalidArgument) {
  TempDir dir;
  AnalyzeOptions options = WriteProject(dir.path(), TenUnits());
  options.shard_count = 2;
  options.shard_index = 3;
  auto result = Analyze(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "shard 3/2: expected K/N with 1 <= K <= N");
}

TEST(EngineTest, HeaderIncludedByThreeUnitsIsReportedOnceAtOneAndThreeJobs) {
  TempDir dir;
  AnalyzeOptions options =
      WriteProject(dir.path(), {{"shared.h", "#pragma once\n#define NULL 0\n"
                                             "inline int* Shared() { return NULL; }\n"},
                                {"a.cpp", "#include \"shared.h\"\nint a;\n"},
                                {"b.cpp", "#include \"shared.h\"\nint b;\n"},
                                {"c.cpp", "#include \"shared.h\"\nint c;\n"}});
  for (int jobs : {1, 3}) {
    options.jobs = jobs;
    AnalysisResult result = AnalyzeOk(options);
    EXPECT_EQ(result.translation_units, 3);
    ASSERT_EQ(result.findings.size(), 1u) << "jobs " << jobs;
    EXPECT_EQ(result.findings[0].file, (dir.path() / "shared.h").string());
    EXPECT_EQ(result.findings[0].line, 3);
  }
}

// The mechanism behind the test above, without the final deduplication: only the first unit
// to claim the header walks it.
TEST(EngineTest, OnlyTheUnitThatClaimsAHeaderWalksIt) {
  TempDir dir;
  AnalyzeOptions options =
      WriteProject(dir.path(), {{"shared.h", "#pragma once\ninline int* Shared() { return 0; }\n"
                                             "#define NULL 0\n"},
                                {"a.cpp", "#include \"shared.h\"\nint* a = 0;\n"},
                                {"b.cpp", "#include \"shared.h\"\nint* b() { return NULL; }\n"},
                                {"c.cpp", "#include \"shared.h\"\nint* c = 0;\n"}});
  auto commands = libclang::LoadCompileDatabase(options.compile_commands);
  ASSERT_TRUE(commands.ok());
  PathFilter filter(dir.path(), {});
  HeaderClaims claims;
  std::map<std::string, std::string> overlay;
  UnitEnvironment environment{&filter, &overlay, &claims, nullptr};
  libclang::IndexHandle index = libclang::CreateIndex();
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(*BuiltinRules().Find("use-nullptr")->create(json::object(), "rules.use-nullptr"));
  const std::string header = (dir.path() / "shared.h").string();
  for (int owner = 0; owner < 3; ++owner) {
    UnitOutcome outcome = AnalyzeUnit(index.get(), rules, (*commands)[owner], owner, environment);
    ASSERT_TRUE(outcome.parsed) << outcome.problem;
    int in_header = 0;
    for (const core::Finding& f : outcome.record.findings) in_header += f.file == header ? 1 : 0;
    // A macro from the header expanded in a body belongs to the body (b.cpp line 2).
    ASSERT_EQ(outcome.record.findings.size(), owner == 0 ? 2u : 1u)
        << DumpFindings(outcome.record.findings);
    EXPECT_EQ(in_header, owner == 0 ? 1 : 0);
    EXPECT_EQ(outcome.record.claimed_headers,
              owner == 0 ? std::vector<std::string>{header} : std::vector<std::string>{});
  }
  EXPECT_TRUE(claims.IsClaimed(header, HeaderLanguage::kCxx));
  EXPECT_FALSE(claims.Claim(header, HeaderLanguage::kCxx, 1));
  EXPECT_TRUE(claims.Claim(header, HeaderLanguage::kCxx, 0));
  // The C view of the same header is a claim of its own.
  EXPECT_FALSE(claims.IsClaimed(header, HeaderLanguage::kC));
  EXPECT_TRUE(claims.Claim(header, HeaderLanguage::kC, 1));
}

TEST(EngineTest, DuplicateCompileEntriesBecomeANote) {
  TempDir dir;
  testing::WriteFile(dir.path() / "src" / "a.cpp", "int* a = 0;\n");
  const fs::path file = dir.path() / "src" / "a.cpp";
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands = testing::WriteCompileDb(
      dir.path(), json::array({testing::CompileEntry(dir.path(), file),
                               testing::CompileEntry(dir.path(), file, {"-DSECOND"})}));
  AnalysisResult result = AnalyzeOk(options);
  EXPECT_EQ(result.translation_units, 1);
  EXPECT_EQ(result.findings.size(), 1u);
  EXPECT_TRUE(result.problems.empty());
  EXPECT_EQ(result.notes, std::vector<std::string>{
                              "src/a.cpp: compiled 2 times in the compile database; analyzed "
                              "with the first command"});
}

TEST(EngineTest, ProgressCountsEveryUnitOnce) {
  TempDir dir;
  AnalyzeOptions options = WriteProject(dir.path(), TenUnits());
  options.jobs = 3;
  std::mutex mutex;
  std::vector<AnalysisProgress> reports;
  options.on_progress = [&](const AnalysisProgress& progress) {
    std::lock_guard<std::mutex> lock(mutex);
    reports.push_back(progress);
  };
  AnalysisResult result = AnalyzeOk(options);
  ASSERT_EQ(reports.size(), 10u);
  std::set<std::string> files;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    EXPECT_EQ(reports[i].done, static_cast<int>(i) + 1);
    EXPECT_EQ(reports[i].total, 10);
    files.insert(reports[i].current_file);
  }
  EXPECT_EQ(files.size(), 10u);
}

TEST(EngineTest, LargestUnitsAreScheduledFirst) {
  TempDir dir;
  AnalyzeOptions options = WriteProject(dir.path(), TenUnits());
  auto commands = libclang::LoadCompileDatabase(options.compile_commands);
  ASSERT_TRUE(commands.ok());
  std::vector<const libclang::CompileCommand*> order;
  for (const libclang::CompileCommand& command : *commands) order.push_back(&command);
  OrderLargestFirst(order, {});
  EXPECT_EQ(order.front()->file.filename(), "u9.cpp");
  EXPECT_EQ(order.back()->file.filename(), "u0.cpp");
  std::map<std::string, std::string> overlay = {{(dir.path() / "src/u0.cpp").string(),
                                                 std::string(10000, ' ')}};
  OrderLargestFirst(order, overlay);
  EXPECT_EQ(order.front()->file.filename(), "u0.cpp");
}

}  // namespace
}  // namespace nova::analyzers
