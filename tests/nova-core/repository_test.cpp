#include "nova-core/git/repository.h"

#include <gtest/gtest.h>

#include <chrono>

#include "nova-core/state_dir.h"
#include "support/test_support.h"

namespace nova::core::git {
namespace {

using nova::testing::Git;
using nova::testing::ReadFile;
using nova::testing::WriteFile;

class RepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(dir_.path(), {{"src/a.cpp", "int* p = NULL;\n"}, {"README", "hi\n"}});
    Git(dir_.path(), "branch target");
    auto repo = Repository::Discover(dir_.path() / "src");
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
    base_ = *repo_->ResolveCommit("HEAD");
  }

  nova::testing::TempDir dir_;
  std::optional<Repository> repo_;
  ObjectId base_;
};

TEST_F(RepositoryTest, DiscoverFindsTheWorkdirFromASubdirectory) {
  EXPECT_EQ(repo_->Workdir(), dir_.path());
  EXPECT_EQ(base_.size(), 40u);
  EXPECT_EQ(Repository::Discover("/").status().code(), StatusCode::kNotFound);
}

TEST_F(RepositoryTest, ReadFileAtReadsTheCommitNotTheWorkingTree) {
  WriteFile(dir_.path() / "src/a.cpp", "// dirty\nint* p = NULL;\n");
  EXPECT_EQ(*repo_->ReadFileAt(base_, "src/a.cpp"), "int* p = NULL;\n");
  EXPECT_EQ(repo_->ReadFileAt(base_, "src/missing.cpp").status().code(), StatusCode::kNotFound);
  auto modified = repo_->ModifiedTrackedFiles();
  ASSERT_TRUE(modified.ok());
  EXPECT_EQ(*modified, std::vector<std::string>{"src/a.cpp"});
}

TEST_F(RepositoryTest, HasPathAtAsksTheCommitsTreeNotTheWorkingTree) {
  WriteFile(dir_.path() / "src/untracked.cpp", "int x;\n");
  EXPECT_TRUE(*repo_->HasPathAt(base_, "src/a.cpp"));
  EXPECT_TRUE(*repo_->HasPathAt(base_, "src"));
  EXPECT_FALSE(*repo_->HasPathAt(base_, "src/untracked.cpp"));
  // A path below a file (as below a submodule's gitlink) is absent, not an error.
  EXPECT_FALSE(*repo_->HasPathAt(base_, "src/a.cpp/inner.h"));
}

TEST_F(RepositoryTest, CommitFilesLeavesTheUsersStateAlone) {
  WriteFile(dir_.path() / "README", "dirty working tree\n");
  Git(dir_.path(), "add README");  // a staged change the user has in progress
  const auto before = nova::testing::SnapshotRepo(dir_.path(), "");

  auto commit = repo_->CommitFiles(base_, {{"src/a.cpp", "int* p = nullptr;\n"}}, "fix", {});
  ASSERT_TRUE(commit.ok()) << commit.status().ToString();
  EXPECT_EQ(*repo_->ReadFileAt(*commit, "src/a.cpp"), "int* p = nullptr;\n");
  EXPECT_EQ(*repo_->ReadFileAt(*commit, "README"), "hi\n");  // the base's, not the index's
  EXPECT_EQ(Git(dir_.path(), "rev-parse " + *commit + "^"), base_ + "\n");
  EXPECT_EQ(nova::testing::SnapshotRepo(dir_.path(), ""), before);
}

TEST_F(RepositoryTest, CheckoutToWritesAnotherDirectoryAndNotTheIndex) {
  const auto before = nova::testing::SnapshotRepo(dir_.path(), "");
  auto commit = *repo_->CommitFiles(base_, {{"src/a.cpp", "changed\n"}}, "c", {});
  nova::testing::TempDir out;
  ASSERT_TRUE(repo_->CheckoutTo(commit, out.path() / "tree").ok());
  EXPECT_EQ(ReadFile(out.path() / "tree/src/a.cpp"), "changed\n");
  EXPECT_EQ(ReadFile(out.path() / "tree/README"), "hi\n");
  EXPECT_EQ(nova::testing::SnapshotRepo(dir_.path(), ""), before);
}

