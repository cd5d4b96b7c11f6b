#include "nova-core/git/diff.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace nova::core::git {
namespace {

using nova::testing::Git;
using nova::testing::WriteFile;
using Runs = std::vector<std::pair<int, int>>;

constexpr char kTen[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";

class DiffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(dir_.path(), {{"src/a.txt", kTen}, {"b.txt", "b1\nb2\nb3\n"}});
    auto repo = Repository::Discover(dir_.path());
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
  }

  ChangedLines Since(const std::string& base, const std::optional<std::string>& head = {},
                     bool include_untracked = false) {
    auto changed = DiffSince(*repo_, base, head, include_untracked);
    EXPECT_TRUE(changed.ok()) << changed.status().ToString();
    return changed.ok() ? *changed : ChangedLines{};
  }

  nova::testing::TempDir dir_;
  std::optional<Repository> repo_;
};

TEST_F(DiffTest, NothingChangedIsEmpty) {
  const ChangedLines changed = Since("HEAD");
  EXPECT_TRUE(changed.ranges.empty());
  EXPECT_TRUE(changed.Files().empty());
}

TEST_F(DiffTest, AModifiedLineIsThatLine) {
  WriteFile(dir_.path() / "src/a.txt", "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n");
  const ChangedLines changed = Since("HEAD");
  EXPECT_EQ(changed.ranges, (std::map<std::string, Runs>{{"src/a.txt", {{3, 3}}}}));
  EXPECT_TRUE(changed.Contains("src/a.txt", 3));
  EXPECT_FALSE(changed.Contains("src/a.txt", 2));
  EXPECT_FALSE(changed.Contains("src/a.txt", 4));
  EXPECT_FALSE(changed.Contains("b.txt", 3));
  EXPECT_EQ(changed.Files(), std::vector<std::string>{"src/a.txt"});
}

TEST_F(DiffTest, LinesAddedInTheMiddle) {
  WriteFile(dir_.path() / "src/a.txt", "1\n2\nnew a\nnew b\n3\n4\n5\n6\n7\n8\n9\n10\n");
  EXPECT_EQ(Since("HEAD").ranges, (std::map<std::string, Runs>{{"src/a.txt", {{3, 4}}}}));
}

TEST_F(DiffTest, AnAppendedBlock) {
  WriteFile(dir_.path() / "src/a.txt", std::string(kTen) + "11\n12\n13\n");
  EXPECT_EQ(Since("HEAD").ranges, (std::map<std::string, Runs>{{"src/a.txt", {{11, 13}}}}));
}

TEST_F(DiffTest, SeparateHunksAreSeparateRuns) {
  WriteFile(dir_.path() / "src/a.txt", "1\ntwo\n3\n4\n5\n6\n7\neight\nnine\n10\n");
  EXPECT_EQ(Since("HEAD").ranges, (std::map<std::string, Runs>{{"src/a.txt", {{2, 2}, {8, 9}}}}));
}

TEST_F(DiffTest, ADeletedOnlyChangeAddsNothing) {
  WriteFile(dir_.path() / "src/a.txt", "1\n3\n4\n5\n6\n7\n8\n9\n10\n");
  const ChangedLines changed = Since("HEAD");
  EXPECT_TRUE(changed.ranges.empty());
  EXPECT_FALSE(changed.Contains("src/a.txt", 2));
}

