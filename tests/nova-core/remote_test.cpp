// Repository's branch listing, guarded deletion and push, on real repositories: a push to a
// local bare remote carries exactly the refspecs given, a non-fast-forward is refused by ref,
// and a URL's credentials never reach a message.
#include <gtest/gtest.h>

#include "nova-core/git/repository.h"
#include "support/test_support.h"

namespace nova::core::git {
namespace {

using nova::testing::Git;
using nova::testing::TempDir;
using nova::testing::WriteFile;

class RemoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(dir(), {{"a.cpp", "int a;\n"}});
    Git(dir(), "branch nova/use-nullptr/0123456789");
    Git(dir(), "branch target");
    Git(temp_.path(), "init -q --bare " + remote().string());
    auto repo = Repository::Discover(dir());
    ASSERT_TRUE(repo.ok());
    repo_.emplace(std::move(*repo));
  }
  std::filesystem::path dir() const { return temp_.path() / "repo"; }
  std::filesystem::path remote() const { return temp_.path() / "remote.git"; }
  std::string RemoteRefs() const {
    return Git(temp_.path(),
               "--git-dir " + remote().string() + " for-each-ref '--format=%(refname:short)'");
  }
  TempDir temp_;
  std::optional<Repository> repo_;
};

TEST_F(RemoteTest, ListAndGuardedDelete) {
  auto nova = repo_->ListBranches("nova/");
  ASSERT_TRUE(nova.ok());
  EXPECT_EQ(*nova, std::vector<std::string>{"nova/use-nullptr/0123456789"});
  const std::string tip = *repo_->BranchTarget("target");
  EXPECT_EQ(repo_->DeleteBranchIfAt("target", std::string(40, '0')).code(), StatusCode::kAborted);
  EXPECT_EQ(repo_->DeleteBranchIfAt("main", tip).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(repo_->DeleteBranchIfAt("target", tip).ok());
  EXPECT_EQ(repo_->BranchTarget("target").status().code(), StatusCode::kNotFound);
}

TEST_F(RemoteTest, PushCarriesExactlyTheRefspecsAndRefusesANonFastForward) {
  const std::string url = "file://" + remote().string();
  ASSERT_TRUE(repo_
                  ->Push(url,
                         {"refs/heads/target:refs/heads/target",
                          "+refs/heads/nova/use-nullptr/0123456789:refs/heads/nova/use-nullptr/"
                          "0123456789"},
                         PushAuth{"x-access-token", "unused-token"})
                  .ok());
  EXPECT_EQ(RemoteRefs(), "nova/use-nullptr/0123456789\ntarget\n");
  // The remote's target moves on; a push that would drop its commit is refused, not forced.
  Git(temp_.path(), "clone -q " + url + " other");
  WriteFile(temp_.path() / "other/b.cpp", "int b;\n");
  Git(temp_.path() / "other", "checkout -q target");
  Git(temp_.path() / "other", "add b.cpp");
  Git(temp_.path() / "other", "commit -q -m b");
  Git(temp_.path() / "other", "push -q origin target");
  WriteFile(dir() / "c.cpp", "int c;\n");
  Git(dir(), "checkout -q target");
  Git(dir(), "add c.cpp");
  Git(dir(), "commit -q -m c");
  Git(dir(), "checkout -q main");
  const Status refused = repo_->Push(url, {"refs/heads/target:refs/heads/target"}, PushAuth{});
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("push to " + url), std::string::npos) << refused.message();
}

TEST_F(RemoteTest, PushDeletesARemoteBranchAndToleratesOneAlreadyGone) {
  const std::string url = "file://" + remote().string();
  ASSERT_TRUE(
      repo_
          ->Push(url,
                 {"refs/heads/target:refs/heads/target",
                  "+refs/heads/nova/use-nullptr/0123456789:refs/heads/nova/use-nullptr/0123456789"},
                 PushAuth{})
          .ok());
  const Status deleted = repo_->Push(
      url, {":refs/heads/nova/use-nullptr/0123456789", ":refs/heads/nova/use-nullptr/aaaaaaaaaa"},
      PushAuth{});
  EXPECT_TRUE(deleted.ok()) << deleted.ToString();
  EXPECT_EQ(RemoteRefs(), "target\n");
}

TEST_F(RemoteTest, CredentialsInAUrlNeverReachAMessage) {
  EXPECT_EQ(Repository::WithoutCredentials("https://user:s3cret@example.com/o/r.git"),
            "https://example.com/o/r.git");
  EXPECT_EQ(Repository::WithoutCredentials("https://example.com/a@b"), "https://example.com/a@b");
  EXPECT_EQ(Repository::WithoutCredentials("origin"), "origin");
  const Status failed = repo_->Push("file://user:s3cret@/nonexistent/remote.git",
                                    {"refs/heads/target:refs/heads/target"}, PushAuth{});
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.message().find("s3cret"), std::string::npos) << failed.message();
}

}  // namespace
}  // namespace nova::core::git
