#include "github/review_builder.h"

#include <gtest/gtest.h>

namespace nova::github {
namespace {

constexpr char kSource[] =
    "int a = 0;\n"          // 1
    "int* p = NULL;\n"      // 2
    "typedef int Count;\n"  // 3
    "void F(int* q,\n"      // 4
    "       int r) {\n"     // 5
    "}\n";                  // 6

core::Edit EditAt(std::string_view text, std::string_view needle, std::string replacement) {
  const std::string_view content(kSource);
  const size_t at = content.find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  (void)text;
  return core::Edit{"/repo/a.cpp", at, needle.size(), std::move(replacement)};
}

reviewer::ReviewedFinding MakeFinding(std::string rule, int line, int end_line,
                                      std::vector<core::Edit> fix, std::string fingerprint,
                                      core::Severity severity = core::Severity::kWarning) {
  reviewer::ReviewedFinding reviewed;
  reviewed.finding.rule = std::move(rule);
  reviewed.finding.severity = severity;
  reviewed.finding.file = "/repo/a.cpp";
  reviewed.finding.line = line;
  reviewed.finding.end_line = end_line;
  reviewed.finding.message = "message";
  reviewed.finding.fix = std::move(fix);
  reviewed.relative_file = "a.cpp";
  reviewed.fingerprint = std::move(fingerprint);
  return reviewed;
}

ContentReader Reader() {
  return [](const std::string& path) -> core::Result<std::string> {
    if (path == "a.cpp") return std::string(kSource);
    return core::NotFoundError(path);
  };
}

core::git::ChangedLines Added(std::vector<std::pair<int, int>> runs) {
  core::git::ChangedLines changed;
  changed.ranges["a.cpp"] = std::move(runs);
  return changed;
}

TEST(SuggestionFor, ReplacesOneLine) {
  auto text = SuggestionFor(kSource, 2, 2, {EditAt(kSource, "NULL", "nullptr")});
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "int* p = nullptr;");
}

TEST(SuggestionFor, SpansSeveralLines) {
  auto text = SuggestionFor(
      kSource, 4, 5,
      {EditAt(kSource, "int* q", "const int* q"), EditAt(kSource, "int r", "long r")});
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "void F(const int* q,\n       long r) {");
}

TEST(SuggestionFor, DeletingWholeLinesIsAnEmptySuggestion) {
  const std::string_view content(kSource);
  const size_t start = content.find("typedef");
  auto text = SuggestionFor(kSource, 3, 3, {core::Edit{"/repo/a.cpp", start, 19, ""}});
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "");
}

TEST(SuggestionFor, RefusesAnEditOutsideTheLines) {
  EXPECT_FALSE(SuggestionFor(kSource, 2, 2, {EditAt(kSource, "Count", "Number")}).has_value());
}

TEST(SuggestionFor, RefusesAnEditJoiningTheNextLine) {
  const std::string_view content(kSource);
  const size_t newline = content.find("NULL;\n") + 5;
  EXPECT_FALSE(
      SuggestionFor(kSource, 2, 2, {core::Edit{"/repo/a.cpp", newline, 1, " "}}).has_value());
}

