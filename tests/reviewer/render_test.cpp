#include "reviewer/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "reviewer/fingerprint.h"

namespace nova::reviewer {
namespace {

using core::Finding;
using core::Severity;
using nlohmann::json;

Finding NullFinding() {
  Finding f;
  f.rule = "use-nullptr";
  f.severity = Severity::kWarning;
  f.file = "/proj/src/a.cpp";
  f.line = 3;
  f.column = 10;
  f.end_line = 3;
  f.end_column = 14;
  f.message = "use nullptr instead of NULL";
  f.snippet = "NULL";
  f.fix = {{"/proj/src/a.cpp", 31, 4, "nullptr"}};
  return f;
}

Finding SizeFinding() {
  Finding f;
  f.rule = "function-size";
  f.severity = Severity::kError;
  f.file = "/proj/src/b.cpp";
  f.line = 1;
  f.column = 1;
  f.end_line = 90;
  f.end_column = 2;
  f.message = "function 'Run' has 90 lines (limit 60)";
  f.snippet = "void Run() {";
  return f;
}

Finding NoteFinding() {
  Finding f = NullFinding();
  f.severity = Severity::kNote;
  f.line = 8;
  f.column = 1;
  f.end_line = 8;
  f.end_column = 5;
  f.fix = {};
  return f;
}

Review SampleReview() {
  ReviewSummary summary;
  summary.translation_units = 2;
  summary.parsed_with_errors = 1;
  summary.duration_ms = 37;
  return BuildReview("/proj", {SizeFinding(), NullFinding(), NoteFinding()},
                     {{"/proj/src/gen.cpp", "no compile command"}}, summary);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

TEST(RenderTextTest, PrintsCompilerStyleLinesProblemsAndASummary) {
  const std::string text = RenderText(SampleReview());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(Lines(text),
            (std::vector<std::string>{
                "src/a.cpp:3:10: warning: use nullptr instead of NULL [use-nullptr]",
                "src/a.cpp:8:1: note: use nullptr instead of NULL [use-nullptr]",
                "src/b.cpp:1:1: error: function 'Run' has 90 lines (limit 60) [function-size]",
                "src/gen.cpp: note: not fully analyzed: no compile command",
                "3 findings in 2 translation units (1 parsed with errors); partial review: 1 input "
                "problem listed above, 37 ms",
            }));
}

TEST(RenderTextTest, SingularSummaryWithoutProblems) {
  ReviewSummary summary;
  summary.translation_units = 1;
  summary.duration_ms = 5;
  const std::string text = RenderText(BuildReview("/proj", {NullFinding()}, {}, summary));
  EXPECT_EQ(text,
            "src/a.cpp:3:10: warning: use nullptr instead of NULL [use-nullptr]\n"
            "1 finding in 1 translation unit, 5 ms\n");
  EXPECT_EQ(text.find("not fully analyzed"), std::string::npos);
}

TEST(RenderTextTest, EmptyReviewStillPrintsTheSummary) {
  EXPECT_EQ(RenderText(BuildReview("/proj", {}, {}, {})), "0 findings in 0 translation units, 0 ms\n");
}

TEST(RenderJsonTest, FollowsSchemaVersionOne) {
  const Review review = SampleReview();
  const json doc = json::parse(RenderJson(review));
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.size(), 6u);  // version, findings, problems, suppressed, summary, notes
  EXPECT_EQ(doc.at("suppressed"), json::array());
  EXPECT_FALSE(doc.contains("baseline"));  // only with --baseline
  EXPECT_EQ(doc.at("version"), 1);
  EXPECT_EQ(doc.at("notes"), json::array());

  const json& findings = doc.at("findings");
  ASSERT_TRUE(findings.is_array());
  ASSERT_EQ(findings.size(), 3u);
  const std::set<std::string> expected_keys = {"rule",       "severity",   "file",    "line",
                                               "column",     "end_line",   "end_column",
                                               "message",    "symbol",     "fingerprint", "fix"};
  for (const json& f : findings) {
    std::set<std::string> keys;
    for (const auto& [key, value] : f.items()) keys.insert(key);
    EXPECT_EQ(keys, expected_keys) << f.dump();
    EXPECT_TRUE(f.at("fix").is_array());
    EXPECT_EQ(f.at("fingerprint").get<std::string>().size(), 32u);
  }

  const json& first = findings[0];
  EXPECT_EQ(first.at("rule"), "use-nullptr");
  EXPECT_EQ(first.at("severity"), "warning");
  EXPECT_EQ(first.at("file"), "src/a.cpp");
  EXPECT_EQ(first.at("line"), 3);
  EXPECT_EQ(first.at("column"), 10);
  EXPECT_EQ(first.at("end_line"), 3);
  EXPECT_EQ(first.at("end_column"), 14);
  EXPECT_EQ(first.at("message"), "use nullptr instead of NULL");
  EXPECT_EQ(first.at("fingerprint"), review.findings[0].fingerprint);
  EXPECT_EQ(first.at("fingerprint"), Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 0));
  ASSERT_EQ(first.at("fix").size(), 1u);
  EXPECT_EQ(first.at("fix")[0],
            (json{{"file", "src/a.cpp"}, {"offset", 31}, {"length", 4}, {"replacement", "nullptr"}}));

