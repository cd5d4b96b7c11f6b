// What VerifyCommit decides, with a FakeProcessRunner: which lines run, in which tree and order,
// and how each way a line can end becomes a verdict. No sandbox, no process: milliseconds each.
// The real processes are stage_runner_test.cpp's and verifier_test.cpp's.
#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "nova-core/cancellation.h"
#include "nova-core/process/fake_process_runner.h"
#include "sandbox/verifier.h"
#include "tests/sandbox/fake_tree.h"
#include "tests/sandbox/repo_fixture.h"

namespace nova::sandbox {
namespace {

using testing::CommitOnBranch;
using testing::FailWhereTheTreeSays;
using testing::TempDir;

using Lines = std::vector<std::string>;

core::FakeReply Exit(int code) {
  core::FakeReply reply;
  reply.exit_code = code;
  return reply;
}

class VerifierPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(repo_dir_, {{"README", "base\n"}});
    auto repo = core::git::Repository::Discover(repo_dir_);
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
    FailWhereTheTreeSays(runner_);
    options_.runner = &runner_;
    options_.mode = SandboxMode::kNone;
    options_.settings.build = {"build-1", "build-2"};
    options_.settings.test = {"test-1", "test-2"};
    options_.settings.timeout_s = 60;
    options_.logs_dir = root_.path() / "logs";
  }

  // A new commit on the base adding `files` (and a file of its own, so it is never empty).
  std::string Patch(std::map<std::string, std::string> files) {
    const std::string name = "patch-" + std::to_string(++patches_);
    files[name + ".txt"] = name + "\n";
    return CommitOnBranch(repo_dir_, name, "main", files);
  }

  // Verifies a commit adding `files` to the base.
  Verdict Verify(const std::map<std::string, std::string>& files) {
    core::Result<Verdict> verdict = VerifyCommit(*repo_, Patch(files), options_, "patch");
    EXPECT_TRUE(verdict.ok()) << verdict.status().ToString();
    return verdict.ok() ? *verdict : Verdict{};
  }

  TempDir root_;
  std::filesystem::path repo_dir_ = root_.path() / "repo";
  std::optional<core::git::Repository> repo_;
  core::FakeProcessRunner runner_;
  VerifierOptions options_;
  int patches_ = 0;
};

TEST_F(VerifierPolicyTest, RunsEveryBuildLineThenEveryTestLineInOrderInThePatchedTree) {
  std::vector<bool> saw_the_patch;
  runner_.Otherwise([&saw_the_patch](const core::ProcessSpec& spec) {
    saw_the_patch.push_back(std::filesystem::exists(spec.working_dir / "patched.txt"));
    return core::FakeReply{};
  });
  const Verdict verdict = Verify({{"patched.txt", "x\n"}});
  EXPECT_TRUE(verdict.passed) << verdict.description;
  EXPECT_EQ(verdict.description, "passed");
  EXPECT_EQ(runner_.Commands(), (Lines{"build-1", "build-2", "test-1", "test-2"}));
  EXPECT_EQ(saw_the_patch, (std::vector<bool>{true, true, true, true}));
  std::set<std::filesystem::path> dirs;
  for (const core::ProcessSpec& spec : runner_.calls()) dirs.insert(spec.working_dir);
  EXPECT_EQ(dirs.size(), 1u);  // one checkout for the whole run
}

TEST_F(VerifierPolicyTest, AFailedBuildRunsNoTestLineAndKeepsItsLog) {
  options_.recheck_failures = false;
  const Verdict verdict = Verify({{"fail-build-2", ""}});
  EXPECT_TRUE(verdict.red());
  EXPECT_EQ(verdict.stage, Stage::kBuild);
  EXPECT_EQ(verdict.exit_code, 1);
  EXPECT_EQ(verdict.description, "exit status 1 in build (build-2)");
  EXPECT_EQ(runner_.Commands(), (Lines{"build-1", "build-2"}));
  ASSERT_TRUE(std::filesystem::exists(verdict.log)) << verdict.log;
  EXPECT_NE(testing::ReadFile(verdict.log).find("build-2 failed"), std::string::npos);
}

TEST_F(VerifierPolicyTest, AFailedBuildIsRunOnceMoreAndStaysRedWithoutReachingTheTests) {
  const Verdict verdict = Verify({{"fail-build-1", ""}});
  EXPECT_TRUE(verdict.red());
  EXPECT_FALSE(verdict.flaky);
  EXPECT_EQ(verdict.description,
            "exit status 1 in build (build-1), and failed again when run again");
  EXPECT_EQ(runner_.Commands(), (Lines{"build-1", "build-1"}));
}

