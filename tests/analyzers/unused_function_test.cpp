#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::FindBySnippet;
using testing::TempDir;

TEST(UnusedFunctionTest, GoldenFixture) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("unused-function", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 2);
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(UnusedFunctionTest, FindingsNameTheFunctionAndDeleteEveryDeclaration) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("unused-function", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const core::Finding* stale = FindBySnippet(result->findings, "Widget::Stale");
  ASSERT_NE(stale, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_EQ(stale->message, "private method 'Widget::Stale' is never used");
  EXPECT_EQ(stale->file, (dir.path() / "widget.cpp").string());
  EXPECT_EQ(stale->column, 13);
  EXPECT_EQ(stale->end_column, 18);
  ASSERT_EQ(stale->fix.size(), 2u);  // the declaration in widget.h and the definition
  std::set<std::string> files;
  for (const core::Edit& edit : stale->fix) files.insert(fs::path(edit.file).filename().string());
  EXPECT_EQ(files, (std::set<std::string>{"widget.cpp", "widget.h"}));

  const core::Finding* countdown = FindBySnippet(result->findings, "Countdown");
  ASSERT_NE(countdown, nullptr);
  EXPECT_EQ(countdown->message, "function 'Countdown' is never used");
  ASSERT_EQ(FindBySnippet(result->findings, "Forward")->fix.size(), 2u);
}

TEST(UnusedFunctionTest, FixedSourceMatchesGoldenAndParses) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("unused-function", dir.path());
  AnalysisResult after = testing::FixAndReanalyze(
      options, "unused-function", {"widget.cpp", "widget.h", "run.cpp", "helpers.h"});
  EXPECT_TRUE(after.findings.empty()) << testing::DumpFindings(after.findings);
}

TEST(UnusedFunctionTest, StaticFunctionInAHeaderUnusedByEveryIncluderIsReportedOnce) {
  TempDir dir;
  AnalyzeOptions options = testing::WriteProject(
      dir.path(), {{"h.h", "#pragma once\nstatic int Unused() { return 1; }\n"},
                   {"a.cpp", "#include \"h.h\"\nint A() { return 0; }\n"},
                   {"b.cpp", "#include \"h.h\"\nint B() { return 0; }\n"}});
  options.rules = {"unused-function"};
  for (int jobs : {1, 4}) {
    options.jobs = jobs;
    auto result = Analyze(options);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    ASSERT_EQ(result->findings.size(), 1u) << testing::DumpFindings(result->findings);
    EXPECT_EQ(result->findings[0].file, (dir.path() / "h.h").string());
    EXPECT_EQ(result->findings[0].fix.size(), 1u);
  }
}

TEST(UnusedFunctionTest, LibraryHooksCalledThroughAdlAreNeitherUnusedNorMisnamed) {
  // nlohmann::json's get<T>() and GoogleTest's printer call these from inside their templates:
  // nothing in the user's source names them, and their spelling is the library's.
  TempDir dir;
  AnalyzeOptions options = testing::WriteProject(
      dir.path(), {{"a.cpp",
                    "namespace {\n"
                    "struct Fact { int line; };\n"
                    "void from_json(const int& j, Fact& f) { f.line = j; }\n"
                    "void to_json(int& j, const Fact& f) { j = f.line; }\n"
                    "void PrintTo(const Fact& f, int* os) { *os = f.line; }\n"
                    "int LeftOver() { return 1; }\n"
                    "}  // namespace\n"
                    "int CountA() { return 0; }\nint CountB() { return 0; }\n"
                    "int CountC() { return 0; }\nint CountD() { return 0; }\n"
                    "int CountE() { return 0; }\nint CountF() { return 0; }\n"
                    "int CountG() { return 0; }\nint CountH() { return 0; }\n"}});
  options.rules = {"unused-function", "naming-consistency"};
  options.rule_options["naming-consistency"] = {{"min_declarations", 5}};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 1u) << testing::DumpFindings(result->findings);
  EXPECT_EQ(result->findings[0].message, "function 'LeftOver' is never used");
}

TEST(UnusedFunctionTest, RejectsOptions) {
  core::Status status = ValidateRuleOptions({{"unused-function", {{"strict", true}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rules.unused-function.strict: unknown key");
}

}  // namespace
}  // namespace nova::analyzers
