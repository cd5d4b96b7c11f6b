#include <gtest/gtest.h>

#include <chrono>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

using testing::TempDir;
using testing::WriteFile;
using nova::testing::kDay;
using nova::testing::Now;

std::vector<core::Finding> OfRule(const std::vector<core::Finding>& findings,
                                  const std::string& rule) {
  std::vector<core::Finding> out;
  for (const core::Finding& finding : findings) {
    if (finding.rule == rule) out.push_back(finding);
  }
  return out;
}

// hot.cpp: Hot (complexity 3) and Flat (0), changed by 5 recent commits; cold.cpp: Cold
// (complexity 6), changed by 1 recent commit; both also by one commit 200 days ago.
AnalyzeOptions HistoryProject(const std::filesystem::path& dir) {
  const std::string hot =
      "int Hot(int a, int b) {\n  if (a) {\n    if (b) return 1;\n  }\n  return 0;\n}\n"
      "int Flat(int a) { return a; }\n";
  const std::string cold =
      "int Cold(int a, int b, int c) {\n  if (a) {\n    if (b) {\n      if (c) return 1;\n"
      "    }\n  }\n  return 0;\n}\n";
  AnalyzeOptions options = testing::WriteProject(dir, {{"hot.cpp", hot}, {"cold.cpp", cold}});
  nova::testing::Git(dir, "init -q");
  const std::int64_t now = Now();
  nova::testing::CommitAt(dir, "initial", "T", now - 200 * kDay);
  std::string edits;
  for (int i = 1; i <= 5; ++i) {
    edits += "// edit " + std::to_string(i) + "\n";
    WriteFile(dir / "hot.cpp", hot + edits);
    if (i == 2) WriteFile(dir / "cold.cpp", cold + "// edit\n");
    nova::testing::CommitAt(dir, "edit", "T", now - (30 - i) * kDay);
  }
  return options;
}

TEST(HotspotTest, RanksChurnTimesComplexity) {
  TempDir dir;
  AnalyzeOptions options = HistoryProject(dir.path());
  options.rules = {"hotspot"};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::vector<core::Finding> findings = result->findings;
  std::sort(findings.begin(), findings.end(), [](const core::Finding& a, const core::Finding& b) {
    return a.message < b.message;
  });
  ASSERT_EQ(findings.size(), 2u) << testing::DumpFindings(findings);  // Flat scores 0
  EXPECT_EQ(findings[0].message, "hotspot #1: 'Hot' complexity 3 x 5 commits in 90 days = 15");
  EXPECT_EQ(findings[0].file, (dir.path() / "hot.cpp").string());
  EXPECT_EQ(findings[0].line, 1);
  EXPECT_EQ(findings[0].severity, core::Severity::kNote);
  EXPECT_EQ(nlohmann::json::parse(findings[0].details),
            (nlohmann::json{{"rank", 1}, {"complexity", 3}, {"churn", 5}, {"days", 90},
                            {"score", 15}}));
  EXPECT_EQ(findings[1].message, "hotspot #2: 'Cold' complexity 6 x 1 commits in 90 days = 6");

  options.rule_options["hotspot"] = {{"top", 1}, {"days", 365}};  // the old commit counts too
  result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 1u) << testing::DumpFindings(result->findings);
  EXPECT_EQ(result->findings[0].message,
            "hotspot #1: 'Hot' complexity 3 x 6 commits in 365 days = 18");
}

TEST(HotspotTest, OffByDefaultAndEnabledByItsOptions) {
  TempDir dir;
  AnalyzeOptions options = HistoryProject(dir.path());
  auto result = Analyze(options);  // no rules named: the rules on by default
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(OfRule(result->findings, "hotspot").empty());

  options.rule_options["hotspot"] = {{"enabled", true}, {"top", 1}};
  result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(OfRule(result->findings, "hotspot").size(), 1u);

  options.rule_options["hotspot"] = {{"enabled", false}};
  options.rules = {"hotspot"};  // naming a rule runs it whatever its default
  result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(OfRule(result->findings, "hotspot").size(), 2u);
}

TEST(HotspotTest, EnabledFalseTurnsARuleOnByDefaultOff) {
  TempDir dir;
  AnalyzeOptions options =
      testing::WriteProject(dir.path(), {{"a.cpp", "int* p = 0;\n"}});
  options.rule_options["use-nullptr"] = {{"enabled", false}};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(OfRule(result->findings, "use-nullptr").empty());
  options.rule_options.erase("use-nullptr");
  result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(OfRule(result->findings, "use-nullptr").size(), 1u);
}

TEST(HotspotTest, NotInARepositoryNothingIsRanked) {
  TempDir dir;
  AnalyzeOptions options = testing::WriteProject(
      dir.path(), {{"a.cpp", "int F(int a) { if (a) return 1; return 0; }\n"}});
  options.rules = {"hotspot"};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->findings.empty()) << testing::DumpFindings(result->findings);
}

TEST(HotspotTest, RejectsBadOptions) {
  EXPECT_EQ(ValidateRuleOptions({{"hotspot", {{"top", 0}}}}).code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateRuleOptions({{"hotspot", {{"weeks", 3}}}}).code(),
            core::StatusCode::kInvalidArgument);
  core::Status status = ValidateRuleOptions({{"hotspot", {{"enabled", "yes"}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rules.hotspot.enabled: must be a boolean");
  EXPECT_TRUE(ValidateRuleOptions({{"hotspot", {{"enabled", true}, {"days", 30}}}}).ok());
}

}  // namespace
}  // namespace nova::analyzers
