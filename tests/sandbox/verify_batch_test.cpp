#include "sandbox/verify_batch.h"

#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include "nova-core/cancellation.h"
#include "nova-core/process/boost_process_runner.h"
#include "tests/sandbox/effect_recorder.h"
#include "tests/sandbox/repo_fixture.h"

namespace nova::sandbox {
namespace {

using testing::CommitOnBranch;
using testing::ReadFile;
using testing::RecordingEffectSink;
using testing::Rev;
using testing::TempDir;

// The most lines between a "start" and its "end" at any moment of an event file written by the
// test commands (appends of one short line each are atomic, so the file's order is the order of
// the events).
int MostAtOnce(const std::string& events) {
  std::istringstream lines(events);
  std::string line;
  int running = 0;
  int most = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("start", 0) == 0) most = std::max(most, ++running);
    if (line.rfind("end", 0) == 0) --running;
  }
  return most;
}

class VerifyBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(repo_dir_, {{"id.txt", "base\n"}});
    options_.runner = &runner_;
    options_.settings.timeout_s = 120;
    options_.settings.test = {"true"};
    options_.logs_dir = root_.path() / "logs";
    options_.mode = SandboxMode::kBubblewrap;
    options_.hooks.effects = &effects_;
  }

  std::string Commit(const std::string& name) {
    return CommitOnBranch(repo_dir_, name, "main", {{"id.txt", name + "\n"}});
  }

  TempDir root_;
  std::filesystem::path repo_dir_ = root_.path() / "repo";
  RecordingEffectSink effects_;
  core::BoostProcessRunner runner_;
  VerifierOptions options_;
};

// Each test command says it started, waits (bounded) until two have started, then says it ended.
// Run one at a time, no two ever overlap; unbounded, all three would.
TEST_F(VerifyBatchTest, RunsUpToMaxParallelAtOnceAndKeepsJobOrder) {
  const std::filesystem::path events = root_.path() / "events";
  const std::string ev = events.string();
  options_.mode = SandboxMode::kNone;  // the commands write outside their checkout
  options_.settings.test = {"echo start $(cat id.txt) >> " + ev +
                            "; i=0; while [ $(grep -c start " + ev +
                            ") -lt 2 ] && [ $i -lt 200 ]; do sleep 0.1; "
                            "i=$((i+1)); done; sleep 0.5; echo end $(cat id.txt) >> " +
                            ev};
  const std::vector<VerifyJob> jobs = {
      {"one", Commit("one")}, {"two", Commit("two")}, {"three", Commit("three")}};
  VerdictCache cache;
  core::Result<std::vector<Verdict>> verdicts =
      VerifyCommits(repo_dir_, jobs, options_, /*max_parallel=*/2, cache);
  ASSERT_TRUE(verdicts.ok()) << verdicts.status().ToString();
  ASSERT_EQ(verdicts->size(), 3u);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ((*verdicts)[i].commit, jobs[i].commit);
    EXPECT_TRUE((*verdicts)[i].passed) << (*verdicts)[i].log_excerpt;
    EXPECT_FALSE((*verdicts)[i].reused);
    EXPECT_EQ((*verdicts)[i].log.filename().string().rfind(jobs[i].label + "-", 0), 0u);
  }
  const std::string written = ReadFile(events);
  EXPECT_EQ(MostAtOnce(written), 2) << written;
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 6) << written;
  EXPECT_EQ(cache.size(), 3u);
}

TEST_F(VerifyBatchTest, TheSameTreeIsBuiltOnceAndReusedAfterwards) {
  const std::string one = Commit("one");
  const std::string two = Commit("two");
  // Another commit with exactly the tree of `one`.
  nova::testing::Git(repo_dir_, "checkout -q one");
  nova::testing::Git(repo_dir_, "commit -q --allow-empty -m same-tree");
  const std::string one_again = Rev(repo_dir_, "HEAD");
  nova::testing::Git(repo_dir_, "checkout -q main");
  ASSERT_EQ(Rev(repo_dir_, one + "^{tree}"), Rev(repo_dir_, one_again + "^{tree}"));

  VerdictCache cache;
  core::Result<std::vector<Verdict>> verdicts = VerifyCommits(
      repo_dir_, {{"one", one}, {"two", two}, {"again", one_again}}, options_, 2, cache);
  ASSERT_TRUE(verdicts.ok()) << verdicts.status().ToString();
  EXPECT_EQ(effects_.Of(core::effect::kProcessStarted).size(), 2u);  // one test line per tree
  const Verdict& again = (*verdicts)[2];
  EXPECT_TRUE(again.passed);
  EXPECT_TRUE(again.reused);
  EXPECT_EQ(again.commit, one_again);
  EXPECT_EQ(again.reused_from, one);
  EXPECT_EQ(again.tree, (*verdicts)[0].tree);

  // A later batch with the same cache builds nothing it has seen.
  core::Result<std::vector<Verdict>> later =
      VerifyCommits(repo_dir_, {{"two-later", two}}, options_, 2, cache);
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_EQ(effects_.Of(core::effect::kProcessStarted).size(), 2u);
  EXPECT_TRUE((*later)[0].reused);
  EXPECT_EQ((*later)[0].reused_from, two);
}

