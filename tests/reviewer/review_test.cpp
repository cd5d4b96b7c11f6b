#include "reviewer/review.h"

#include <gtest/gtest.h>

namespace nova::reviewer {
namespace {

using core::Finding;
using core::Severity;

Finding MakeFinding(const std::string& file, int line, int column, const std::string& rule = "use-nullptr",
                    Severity severity = Severity::kWarning) {
  Finding f;
  f.rule = rule;
  f.severity = severity;
  f.file = file;
  f.line = line;
  f.column = column;
  f.end_line = line;
  f.end_column = column + 4;
  f.message = rule == "use-nullptr" ? "use nullptr instead of NULL" : "function is too long";
  f.snippet = "NULL";
  return f;
}

std::vector<std::string> Locations(const Review& review) {
  std::vector<std::string> out;
  for (const ReviewedFinding& f : review.findings) {
    out.push_back(f.relative_file + ":" + std::to_string(f.finding.line) + ":" +
                  std::to_string(f.finding.column) + ":" + f.finding.rule);
  }
  return out;
}

TEST(BuildReviewTest, RelativizesPathsAgainstTheRoot) {
  const Review review = BuildReview(
      "/work/proj", {MakeFinding("/work/proj/src/deep/a.cpp", 1, 1), MakeFinding("/work/proj/b.h", 2, 3)},
      {}, {});
  ASSERT_EQ(review.findings.size(), 2u);
  EXPECT_EQ(review.root, std::filesystem::path("/work/proj"));
  EXPECT_EQ(review.findings[0].relative_file, "b.h");
  EXPECT_EQ(review.findings[1].relative_file, "src/deep/a.cpp");
  // The finding itself keeps its absolute path; only relative_file is relative.
  EXPECT_EQ(review.findings[1].finding.file, "/work/proj/src/deep/a.cpp");
}

TEST(BuildReviewTest, KeepsAFileOutsideTheRootAbsolute) {
  const Review review = BuildReview("/work/proj", {MakeFinding("/usr/include/x.h", 1, 1)}, {}, {});
  ASSERT_EQ(review.findings.size(), 1u);
  EXPECT_EQ(review.findings[0].relative_file, "/usr/include/x.h");
}

TEST(BuildReviewTest, SortsByFileThenLineThenColumn) {
  const Review review = BuildReview("/r",
                                    {MakeFinding("/r/src/b.cpp", 1, 1), MakeFinding("/r/src/a.cpp", 10, 2),
                                     MakeFinding("/r/src/a.cpp", 2, 7), MakeFinding("/r/src/a.cpp", 10, 1),
                                     MakeFinding("/r/src/a.cpp", 2, 7, "function-size")},
                                    {}, {});
  EXPECT_EQ(Locations(review),
            (std::vector<std::string>{"src/a.cpp:2:7:function-size", "src/a.cpp:2:7:use-nullptr",
                                      "src/a.cpp:10:1:use-nullptr", "src/a.cpp:10:2:use-nullptr",
                                      "src/b.cpp:1:1:use-nullptr"}));
}

TEST(BuildReviewTest, DropsExactDuplicatesAndCountsTheRest) {
  // A header flagged once per translation unit that includes it.
  const Finding header = MakeFinding("/r/inc/h.h", 5, 3);
  ReviewSummary summary;
  summary.translation_units = 3;
  summary.parsed_with_errors = 1;
  summary.findings = 99;  // recomputed by BuildReview
  summary.duration_ms = 42;
  const Review review =
      BuildReview("/r", {header, MakeFinding("/r/src/a.cpp", 1, 1), header, header}, {}, summary);
  EXPECT_EQ(Locations(review),
            (std::vector<std::string>{"inc/h.h:5:3:use-nullptr", "src/a.cpp:1:1:use-nullptr"}));
  EXPECT_EQ(review.summary.findings, 2);
  EXPECT_EQ(review.summary.translation_units, 3);
  EXPECT_EQ(review.summary.parsed_with_errors, 1);
  EXPECT_EQ(review.summary.duration_ms, 42);
  // The surviving duplicate is fingerprinted as the first of its kind, not the third.
  EXPECT_NE(review.findings[0].fingerprint, review.findings[1].fingerprint);
}

TEST(BuildReviewTest, KeepsDifferentFindingsAtTheSameLocation) {
  const Review review = BuildReview(
      "/r", {MakeFinding("/r/a.cpp", 1, 1), MakeFinding("/r/a.cpp", 1, 1, "function-size")}, {}, {});
  EXPECT_EQ(review.findings.size(), 2u);
  EXPECT_EQ(review.summary.findings, 2);
}

TEST(BuildReviewTest, EmptyInputGivesAnEmptyReview) {
  const Review review = BuildReview("/r", {}, {}, {});
  EXPECT_TRUE(review.findings.empty());
  EXPECT_TRUE(review.problems.empty());
  EXPECT_EQ(review.summary.findings, 0);
}

TEST(BuildReviewTest, ProblemsKeepTheirOrderAndBecomeRelative) {
  const Review review = BuildReview(
      "/r", {},
      {{"/r/src/broken.cpp", "no compile command"}, {"/elsewhere/gen.cpp", "parse failed"},
       {"src/already_relative.cpp", "skipped"}},
      {});
  ASSERT_EQ(review.problems.size(), 3u);
  EXPECT_EQ(review.problems[0].file, "src/broken.cpp");
  EXPECT_EQ(review.problems[0].message, "no compile command");
  EXPECT_EQ(review.problems[1].file, "/elsewhere/gen.cpp");
  EXPECT_EQ(review.problems[2].file, "src/already_relative.cpp");
  EXPECT_EQ(review.problems[2].message, "skipped");
}

TEST(HasFindingAtOrAboveTest, ComparesAgainstTheThreshold) {
  const Review none = BuildReview("/r", {}, {}, {});
  EXPECT_FALSE(HasFindingAtOrAbove(none, Severity::kNote));

  const Review notes = BuildReview("/r", {MakeFinding("/r/a.cpp", 1, 1, "use-nullptr", Severity::kNote)}, {}, {});
  EXPECT_TRUE(HasFindingAtOrAbove(notes, Severity::kNote));
  EXPECT_FALSE(HasFindingAtOrAbove(notes, Severity::kWarning));
  EXPECT_FALSE(HasFindingAtOrAbove(notes, Severity::kError));

  const Review warnings = BuildReview(
      "/r", {MakeFinding("/r/a.cpp", 1, 1, "use-nullptr", Severity::kNote),
             MakeFinding("/r/a.cpp", 2, 1, "use-nullptr", Severity::kWarning)},
      {}, {});
  EXPECT_TRUE(HasFindingAtOrAbove(warnings, Severity::kNote));
  EXPECT_TRUE(HasFindingAtOrAbove(warnings, Severity::kWarning));
  EXPECT_FALSE(HasFindingAtOrAbove(warnings, Severity::kError));

  const Review errors = BuildReview("/r", {MakeFinding("/r/a.cpp", 1, 1, "use-nullptr", Severity::kError)}, {}, {});
  EXPECT_TRUE(HasFindingAtOrAbove(errors, Severity::kNote));
  EXPECT_TRUE(HasFindingAtOrAbove(errors, Severity::kWarning));
  EXPECT_TRUE(HasFindingAtOrAbove(errors, Severity::kError));
}

}  // namespace
}  // namespace nova::reviewer