TEST_F(VerifierPolicyTest, AFailedTestIsRunAgainWithoutRebuilding) {
  const Verdict verdict = Verify({{"fail-test-1", ""}});
  EXPECT_TRUE(verdict.red());
  EXPECT_EQ(verdict.stage, Stage::kTest);
  EXPECT_EQ(runner_.Commands(), (Lines{"build-1", "build-2", "test-1", "test-1"}));
}

TEST_F(VerifierPolicyTest, ATestThatPassesWhenRunAgainIsFlakyAndNeverGreen) {
  runner_.When("test-2", {Exit(1), Exit(0)});
  const Verdict verdict = Verify({});
  EXPECT_FALSE(verdict.passed);
  EXPECT_TRUE(verdict.flaky);
  EXPECT_TRUE(verdict.red());
  EXPECT_EQ(verdict.description,
            "flaky: exit status 1 in test (test-2), then passed when run again; not trusted");
}

TEST_F(VerifierPolicyTest, ATimedOutTestLineIsRedAndNotRunAgain) {
  core::FakeReply hung;
  hung.timed_out = true;
  hung.signal = 9;
  runner_.When("test-1", {hung});
  const Verdict verdict = Verify({});
  EXPECT_TRUE(verdict.red());
  EXPECT_TRUE(verdict.timed_out);
  EXPECT_EQ(verdict.description, "killed by the time limit (60 s) in test (test-1)");
  EXPECT_EQ(runner_.Commands(), (Lines{"build-1", "build-2", "test-1"}));
}

TEST_F(VerifierPolicyTest, NoTestLineIsRedUnlessAllowed) {
  options_.settings.test.clear();
  const Verdict red = Verify({});
  EXPECT_TRUE(red.red());
  EXPECT_EQ(red.stage, Stage::kTest);
  EXPECT_EQ(red.description,
            "no test ran: sandbox.test has no line; add a test, or set sandbox.allow_no_tests "
            "to accept a build alone");
  EXPECT_EQ(runner_.Commands(), (Lines{"build-1", "build-2"}));  // not run again

  options_.settings.allow_no_tests = true;
  const Verdict allowed = Verify({{"other.txt", "x\n"}});
  EXPECT_TRUE(allowed.passed) << allowed.description;
  EXPECT_EQ(allowed.description,
            "passed; no test ran: sandbox.test has no line (sandbox.allow_no_tests)");
}

TEST_F(VerifierPolicyTest, CtestFindingNoTestsIsRedUnlessAllowed) {
  core::FakeReply none;
  none.output = "No tests were found!!!\n";
  runner_.When("test-1", {none});
  const Verdict red = Verify({});
  EXPECT_TRUE(red.red());
  EXPECT_NE(red.description.find("ctest found no tests in 'test-1'"), std::string::npos)
      << red.description;
  EXPECT_EQ(runner_.Commands(), (Lines{"build-1", "build-2", "test-1"}));

  options_.settings.allow_no_tests = true;
  const Verdict allowed = Verify({{"other.txt", "x\n"}});
  EXPECT_TRUE(allowed.passed) << allowed.description;
}

TEST_F(VerifierPolicyTest, ACancelledRunStartsNothingAndIsNotRed) {
  core::CancelToken token;
  token.Cancel(core::CancelledError("SIGINT"));
  options_.hooks.cancel = &token;
  const Verdict verdict = Verify({});
  EXPECT_TRUE(verdict.cancelled);
  EXPECT_FALSE(verdict.passed);
  EXPECT_FALSE(verdict.red());
  EXPECT_TRUE(runner_.calls().empty());
}

TEST_F(VerifierPolicyTest, ALineThatCannotStartIsAnErrorNotAVerdict) {
  core::FakeReply missing;
  missing.error = core::NotFoundError("program not found: /bin/sh");
  runner_.When("build-1", {missing});
  core::Result<Verdict> verdict = VerifyCommit(*repo_, Patch({}), options_, "patch");
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.status().code(), core::StatusCode::kNotFound);
  EXPECT_NE(verdict.status().message().find("while running 'build-1'"), std::string::npos)
      << verdict.status().ToString();
}

}  // namespace
}  // namespace nova::sandbox
