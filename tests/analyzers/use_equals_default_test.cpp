#include <gtest/gtest.h>

#include <algorithm>

#include "analyzers/analyzer.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

using testing::TempDir;

TEST(UseEqualsDefaultTest, GoldenFixture) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-equals-default", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->translation_units, 1);
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(UseEqualsDefaultTest, FindingsNameTheMemberAndReplaceTheBody) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-equals-default", dir.path());
  auto result = Analyze(options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const std::string file = (dir.path() / "use_equals_default.cpp").string();
  const std::string content = testing::ReadFile(file);
  auto at = [&](int line) -> const core::Finding* {
    auto it =
        std::find_if(result->findings.begin(), result->findings.end(),
                     [&](const core::Finding& f) { return f.file == file && f.line == line; });
    return it == result->findings.end() ? nullptr : &*it;
  };
  const core::Finding* plain = at(11);
  ASSERT_NE(plain, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_EQ(plain->snippet, "Plain");
  EXPECT_EQ(plain->column, 3);
  EXPECT_EQ(plain->severity, core::Severity::kWarning);
  EXPECT_EQ(plain->message,
            "default constructor 'Plain' has an empty body; define it as = default");
  ASSERT_EQ(plain->fix.size(), 1u);
  EXPECT_EQ(content.substr(plain->fix[0].offset, plain->fix[0].length), " {}");
  EXPECT_EQ(plain->fix[0].replacement, " = default;");

  const core::Finding* destructor = at(12);
  ASSERT_NE(destructor, nullptr);
  EXPECT_EQ(destructor->snippet, "~Plain");
  EXPECT_EQ(destructor->end_column - destructor->column, 6);
  EXPECT_EQ(destructor->message, "destructor '~Plain' has an empty body; define it as = default");
  ASSERT_EQ(destructor->fix.size(), 1u);
  EXPECT_EQ(content.substr(destructor->fix[0].offset, destructor->fix[0].length), " {};");
}

TEST(UseEqualsDefaultTest, FixedSourceMatchesGoldenAndParsesWithNothingLeft) {
  TempDir dir;
  AnalyzeOptions options = testing::PrepareFixture("use-equals-default", dir.path());
  AnalysisResult after = testing::FixAndReanalyze(options, "use-equals-default",
                                                  {"use_equals_default.cpp", "widget.h"});
  EXPECT_TRUE(after.findings.empty()) << testing::DumpFindings(after.findings);
}

TEST(UseEqualsDefaultTest, ABodyOnItsOwnLinesBecomesOneDeclaration) {
  TempDir dir;
  AnalyzeOptions options =
      testing::WriteProject(dir.path(), {{"a.cpp", "struct S {\n  virtual ~S()\n  {\n  }\n};\n"}});
  options.rules = {"use-equals-default"};
  AnalysisResult after = [&] {
    auto before = Analyze(options);
    EXPECT_TRUE(before.ok()) << before.status().ToString();
    EXPECT_EQ(before->findings.size(), 1u) << testing::DumpFindings(before->findings);
    testing::ApplyFixes(before->findings);
    auto again = Analyze(options);
    EXPECT_TRUE(again.ok()) << again.status().ToString();
    return *again;
  }();
  EXPECT_EQ(testing::ReadFile(dir.path() / "a.cpp"), "struct S {\n  virtual ~S() = default;\n};\n");
  EXPECT_TRUE(after.findings.empty()) << testing::DumpFindings(after.findings);
  EXPECT_EQ(after.parsed_with_errors, 0);
}

TEST(UseEqualsDefaultTest, RejectsOptions) {
  core::Status status = ValidateRuleOptions({{"use-equals-default", {{"copy", true}}}});
  EXPECT_EQ(status.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "rules.use-equals-default.copy: unknown key");
  EXPECT_TRUE(ValidateRuleOptions({{"use-equals-default", nlohmann::json::object()}}).ok());
}

}  // namespace
}  // namespace nova::analyzers
