#include "reviewer/merge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reviewer/render.h"
#include "reviewer/review.h"

namespace nova::reviewer {
namespace {

using core::Finding;
using core::Severity;
using core::StatusCode;
using nlohmann::json;

Finding MakeFinding(std::string rule, std::string file, int line, int column, std::string snippet) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = Severity::kWarning;
  f.file = std::move(file);
  f.line = line;
  f.column = column;
  f.end_line = line;
  f.end_column = column + static_cast<int>(snippet.size());
  f.message = "flagged '" + snippet + "'";
  f.snippet = std::move(snippet);
  return f;
}

// Shard A analyzed a.cpp and c.cpp, shard B analyzed b.cpp; both saw the header a.h, so its
// finding is in both. The unsharded review saw everything once.
std::vector<Finding> ShardAFindings() {
  Finding fixed = MakeFinding("use-nullptr", "/proj/src/a.cpp", 3, 10, "NULL");
  fixed.fix = {{"/proj/src/a.cpp", 31, 4, "nullptr"}};
  return {fixed, MakeFinding("use-nullptr", "/proj/src/a.cpp", 7, 2, "NULL"),
          MakeFinding("function-size", "/proj/src/c.cpp", 1, 1, "void C() {"),
          MakeFinding("use-nullptr", "/proj/src/a.h", 4, 5, "0")};
}

std::vector<Finding> ShardBFindings() {
  return {MakeFinding("function-size", "/proj/src/b.cpp", 10, 1, "void B() {"),
          MakeFinding("use-nullptr", "/proj/src/b.cpp", 12, 8, "0"),
          MakeFinding("use-nullptr", "/proj/src/a.h", 4, 5, "0")};
}

std::vector<RuleMetadata> Rules() {
  return {{"function-size", "Finds function definitions whose body is too long.", ""},
          {"use-nullptr", "Finds NULL and 0 used as null pointers.", ""}};
}

ReviewSummary Summary(int translation_units, int parsed_with_errors, long long duration_ms) {
  ReviewSummary summary;
  summary.translation_units = translation_units;
  summary.parsed_with_errors = parsed_with_errors;
  summary.duration_ms = duration_ms;
  return summary;
}

struct Shards {
  Review a;
  Review b;
  Review whole;
};

Shards MakeShards() {
  Shards shards;
  shards.a = BuildReview("/proj", ShardAFindings(), {{"/proj/src/gen.cpp", "no compile command"}},
                         Summary(2, 1, 40));
  shards.b = BuildReview("/proj", ShardBFindings(), {{"/proj/src/d.cpp", "parsed with errors"}},
                         Summary(1, 0, 25));
  std::vector<Finding> all = ShardAFindings();
  for (Finding& f : ShardBFindings()) {
    if (f.file != "/proj/src/a.h") all.push_back(std::move(f));
  }
  shards.whole = BuildReview(
      "/proj", all,
      {{"/proj/src/gen.cpp", "no compile command"}, {"/proj/src/d.cpp", "parsed with errors"}},
      Summary(3, 1, 40));
  shards.a.rules = shards.b.rules = shards.whole.rules = Rules();
  return shards;
}

TEST(MergeReportsTest, JsonShardsMergeToTheUnshardedReport) {
  const Shards shards = MakeShards();
  const core::Result<std::string> merged =
      MergeReports({RenderJson(shards.a), RenderJson(shards.b)}, "json");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(*merged, RenderJson(shards.whole));
}

TEST(MergeReportsTest, SarifShardsMergeToTheUnshardedReport) {
  const Shards shards = MakeShards();
  const core::Result<std::string> merged =
      MergeReports({RenderSarif(shards.a), RenderSarif(shards.b)}, "sarif");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(*merged, RenderSarif(shards.whole));
}

TEST(MergeReportsTest, FindingsDoNotDependOnShardOrder) {
  const Shards shards = MakeShards();
  const core::Result<std::string> ab =
      MergeReports({RenderJson(shards.a), RenderJson(shards.b)}, "json");
  const core::Result<std::string> ba =
      MergeReports({RenderJson(shards.b), RenderJson(shards.a)}, "json");
  ASSERT_TRUE(ab.ok() && ba.ok());
  EXPECT_EQ(json::parse(*ab).at("findings"), json::parse(*ba).at("findings"));
  EXPECT_EQ(json::parse(*ab).at("summary"), json::parse(*ba).at("summary"));
}

TEST(MergeReportsTest, JsonDedupesAFindingSeenByTwoShards) {
  const Shards shards = MakeShards();
  const core::Result<std::string> merged =
      MergeReports({RenderJson(shards.a), RenderJson(shards.b)}, "json");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const json doc = json::parse(*merged);
  int header_findings = 0;
  for (const json& f : doc.at("findings")) header_findings += f.at("file") == "src/a.h" ? 1 : 0;
  EXPECT_EQ(header_findings, 1);
  EXPECT_EQ(doc.at("findings").size(), 6u);  // 4 + 3 - the shared one
  EXPECT_EQ(doc.at("summary").at("findings"), 6);
  EXPECT_EQ(doc.at("summary").at("translation_units"), 3);
  EXPECT_EQ(doc.at("summary").at("parsed_with_errors"), 1);
  EXPECT_EQ(doc.at("summary").at("duration_ms"), 40);  // the longest shard
  EXPECT_EQ(doc.at("problems").size(), 2u);
}

TEST(MergeReportsTest, SarifDedupesByPartialFingerprints) {
  const Shards shards = MakeShards();
  const std::string a = RenderSarif(shards.a);
  const core::Result<std::string> merged = MergeReports({a, a, RenderSarif(shards.b)}, "sarif");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const json run = json::parse(*merged).at("runs")[0];
  EXPECT_EQ(run.at("results").size(), 6u);
  // Notifications are concatenated, not deduplicated: each shard's problems are its own.
  EXPECT_EQ(run.at("invocations")[0].at("toolExecutionNotifications").size(), 3u);
}

TEST(MergeReportsTest, SarifUnitesRulesAndRecomputesRuleIndex) {
  Review a = BuildReview("/proj", {MakeFinding("zeta", "/proj/a.cpp", 1, 1, "z")}, {}, {});
  a.rules = {{"zeta", "Last by id.", ""}};
  Review b = BuildReview("/proj",
                         {MakeFinding("alpha", "/proj/b.cpp", 1, 1, "a"),
                          MakeFinding("mid", "/proj/b.cpp", 2, 1, "m")},
                         {}, {});
  b.rules = {{"alpha", "First by id.", ""}, {"zeta", "A second description loses.", ""}};
  const core::Result<std::string> merged = MergeReports({RenderSarif(a), RenderSarif(b)}, "sarif");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const json run = json::parse(*merged).at("runs")[0];
  const json& rules = run.at("tool").at("driver").at("rules");
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].at("id"), "alpha");
  EXPECT_EQ(rules[1].at("id"), "mid");
  EXPECT_EQ(rules[2].at("id"), "zeta");
  EXPECT_EQ(rules[2].at("shortDescription").at("text"), "Last by id.");
  ASSERT_EQ(run.at("results").size(), 3u);
  for (const json& result : run.at("results")) {
    EXPECT_EQ(rules[result.at("ruleIndex").get<std::size_t>()].at("id"), result.at("ruleId"));
  }
}

