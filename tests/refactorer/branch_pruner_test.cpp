// PruneStaleBranches on a real repository: only a stale nova/<rule>/<id> branch goes; the live
// patch branches, the target (even under nova/), the user's branches and a checked-out patch
// branch stay.
#include "refactorer/branch_pruner.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace nova::refactorer {
namespace {

using namespace nova::testing;

std::string Branches(const std::filesystem::path& dir) {
  return Git(dir, "for-each-ref --format='%(refname:short)' refs/heads");
}

TEST(BranchPrunerTest, OnlyStalePatchBranchesArePruned) {
  TempDir temp;
  const auto dir = temp.path() / "repo";
  InitRepo(dir, {{"a.cpp", "int a;\n"}});
  const std::string base = Git(dir, "rev-parse HEAD").substr(0, 40);
  // A merged patch: its commit is in the target.
  Git(dir, "checkout -q -b nova/use-nullptr/aaaaaaaaaa");
  WriteFile(dir / "a.cpp", "int a = 0;\n");
  Git(dir, "commit -q -am merged-fix");
  Git(dir, "branch nova/nightly");
  // An obsolete one: not merged, not proposed any more.
  Git(dir, "checkout -q -b nova/use-override/bbbbbbbbbb main");
  WriteFile(dir / "a.cpp", "int a = 1;\n");
  Git(dir, "commit -q -am obsolete-fix");
  // A live one, the user's own branches, a look-alike name, and a checked-out stale one.
  Git(dir, "branch nova/use-using/cccccccccc main");
  Git(dir, "branch feature/x main");
  Git(dir, "branch nova/notes main");
  Git(dir, "branch nova/use-nullptr/dddddddddd main");
  Git(dir, "checkout -q nova/use-nullptr/dddddddddd");
  const std::string obsolete = Git(dir, "rev-parse nova/use-override/bbbbbbbbbb").substr(0, 40);

  auto repo = core::git::Repository::Discover(dir);
  ASSERT_TRUE(repo.ok());
  auto pruned = PruneStaleBranches(*repo, {"nova/nightly", {"nova/use-using/cccccccccc"}});
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  ASSERT_EQ(pruned->size(), 2u);
  EXPECT_EQ((*pruned)[0].branch, "nova/use-nullptr/aaaaaaaaaa");
  EXPECT_EQ((*pruned)[0].reason, "merged into nova/nightly");
  EXPECT_EQ((*pruned)[1].branch, "nova/use-override/bbbbbbbbbb");
  EXPECT_EQ((*pruned)[1].commit, obsolete);
  EXPECT_NE((*pruned)[1].reason.find("no longer proposed"), std::string::npos);
  EXPECT_EQ(Branches(dir),
            "feature/x\nmain\nnova/nightly\nnova/notes\nnova/use-nullptr/dddddddddd\n"
            "nova/use-using/cccccccccc\n");
  EXPECT_EQ(Git(dir, "rev-parse main").substr(0, 40), base);
  EXPECT_EQ(Git(dir, "symbolic-ref HEAD"), "refs/heads/nova/use-nullptr/dddddddddd\n");
}

TEST(BranchPrunerTest, PatchBranchNamesAreRecognizedExactly) {
  EXPECT_TRUE(IsPatchBranchName("nova/use-nullptr/0123456789"));
  EXPECT_TRUE(IsPatchBranchName("nova/stale-todo/abcdef0123"));
  EXPECT_FALSE(IsPatchBranchName("nova/nightly"));
  EXPECT_FALSE(IsPatchBranchName("nova/use-nullptr/0123"));
  EXPECT_FALSE(IsPatchBranchName("nova/use-nullptr/0123456789/x"));
  EXPECT_FALSE(IsPatchBranchName("nova/Use/0123456789"));
  EXPECT_FALSE(IsPatchBranchName("mine/use-nullptr/0123456789"));
  EXPECT_FALSE(IsPatchBranchName("nova/use-nullptr/ABCDEF0123"));
}

}  // namespace
}  // namespace nova::refactorer
