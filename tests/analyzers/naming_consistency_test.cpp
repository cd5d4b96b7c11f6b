#include <gtest/gtest.h>

#include "analyzers/analyzer.h"
#include "analyzers/rule_support/naming_style.h"
#include "test_util.h"

namespace nova::analyzers {
namespace {

using nlohmann::json;
using testing::FindBySnippet;
using testing::TempDir;

AnalyzeOptions Fixture(const std::filesystem::path& dir, json options = json::object()) {
  AnalyzeOptions analyze = testing::PrepareFixture("naming-consistency", dir);
  if (!options.contains("min_declarations")) options["min_declarations"] = 3;
  analyze.rule_options["naming-consistency"] = options;
  return analyze;
}

TEST(NamingStyleTest, ClassifiesNames) {
  EXPECT_TRUE(FollowsStyle("GetValue", NamingStyle::kCamelCase));
  EXPECT_TRUE(FollowsStyle("URL", NamingStyle::kCamelCase));
  EXPECT_TRUE(FollowsStyle("URL", NamingStyle::kUpperCase));
  EXPECT_FALSE(FollowsStyle("Get_Value", NamingStyle::kCamelCase));
  EXPECT_TRUE(FollowsStyle("value", NamingStyle::kLowerCase));
  EXPECT_TRUE(FollowsStyle("value", NamingStyle::kCamelBack));
  EXPECT_FALSE(FollowsStyle("getValue", NamingStyle::kLowerCase));
  EXPECT_TRUE(FollowsStyle("get_value2", NamingStyle::kLowerCase));
  EXPECT_FALSE(FollowsStyle("get__value", NamingStyle::kLowerCase));
  EXPECT_TRUE(FollowsStyle("kMaxSize", NamingStyle::kPrefixedCamelCase));
  EXPECT_FALSE(FollowsStyle("kMaxSize", NamingStyle::kCamelBack));
  EXPECT_TRUE(FollowsStyle("MAX_SIZE", NamingStyle::kUpperCase));
  EXPECT_FALSE(FollowsStyle("", NamingStyle::kLowerCase));
  EXPECT_EQ(SplitAffixes("m_count", true).base, "count");
  EXPECT_EQ(SplitAffixes("count_", true).suffix, "_");
  EXPECT_EQ(SplitAffixes("count_", false).base, "count_");
}

TEST(NamingStyleTest, RespellsBetweenStyles) {
  EXPECT_EQ(Respell("get_value", NamingStyle::kCamelCase), "GetValue");
  EXPECT_EQ(Respell("HTTPServer", NamingStyle::kLowerCase), "http_server");
  EXPECT_EQ(Respell("parseURL2Now", NamingStyle::kLowerCase), "parse_url2_now");
  EXPECT_EQ(Respell("MAX_SIZE", NamingStyle::kPrefixedCamelCase), "kMaxSize");
  EXPECT_EQ(Respell("kMaxSize", NamingStyle::kUpperCase), "MAX_SIZE");
  EXPECT_EQ(Respell("total_area", NamingStyle::kCamelBack), "totalArea");
  EXPECT_EQ(Respell("___", NamingStyle::kCamelCase), "");
}

TEST(NamingConsistencyTest, GoldenFixture) {
  TempDir dir;
  auto result = Analyze(Fixture(dir.path()));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  testing::ExpectMatchesGolden(*result, dir.path());
}

TEST(NamingConsistencyTest, MessageAndDetailsCarryWhatARenameNeeds) {
  TempDir dir;
  auto result = Analyze(Fixture(dir.path()));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const core::Finding* method = FindBySnippet(result->findings, "perimeter_length");
  ASSERT_NE(method, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_EQ(method->message,
            "method 'perimeter_length' is not CamelCase like 3 of the project's 4 methods: "
            "expected 'PerimeterLength'");
  EXPECT_EQ(method->file, (dir.path() / "shapes.h").string());  // the first declaration
  EXPECT_EQ(method->symbol, "geometry::Shape::perimeter_length(int)");
  const json details = json::parse(method->details);
  EXPECT_EQ(details.at("expected"), "PerimeterLength");
  EXPECT_EQ(details.at("kind"), "methods");
  EXPECT_EQ(details.at("usr"), "c:@N@geometry@S@Shape@F@perimeter_length#I#1");

  const core::Finding* member = FindBySnippet(result->findings, "Weight");
  ASSERT_NE(member, nullptr);
  EXPECT_NE(member->message.find("expected 'weight'"), std::string::npos) << member->message;
  const core::Finding* constant = FindBySnippet(result->findings, "DEFAULT_SIDES");
  ASSERT_NE(constant, nullptr);
  EXPECT_NE(constant->message.find("expected 'kDefaultSides'"), std::string::npos);
  const core::Finding* macro = FindBySnippet(result->findings, "makeShape");
  ASSERT_NE(macro, nullptr);
  EXPECT_NE(macro->message.find("expected 'MAKE_SHAPE'"), std::string::npos);
}

TEST(NamingConsistencyTest, ConfiguredStyleWinsOverTheMajority) {
  TempDir dir;
  auto result = Analyze(Fixture(dir.path(), {{"functions", "lower_case"}}));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const core::Finding* count = FindBySnippet(result->findings, "CountShapes");
  ASSERT_NE(count, nullptr) << testing::DumpFindings(result->findings);
  EXPECT_EQ(count->message,
            "function 'CountShapes' is not lower_case as configured for functions: expected "
            "'count_shapes'");
  EXPECT_EQ(FindBySnippet(result->findings, "total_area"), nullptr);
}

TEST(NamingConsistencyTest, TooFewDeclarationsOrNoClearMajorityInferNothing) {
  TempDir dir;
  auto result = Analyze(Fixture(dir.path(), {{"min_declarations", 50}}));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->findings.empty()) << testing::DumpFindings(result->findings);
  TempDir other;
  auto strict = Analyze(Fixture(other.path(), {{"min_percent", 95}}));
  ASSERT_TRUE(strict.ok());
  EXPECT_TRUE(strict->findings.empty()) << testing::DumpFindings(strict->findings);
}

TEST(NamingConsistencyTest, IgnoredNamesAreNeverReported) {
  TempDir dir;
  auto result = Analyze(Fixture(dir.path(), {{"ignore", {"bigTotal"}}}));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(FindBySnippet(result->findings, "bigTotal"), nullptr);
  EXPECT_NE(FindBySnippet(result->findings, "total_area"), nullptr);
}

TEST(NamingConsistencyTest, RejectsBadOptions) {
  for (const json& bad : {json{{"types", "Pascal"}}, json{{"types", 3}}, json{{"min_percent", 101}},
                          json{{"ignore", "x"}}, json{{"colour", 1}}}) {
    TempDir dir;
    auto result = Analyze(Fixture(dir.path(), bad));
    ASSERT_FALSE(result.ok()) << bad.dump();
    EXPECT_EQ(result.status().code(), core::StatusCode::kInvalidArgument) << bad.dump();
    EXPECT_NE(result.status().message().find("naming-consistency"), std::string::npos)
        << result.status().message();
  }
}

}  // namespace
}  // namespace nova::analyzers
