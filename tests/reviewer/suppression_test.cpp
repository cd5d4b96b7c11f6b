#include "reviewer/suppression.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace nova::reviewer {
namespace {

using testing::TempDir;
using testing::WriteFile;

TEST(LineCommentsTest, FindsLineAndBlockCommentsOutsideLiterals) {
  EXPECT_EQ(LineComments("int* p = NULL;  // NOLINT"), (std::vector<std::string>{"// NOLINT"}));
  EXPECT_EQ(LineComments("f(/* a */ 1); // b"),
            (std::vector<std::string>{"/* a */", "// b"}));
  EXPECT_TRUE(LineComments(R"(const char* s = "// NOLINT";)").empty());
  EXPECT_TRUE(LineComments(R"(const char* s = "a\"// NOLINT";)").empty());
  EXPECT_TRUE(LineComments(R"(char c = '"'; const char* s = "// x";)").empty());
  EXPECT_TRUE(LineComments(R"x(auto s = R"(// NOLINT)";)x").empty());
  EXPECT_EQ(LineComments("int n = 1'000; // x"), (std::vector<std::string>{"// x"}));
  // A string left open (a raw string going on to the next line) hides the rest of the line.
  EXPECT_TRUE(LineComments(R"x(auto s = R"(// NOLINT)x").empty());
}

TEST(FindSuppressionTest, BareNolintSuppressesEveryRule) {
  EXPECT_TRUE(FindSuppression("use-nullptr", "int* p = NULL;  // NOLINT", ""));
  EXPECT_TRUE(FindSuppression("function-size", "void F() {  // NOLINT: generated", ""));
}

TEST(FindSuppressionTest, NolintListNamesNovaChecksOnly) {
  EXPECT_TRUE(FindSuppression("use-nullptr", "p = NULL;  // NOLINT(nova-use-nullptr)", ""));
  EXPECT_TRUE(FindSuppression("use-nullptr",
                              "p = NULL;  // NOLINT(nova-function-size, nova-use-nullptr)", ""));
  EXPECT_TRUE(FindSuppression("use-nullptr", "p = NULL;  // NOLINT(nova-*)", ""));
  EXPECT_TRUE(FindSuppression("use-nullptr", "p = NULL;  // NOLINT(*)", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // NOLINT(modernize-use-nullptr)", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // NOLINT(use-nullptr)", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // NOLINT(nova-function-size)", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // NOLINT(nova-use-nullptr", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // NOLINTBEGIN", ""));
}

TEST(FindSuppressionTest, NolintNextLineWorksOnlyFromTheLineBefore) {
  EXPECT_TRUE(FindSuppression("use-nullptr", "p = NULL;", "// NOLINTNEXTLINE"));
  EXPECT_TRUE(FindSuppression("use-nullptr", "p = NULL;", "  // NOLINTNEXTLINE(nova-use-nullptr)"));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;", "// NOLINTNEXTLINE(nova-use-using)"));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // NOLINTNEXTLINE", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;", "q = NULL;  // NOLINT"));
}

TEST(FindSuppressionTest, NovaIgnoreOnTheLineOrTheLineBefore) {
  auto same = FindSuppression("use-nullptr", "p = NULL;  // nova: ignore use-nullptr", "");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->text, "// nova: ignore use-nullptr");
  EXPECT_FALSE(same->on_previous_line);
  auto before = FindSuppression("use-nullptr", "p = NULL;",
                                "// nova: ignore function-size, use-nullptr  because C API");
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->on_previous_line);
  EXPECT_TRUE(FindSuppression("use-nullptr", "p = NULL; /* nova: ignore nova-use-nullptr */", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // nova: ignore use-override", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // nova: ignore", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", "p = NULL;  // nova: ignoreuse-nullptr", ""));
  EXPECT_FALSE(FindSuppression("use-nullptr", R"(Log("nova: ignore use-nullptr", NULL);)", ""));
}

class ApplyInlineSuppressionsTest : public ::testing::Test {
 protected:
  core::Finding At(const std::string& file, int line, const std::string& rule = "use-nullptr") {
    core::Finding f;
    f.rule = rule;
    f.file = (temp_.path() / file).string();
    f.line = line;
    f.column = 1;
    f.message = "use nullptr instead of NULL";
    f.snippet = "NULL";
    return f;
  }
  Review Apply(std::vector<core::Finding> findings) {
    return ApplyInlineSuppressions(BuildReview(temp_.path(), std::move(findings), {}, {}),
                                   FileSystemReader());
  }
  TempDir temp_;
};

TEST_F(ApplyInlineSuppressionsTest, EachCommentFormInARealFile) {
  WriteFile(temp_.path() / "a.cpp",
            "int* a = NULL;  // NOLINT\n"                        // 1 suppressed
            "int* b = NULL;  // NOLINT(nova-use-nullptr)\n"      // 2 suppressed
            "// NOLINTNEXTLINE(nova-use-nullptr)\n"
            "int* c = NULL;\n"                                   // 4 suppressed
            "int* d = NULL;  // nova: ignore use-nullptr\n"      // 5 suppressed
            "// nova: ignore use-nullptr\n"
            "int* e = NULL;\n"                                   // 7 suppressed
            "int* f = NULL;  // NOLINT(modernize-use-nullptr)\n" // 8 kept
            "// NOLINTNEXTLINE\n"
            "\n"
            "int* g = NULL;\n"                                   // 11 kept: two lines below
            "const char* h = \"// NOLINT\"; int* i = NULL;\n");  // 12 kept
  const Review review = Apply({At("a.cpp", 1), At("a.cpp", 2), At("a.cpp", 4), At("a.cpp", 5),
                               At("a.cpp", 7), At("a.cpp", 8), At("a.cpp", 11), At("a.cpp", 12),
                               At("a.cpp", 2, "function-size")});
  std::vector<int> kept;
  for (const ReviewedFinding& f : review.findings) kept.push_back(f.finding.line);
  EXPECT_EQ(kept, (std::vector<int>{2, 8, 11, 12}));  // line 2's function-size stays
  EXPECT_EQ(review.findings[0].finding.rule, "function-size");
  ASSERT_EQ(review.suppressed.size(), 5u);
  EXPECT_EQ(review.suppressed[0].comment, "// NOLINT");
  EXPECT_EQ(review.suppressed[0].comment_line, 1);
  EXPECT_EQ(review.suppressed[2].comment, "// NOLINTNEXTLINE(nova-use-nullptr)");
  EXPECT_EQ(review.suppressed[2].comment_line, 3);
  EXPECT_EQ(review.suppressed[2].reviewed.relative_file, "a.cpp");
  EXPECT_EQ(review.summary.findings, 4);
  EXPECT_EQ(review.summary.suppressed, 5);
  EXPECT_EQ(review.summary.suppressed_by_rule, (std::map<std::string, int>{{"use-nullptr", 5}}));
}

TEST_F(ApplyInlineSuppressionsTest, FingerprintsOfTheOthersDoNotChange) {
  WriteFile(temp_.path() / "a.cpp", "int* a = NULL;  // NOLINT\nint* b = NULL;\n");
  const Review all = BuildReview(temp_.path(), {At("a.cpp", 1), At("a.cpp", 2)}, {}, {});
  const Review review = Apply({At("a.cpp", 1), At("a.cpp", 2)});
  ASSERT_EQ(review.findings.size(), 1u);
  EXPECT_EQ(review.findings[0].fingerprint, all.findings[1].fingerprint);
}

TEST_F(ApplyInlineSuppressionsTest, UnreadableFileKeepsItsFindingsAndSaysSo) {
  const Review review = Apply({At("missing.cpp", 1)});
  EXPECT_EQ(review.findings.size(), 1u);
  ASSERT_EQ(review.notes.size(), 1u);
  EXPECT_NE(review.notes[0].find("missing.cpp"), std::string::npos) << review.notes[0];
}

TEST_F(ApplyInlineSuppressionsTest, EachFileIsReadOnce) {
  WriteFile(temp_.path() / "a.cpp", "int* a = NULL;\nint* b = NULL;\n");
  int reads = 0;
  const SourceReader counting = [&reads](const std::filesystem::path& path) {
    ++reads;
    return FileSystemReader()(path);
  };
  const Review review = ApplyInlineSuppressions(
      BuildReview(temp_.path(), {At("a.cpp", 1), At("a.cpp", 2)}, {}, {}), counting);
  EXPECT_EQ(review.findings.size(), 2u);
  EXPECT_EQ(reads, 1);
}

}  // namespace
}  // namespace nova::reviewer