TEST(MergeReportsTest, SarifExecutionFailsWhenAnyShardFailed) {
  const Shards shards = MakeShards();
  json failed = json::parse(RenderSarif(shards.b));
  failed["runs"][0]["invocations"][0]["executionSuccessful"] = false;
  const core::Result<std::string> merged =
      MergeReports({RenderSarif(shards.a), failed.dump()}, "sarif");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(json::parse(*merged).at("runs")[0].at("invocations")[0].at("executionSuccessful"),
            false);
}

TEST(MergeReportsTest, SingleReportIsUnchanged) {
  const Shards shards = MakeShards();
  const core::Result<std::string> json_merged = MergeReports({RenderJson(shards.whole)}, "json");
  ASSERT_TRUE(json_merged.ok());
  EXPECT_EQ(*json_merged, RenderJson(shards.whole));
  const core::Result<std::string> sarif_merged = MergeReports({RenderSarif(shards.whole)}, "sarif");
  ASSERT_TRUE(sarif_merged.ok());
  EXPECT_EQ(*sarif_merged, RenderSarif(shards.whole));
}

void ExpectInvalidInput(const core::Result<std::string>& result, const std::string& prefix) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message().rfind(prefix, 0), 0u) << result.status().message();
}

// Suppressed findings are not lost when shards merge; a header's suppressed finding counts once.
TEST(MergeReportsTest, JsonKeepsSuppressedFindingsAndBaselineCounts) {
  Review a = BuildReview("/proj", ShardAFindings(), {}, Summary(2, 0, 10));
  Review b = BuildReview("/proj", ShardBFindings(), {}, Summary(1, 0, 10));
  for (Review* shard : {&a, &b}) {
    for (const ReviewedFinding& f : shard->findings) {
      if (f.relative_file == "src/a.h") shard->suppressed.push_back({f, "// NOLINT", 4});
    }
    shard->baseline = BaselineOutcome{"base.json", 1, {}, false};
    shard->summary.baselined = 1;
  }
  auto merged = MergeReports({RenderJson(a), RenderJson(b)}, "json");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const json doc = json::parse(*merged);
  ASSERT_EQ(doc.at("suppressed").size(), 1u);
  EXPECT_EQ(doc.at("suppressed")[0].at("comment"), "// NOLINT");
  EXPECT_EQ(doc.at("summary").at("suppressed"), 1);
  EXPECT_EQ(doc.at("summary").at("suppressed_by_rule"), (json{{"use-nullptr", 1}}));
  EXPECT_EQ(doc.at("summary").at("baselined"), 2);
  EXPECT_EQ(doc.at("baseline").at("matched"), 2);
  EXPECT_EQ(doc.at("baseline").at("stale_checked"), false);
}