  EXPECT_EQ(findings[1].at("severity"), "note");
  EXPECT_EQ(findings[1].at("fix"), json::array());
  EXPECT_NE(findings[1].at("fingerprint"), first.at("fingerprint"));
  EXPECT_EQ(findings[2].at("rule"), "function-size");
  EXPECT_EQ(findings[2].at("severity"), "error");
  EXPECT_EQ(findings[2].at("file"), "src/b.cpp");
  EXPECT_EQ(findings[2].at("end_line"), 90);

  EXPECT_EQ(doc.at("summary"), (json{{"translation_units", 2},
                                      {"parsed_with_errors", 1},
                                      {"parsed", 0},
                                      {"cache_hits", 0},
                                      {"findings", 3},
                                      {"duration_ms", 37},
                                      {"suppressed", 0},
                                      {"suppressed_by_rule", json::object()},
                                      {"baselined", 0}}));
  EXPECT_EQ(doc.at("problems"),
            (json::array({{{"file", "src/gen.cpp"}, {"message", "no compile command"}}})));
}

TEST(RenderJsonTest, FindingDetailsAppearAsJsonOnlyWhenTheRuleGivesThem) {
  Finding with_details = SizeFinding();
  with_details.details = R"({"lines":90,"nesting":2})";
  Finding not_json = NullFinding();
  not_json.details = "not json";
  const Review review = BuildReview("/proj", {with_details, not_json, NoteFinding()}, {}, {});
  const json findings = json::parse(RenderJson(review)).at("findings");
  ASSERT_EQ(findings.size(), 3u);  // a.cpp:3, a.cpp:8, b.cpp:1
  EXPECT_EQ(findings[0].at("details"), "not json");
  EXPECT_FALSE(findings[1].contains("details"));
  EXPECT_EQ(findings[2].at("rule"), "function-size");
  EXPECT_EQ(findings[2].at("details"), json::parse(R"({"lines":90,"nesting":2})"));

  const json results = json::parse(RenderSarif(review)).at("runs")[0].at("results");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_FALSE(results[1].contains("properties"));
  EXPECT_EQ(results[2].at("properties").at("details").at("lines"), 90);
}

TEST(RenderJsonTest, EmptyReviewHasEmptyArrays) {
  const json doc = json::parse(RenderJson(BuildReview("/proj", {}, {}, {})));
  EXPECT_EQ(doc.at("version"), 1);
  EXPECT_EQ(doc.at("findings"), json::array());
  EXPECT_EQ(doc.at("problems"), json::array());
  EXPECT_EQ(doc.at("summary").at("findings"), 0);
}

TEST(RenderTest, SuppressedFindingsAreCountedAndListedNotLost) {
  Review review = BuildReview("/proj", {NullFinding(), SizeFinding()}, {}, {});
  review.suppressed.push_back({review.findings[0], "// NOLINT(nova-use-nullptr)", 3});
  review.findings.erase(review.findings.begin());
  review.summary.findings = 1;
  review.summary.suppressed = 1;
  review.summary.suppressed_by_rule["use-nullptr"] = 1;
  EXPECT_NE(RenderText(review).find("1 finding in 0 translation units; 1 finding suppressed inline"),
            std::string::npos)
      << RenderText(review);
  const json doc = ReviewJson(review);
  ASSERT_EQ(doc.at("suppressed").size(), 1u);
  const json& s = doc.at("suppressed")[0];
  EXPECT_EQ(s.at("rule"), "use-nullptr");
  EXPECT_EQ(s.at("file"), "src/a.cpp");
  EXPECT_EQ(s.at("line"), 3);
  EXPECT_EQ(s.at("comment"), "// NOLINT(nova-use-nullptr)");
  EXPECT_EQ(s.at("comment_line"), 3);
  EXPECT_EQ(s.at("fingerprint"), review.suppressed[0].reviewed.fingerprint);
  EXPECT_EQ(doc.at("summary").at("suppressed"), 1);
  EXPECT_EQ(doc.at("summary").at("suppressed_by_rule"), (json{{"use-nullptr", 1}}));
  // Suppressed findings are not results: SARIF lists only what is reported.
  EXPECT_EQ(json::parse(RenderSarif(review)).at("runs")[0].at("results").size(), 1u);
}

TEST(RenderTest, StaleBaselineEntriesAreListedAndCounted) {
  Review review = BuildReview("/proj", {}, {}, {});
  review.baseline = BaselineOutcome{"base.json", 2, {{"use-nullptr", "src/a.cpp", "ff", "use nullptr"}}, true};
  review.summary.baselined = 2;
  const std::string text = RenderText(review);
  EXPECT_NE(text.find("src/a.cpp: note: baseline entry matches no finding: use nullptr [use-nullptr]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("; 2 findings hidden by the baseline"), std::string::npos) << text;
  EXPECT_NE(text.find("1 baseline entry no longer matches: remove it with --write-baseline\n"),
            std::string::npos)
      << text;
  const json doc = ReviewJson(review);
  EXPECT_EQ(doc.at("baseline").at("file"), "base.json");
  EXPECT_EQ(doc.at("baseline").at("matched"), 2);
  ASSERT_EQ(doc.at("baseline").at("stale").size(), 1u);
  EXPECT_EQ(doc.at("baseline").at("stale")[0].at("fingerprint"), "ff");
  EXPECT_EQ(doc.at("summary").at("baselined"), 2);
}

TEST(RenderJsonTest, EscapesSpecialCharactersInMessages) {
  Finding f = NullFinding();
  f.message = "say \"hi\"\tand \\ back";
  const json doc = json::parse(RenderJson(BuildReview("/proj", {f}, {}, {})));
  EXPECT_EQ(doc.at("findings")[0].at("message"), "say \"hi\"\tand \\ back");
}

TEST(RenderSarifTest, IsAVersion210LogWithOneResultPerFinding) {
  const Review review = SampleReview();
  const json log = json::parse(RenderSarif(review));
  EXPECT_EQ(log.at("version"), "2.1.0");
  ASSERT_EQ(log.at("runs").size(), 1u);
  const json& run = log.at("runs")[0];
  EXPECT_EQ(run.at("tool").at("driver").at("name"), "nova");
  EXPECT_EQ(run.at("originalUriBaseIds").at("%SRCROOT%").at("uri"), "file:///proj/");

  const json& rules = run.at("tool").at("driver").at("rules");
  ASSERT_EQ(rules.size(), 2u);  // one entry per distinct rule, ordered by id
  EXPECT_EQ(rules[0].at("id"), "function-size");
  EXPECT_EQ(rules[1].at("id"), "use-nullptr");

  const json& results = run.at("results");
  ASSERT_EQ(results.size(), 3u);
  const char* levels[] = {"warning", "note", "error"};
  const char* rule_ids[] = {"use-nullptr", "use-nullptr", "function-size"};
  for (std::size_t i = 0; i < results.size(); ++i) {
    const json& r = results[i];
    const ReviewedFinding& f = review.findings[i];
    EXPECT_EQ(r.at("ruleId"), rule_ids[i]);
    EXPECT_EQ(r.at("level"), levels[i]);
    EXPECT_EQ(r.at("message").at("text"), f.finding.message);
    EXPECT_EQ(rules[r.at("ruleIndex").get<int>()].at("id"), r.at("ruleId"));
    ASSERT_EQ(r.at("locations").size(), 1u);
    const json& physical = r.at("locations")[0].at("physicalLocation");
    EXPECT_EQ(physical.at("artifactLocation").at("uri"), f.relative_file);
    EXPECT_EQ(physical.at("artifactLocation").at("uriBaseId"), "%SRCROOT%");
    EXPECT_EQ(physical.at("region").at("startLine"), f.finding.line);
    EXPECT_EQ(physical.at("region").at("startColumn"), f.finding.column);
    EXPECT_EQ(physical.at("region").at("endLine"), f.finding.end_line);
    EXPECT_EQ(physical.at("region").at("endColumn"), f.finding.end_column);
    ASSERT_TRUE(r.at("partialFingerprints").is_object());
    EXPECT_FALSE(r.at("partialFingerprints").empty());
    EXPECT_EQ(r.at("partialFingerprints").at("novaFingerprint/v2"), f.fingerprint);
  }
  EXPECT_EQ(results[0].at("locations")[0].at("physicalLocation").at("artifactLocation").at("uri"),
            "src/a.cpp");
  EXPECT_EQ(results[0].at("locations")[0].at("physicalLocation").at("region").at("startLine"), 3);
  EXPECT_EQ(results[0].at("locations")[0].at("physicalLocation").at("region").at("startColumn"), 10);
}

TEST(RenderSarifTest, ReportsProblemsAsToolNotifications) {
  const json log = json::parse(RenderSarif(SampleReview()));
  const json& notifications =
      log.at("runs")[0].at("invocations")[0].at("toolExecutionNotifications");
  ASSERT_EQ(notifications.size(), 1u);
  EXPECT_EQ(notifications[0].at("level"), "warning");
  EXPECT_EQ(notifications[0].at("message").at("text"), "src/gen.cpp: no compile command");
}

TEST(RenderSarifTest, EmptyReviewHasNoResults) {
  const json log = json::parse(RenderSarif(BuildReview("/proj", {}, {}, {})));
  EXPECT_EQ(log.at("version"), "2.1.0");
  EXPECT_EQ(log.at("runs")[0].at("results"), json::array());
  EXPECT_EQ(log.at("runs")[0].at("tool").at("driver").at("rules"), json::array());
}

std::vector<RuleMetadata> SampleRules() {
  return {{"use-nullptr", "Finds NULL and 0 used as null pointers and replaces them with nullptr.",
           "https://example.com/rules#use-nullptr"},
          {"unused-rule", "Finds nothing in this sample.", ""}};
}

TEST(RenderSarifTest, DriverNamesNovaWithASemanticVersion) {
  const json log = json::parse(RenderSarif(SampleReview()));
  const json& driver = log.at("runs")[0].at("tool").at("driver");
  EXPECT_EQ(driver.at("name"), "nova");
  const std::string version = driver.at("semanticVersion").get<std::string>();
  EXPECT_TRUE(std::regex_match(version, std::regex(R"(\d+\.\d+\.\d+([-+].*)?)"))) << version;
  if (driver.contains("informationUri")) {
    EXPECT_EQ(driver.at("informationUri").get<std::string>().rfind("https://", 0), 0u);
  }
}

TEST(RenderSarifTest, ListsEveryGivenRuleAndEveryRuleWithResultsById) {
  Review review = SampleReview();
  review.rules = SampleRules();
  const json log = json::parse(RenderSarif(review));
  const json& rules = log.at("runs")[0].at("tool").at("driver").at("rules");
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].at("id"), "function-size");  // has results, no metadata
  EXPECT_EQ(rules[1].at("id"), "unused-rule");    // metadata, no results
  EXPECT_EQ(rules[2].at("id"), "use-nullptr");

  const json& described = rules[2];
  const std::string sentence =
      "Finds NULL and 0 used as null pointers and replaces them with nullptr.";
  EXPECT_EQ(described.at("name"), "UseNullptr");
  EXPECT_EQ(described.at("shortDescription").at("text"), sentence);
  EXPECT_EQ(described.at("fullDescription").at("text"), sentence);
  EXPECT_EQ(described.at("help").at("text"),
            sentence + "\n\nSee https://example.com/rules#use-nullptr.");
  EXPECT_EQ(described.at("help").at("markdown"),
            sentence + "\n\nSee [use-nullptr](https://example.com/rules#use-nullptr).");
  EXPECT_EQ(described.at("helpUri"), "https://example.com/rules#use-nullptr");
  EXPECT_EQ(described.at("defaultConfiguration").at("level"), "warning");

  // No relative docs/rules.md#id as helpUri: GitHub wants an absolute URI or nothing.
  EXPECT_FALSE(rules[1].contains("helpUri"));
  EXPECT_EQ(rules[1].at("help").at("text"),
            "Finds nothing in this sample.\n\nSee docs/rules.md, section unused-rule.");
  EXPECT_FALSE(rules[0].contains("helpUri"));
  EXPECT_EQ(rules[0].at("shortDescription").at("text"), "Nova rule function-size.");

  for (const json& r : log.at("runs")[0].at("results")) {
    EXPECT_EQ(rules[r.at("ruleIndex").get<std::size_t>()].at("id"), r.at("ruleId"));
  }
}

TEST(RenderSarifTest, FixesUseByteOffsetsGroupedByFile) {
  Finding f = NullFinding();
  f.fix = {{"/proj/src/a.cpp", 31, 4, "nullptr"},
           {"/proj/src/a.h", 7, 0, "#include <cstddef>\n"},
           {"/proj/src/a.cpp", 12, 5, ""}};
  const json log = json::parse(RenderSarif(BuildReview("/proj", {f, SizeFinding()}, {}, {})));
  const json& results = log.at("runs")[0].at("results");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[1].contains("fixes"));  // function-size offers no fix
  ASSERT_EQ(results[0].at("fixes").size(), 1u);
  const json& fix = results[0].at("fixes")[0];
  EXPECT_EQ(fix.at("description").at("text"), "use nullptr instead of NULL");
  EXPECT_EQ(fix.at("artifactChanges"), json::parse(R"([
              {"artifactLocation": {"uri": "src/a.cpp", "uriBaseId": "%SRCROOT%"},
               "replacements": [
                 {"deletedRegion": {"byteOffset": 12, "byteLength": 5}},
                 {"deletedRegion": {"byteOffset": 31, "byteLength": 4},
                  "insertedContent": {"text": "nullptr"}}]},
              {"artifactLocation": {"uri": "src/a.h", "uriBaseId": "%SRCROOT%"},
               "replacements": [
                 {"deletedRegion": {"byteOffset": 7, "byteLength": 0},
                  "insertedContent": {"text": "#include <cstddef>\n"}}]}
            ])"));
}

