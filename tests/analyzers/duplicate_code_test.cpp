#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

AnalyzeOptions FixtureOptions(const fs::path& dir) {
  AnalyzeOptions options = testing::PrepareFixture("duplicate-code", dir);
  options.rule_options["duplicate-code"] = {{"min_tokens", 40}};
  return options;
}

const core::Finding* FindAtLine(const std::vector<core::Finding>& findings, const std::string& file,
                                int line) {
  auto it = std::find_if(findings.begin(), findings.end(), [&](const core::Finding& f) {
    return fs::path(f.file).filename() == file && f.line == line;
  });
  return it == findings.end() ? nullptr : &*it;
}

TEST(DuplicateCodeTest, GoldenFixture) {
  TempDir dir;
  auto result = Analyze(FixtureOptions(dir.path()));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 3);
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(DuplicateCodeTest, FindingListsTheOtherPlacesInMessageAndDetails) {
  TempDir dir;
  auto result = Analyze(FixtureOptions(dir.path()));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const core::Finding* exact = FindAtLine(result->findings, "dup_a.cpp", 3);
  ASSERT_NE(exact, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_EQ(exact->message, "function body lines 3-10 duplicates 1 other place: dup_a.cpp:12");
  EXPECT_EQ(exact->severity, core::Severity::kWarning);
  EXPECT_EQ(exact->snippet, "Checksum");
  EXPECT_EQ(exact->column, 44);
  EXPECT_EQ(exact->end_line, 10);
  auto details = nlohmann::json::parse(exact->details);
  ASSERT_EQ(details.at("locations").size(), 2u);
  EXPECT_EQ(details["locations"][1]["file"], "dup_a.cpp");
  EXPECT_EQ(details["locations"][1]["line"], 12);
  EXPECT_EQ(details["locations"][1]["function"], "ChecksumCopy");

  const core::Finding* across = FindAtLine(result->findings, "dup_b.cpp", 4);
  ASSERT_NE(across, nullptr);
  EXPECT_EQ(across->message, "function body lines 4-11 duplicates 1 other place: dup_c.cpp:3");
}

TEST(DuplicateCodeTest, ThreeCopiesAreOneFindingNamingTwoOthers) {
  TempDir dir;
  const std::string body =
      "{\n  int s = 0;\n  for (int i = 0; i < n; ++i) {\n    s = s * 31 + t[i];\n"
      "    if (s > 1000) s -= 1000;\n  }\n  return s;\n}\n";
  AnalyzeOptions options =
      testing::WriteProject(dir.path(), {{"a.cpp", "int A(const char* t, int n) " + body},
                                         {"b.cpp", "int B(const char* t, int n) " + body},
                                         {"c.cpp", "\n\nint C(const char* t, int n) " + body}});
  options.rules = {"duplicate-code"};
  options.rule_options["duplicate-code"] = {{"min_tokens", 30}};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 1u) << testing::DumpFindings(result->findings);
  EXPECT_EQ(result->findings[0].message,
            "function body lines 1-8 duplicates 2 other places: b.cpp:1, c.cpp:3");
}

TEST(DuplicateCodeTest, DefaultMinTokensIgnoresTheFixture) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("duplicate-code", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->findings.empty()) << testing::DumpFindings(result->findings);
}

TEST(DuplicateCodeTest, ValidatesOptions) {
  core::Status status = ValidateRuleOptions({{"duplicate-code", {{"min_tokens", 0}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rules.duplicate-code.min_tokens: expected a positive integer");
  status = ValidateRuleOptions({{"duplicate-code", {{"window", 3}}}});
  EXPECT_EQ(status.message(), "rules.duplicate-code.window: unknown key");
  EXPECT_TRUE(ValidateRuleOptions({{"duplicate-code", {{"min_tokens", 80}}}}).ok());
}

}  // namespace
}  // namespace nova::analyzers
