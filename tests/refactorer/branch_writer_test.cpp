#include "refactorer/branch_writer.h"

#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <thread>

#include "support/test_support.h"

namespace nova::refactorer {
namespace {

using core::Edit;
using core::Finding;
using core::StatusCode;
using core::git::ObjectId;
using core::git::Repository;
using nova::testing::Git;
using nova::testing::ReadFile;
using nova::testing::WriteFile;

//                               0         1          2
//                               012345678901234 5678901234567890
constexpr const char* kAContent = "int* p = NULL;\nint* q = NULL;\n";
constexpr const char* kAFixed = "int* p = nullptr;\nint* q = nullptr;\n";
constexpr const char* kBContent = "int f();\n";

class BranchWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(dir_.path(),
                            {{"src/a.cpp", kAContent}, {"src/b.cpp", kBContent}, {"README", "hi\n"}});
    auto repo = Repository::Discover(dir_.path());
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
    auto base = repo_->ResolveCommit("HEAD");
    ASSERT_TRUE(base.ok()) << base.status().ToString();
    base_ = *base;
  }

  std::string A() const { return (dir_.path() / "src/a.cpp").string(); }

  Finding NullFinding(int line, std::uint64_t offset) const {
    Finding f;
    f.rule = "use-nullptr";
    f.file = A();
    f.line = line;
    f.column = 10;
    f.end_line = line;
    f.end_column = 14;
    f.message = "use nullptr instead of NULL";
    f.snippet = "NULL";
    f.fix = {{A(), offset, 4, "nullptr"}};
    return f;
  }

  PatchSet NullptrSet() const {
    PatchSet set;
    set.rule = "use-nullptr";
    set.findings = {NullFinding(1, 9), NullFinding(2, 24)};
    set.edits = {{A(), 9, 4, "nullptr"}, {A(), 24, 4, "nullptr"}};
    return set;
  }

  std::string NovaBranches() { return Git(dir_.path(), "branch --list 'nova/*'"); }

  nova::testing::TempDir dir_;
  std::optional<Repository> repo_;
  ObjectId base_;
};

TEST_F(BranchWriterTest, PatchBranchNameIsNovaRuleAndTenHexDigits) {
  const std::string name = PatchBranchName(base_, NullptrSet(), dir_.path());
  EXPECT_TRUE(std::regex_match(name, std::regex("nova/use-nullptr/[0-9a-f]{10}"))) << name;
}

TEST_F(BranchWriterTest, PatchBranchNameIsDeterministicAndDependsOnBaseAndEdits) {
  const PatchSet set = NullptrSet();
  const std::string name = PatchBranchName(base_, set, dir_.path());
  EXPECT_EQ(PatchBranchName(base_, NullptrSet(), dir_.path()), name);

  const ObjectId other_base(40, 'a');
  EXPECT_NE(PatchBranchName(other_base, set, dir_.path()), name);

  PatchSet other_edits = set;
  other_edits.edits[1].replacement = "NULLPTR";
  EXPECT_NE(PatchBranchName(base_, other_edits, dir_.path()), name);

  PatchSet fewer_edits = set;
  fewer_edits.edits.pop_back();
  EXPECT_NE(PatchBranchName(base_, fewer_edits, dir_.path()), name);

  // The suffix is the id, the rule only the prefix.
  PatchSet other_rule = set;
  other_rule.rule = "other-rule";
  const std::string other_rule_name = PatchBranchName(base_, other_rule, dir_.path());
  EXPECT_EQ(other_rule_name.substr(0, 16), "nova/other-rule/");
  EXPECT_EQ(other_rule_name.substr(16), name.substr(17));
}

