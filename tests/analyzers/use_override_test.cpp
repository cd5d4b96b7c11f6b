#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const core::Finding* FindBySnippetAndLine(const std::vector<core::Finding>& findings,
                                          const std::string& snippet, int line) {
  auto it = std::find_if(findings.begin(), findings.end(), [&](const core::Finding& f) {
    return f.snippet == snippet && f.line == line;
  });
  return it == findings.end() ? nullptr : &*it;
}

TEST(UseOverrideTest, GoldenFixture) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-override", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 1);
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(UseOverrideTest, FindingsNameTheOverriddenFunction) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-override", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const core::Finding* plain = FindBySnippetAndLine(result->findings, "Plain", 33);
  ASSERT_NE(plain, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_EQ(plain->file, (dir.path() / "use_override.cpp").string());
  EXPECT_EQ(plain->column, 8);
  EXPECT_EQ(plain->end_column, 13);
  EXPECT_EQ(plain->severity, core::Severity::kWarning);
  EXPECT_EQ(plain->message, "'Plain' overrides Base::Plain but is not marked override");
  ASSERT_EQ(plain->fix.size(), 1u);
  EXPECT_EQ(plain->fix[0].length, 0u);
  EXPECT_EQ(plain->fix[0].replacement, " override");

  const core::Finding* resize = FindBySnippetAndLine(result->findings, "Resize", 34);
  ASSERT_NE(resize, nullptr);
  ASSERT_EQ(resize->fix.size(), 2u);
  EXPECT_EQ(resize->fix[0].replacement, "");
  EXPECT_EQ(resize->fix[0].length, 8u);  // "virtual "

  const core::Finding* notify = FindBySnippetAndLine(result->findings, "Notify", 71);
  ASSERT_NE(notify, nullptr);
  EXPECT_EQ(notify->message, "'Notify' overrides Other::Notify but is not marked override");

  const core::Finding* header = FindBySnippetAndLine(result->findings, "Draw", 11);
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->file, (dir.path() / "shapes.h").string());
}

TEST(UseOverrideTest, NoFixWhenAMacroEndsTheDeclarator) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-override", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const core::Finding* tick = FindBySnippetAndLine(result->findings, "Tick", 47);
  ASSERT_NE(tick, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_TRUE(tick->fix.empty());
}

TEST(UseOverrideTest, FixedSourceMatchesGoldenParsesAndLeavesOnlyUnfixable) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-override", dir.path());
  AnalysisResult after =
      testing::FixAndReanalyze(options, "use-override", {"use_override.cpp", "shapes.h"});
  EXPECT_EQ(testing::ReadFile(dir.path() / "system" / "framework.h"),
            testing::ReadFile(fs::path(NOVA_ANALYZERS_FIXTURES) / "use-override" / "system" /
                              "framework.h"));
  ASSERT_EQ(after.findings.size(), 1u) << testing::DumpFindings(after.findings);
  EXPECT_EQ(after.findings[0].snippet, "Tick");
}

TEST(UseOverrideTest, RejectsOptions) {
  core::Status status = ValidateRuleOptions({{"use-override", {{"strict", true}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rules.use-override.strict: unknown key");
  EXPECT_TRUE(ValidateRuleOptions({{"use-override", nlohmann::json::object()}}).ok());
}

}  // namespace
}  // namespace nova::analyzers