TEST_F(RepositoryTest, MergeCommitsCleanAndConflicting) {
  auto ours = *repo_->CommitFiles(base_, {{"README", "ours\n"}}, "ours", {});
  auto theirs = *repo_->CommitFiles(base_, {{"src/a.cpp", "theirs\n"}}, "theirs", {});
  auto clean = repo_->MergeCommits(ours, theirs, "merge", {});
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  ASSERT_FALSE(clean->conflicted);
  EXPECT_EQ(*repo_->ReadFileAt(clean->commit, "README"), "ours\n");
  EXPECT_EQ(*repo_->ReadFileAt(clean->commit, "src/a.cpp"), "theirs\n");
  EXPECT_TRUE(*repo_->IsAncestor(ours, clean->commit));
  EXPECT_TRUE(*repo_->IsAncestor(theirs, clean->commit));
  EXPECT_FALSE(*repo_->IsAncestor(ours, theirs));

  auto other = *repo_->CommitFiles(base_, {{"src/a.cpp", "other\n"}}, "other", {});
  auto conflict = repo_->MergeCommits(theirs, other, "merge", {});
  ASSERT_TRUE(conflict.ok());
  EXPECT_TRUE(conflict->conflicted);
  EXPECT_EQ(conflict->conflicting_paths, std::vector<std::string>{"src/a.cpp"});
}