TEST(RenderSarifTest, EncodesUrisAndKeepsFilesOutsideTheRootAbsolute) {
  Finding spaced = NullFinding();
  spaced.file = "/my proj/src/dir with space/a#1.cpp";
  Finding outside = SizeFinding();
  outside.file = "/usr/include/x.h";
  const json log = json::parse(RenderSarif(BuildReview("/my proj", {spaced, outside}, {}, {})));
  const json& run = log.at("runs")[0];
  EXPECT_EQ(run.at("originalUriBaseIds").at("%SRCROOT%").at("uri"), "file:///my%20proj/");
  const json& results = run.at("results");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].at("locations")[0].at("physicalLocation").at("artifactLocation"),
            (json{{"uri", "src/dir%20with%20space/a%231.cpp"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(results[1].at("locations")[0].at("physicalLocation").at("artifactLocation"),
            (json{{"uri", "file:///usr/include/x.h"}}));
}

TEST(RenderSarifTest, LeavesOutEndPositionsThatAreMissingOrBeforeTheStart) {
  Finding no_end = SizeFinding();
  no_end.end_line = 0;
  no_end.end_column = 0;
  Finding inverted = NullFinding();
  inverted.end_column = 2;  // same line, before column 10
  const json log = json::parse(RenderSarif(BuildReview("/proj", {no_end, inverted}, {}, {})));
  const json& results = log.at("runs")[0].at("results");
  EXPECT_EQ(results[0].at("locations")[0].at("physicalLocation").at("region"),
            (json{{"startLine", 3}, {"startColumn", 10}, {"endLine", 3}}));
  EXPECT_EQ(results[1].at("locations")[0].at("physicalLocation").at("region"),
            (json{{"startLine", 1}, {"startColumn", 1}}));
}

TEST(RenderSarifTest, ProblemNotificationsPointAtTheirFile) {
  Review review = SampleReview();
  review.problems.push_back({"", "analysis cache unavailable"});
  const json log = json::parse(RenderSarif(review));
  const json& invocation = log.at("runs")[0].at("invocations")[0];
  EXPECT_EQ(invocation.at("executionSuccessful"), true);
  const json& notifications = invocation.at("toolExecutionNotifications");
  ASSERT_EQ(notifications.size(), 2u);
  EXPECT_EQ(notifications[0].at("locations")[0].at("physicalLocation").at("artifactLocation"),
            (json{{"uri", "src/gen.cpp"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(notifications[1].at("message").at("text"), "analysis cache unavailable");
  EXPECT_FALSE(notifications[1].contains("locations"));
}

TEST(RenderSarifTest, IsDeterministicWhateverTheInputOrder) {
  Review forward = BuildReview("/proj", {SizeFinding(), NullFinding(), NoteFinding()}, {}, {});
  Review backward = BuildReview("/proj", {NoteFinding(), NullFinding(), SizeFinding()}, {}, {});
  forward.rules = SampleRules();
  backward.rules = {SampleRules()[1], SampleRules()[0]};
  EXPECT_EQ(RenderSarif(forward), RenderSarif(backward));
  EXPECT_EQ(RenderSarif(forward), RenderSarif(forward));
}

TEST(RenderSarifTest, InvalidUtf8InAMessageDoesNotThrow) {
  Finding f = NullFinding();
  f.message = "bad byte \xff here";
  const std::string sarif = RenderSarif(BuildReview("/proj", {f}, {}, {}));
  const json log = json::parse(sarif);
  EXPECT_EQ(log.at("runs")[0].at("results")[0].at("message").at("text"),
            "bad byte \xef\xbf\xbd here");
}

}  // namespace
}  // namespace nova::reviewer