TEST_F(VerifyBatchTest, CancellationGivesCancelledVerdictsThatAreNotCached) {
  core::CancelToken token;
  token.Cancel(core::CancelledError("SIGINT"));
  options_.hooks.cancel = &token;
  VerdictCache cache;
  core::Result<std::vector<Verdict>> verdicts = VerifyCommits(
      repo_dir_, {{"one", Commit("one")}, {"two", Commit("two")}}, options_, 2, cache);
  ASSERT_TRUE(verdicts.ok()) << verdicts.status().ToString();
  for (const Verdict& verdict : *verdicts) {
    EXPECT_TRUE(verdict.cancelled);
    EXPECT_FALSE(verdict.passed);
  }
  EXPECT_EQ(cache.size(), 0u);
  // Nothing started; the audit still says what became of each job.
  EXPECT_TRUE(effects_.Of(core::effect::kProcessStarted).empty());
  const std::vector<nlohmann::json> audit = effects_.Of(core::effect::kVerdict);
  ASSERT_EQ(audit.size(), 2u);
  for (const nlohmann::json& verdict : audit) {
    EXPECT_EQ(verdict["cancelled"], true);
    EXPECT_EQ(verdict["passed"], false);
  }
}

TEST_F(VerifyBatchTest, AnUnknownCommitIsAnErrorNamingItsJob) {
  VerdictCache cache;
  core::Result<std::vector<Verdict>> verdicts = VerifyCommits(
      repo_dir_, {{"one", Commit("one")}, {"ghost", std::string(40, 'a')}}, options_, 2, cache);
  ASSERT_FALSE(verdicts.ok());
  EXPECT_EQ(verdicts.status().code(), core::StatusCode::kNotFound) << verdicts.status().ToString();
  EXPECT_EQ(verdicts.status().message().rfind("while verifying ghost: ", 0), 0u)
      << verdicts.status().message();
}

TEST_F(VerifyBatchTest, AFailureInAWorkerIsTheErrorOfTheFirstFailingJob) {
  // A file where the logs directory should be: every verification fails to create it.
  nova::testing::WriteFile(root_.path() / "not-a-dir", "x");
  options_.logs_dir = root_.path() / "not-a-dir" / "logs";
  VerdictCache cache;
  core::Result<std::vector<Verdict>> verdicts = VerifyCommits(
      repo_dir_, {{"one", Commit("one")}, {"two", Commit("two")}, {"three", Commit("three")}},
      options_, 2, cache);
  ASSERT_FALSE(verdicts.ok());
  EXPECT_EQ(verdicts.status().code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(verdicts.status().message().rfind("while verifying one: ", 0), 0u)
      << verdicts.status().message();
  EXPECT_TRUE(effects_.entries().empty());
}

TEST_F(VerifyBatchTest, MaxParallelBelowOneIsInvalidArgument) {
  VerdictCache cache;
  core::Result<std::vector<Verdict>> verdicts =
      VerifyCommits(repo_dir_, {{"one", Commit("one")}}, options_, 0, cache);
  ASSERT_FALSE(verdicts.ok());
  EXPECT_EQ(verdicts.status().code(), core::StatusCode::kInvalidArgument);
}

TEST_F(VerifyBatchTest, NoJobsIsNoVerdicts) {
  VerdictCache cache;
  core::Result<std::vector<Verdict>> verdicts = VerifyCommits(repo_dir_, {}, options_, 2, cache);
  ASSERT_TRUE(verdicts.ok()) << verdicts.status().ToString();
  EXPECT_TRUE(verdicts->empty());
}

// A start deadline (the nightly budget) stops new checkouts, not running ones: the first job
// starts inside it and finishes green; the second's turn comes after it, so it is not started,
// proves nothing, and says why. Nothing of it is cached.
TEST_F(VerifyBatchTest, NoJobStartsAfterTheStartDeadlineButARunningOneFinishes) {
  options_.settings.test = {"sleep 3"};
  options_.start_until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  options_.start_until_reason = "the budget of 2 s was spent before its turn";
  const std::vector<VerifyJob> jobs = {{"first", Commit("first")}, {"second", Commit("second")}};
  VerdictCache cache;
  core::Result<std::vector<Verdict>> verdicts =
      VerifyCommits(repo_dir_, jobs, options_, /*max_parallel=*/1, cache);
  ASSERT_TRUE(verdicts.ok()) << verdicts.status().ToString();
  ASSERT_EQ(verdicts->size(), 2u);
  EXPECT_TRUE((*verdicts)[0].passed) << (*verdicts)[0].log_excerpt;
  EXPECT_FALSE((*verdicts)[1].passed);
  EXPECT_TRUE((*verdicts)[1].cancelled);
  EXPECT_FALSE((*verdicts)[1].red());
  EXPECT_EQ((*verdicts)[1].description, "not started: the budget of 2 s was spent before its turn");
  EXPECT_TRUE((*verdicts)[1].log.empty());
  int started = 0;
  for (const auto& entry : effects_.entries()) started += entry.kind == "process_started" ? 1 : 0;
  EXPECT_EQ(started, 1) << "only the first job's test line ran";
}

}  // namespace
}  // namespace nova::sandbox
