#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

namespace fs = std::filesystem;
using testing::FindBySnippet;
using testing::TempDir;

TEST(UseUsingTest, GoldenFixture) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-using", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 1);
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(UseUsingTest, FindingsCarryMessageSnippetAndEdit) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-using", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const std::string file = (dir.path() / "use_using.cpp").string();
  const std::string contents = testing::ReadFile(file);
  const core::Finding* count = FindBySnippet(result->findings, "Count");
  ASSERT_NE(count, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_EQ(count->file, file);
  EXPECT_EQ(count->line, 21);
  EXPECT_EQ(count->column, 13);
  EXPECT_EQ(count->end_column, 18);
  EXPECT_EQ(count->severity, core::Severity::kWarning);
  EXPECT_EQ(count->message, "use a using alias instead of typedef for 'Count'");
  ASSERT_EQ(count->fix.size(), 1u);
  EXPECT_EQ(contents.substr(count->fix[0].offset, count->fix[0].length), "typedef int Count");
  EXPECT_EQ(count->fix[0].replacement, "using Count = int");
}

TEST(UseUsingTest, NoFixForSeveralNamesMacrosInlineDefinitionsAndAttributes) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-using", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  for (const char* name : {"First", "Second", "Alias", "Point", "TagAlias", "Color", "Aligned"}) {
    const core::Finding* finding = FindBySnippet(result->findings, name);
    ASSERT_NE(finding, nullptr) << name;
    EXPECT_TRUE(finding->fix.empty()) << name;
  }
  const core::Finding* alias = FindBySnippet(result->findings, "Alias");
  EXPECT_EQ(alias->line, 51);
  EXPECT_EQ(alias->column, 1);
}

TEST(UseUsingTest, FixedSourceMatchesGoldenParsesAndLeavesOnlyUnfixable) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-using", dir.path());
  AnalysisResult after =
      testing::FixAndReanalyze(options, "use-using", {"use_using.cpp", "types.h"});
  std::vector<std::string> left;
  for (const core::Finding& finding : after.findings) left.push_back(finding.snippet);
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"Alias", "Aligned", "Color", "First", "Point", "Second",
                                            "TagAlias"}))
      << testing::DumpFindings(after.findings);
}

// `using` would break a C file and the headers it includes.
TEST(UseUsingTest, CTranslationUnitsAndTheirHeadersAreLeftAlone) {
  TempDir dir;
  testing::WriteFile(dir.path() / "c_types.h", "typedef int CCount;\n");
  testing::WriteFile(dir.path() / "main.c", "#include \"c_types.h\"\ntypedef int Local;\n");
  testing::WriteFile(dir.path() / "forced.cpp", "typedef int Local;\n");
  nlohmann::json c_entry = {{"directory", dir.path().string()},
                            {"file", (dir.path() / "main.c").string()},
                            {"arguments", {"cc", "-std=c11", "-c", "main.c"}}};
  nlohmann::json forced_c_entry = {{"directory", dir.path().string()},
                                   {"file", (dir.path() / "forced.cpp").string()},
                                   {"arguments", {"clang", "-x", "c", "-c", "forced.cpp"}}};
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands =
      testing::WriteCompileDb(dir.path(), nlohmann::json::array({c_entry, forced_c_entry}));
  options.rules = {"use-using"};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 2);
  EXPECT_EQ(result->parsed_with_errors, 0);
  EXPECT_TRUE(result->findings.empty()) << testing::DumpFindings(result->findings);
}

TEST(UseUsingTest, CxxFileOfACxxDriverIsReported) {
  TempDir dir;
  testing::WriteFile(dir.path() / "legacy.c", "typedef int Count;\n");
  nlohmann::json entry = {{"directory", dir.path().string()},
                          {"file", (dir.path() / "legacy.c").string()},
                          {"arguments", {"clang++", "-c", "legacy.c"}}};
  AnalyzeOptions options;
  options.project_root = dir.path();
  options.compile_commands = testing::WriteCompileDb(dir.path(), nlohmann::json::array({entry}));
  options.rules = {"use-using"};
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->findings.size(), 1u) << testing::DumpFindings(result->findings);
  EXPECT_EQ(result->findings[0].snippet, "Count");
}

TEST(UseUsingTest, RejectsOptions) {
  core::Status status = ValidateRuleOptions({{"use-using", {{"fix", false}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rules.use-using.fix: unknown key");
  EXPECT_TRUE(ValidateRuleOptions({{"use-using", nlohmann::json::object()}}).ok());
}

}  // namespace
}  // namespace nova::analyzers