TEST_F(BranchWriterTest, WritesOneCommitOnTopOfTheBase) {
  const PatchSet set = NullptrSet();
  auto written = WritePatchBranch(*repo_, base_, set, {});
  ASSERT_TRUE(written.ok()) << written.status().ToString();

  EXPECT_EQ(written->rule, "use-nullptr");
  EXPECT_EQ(written->branch, PatchBranchName(base_, set, dir_.path()));
  EXPECT_EQ(written->files, std::vector<std::string>{"src/a.cpp"});
  EXPECT_EQ(written->findings, 2);
  EXPECT_EQ(Git(dir_.path(), "rev-parse refs/heads/" + written->branch), written->commit + "\n");
  EXPECT_EQ(Git(dir_.path(), "rev-parse " + written->commit + "^"), base_ + "\n");
  EXPECT_EQ(Git(dir_.path(), "rev-list --count " + base_ + ".." + written->branch), "1\n");

  EXPECT_EQ(Git(dir_.path(), "show " + written->branch + ":src/a.cpp"), kAFixed);
  EXPECT_EQ(Git(dir_.path(), "show " + written->branch + ":src/b.cpp"), kBContent);
  EXPECT_EQ(Git(dir_.path(), "show " + written->branch + ":README"), "hi\n");
  EXPECT_EQ(Git(dir_.path(), "diff --name-only " + base_ + " " + written->branch), "src/a.cpp\n");

  EXPECT_EQ(Git(dir_.path(), "log -1 --format=%an/%ae " + written->branch), "Nova/nova@localhost\n");
  const std::string message = Git(dir_.path(), "log -1 --format=%B " + written->branch);
  EXPECT_EQ(message,
            "nova: fix 2 use-nullptr findings\n"
            "\n"
            "- src/a.cpp:1:10: use nullptr instead of NULL\n"
            "- src/a.cpp:2:10: use nullptr instead of NULL\n"
            "\n"
            "Reproduce: nova fix --rules use-nullptr\n\n");
}

TEST_F(BranchWriterTest, LeavesTheUsersWorkingTreeIndexAndHeadAlone) {
  WriteFile(dir_.path() / "README", "dirty working tree\n");
  WriteFile(dir_.path() / "src/b.cpp", "int f();  // staged\n");
  Git(dir_.path(), "add src/b.cpp");
  WriteFile(dir_.path() / "notes.txt", "untracked\n");
  Git(dir_.path(), "branch feature");
  const auto before = nova::testing::SnapshotRepo(dir_.path(), "");

  auto written = WritePatchBranch(*repo_, base_, NullptrSet(), {});
  ASSERT_TRUE(written.ok()) << written.status().ToString();

  EXPECT_EQ(nova::testing::SnapshotRepo(dir_.path(), ""), before);
  EXPECT_EQ(ReadFile(dir_.path() / "README"), "dirty working tree\n");
  EXPECT_EQ(Git(dir_.path(), "diff --cached --name-only"), "src/b.cpp\n");
  EXPECT_EQ(Git(dir_.path(), "symbolic-ref HEAD"), "refs/heads/main\n");
  EXPECT_EQ(NovaBranches(), "  " + written->branch + "\n");
  // The commit has the base's README and b.cpp, not the user's uncommitted versions.
  EXPECT_EQ(Git(dir_.path(), "show " + written->branch + ":README"), "hi\n");
  EXPECT_EQ(Git(dir_.path(), "show " + written->branch + ":src/b.cpp"), kBContent);
}