TEST(BuildGitHubReview, CommentsOnlyOnAddedLinesWithMarkersAndSuggestions) {
  reviewer::Review review;
  review.root = "/repo";
  review.findings.push_back(
      MakeFinding("use-nullptr", 2, 2, {EditAt(kSource, "NULL", "nullptr")}, "fp-null"));
  review.findings.push_back(MakeFinding("use-using", 3, 3, {}, "fp-typedef"));  // not added
  review.findings.push_back(MakeFinding(
      "function-size", 4, 6,
      {EditAt(kSource, "int* q", "const int* q"), EditAt(kSource, "int r", "long r")}, "fp-multi"));
  ReviewBuildOptions options;
  options.commit_id = "0123456789012345678901234567890123456789";
  const nlohmann::json body = BuildGitHubReview(review, Added({{2, 2}, {4, 6}}), Reader(), options);

  EXPECT_EQ(body["commit_id"], options.commit_id);
  EXPECT_EQ(body["event"], "COMMENT");
  ASSERT_EQ(body["comments"].size(), 2u);
  const nlohmann::json& one = body["comments"][0];
  EXPECT_EQ(one["path"], "a.cpp");
  EXPECT_EQ(one["line"], 2);
  EXPECT_EQ(one["side"], "RIGHT");
  EXPECT_FALSE(one.contains("start_line"));
  EXPECT_NE(one["body"].get<std::string>().find("```suggestion\nint* p = nullptr;\n```"),
            std::string::npos);
  EXPECT_EQ(MarkerFingerprint(one["body"].get<std::string>()), "fp-null");

  const nlohmann::json& multi = body["comments"][1];
  EXPECT_EQ(multi["start_line"], 4);
  EXPECT_EQ(multi["start_side"], "RIGHT");
  EXPECT_EQ(multi["line"], 6);
  EXPECT_NE(multi["body"].get<std::string>().find(
                "```suggestion\nvoid F(const int* q,\n       long r) {\n}\n```"),
            std::string::npos)
      << multi["body"];

  const ReviewRecord record = ReadReviewRecord(body["body"].get<std::string>());
  EXPECT_EQ(record.fingerprints, (std::set<std::string>{"fp-null", "fp-multi"}));
  EXPECT_TRUE(record.complete);
  EXPECT_NE(body["body"].get<std::string>().find("| `use-nullptr` | warning | 1 |"),
            std::string::npos);
}

// The one inline comment a review of `reviewed` alone makes when `runs` are the added lines.
nlohmann::json OnlyComment(reviewer::ReviewedFinding reviewed,
                           std::vector<std::pair<int, int>> runs) {
  reviewer::Review review;
  review.root = "/repo";
  review.findings.push_back(std::move(reviewed));
  const nlohmann::json body = BuildGitHubReview(review, Added(std::move(runs)), Reader(), {});
  EXPECT_EQ(body["comments"].size(), 1u);
  return body["comments"].empty() ? nlohmann::json::object() : body["comments"][0];
}

bool HasSuggestion(const nlohmann::json& comment) {
  return comment.value("body", "").find("```suggestion") != std::string::npos;
}

TEST(BuildGitHubReview, ACommentGrowsToCoverTheLinesItsFixEdits) {
  // Flagged on line 4 only; the fix edits line 5 as well.
  const auto finding =
      MakeFinding("use-override", 4, 4, {EditAt(kSource, "int r", "long r")}, "fp-grown");
  const nlohmann::json grown = OnlyComment(finding, {{4, 6}});
  EXPECT_EQ(grown["start_line"], 4);
  EXPECT_EQ(grown["line"], 5);
  EXPECT_NE(
      grown["body"].get<std::string>().find("```suggestion\nvoid F(int* q,\n       long r) {\n```"),
      std::string::npos)
      << grown["body"];

  // When the edited line is not an added one, the comment stays on the finding, unsuggested.
  const nlohmann::json narrow = OnlyComment(finding, {{4, 4}});
  EXPECT_FALSE(narrow.contains("start_line"));
  EXPECT_FALSE(HasSuggestion(narrow));
}

