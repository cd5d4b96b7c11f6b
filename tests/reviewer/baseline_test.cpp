#include "reviewer/baseline.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace nova::reviewer {
namespace {

core::Finding Null(const std::string& file, int line, const std::string& snippet = "NULL") {
  core::Finding f;
  f.rule = "use-nullptr";
  f.file = file;
  f.line = line;
  f.column = 10;
  f.message = "use nullptr instead of NULL";
  f.snippet = snippet;
  return f;
}

TEST(BaselineTest, WrittenBaselineParsesBackToTheSameEntries) {
  const Review review = BuildReview("/p", {Null("/p/a.cpp", 3), Null("/p/b.cpp", 7)}, {}, {});
  const std::string text = RenderBaseline(review);
  const auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc.at("version"), 2);
  ASSERT_EQ(doc.at("findings").size(), 2u);
  EXPECT_EQ(doc.at("findings")[0].at("file"), "a.cpp");
  EXPECT_EQ(doc.at("findings")[0].at("message"), "use nullptr instead of NULL");
  auto entries = ParseBaseline(text);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[1].file, "b.cpp");
  EXPECT_EQ((*entries)[1].rule, "use-nullptr");
  EXPECT_EQ((*entries)[1].fingerprint, review.findings[1].fingerprint);
}

TEST(BaselineTest, MalformedTextNamesTheLineOrTheMember) {
  auto syntax = ParseBaseline("{\n  \"version\": 2,\n  \"findings\": [,]\n}\n");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(syntax.status().message().find("line 3"), std::string::npos) << syntax.status().message();
  EXPECT_EQ(syntax.status().message().find("json.exception"), std::string::npos);
  auto version = ParseBaseline(R"({"version": 3, "findings": []})");
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.status().message().find("unsupported version 3"), std::string::npos);
  auto old = ParseBaseline(R"({"version": 1, "findings": []})");
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.status().message().find("write it again with --write-baseline"), std::string::npos)
      << old.status().message();
  auto member = ParseBaseline(R"({"version": 2, "findings": [{"rule": "r", "file": "f"}]})");
  ASSERT_FALSE(member.ok());
  EXPECT_EQ(member.status().message(), "findings[0]: no string \"fingerprint\"");
  EXPECT_EQ(ParseBaseline("[]").status().code(), core::StatusCode::kInvalidArgument);
}

TEST(BaselineTest, HidesKnownFindingsAndListsStaleEntries) {
  const Review before = BuildReview("/p", {Null("/p/a.cpp", 3), Null("/p/a.cpp", 9, "0")}, {}, {});
  auto entries = ParseBaseline(RenderBaseline(before));
  ASSERT_TRUE(entries.ok());
  // Line 3 moved to 4; the `0` went away; a new NULL appeared in b.cpp.
  Review after = BuildReview("/p", {Null("/p/a.cpp", 4), Null("/p/b.cpp", 1)}, {}, {});
  after = ApplyBaseline(std::move(after), *entries, "base.json", {});
  ASSERT_EQ(after.findings.size(), 1u);
  EXPECT_EQ(after.findings[0].relative_file, "b.cpp");
  EXPECT_EQ(after.summary.findings, 1);
  EXPECT_EQ(after.summary.baselined, 1);
  ASSERT_TRUE(after.baseline);
  EXPECT_EQ(after.baseline->file, "base.json");
  EXPECT_EQ(after.baseline->matched, 1);
  ASSERT_EQ(after.baseline->stale.size(), 1u);
  EXPECT_EQ(after.baseline->stale[0].fingerprint, before.findings[1].fingerprint);
}

TEST(BaselineTest, PartialRunsReportNoStaleEntries) {
  const Review before = BuildReview("/p", {Null("/p/a.cpp", 3)}, {}, {});
  auto entries = ParseBaseline(RenderBaseline(before));
  ASSERT_TRUE(entries.ok());
  const Review since = ApplyBaseline(BuildReview("/p", {}, {}, {}), *entries, "b", {false, {}});
  EXPECT_TRUE(since.baseline->stale.empty());
  EXPECT_FALSE(since.baseline->stale_checked);
  // --rules function-size: the use-nullptr entry was not looked for.
  const Review other_rule =
      ApplyBaseline(BuildReview("/p", {}, {}, {}), *entries, "b", {true, {"function-size"}});
  EXPECT_TRUE(other_rule.baseline->stale.empty());
}

TEST(BaselineTest, AnEntryWhoseFindingIsSuppressedInlineIsNotStale) {
  const Review before = BuildReview("/p", {Null("/p/a.cpp", 3)}, {}, {});
  auto entries = ParseBaseline(RenderBaseline(before));
  ASSERT_TRUE(entries.ok());
  Review now = BuildReview("/p", {Null("/p/a.cpp", 3)}, {}, {});
  now.suppressed.push_back({now.findings[0], "// NOLINT", 3});
  now.findings.clear();
  now = ApplyBaseline(std::move(now), *entries, "b", {});
  EXPECT_TRUE(now.baseline->stale.empty());
}

}  // namespace
}  // namespace nova::reviewer
