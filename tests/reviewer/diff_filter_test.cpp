#include "reviewer/diff_filter.h"

#include <gtest/gtest.h>

#include "nova-core/git/repository.h"
#include "support/test_support.h"

namespace nova::reviewer {
namespace {

core::Finding MakeFinding(const std::string& file, int line, int end_line,
                          const std::string& rule = "use-nullptr") {
  core::Finding finding;
  finding.rule = rule;
  finding.file = file;
  finding.line = line;
  finding.column = 1;
  finding.end_line = end_line;
  finding.end_column = 2;
  finding.message = "at " + std::to_string(line);
  finding.snippet = "NULL" + std::to_string(line);
  return finding;
}

std::vector<int> Lines(const Review& review) {
  std::vector<int> lines;
  for (const ReviewedFinding& f : review.findings) lines.push_back(f.finding.line);
  return lines;
}

core::git::ChangedLines Changed(std::map<std::string, std::vector<std::pair<int, int>>> ranges) {
  core::git::ChangedLines changed;
  changed.ranges = std::move(ranges);
  return changed;
}

TEST(DiffFilterTest, KeepsFindingsOnChangedLinesAndDropsTheRest) {
  const std::string repo = "/repo";
  Review review = BuildReview(repo,
                              {MakeFinding("/repo/src/a.cpp", 3, 3),    // on a changed line
                               MakeFinding("/repo/src/a.cpp", 7, 7),    // unchanged line
                               MakeFinding("/repo/src/a.cpp", 10, 14),  // overlaps 12-13
                               MakeFinding("/repo/src/a.cpp", 20, 0),   // end_line unset
                               MakeFinding("/repo/src/b.cpp", 3, 3)},   // another file
                              {{"/repo/src/broken.cpp", "parse error"}}, {});
  ASSERT_EQ(review.summary.findings, 5);
  const Review filtered =
      FilterToChangedLines(review, Changed({{"src/a.cpp", {{3, 4}, {12, 13}, {20, 20}}}}), repo);
  EXPECT_EQ(Lines(filtered), (std::vector<int>{3, 10, 20}));
  EXPECT_EQ(filtered.summary.findings, 3);
  ASSERT_EQ(filtered.problems.size(), 1u);  // problems survive whatever changed
  EXPECT_EQ(filtered.problems[0].file, "src/broken.cpp");
  EXPECT_EQ(filtered.findings[0].fingerprint, review.findings[0].fingerprint);
}

TEST(DiffFilterTest, AMultiLineFindingEndingBeforeTheHunkIsDropped) {
  Review review = BuildReview("/repo", {MakeFinding("/repo/a.cpp", 5, 9)}, {}, {});
  EXPECT_TRUE(
      FilterToChangedLines(review, Changed({{"a.cpp", {{10, 11}}}}), "/repo").findings.empty());
  EXPECT_EQ(FilterToChangedLines(review, Changed({{"a.cpp", {{9, 11}}}}), "/repo").findings.size(),
            1u);
}

TEST(DiffFilterTest, AReviewRootBelowTheRepoRootMapsThroughIt) {
  // Reviewing /repo/lib: relative_file is "src/a.cpp", the diff says "lib/src/a.cpp".
  Review review = BuildReview(
      "/repo/lib",
      {MakeFinding("/repo/lib/src/a.cpp", 2, 2), MakeFinding("/repo/lib/src/a.cpp", 5, 5)}, {}, {});
  ASSERT_EQ(review.findings[0].relative_file, "src/a.cpp");
  const auto changed = Changed({{"lib/src/a.cpp", {{2, 2}}}, {"src/a.cpp", {{5, 5}}}});
  EXPECT_EQ(Lines(FilterToChangedLines(review, changed, "/repo")), std::vector<int>{2});
  EXPECT_EQ(Lines(FilterToChangedLines(review, changed, "/repo/")), std::vector<int>{2});
}

TEST(DiffFilterTest, FindingsOutsideTheRepositoryAreDropped) {
  Review review = BuildReview("/repo", {MakeFinding("/elsewhere/a.cpp", 1, 1)}, {}, {});
  ASSERT_EQ(review.findings[0].relative_file, "/elsewhere/a.cpp");
  EXPECT_TRUE(
      FilterToChangedLines(review, Changed({{"a.cpp", {{1, 1}}}}), "/repo").findings.empty());
}

TEST(DiffFilterTest, WorksOnARealDiffOfASubdirectory) {
  nova::testing::TempDir dir;
  nova::testing::InitRepo(dir.path(),
                          {{"lib/a.cpp", "int a;\nint b;\nint c;\n"}, {"top.cpp", "int t;\n"}});
  nova::testing::WriteFile(dir.path() / "lib/a.cpp", "int a;\nint* b = NULL;\nint c;\n");
  auto repo = core::git::Repository::Discover(dir.path());
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();
  auto changed = core::git::DiffSince(*repo, "HEAD", std::nullopt);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();

  const auto lib = dir.path() / "lib";
  Review review = BuildReview(
      lib,
      {MakeFinding((lib / "a.cpp").string(), 1, 1), MakeFinding((lib / "a.cpp").string(), 2, 2)},
      {}, {});
  const Review filtered = FilterToChangedLines(std::move(review), *changed, repo->Workdir());
  EXPECT_EQ(Lines(filtered), std::vector<int>{2});
  EXPECT_EQ(ChangedAbsolutePaths(*changed, repo->Workdir()),
            std::vector<std::string>{(lib / "a.cpp").string()});
}

TEST(DiffFilterTest, ChangedAbsolutePathsJoinsTheRepoRoot) {
  const auto changed = Changed({{"b/x.cpp", {{1, 1}}}, {"a.cpp", {{2, 3}}}, {"empty.cpp", {}}});
  EXPECT_EQ(ChangedAbsolutePaths(changed, "/repo"),
            (std::vector<std::string>{"/repo/a.cpp", "/repo/b/x.cpp"}));
}

}  // namespace
}  // namespace nova::reviewer
