#include <gtest/gtest.h>

#include <map>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::FindBySnippet;
using testing::TempDir;

TEST(FunctionSizeTest, GoldenFixtureWithMaxLinesFive) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("function-size", dir.path());
  options.rule_options["function-size"] = {{"max_lines", 5}};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(FunctionSizeTest, MessageNamesFunctionAndCounts) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("function-size", dir.path());
  options.rule_options["function-size"] = {{"max_lines", 5}};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_FALSE(result->findings.empty());
  const core::Finding& first = result->findings[0];
  EXPECT_EQ(first.message, "function 'LongFree' has 6 lines (max 5)");
  EXPECT_EQ(first.snippet, "LongFree");
  EXPECT_EQ(first.line, 14);
  EXPECT_EQ(first.column, 5);
  EXPECT_EQ(first.severity, core::Severity::kWarning);
  EXPECT_TRUE(first.fix.empty());
}

TEST(FunctionSizeTest, EachLimitIsNamedWithActualAndMaximum) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("function-size", dir.path());
  options.rule_options["function-size"] = {{"max_lines", 5}};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const std::map<std::string, std::string> expected = {
      {"SevenParameters", "function 'SevenParameters' has 7 parameters (max 6)"},
      {"DepthFive", "function 'DepthFive' has nesting depth 5 (max 4)"},
      {"EightyOneStatements", "function 'EightyOneStatements' has 81 statements (max 80)"},
  };
  for (const auto& [name, message] : expected) {
    const core::Finding* finding = FindBySnippet(result->findings, name);
    ASSERT_NE(finding, nullptr) << name << "\n" << testing::DumpFindings(result->findings);
    EXPECT_EQ(finding->message, message);
  }
  EXPECT_EQ(FindBySnippet(result->findings, "MacroUsesCountOnceAndDoNotNest"), nullptr);
  const core::Finding* twice = FindBySnippet(result->findings, "Twice");
  ASSERT_NE(twice, nullptr);
  EXPECT_EQ(nlohmann::json::parse(twice->details),
            nlohmann::json::parse(
                R"({"lines": 6, "statements": 4, "parameters": 1, "nesting": 0})"));
}

TEST(FunctionSizeTest, OneFindingNamesEveryExceededLimit) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("function-size", dir.path());
  options.rule_options["function-size"] = {
      {"max_lines", 1}, {"max_statements", 1}, {"max_parameters", 1}, {"max_nesting", 1}};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const core::Finding* deep = FindBySnippet(result->findings, "DepthFive");
  ASSERT_NE(deep, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_EQ(deep->message,
            "function 'DepthFive' has 4 lines (max 1), 12 statements (max 1), nesting depth 5 "
            "(max 1)");
}

TEST(FunctionSizeTest, DefaultThresholdIsSixty) {
  TempDir dir;
  const fs::path file = dir.path() / "long.cpp";
  std::string text = "int Sixty() {\n";
  for (int i = 0; i < 57; ++i) text += "  (void)0;\n";
  text += "  return 0;\n}\nint SixtyOne() {\n";
  for (int i = 0; i < 58; ++i) text += "  (void)0;\n";
  text += "  return 0;\n}\n";
  testing::WriteFile(file, text);
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands = testing::WriteCompileDb(
      dir.path(), nlohmann::json::array({testing::CompileEntry(dir.path(), file)}));
  options.rules = {"function-size"};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].message, "function 'SixtyOne' has 61 lines (max 60)");

  options.rule_options["function-size"] = {{"max_lines", 61}};
  result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->findings.empty());
}

TEST(FunctionSizeTest, ValidatesLimits) {
  EXPECT_TRUE(ValidateRuleOptions({{"function-size", {{"max_lines", 10}}}}).ok());
  EXPECT_TRUE(ValidateRuleOptions({{"function-size",
                                    {{"max_statements", 10},
                                     {"max_parameters", 3},
                                     {"max_nesting", 2}}}})
                  .ok());
  core::Status nesting = ValidateRuleOptions({{"function-size", {{"max_nesting", 0}}}});
  EXPECT_EQ(nesting.message(), "rules.function-size.max_nesting: expected a positive integer");
  for (const nlohmann::json& bad : {nlohmann::json(0), nlohmann::json(-3), nlohmann::json("10"),
                                    nlohmann::json(2.5)}) {
    core::Status status = ValidateRuleOptions({{"function-size", {{"max_lines", bad}}}});
    EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(status.message(), "rules.function-size.max_lines: expected a positive integer");
  }
  core::Status typo = ValidateRuleOptions({{"function-size", {{"max_line", 10}}}});
  EXPECT_EQ(typo.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(typo.message(), "rules.function-size.max_line: unknown key");
  core::Status not_object = ValidateRuleOptions({{"function-size", 10}});
  EXPECT_EQ(not_object.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(not_object.message(), "rules.function-size: expected an object");
}

}  // namespace
}  // namespace nova::analyzers
