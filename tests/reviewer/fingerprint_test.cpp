#include "reviewer/fingerprint.h"

#include <gtest/gtest.h>

#include "reviewer/review.h"

namespace nova::reviewer {
namespace {

core::Finding NullFinding(const std::string& file, int line, int column) {
  core::Finding f;
  f.rule = "use-nullptr";
  f.file = file;
  f.line = line;
  f.column = column;
  f.end_line = line;
  f.end_column = column + 4;
  f.message = "use nullptr instead of NULL";
  f.snippet = "NULL";
  return f;
}

TEST(NormalizeSnippetTest, CollapsesWhitespaceRunsAndTrimsBothEnds) {
  EXPECT_EQ(NormalizeSnippet("  int*\t p =\n\n   NULL ;  \n"), "int* p = NULL ;");
  EXPECT_EQ(NormalizeSnippet("a  b"), "a b");
  EXPECT_EQ(NormalizeSnippet("a\r\n\tb"), "a b");
  EXPECT_EQ(NormalizeSnippet(" \t\n "), "");
  EXPECT_EQ(NormalizeSnippet(""), "");
  EXPECT_EQ(NormalizeSnippet("x"), "x");
}

TEST(FingerprintTest, IsThirtyTwoLowercaseHexDigitsAndDeterministic) {
  const std::string fp = Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 0);
  ASSERT_EQ(fp.size(), 32u);
  for (char c : fp) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << fp;
  EXPECT_EQ(Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 0), fp);
}

TEST(FingerprintTest, DiffersForAnotherRuleFileSnippetOrOrdinal) {
  const std::string fp = Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 0);
  EXPECT_NE(Fingerprint("function-size", "src/a.cpp", "", "NULL", 0), fp);
  EXPECT_NE(Fingerprint("use-nullptr", "src/b.cpp", "", "NULL", 0), fp);
  EXPECT_NE(Fingerprint("use-nullptr", "src/a.cpp", "", "0", 0), fp);
  EXPECT_NE(Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 1), fp);
  // The fields are separated, so moving text between them changes the key.
  EXPECT_NE(Fingerprint("ab", "c", "", "d", 0), Fingerprint("a", "bc", "", "d", 0));
}

TEST(FingerprintTest, SurvivesTheFindingMovingToAnotherLine) {
  const Review before = BuildReview("/repo", {NullFinding("/repo/src/a.cpp", 3, 10)}, {}, {});
  const Review after = BuildReview("/repo", {NullFinding("/repo/src/a.cpp", 17, 2)}, {}, {});
  ASSERT_EQ(before.findings.size(), 1u);
  ASSERT_EQ(after.findings.size(), 1u);
  EXPECT_EQ(before.findings[0].fingerprint, after.findings[0].fingerprint);
  EXPECT_EQ(before.findings[0].fingerprint, Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 0));
}

TEST(FingerprintTest, SurvivesAWhitespaceOnlyChangeOfTheSnippet) {
  core::Finding a = NullFinding("/repo/src/a.cpp", 3, 10);
  a.snippet = "f(NULL,  0)";
  core::Finding b = a;
  b.snippet = "f(NULL,\n      0)";
  EXPECT_EQ(BuildReview("/repo", {a}, {}, {}).findings[0].fingerprint,
            BuildReview("/repo", {b}, {}, {}).findings[0].fingerprint);
}

TEST(FingerprintTest, DiffersForAnotherFileOrRule) {
  core::Finding other_rule = NullFinding("/repo/src/a.cpp", 3, 10);
  other_rule.rule = "function-size";
  const Review review = BuildReview(
      "/repo", {NullFinding("/repo/src/a.cpp", 3, 10), NullFinding("/repo/src/b.cpp", 3, 10), other_rule},
      {}, {});
  ASSERT_EQ(review.findings.size(), 3u);
  EXPECT_NE(review.findings[0].fingerprint, review.findings[1].fingerprint);
  EXPECT_NE(review.findings[0].fingerprint, review.findings[2].fingerprint);
  EXPECT_NE(review.findings[1].fingerprint, review.findings[2].fingerprint);
}

TEST(FingerprintTest, IdenticalSnippetsInOneFileGetDistinctFingerprintsByOrdinal) {
  // Passed out of order: the ordinal follows the file order, not the input order.
  const Review review = BuildReview(
      "/repo", {NullFinding("/repo/src/a.cpp", 9, 5), NullFinding("/repo/src/a.cpp", 4, 5)}, {}, {});
  ASSERT_EQ(review.findings.size(), 2u);
  EXPECT_EQ(review.findings[0].finding.line, 4);
  EXPECT_EQ(review.findings[0].fingerprint, Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 0));
  EXPECT_EQ(review.findings[1].fingerprint, Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 1));
  EXPECT_NE(review.findings[0].fingerprint, review.findings[1].fingerprint);

  // Both shift down by two lines: each keeps its fingerprint.
  const Review shifted = BuildReview(
      "/repo", {NullFinding("/repo/src/a.cpp", 6, 5), NullFinding("/repo/src/a.cpp", 11, 5)}, {}, {});
  EXPECT_EQ(shifted.findings[0].fingerprint, review.findings[0].fingerprint);
  EXPECT_EQ(shifted.findings[1].fingerprint, review.findings[1].fingerprint);
}

TEST(FingerprintTest, OrdinalsAreCountedPerFile) {
  const Review review = BuildReview(
      "/repo", {NullFinding("/repo/src/a.cpp", 1, 1), NullFinding("/repo/src/b.cpp", 1, 1)}, {}, {});
  ASSERT_EQ(review.findings.size(), 2u);
  EXPECT_EQ(review.findings[0].fingerprint, Fingerprint("use-nullptr", "src/a.cpp", "", "NULL", 0));
  EXPECT_EQ(review.findings[1].fingerprint, Fingerprint("use-nullptr", "src/b.cpp", "", "NULL", 0));
}

TEST(FingerprintTest, OrdinalsAreCountedPerEnclosingSymbol) {
  core::Finding in_f = NullFinding("/repo/src/a.cpp", 10, 5);
  in_f.symbol = "F()";
  core::Finding in_g = NullFinding("/repo/src/a.cpp", 20, 5);
  in_g.symbol = "G()";
  const Review before = BuildReview("/repo", {in_f, in_g}, {}, {});
  // The same text is added to F above both: G's finding keeps its fingerprint, and so does the
  // first of F's; only the new one (second in F) is new.
  core::Finding added = NullFinding("/repo/src/a.cpp", 11, 5);
  added.symbol = "F()";
  in_g.line = 21;
  const Review after = BuildReview("/repo", {in_f, added, in_g}, {}, {});
  ASSERT_EQ(after.findings.size(), 3u);
  EXPECT_EQ(after.findings[0].fingerprint, before.findings[0].fingerprint);
  EXPECT_EQ(after.findings[2].fingerprint, before.findings[1].fingerprint);
  EXPECT_NE(after.findings[1].fingerprint, before.findings[0].fingerprint);
  EXPECT_NE(after.findings[1].fingerprint, before.findings[1].fingerprint);
  EXPECT_EQ(after.findings[2].fingerprint, Fingerprint("use-nullptr", "src/a.cpp", "G()", "NULL", 0));
}

}  // namespace
}  // namespace nova::reviewer