TEST_F(DiffTest, ADeletedFileIsNotInTheResult) {
  Git(dir_.path(), "rm -q b.txt");
  WriteFile(dir_.path() / "src/a.txt", "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
  EXPECT_EQ(Since("HEAD").Files(), std::vector<std::string>{"src/a.txt"});
}

TEST_F(DiffTest, ANewFileIsAllLines) {
  WriteFile(dir_.path() / "src/new.txt", "x\ny\nz\n");
  Git(dir_.path(), "add src/new.txt");
  EXPECT_EQ(Since("HEAD").ranges, (std::map<std::string, Runs>{{"src/new.txt", {{1, 3}}}}));
}

TEST_F(DiffTest, StagedAndUnstagedBothCountAgainstTheWorkingTree) {
  WriteFile(dir_.path() / "src/a.txt", "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
  Git(dir_.path(), "add src/a.txt");
  WriteFile(dir_.path() / "src/a.txt", "one\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n");
  WriteFile(dir_.path() / "b.txt", "b1\nb2\nb3\nb4\n");
  Git(dir_.path(), "add b.txt");
  const auto before = nova::testing::SnapshotRepo(dir_.path(), "");
  EXPECT_EQ(Since("HEAD").ranges,
            (std::map<std::string, Runs>{{"b.txt", {{4, 4}}}, {"src/a.txt", {{1, 1}, {5, 5}}}}));
  EXPECT_EQ(nova::testing::SnapshotRepo(dir_.path(), ""), before);  // the index is only read
}

TEST_F(DiffTest, HeadRevisionModeComparesTwoCommitsAndIgnoresTheWorkingTree) {
  const std::string first = Git(dir_.path(), "rev-parse HEAD").substr(0, 40);
  WriteFile(dir_.path() / "src/a.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\nten\n");
  Git(dir_.path(), "commit -q -am second");
  WriteFile(dir_.path() / "b.txt", "dirty\nb2\nb3\n");  // not part of either commit
  const ChangedLines changed = Since(first, std::string("HEAD"));
  EXPECT_EQ(changed.ranges, (std::map<std::string, Runs>{{"src/a.txt", {{10, 10}}}}));
  // Reversed, the old side's line is the added one.
  EXPECT_EQ(Since("HEAD", first).ranges, (std::map<std::string, Runs>{{"src/a.txt", {{10, 10}}}}));
  EXPECT_TRUE(Since("HEAD", std::string("HEAD")).ranges.empty());
}

TEST_F(DiffTest, ARenameWithAnEditReportsTheEditUnderTheNewPath) {
  Git(dir_.path(), "mv src/a.txt src/renamed.txt");
  WriteFile(dir_.path() / "src/renamed.txt", "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n");
  EXPECT_EQ(Since("HEAD").ranges, (std::map<std::string, Runs>{{"src/renamed.txt", {{6, 6}}}}));

  Git(dir_.path(), "commit -q -am rename");
  EXPECT_EQ(Since("HEAD~1", std::string("HEAD")).ranges,
            (std::map<std::string, Runs>{{"src/renamed.txt", {{6, 6}}}}));
}

TEST_F(DiffTest, AnUnknownRevisionIsNotFoundAndNamed) {
  auto changed = DiffSince(*repo_, "no-such-branch", std::nullopt);
  EXPECT_EQ(changed.status().code(), StatusCode::kNotFound);
  EXPECT_NE(changed.status().message().find("no-such-branch"), std::string::npos);

  auto bad_head = DiffSince(*repo_, "HEAD", std::string("no-such-head"));
  EXPECT_EQ(bad_head.status().code(), StatusCode::kNotFound);
  EXPECT_NE(bad_head.status().message().find("no-such-head"), std::string::npos);
}

TEST_F(DiffTest, UntrackedFilesCountOnlyWhenAskedFor) {
  WriteFile(dir_.path() / "loose.txt", "l1\nl2\n");
  WriteFile(dir_.path() / "newdir/deep/n.txt", "n1\n");
  WriteFile(dir_.path() / ".gitignore", "ignored.txt\n");
  WriteFile(dir_.path() / "ignored.txt", "i1\n");
  EXPECT_EQ(Since("HEAD").Files(), std::vector<std::string>{});
  const ChangedLines with = Since("HEAD", std::nullopt, /*include_untracked=*/true);
  EXPECT_EQ(with.ranges, (std::map<std::string, Runs>{{".gitignore", {{1, 1}}},
                                                      {"loose.txt", {{1, 2}}},
                                                      {"newdir/deep/n.txt", {{1, 1}}}}));
}

TEST_F(DiffTest, BinaryFilesAreSkipped) {
  WriteFile(dir_.path() / "blob.bin", std::string("a\0b\nc\n", 6));
  Git(dir_.path(), "add blob.bin");
  Git(dir_.path(), "commit -q -m binary");
  WriteFile(dir_.path() / "blob.bin", std::string("a\0b\nchanged\n", 12));
  WriteFile(dir_.path() / "b.txt", "b1\nb2\nb3\nb4\n");
  EXPECT_EQ(Since("HEAD").Files(), std::vector<std::string>{"b.txt"});
}

TEST(ChangedLinesTest, IntersectsMeetsAnyRunInclusively) {
  ChangedLines changed;
  changed.ranges["f"] = {{3, 4}, {10, 12}};
  EXPECT_TRUE(changed.Intersects("f", 1, 3));
  EXPECT_TRUE(changed.Intersects("f", 4, 9));
  EXPECT_TRUE(changed.Intersects("f", 5, 20));
  EXPECT_TRUE(changed.Intersects("f", 12, 12));
  EXPECT_FALSE(changed.Intersects("f", 5, 9));
  EXPECT_FALSE(changed.Intersects("f", 13, 40));
  EXPECT_FALSE(changed.Intersects("f", 1, 2));
  EXPECT_FALSE(changed.Intersects("g", 1, 100));
  EXPECT_FALSE(changed.Intersects("f", 4, 3));  // an empty interval meets nothing
}

TEST_F(DiffTest, UnifiedDiffReadsLikeGitDiffAndGitAppliesIt) {
  auto diff = Repository::UnifiedDiff("src/a.txt", kTen, "1\n2\n3\n4\n5\nfive\n7\n8\n9\n10\n");
  ASSERT_TRUE(diff.ok()) << diff.status().ToString();
  nova::testing::WriteFile(dir_.path() / ".git/p.diff", *diff);
  EXPECT_EQ(nova::testing::RunShell(dir_.path(), "git apply --check .git/p.diff").exit_code, 0);
  EXPECT_EQ(*diff,
            "diff --git a/src/a.txt b/src/a.txt\n"
            "index f00c965..5202379 100644\n"
            "--- a/src/a.txt\n"
            "+++ b/src/a.txt\n"
            "@@ -3,7 +3,7 @@\n"
            " 3\n 4\n 5\n-6\n+five\n 7\n 8\n 9\n");
}

TEST(UnifiedDiffTest, EqualContentsGiveNoDiff) {
  auto diff = Repository::UnifiedDiff("b.txt", "same\n", "same\n");
  ASSERT_TRUE(diff.ok()) << diff.status().ToString();
  EXPECT_EQ(*diff, "");
}

}  // namespace
}  // namespace nova::core::git