TEST_F(BranchWriterTest, ARerunKeepsTheSameBranchAndCommit) {
  const PatchSet set = NullptrSet();
  auto first = WritePatchBranch(*repo_, base_, set, {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // A new commit made a second later would get another id; the rerun must not make one.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto second = WritePatchBranch(*repo_, base_, set, {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();

  EXPECT_EQ(second->branch, first->branch);
  EXPECT_EQ(second->commit, first->commit);
  EXPECT_FALSE(first->reused);
  EXPECT_TRUE(second->reused);
  EXPECT_TRUE(second->replaced.empty());
  EXPECT_EQ(Git(dir_.path(), "rev-parse refs/heads/" + first->branch), first->commit + "\n");
  EXPECT_EQ(NovaBranches(), "  " + first->branch + "\n");
}

TEST_F(BranchWriterTest, ABranchMovedByHandIsRewrittenAndItsOldCommitReported) {
  const PatchSet set = NullptrSet();
  auto first = WritePatchBranch(*repo_, base_, set, {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Git(dir_.path(), "branch -f " + first->branch + " " + base_);
  auto second = WritePatchBranch(*repo_, base_, set, {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(second->reused);
  EXPECT_EQ(second->replaced, base_);
  EXPECT_EQ(Git(dir_.path(), "rev-parse refs/heads/" + first->branch), second->commit + "\n");
}

TEST_F(BranchWriterTest, EditsApplyToTheBaseContentNotTheWorkingTree) {
  // The user has since inserted a line above: offsets 9 and 24 refer to the base content.
  WriteFile(dir_.path() / "src/a.cpp", std::string("// local change\n") + kAContent);
  auto written = WritePatchBranch(*repo_, base_, NullptrSet(), {});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(Git(dir_.path(), "show " + written->branch + ":src/a.cpp"), kAFixed);
  EXPECT_EQ(ReadFile(dir_.path() / "src/a.cpp"), std::string("// local change\n") + kAContent);
}

TEST_F(BranchWriterTest, ALaterBaseGetsItsOwnBranch) {
  auto first = WritePatchBranch(*repo_, base_, NullptrSet(), {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();

  WriteFile(dir_.path() / "README", "hi again\n");
  Git(dir_.path(), "commit -q -am second");
  auto new_base = repo_->ResolveCommit("HEAD");
  ASSERT_TRUE(new_base.ok());
  auto second = WritePatchBranch(*repo_, *new_base, NullptrSet(), {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();

  EXPECT_NE(second->branch, first->branch);
  EXPECT_EQ(Git(dir_.path(), "rev-parse " + second->commit + "^"), *new_base + "\n");
  EXPECT_EQ(Git(dir_.path(), "show " + second->branch + ":README"), "hi again\n");
  EXPECT_EQ(Git(dir_.path(), "show " + second->branch + ":src/a.cpp"), kAFixed);
  EXPECT_EQ(Git(dir_.path(), "rev-parse " + first->branch), first->commit + "\n");
}

TEST_F(BranchWriterTest, EditsAcrossSeveralFilesLandInOneCommit) {
  const std::string b = (dir_.path() / "src/b.cpp").string();
  PatchSet set = NullptrSet();
  set.rule = "multi";
  set.edits.push_back({b, 0, 3, "long"});
  auto written = WritePatchBranch(*repo_, base_, set, {});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(written->files, (std::vector<std::string>{"src/a.cpp", "src/b.cpp"}));
  EXPECT_EQ(Git(dir_.path(), "show " + written->branch + ":src/a.cpp"), kAFixed);
  EXPECT_EQ(Git(dir_.path(), "show " + written->branch + ":src/b.cpp"), "long f();\n");
  EXPECT_TRUE(written->branch.starts_with("nova/multi/"));
}

TEST_F(BranchWriterTest, AnEditOutsideTheRepositoryIsInvalidArgument) {
  nova::testing::TempDir elsewhere;
  WriteFile(elsewhere.path() / "x.cpp", kAContent);
  PatchSet set = NullptrSet();
  set.edits.push_back({(elsewhere.path() / "x.cpp").string(), 9, 4, "nullptr"});
  auto written = WritePatchBranch(*repo_, base_, set, {});
  EXPECT_EQ(written.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NovaBranches(), "");

  PatchSet relative = NullptrSet();
  relative.edits = {{"src/a.cpp", 9, 4, "nullptr"}};
  EXPECT_EQ(WritePatchBranch(*repo_, base_, relative, {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(NovaBranches(), "");
}

TEST_F(BranchWriterTest, AFileMissingAtTheBaseIsNotFound) {
  WriteFile(dir_.path() / "src/new.cpp", kAContent);  // exists only in the working tree
  PatchSet set = NullptrSet();
  set.edits = {{(dir_.path() / "src/new.cpp").string(), 9, 4, "nullptr"}};
  EXPECT_EQ(WritePatchBranch(*repo_, base_, set, {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(NovaBranches(), "");
}

TEST_F(BranchWriterTest, AnEditPastTheEndOfTheBaseFileIsInvalidArgumentAndWritesNoBranch) {
  PatchSet set = NullptrSet();
  set.edits = {{A(), 28, 10, "nullptr"}};
  EXPECT_EQ(WritePatchBranch(*repo_, base_, set, {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(NovaBranches(), "");
}

TEST_F(BranchWriterTest, TheSameFixGetsTheSameBranchNameInAnotherCloneOfTheRepository) {
  nova::testing::TempDir clone_dir;
  Git(clone_dir.path(), "clone -q '" + dir_.path().string() + "' .");
  auto clone = Repository::Discover(clone_dir.path());
  ASSERT_TRUE(clone.ok()) << clone.status().ToString();
  PatchSet moved = NullptrSet();
  for (Edit& edit : moved.edits) edit.file = (clone_dir.path() / "src/a.cpp").string();
  auto there = WritePatchBranch(*clone, base_, moved, {});
  ASSERT_TRUE(there.ok()) << there.status().ToString();
  auto here = WritePatchBranch(*repo_, base_, NullptrSet(), {});
  ASSERT_TRUE(here.ok()) << here.status().ToString();
  EXPECT_EQ(there->branch, here->branch);
}

}  // namespace
}  // namespace nova::refactorer