TEST(BuildGitHubReview, FindingsOnOneLineOfferOneCombinedSuggestion) {
  constexpr char kTwoNulls[] = "int* a = 0;\nbool b = p == NULL || q == NULL || r == NULL;\n";
  const std::string_view content(kTwoNulls);
  const size_t first = content.find("NULL");
  const size_t second = content.find("NULL", first + 1);
  const size_t third = content.find("NULL", second + 1);
  reviewer::Review review;
  review.root = "/repo";
  review.findings.push_back(MakeFinding(
      "use-nullptr", 2, 2, {core::Edit{"/repo/a.cpp", first, 4, "nullptr"}}, "fp-first"));
  review.findings.push_back(MakeFinding(
      "use-nullptr", 2, 2, {core::Edit{"/repo/a.cpp", second, 4, "nullptr"}}, "fp-second"));
  review.findings.push_back(MakeFinding(
      "use-nullptr", 2, 2, {core::Edit{"/repo/a.cpp", third, 4, "nullptr"}}, "fp-third"));
  const ContentReader read = [&](const std::string&) -> core::Result<std::string> {
    return std::string(kTwoNulls);
  };
  const nlohmann::json body = BuildGitHubReview(review, Added({{2, 2}}), read, {});
  ASSERT_EQ(body["comments"].size(), 3u);
  for (const nlohmann::json& comment : body["comments"]) {
    EXPECT_NE(comment["body"].get<std::string>().find(
                  "```suggestion\nbool b = p == nullptr || q == nullptr || r == nullptr;\n```"),
              std::string::npos)
        << comment["body"];
  }
}

TEST(BuildGitHubReview, AFindingReachingPastTheAddedLinesIsClampedWithoutSuggestion) {
  const nlohmann::json clamped = OnlyComment(
      MakeFinding("function-size", 4, 6, {EditAt(kSource, "int* q", "const int* q")}, "fp-clamped"),
      {{5, 9}});
  EXPECT_EQ(clamped["start_line"], 5);
  EXPECT_EQ(clamped["line"], 6);
  EXPECT_FALSE(HasSuggestion(clamped));
}

TEST(BuildGitHubReview, CapsInlineCommentsMostSevereFirstAndCountsTheRest) {
  reviewer::Review review;
  review.root = "/repo";
  review.findings.push_back(MakeFinding("use-nullptr", 1, 1, {}, "fp-1"));
  review.findings.push_back(MakeFinding("use-nullptr", 2, 2, {}, "fp-2"));
  review.findings.push_back(MakeFinding("stale-todo", 3, 3, {}, "fp-3", core::Severity::kError));
  ReviewBuildOptions options;
  options.max_comments = 2;
  const nlohmann::json body = BuildGitHubReview(review, Added({{1, 3}}), Reader(), options);
  ASSERT_EQ(body["comments"].size(), 2u);
  EXPECT_EQ(MarkerFingerprint(body["comments"][0]["body"].get<std::string>()), "fp-3");
  EXPECT_EQ(MarkerFingerprint(body["comments"][1]["body"].get<std::string>()), "fp-1");
  const std::string summary = body["body"];
  EXPECT_NE(summary.find("1 more finding(s) not commented inline (at most 2"), std::string::npos)
      << summary;
  EXPECT_EQ(ReadReviewRecord(summary).fingerprints.size(), 3u);  // the uncommented one too
}

TEST(BuildGitHubReview, SkippedFilesAreNamedAndMakeTheRecordPartial) {
  reviewer::Review review;
  review.root = "/repo";
  ReviewBuildOptions options;
  options.skipped = {"big.cpp"};
  const nlohmann::json body = BuildGitHubReview(review, Added({}), Reader(), options);
  const std::string summary = body["body"];
  EXPECT_NE(summary.find("no findings"), std::string::npos);
  EXPECT_NE(summary.find("`big.cpp`"), std::string::npos);
  EXPECT_FALSE(ReadReviewRecord(summary).complete);
}

TEST(Markers, RoundTrip) {
  EXPECT_EQ(MarkerFingerprint("text\n" + FingerprintMarker("abc")), "abc");
  EXPECT_EQ(FixedMarkerFingerprint("Fixed.\n" + FixedMarker("abc")), "abc");
  EXPECT_EQ(MarkerFingerprint("no marker"), "");
  EXPECT_EQ(FixedMarkerFingerprint(FingerprintMarker("abc")), "");
}

}  // namespace
}  // namespace nova::github
