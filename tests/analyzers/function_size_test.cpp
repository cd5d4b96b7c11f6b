#include <gtest/gtest.h>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
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
  EXPECT_EQ(first.line, 13);
  EXPECT_EQ(first.column, 5);
  EXPECT_EQ(first.severity, core::Severity::kWarning);
  EXPECT_TRUE(first.fix.empty());
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

TEST(FunctionSizeTest, ValidatesMaxLines) {
  EXPECT_TRUE(ValidateRuleOptions({{"function-size", {{"max_lines", 10}}}}).ok());
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