TEST(MergeReportsTest, NamesTheInputInTheWrongFormat) {
  const Shards shards = MakeShards();
  ExpectInvalidInput(MergeReports({RenderJson(shards.a), RenderSarif(shards.b)}, "json"),
                     "input 2: a SARIF log, not a Nova JSON report");
  ExpectInvalidInput(MergeReports({RenderJson(shards.a), RenderSarif(shards.b)}, "sarif"),
                     "input 1: a Nova JSON report, not SARIF");
}

TEST(MergeReportsTest, NamesTheInputWithAnUnsupportedVersion) {
  const Shards shards = MakeShards();
  json v2 = json::parse(RenderJson(shards.b));
  v2["version"] = 2;
  ExpectInvalidInput(MergeReports({RenderJson(shards.a), RenderJson(shards.a), v2.dump()}, "json"),
                     "input 3: Nova JSON report version 2 is not supported");
  json sarif_old = json::parse(RenderSarif(shards.a));
  sarif_old["version"] = "2.0.0";
  ExpectInvalidInput(MergeReports({sarif_old.dump(), RenderSarif(shards.b)}, "sarif"),
                     "input 1: SARIF version 2.0.0 is not supported");
}

TEST(MergeReportsTest, NamesTheMalformedInput) {
  const Shards shards = MakeShards();
  ExpectInvalidInput(MergeReports({RenderJson(shards.a), "{\"version\": 1,"}, "json"),
                     "input 2: malformed JSON");
  json no_fingerprint = json::parse(RenderJson(shards.a));
  no_fingerprint["findings"][1].erase("fingerprint");
  ExpectInvalidInput(MergeReports({no_fingerprint.dump()}, "json"),
                     "input 1: findings[1]: no string \"fingerprint\"");
  json two_runs = json::parse(RenderSarif(shards.a));
  two_runs["runs"].push_back(two_runs["runs"][0]);
  ExpectInvalidInput(MergeReports({RenderSarif(shards.b), two_runs.dump()}, "sarif"),
                     "input 2: want exactly one run");
  json other_tool = json::parse(RenderSarif(shards.b));
  other_tool["runs"][0]["tool"]["driver"]["name"] = "clang-tidy";
  ExpectInvalidInput(MergeReports({RenderSarif(shards.a), other_tool.dump()}, "sarif"),
                     "input 2: tool 'clang-tidy' differs");
  ExpectInvalidInput(MergeReports({"[]"}, "sarif"), "input 1: not a JSON object");
}

TEST(MergeReportsTest, RejectsUnknownFormatAndNoInput) {
  const core::Result<std::string> xml = MergeReports({"{}"}, "xml");
  ASSERT_FALSE(xml.ok());
  EXPECT_EQ(xml.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(xml.status().message(), "unknown report format 'xml' (want json or sarif)");
  const core::Result<std::string> none = MergeReports({}, "json");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(none.status().message(), "no reports to merge");
}

}  // namespace
}  // namespace nova::reviewer