// A pull request's diff starts where its branch left the base, not at the base's tip.
TEST_F(RepositoryTest, MergeBaseIsWhereTwoHistoriesParted) {
  auto fork = *repo_->CommitFiles(base_, {{"README", "fork point\n"}}, "fork", {});
  auto base_tip = *repo_->CommitFiles(fork, {{"README", "base moved on\n"}}, "base", {});
  auto head = *repo_->CommitFiles(fork, {{"src/a.cpp", "pull request\n"}}, "head", {});
  auto merge_base = repo_->MergeBase(base_tip, head);
  ASSERT_TRUE(merge_base.ok()) << merge_base.status().ToString();
  EXPECT_EQ(*merge_base, fork);
  EXPECT_EQ(*repo_->MergeBase(head, base_tip), fork);
  EXPECT_EQ(*repo_->MergeBase(fork, head), fork);  // an ancestor is its own merge base

  // An orphan history shares no commit with the others.
  Git(dir_.path(), "checkout -q --orphan lonely");
  Git(dir_.path(), "commit -qm lonely");
  const ObjectId lonely = *repo_->ResolveCommit("lonely");
  auto none = repo_->MergeBase(lonely, head);
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_NE(none.status().message().find("have no common ancestor"), std::string::npos)
      << none.status().ToString();
  EXPECT_EQ(repo_->MergeBase("nope", head).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(RepositoryTest, DiffTreesSeparatesModifiedFilesFromTheRest) {
  auto edited = repo_->CommitFiles(base_, {{"src/a.cpp", "int* p = nullptr;\n"}}, "edit", {});
  ASSERT_TRUE(edited.ok());
  auto added = repo_->CommitFiles(*edited, {{"src/b.cpp", "int b;\n"}}, "add", {});
  ASSERT_TRUE(added.ok());
  auto only_edit = repo_->DiffTrees(base_, *edited);
  ASSERT_TRUE(only_edit.ok()) << only_edit.status().ToString();
  EXPECT_EQ(only_edit->modified, std::vector<std::string>{"src/a.cpp"});
  EXPECT_TRUE(only_edit->other.empty());
  auto both = repo_->DiffTrees(base_, *added);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->modified, std::vector<std::string>{"src/a.cpp"});
  EXPECT_EQ(both->other, std::vector<std::string>{"src/b.cpp"});
  EXPECT_TRUE(repo_->DiffTrees(base_, base_)->modified.empty());
}

TEST_F(RepositoryTest, UpdateBranchIfUnchangedIsACompareAndSwap) {
  auto next = *repo_->CommitFiles(base_, {{"README", "1\n"}}, "1", {});
  auto other = *repo_->CommitFiles(base_, {{"README", "2\n"}}, "2", {});
  ASSERT_TRUE(repo_->UpdateBranchIfUnchanged("target", next, base_, "test").ok());
  EXPECT_EQ(*repo_->BranchTarget("target"), next);
  // `target` is no longer at base_: the stale expectation must lose.
  Status stale = repo_->UpdateBranchIfUnchanged("target", other, base_, "test");
  EXPECT_EQ(stale.code(), StatusCode::kAborted);
  EXPECT_EQ(*repo_->BranchTarget("target"), next);
}

TEST_F(RepositoryTest, RefusesToMoveTheCheckedOutBranch) {
  auto next = *repo_->CommitFiles(base_, {{"README", "1\n"}}, "1", {});
  EXPECT_TRUE(*repo_->IsBranchCheckedOut("main"));
  EXPECT_FALSE(*repo_->IsBranchCheckedOut("target"));
  EXPECT_EQ(repo_->UpdateBranchIfUnchanged("main", next, base_, "t").code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(repo_->SetBranch("main", next, "t").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(*repo_->ResolveCommit("main"), base_);
}

TEST(StateDirTest, NovaDirIgnoresItselfSoGitStatusStaysClean) {
  nova::testing::TempDir dir;
  nova::testing::InitRepo(dir.path(), {{"a.txt", "a\n"}});
  auto run = CreateRunDir(dir.path());
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  WriteFile(*run / "base.log", "log\n");
  EXPECT_EQ(ReadFile(dir.path() / ".nova/.gitignore"), "*\n");
  EXPECT_EQ(Git(dir.path(), "status --porcelain --untracked-files=all"), "");
}

using nova::testing::kDay;
using nova::testing::Now;

TEST(RepositoryHistoryTest, BlameGivesEachLinesCommitTimeAndAuthorAndLeavesNewLinesUncommitted) {
  nova::testing::TempDir dir;
  Git(dir.path(), "init -q");
  const std::int64_t old = Now() - 400 * kDay;
  const std::int64_t recent = Now() - 2 * kDay;
  WriteFile(dir.path() / "a.cpp", "one\ntwo\n");
  nova::testing::CommitAt(dir.path(), "old", "Jane Doe", old);
  WriteFile(dir.path() / "a.cpp", "one\ntwo\nthree\n");
  nova::testing::CommitAt(dir.path(), "recent", "John Roe", recent);
  auto repo = Repository::Discover(dir.path());
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();

  auto lines = repo->Blame("a.cpp", "zero\none\ntwo\nthree\n");  // line 1 not committed
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 4u);
  EXPECT_FALSE((*lines)[0].committed);
  EXPECT_TRUE((*lines)[1].committed);
  EXPECT_EQ((*lines)[1].time, old);
  EXPECT_EQ((*lines)[1].author, "Jane Doe");
  EXPECT_EQ((*lines)[2].time, old);
  EXPECT_EQ((*lines)[3].time, recent);
  EXPECT_EQ((*lines)[3].author, "John Roe");

  WriteFile(dir.path() / "new.cpp", "x\n");
  EXPECT_EQ(repo->Blame("new.cpp", "x\n").status().code(), StatusCode::kNotFound);
}

// Blaming a stretch of lines: of HEAD's version alone when the content is HEAD's, of the whole
// file against HEAD when it is not, and an error for lines the content does not have.
TEST(RepositoryHistoryTest, BlameLinesAnswersForTheStretchAskedFor) {
  nova::testing::TempDir dir;
  Git(dir.path(), "init -q");
  const std::int64_t old = Now() - 400 * kDay;
  const std::int64_t recent = Now() - 2 * kDay;
  WriteFile(dir.path() / "a.cpp", "one\ntwo\nthree\nfour\n");
  nova::testing::CommitAt(dir.path(), "old", "Jane Doe", old);
  WriteFile(dir.path() / "a.cpp", "one\ntwo\nTHREE\nfour\nfive");
  nova::testing::CommitAt(dir.path(), "recent", "John Roe", recent);
  auto repo = Repository::Discover(dir.path());
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();

  const std::string head = "one\ntwo\nTHREE\nfour\nfive";
  auto lines = repo->BlameLines("a.cpp", head, 2, 5);
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 4u);
  EXPECT_EQ((*lines)[0].time, old);  // line 2
  EXPECT_EQ((*lines)[0].author, "Jane Doe");
  EXPECT_EQ((*lines)[1].time, recent);  // line 3
  EXPECT_EQ((*lines)[1].author, "John Roe");
  EXPECT_EQ((*lines)[2].time, old);
  EXPECT_EQ((*lines)[3].time, recent);  // line 5, without a final newline
  auto one = repo->BlameLines("a.cpp", head, 3, 3);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].author, "John Roe");

  auto edited = repo->BlameLines("a.cpp", "zero\n" + head, 1, 3);  // line 1 not committed
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  ASSERT_EQ(edited->size(), 3u);
  EXPECT_FALSE((*edited)[0].committed);
  EXPECT_EQ((*edited)[1].time, old);
  EXPECT_EQ((*edited)[2].time, old);

  EXPECT_EQ(repo->BlameLines("a.cpp", head, 5, 6).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(repo->BlameLines("a.cpp", head, 0, 1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(repo->BlameLines("a.cpp", head, 3, 2).status().code(), StatusCode::kInvalidArgument);
  WriteFile(dir.path() / "new.cpp", "x\n");
  EXPECT_EQ(repo->BlameLines("new.cpp", "x\n", 1, 1).status().code(), StatusCode::kNotFound);
}

TEST(RepositoryHistoryTest, ChurnSinceCountsRecentCommitsPerFileWithinTheBound) {
  nova::testing::TempDir dir;
  Git(dir.path(), "init -q");
  const std::int64_t now = Now();
  WriteFile(dir.path() / "a.cpp", "0\n");
  WriteFile(dir.path() / "b.cpp", "0\n");
  WriteFile(dir.path() / "c.cpp", "0\n");
  nova::testing::CommitAt(dir.path(), "old", "T", now - 200 * kDay);  // before the window
  for (int i = 1; i <= 5; ++i) {
    WriteFile(dir.path() / "a.cpp", std::to_string(i) + "\n");
    if (i == 3) WriteFile(dir.path() / "b.cpp", "3\n");
    WriteFile(dir.path() / "c.cpp", std::to_string(i) + "\n");  // not asked for
    nova::testing::CommitAt(dir.path(), "change", "T", now - (10 - i) * kDay);
  }
  auto repo = Repository::Discover(dir.path());
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();
  auto churn = repo->ChurnSince(now - 90 * kDay, {"a.cpp", "b.cpp"}, 2000);
  ASSERT_TRUE(churn.ok()) << churn.status().ToString();
  EXPECT_EQ(*churn, (std::map<std::string, int>{{"a.cpp", 5}, {"b.cpp", 1}}));
  auto bounded = repo->ChurnSince(now - 90 * kDay, {"a.cpp", "b.cpp"}, 2);  // newest two only
  ASSERT_TRUE(bounded.ok());
  EXPECT_EQ(*bounded, (std::map<std::string, int>{{"a.cpp", 2}}));
  auto all_time = repo->ChurnSince(0, {"a.cpp"}, 2000);
  ASSERT_TRUE(all_time.ok());
  EXPECT_EQ(all_time->at("a.cpp"), 6);
}

}  // namespace
}  // namespace nova::core::git
