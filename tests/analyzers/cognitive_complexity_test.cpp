#include <gtest/gtest.h>

#include <map>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

AnalysisResult AnalyzeFixture(const fs::path& dir, int threshold) {
  AnalyzeOptions options = testing::PrepareFixture("cognitive-complexity", dir);
  options.rule_options["cognitive-complexity"] = {{"threshold", threshold}};
  auto result = Analyze(options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? std::move(*result) : AnalysisResult{};
}

std::map<std::string, int> ScoresBySnippet(const std::vector<core::Finding>& findings) {
  std::map<std::string, int> scores;
  for (const core::Finding& finding : findings) {
    scores[finding.snippet] =
        nlohmann::json::parse(finding.details).at("cognitive_complexity").get<int>();
  }
  return scores;
}

TEST(CognitiveComplexityTest, GoldenFixtureWithThresholdZero) {
  TempDir dir;
  AnalysisResult result = AnalyzeFixture(dir.path(), 0);
  EXPECT_EQ(result.parsed_with_errors, 0);
  testing::ExpectMatchesGolden(result, dir.path());
}

TEST(CognitiveComplexityTest, WhitePaperScores) {
  TempDir dir;
  AnalysisResult result = AnalyzeFixture(dir.path(), 0);
  const std::map<std::string, int> expected = {
      {"SumOfPrimes", 7}, {"GetWords", 1}, {"MyMethod", 9},  {"MyMethod2", 2},
      {"Mixed", 4},       {"Chain", 4},    {"Abs", 5},       {"Factorial", 2},
      {"Nested", 6},      {"Outer", 3},    {"Get", 1},
      {"Checked", 1}};
  EXPECT_EQ(ScoresBySnippet(result.findings), expected) << testing::DumpFindings(result.findings);
}

TEST(CognitiveComplexityTest, ThresholdIsExclusiveAndDefaultsToTwentyFive) {
  TempDir dir;
  AnalysisResult at_seven = AnalyzeFixture(dir.path(), 7);
  ASSERT_EQ(at_seven.findings.size(), 1u) << testing::DumpFindings(at_seven.findings);
  EXPECT_EQ(at_seven.findings[0].snippet, "MyMethod");

  TempDir other;
  AnalyzeOptions options = testing::PrepareFixture("cognitive-complexity", other.path());
  auto defaults = Analyze(options);
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_TRUE(defaults->findings.empty()) << testing::DumpFindings(defaults->findings);
}

TEST(CognitiveComplexityTest, MessageNamesScoreThresholdAndWorstNesting) {
  TempDir dir;
  AnalysisResult result = AnalyzeFixture(dir.path(), 6);
  ASSERT_EQ(result.findings.size(), 2u) << testing::DumpFindings(result.findings);
  const core::Finding& sum = result.findings[0];
  EXPECT_EQ(sum.snippet, "SumOfPrimes");
  EXPECT_EQ(sum.message,
            "function 'SumOfPrimes' has cognitive complexity 7 (threshold 6); worst: `if` at "
            "line 10 nested 2 deep (+3)");
  EXPECT_EQ(sum.line, 6);
  EXPECT_EQ(sum.column, 5);
  EXPECT_EQ(sum.end_column, 16);
  EXPECT_EQ(nlohmann::json::parse(sum.details),
            nlohmann::json::parse(R"({"cognitive_complexity": 7, "threshold": 6,
                "worst": {"construct": "if", "line": 10, "nesting": 2, "increment": 3}})"));
  EXPECT_EQ(result.findings[1].message,
            "function 'MyMethod' has cognitive complexity 9 (threshold 6); worst: `while` at "
            "line 39 nested 2 deep (+3)");
}

TEST(CognitiveComplexityTest, ValidatesThreshold) {
  EXPECT_TRUE(ValidateRuleOptions({{"cognitive-complexity", {{"threshold", 0}}}}).ok());
  core::Status negative = ValidateRuleOptions({{"cognitive-complexity", {{"threshold", -1}}}});
  EXPECT_EQ(negative.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(negative.message(),
            "rules.cognitive-complexity.threshold: expected a non-negative integer");
  core::Status typo = ValidateRuleOptions({{"cognitive-complexity", {{"max", 3}}}});
  EXPECT_EQ(typo.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(typo.message(), "rules.cognitive-complexity.max: unknown key");
}

}  // namespace
}  // namespace nova::analyzers
