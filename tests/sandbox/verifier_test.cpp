#include "sandbox/verifier.h"

#include <stdlib.h>

#include <thread>

#include <gtest/gtest.h>

#include "nova-core/cancellation.h"
#include "nova-core/process/boost_process_runner.h"
#include "tests/sandbox/effect_recorder.h"
#include "tests/sandbox/repo_fixture.h"

namespace nova::sandbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ProgressLog;
using testing::RecordingEffectSink;
using testing::Rev;
using testing::TempDir;

// Points TMPDIR (where checkouts go) at a directory of the test's own while alive.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::filesystem::path& dir) {
    const char* old = ::getenv("TMPDIR");
    if (old != nullptr) old_ = old;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (old_.has_value()) {
      ::setenv("TMPDIR", old_->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }

 private:
  std::optional<std::string> old_;
};

std::size_t EntriesIn(const std::filesystem::path& dir) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++count;
  return count;
}

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nova::testing::InitRepo(repo_dir_, {{"README", "hello\n"}});
    auto repo = core::git::Repository::Discover(repo_dir_);
    ASSERT_TRUE(repo.ok()) << repo.status().ToString();
    repo_.emplace(std::move(*repo));
    head_ = Rev(repo_dir_, "HEAD");
    options_.runner = &runner_;
    options_.settings.build = {"test -f README"};
    options_.settings.test = {"grep -q hello README"};
    options_.settings.timeout_s = 60;
    options_.logs_dir = root_.path() / "logs";
  }

  TempDir root_;
  std::filesystem::path repo_dir_ = root_.path() / "repo";
  std::optional<core::git::Repository> repo_;
  std::string head_;
  core::BoostProcessRunner runner_;
  VerifierOptions options_;
};

TEST_F(VerifierTest, PassingCommitHasAGreenVerdictForItsTree) {
  ProgressLog progress;
  options_.hooks.progress = progress.Callback();
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->passed) << verdict->log_excerpt;
  EXPECT_FALSE(verdict->cancelled);
  EXPECT_FALSE(verdict->reused);
  EXPECT_EQ(verdict->commit, head_);
  EXPECT_EQ(verdict->tree, Rev(repo_dir_, "HEAD^{tree}"));
  EXPECT_EQ(verdict->log, options_.logs_dir / ("demo-" + head_.substr(0, 12) + ".log"));
  EXPECT_EQ(progress.messages(),
            (std::vector<std::string>{"verify: demo " + head_.substr(0, 12),
                                      "build: test -f README", "test: grep -q hello README"}));
}

TEST_F(VerifierTest, AlreadyCancelledDoesNotEvenCheckOut) {
  TempDir tmp;
  ScopedTmpdir scoped(tmp.path());
  options_.keep_checkouts = true;  // a checkout would stay behind in tmp
  core::CancelToken token;
  token.Cancel(core::CancelledError("SIGTERM"));
  ProgressLog progress;
  RecordingEffectSink effects;
  options_.hooks = {&token, &effects, progress.Callback()};
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->cancelled);
  EXPECT_FALSE(verdict->passed);
  EXPECT_EQ(verdict->stage, Stage::kCheckout);
  EXPECT_EQ(verdict->description, "cancelled: SIGTERM");
  EXPECT_EQ(verdict->commit, head_);
  EXPECT_TRUE(verdict->log.empty());
  EXPECT_EQ(EntriesIn(tmp.path()), 0u);
  EXPECT_TRUE(progress.messages().empty());
  EXPECT_TRUE(effects.entries().empty());

  // The control: the same options without the cancellation leave one kept checkout.
  options_.hooks = {};
  ASSERT_TRUE(VerifyCommit(*repo_, head_, options_, "demo").ok());
  EXPECT_EQ(EntriesIn(tmp.path()), 1u);
}

TEST_F(VerifierTest, CancellationDuringATestLineGivesACancelledVerdict) {
  const std::string marker = testing::UniqueMarker("verify-cancel");
  options_.settings.test = {"sleep 60; echo " + marker};
  core::CancelToken token;
  std::optional<std::thread> canceller;
  options_.hooks.cancel = &token;
  options_.hooks.progress = [&](std::string_view what) {
    if (what.rfind("test: ", 0) != 0) return;
    canceller.emplace([&token] {
      std::this_thread::sleep_for(milliseconds(300));
      token.Cancel(core::CancelledError("SIGINT"));
    });
  };
  const auto start = std::chrono::steady_clock::now();
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(canceller.has_value());
  canceller->join();
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(10));
  EXPECT_TRUE(verdict->cancelled);
  EXPECT_FALSE(verdict->passed);
  EXPECT_EQ(verdict->stage, Stage::kTest);
  EXPECT_EQ(verdict->description, "cancelled: SIGINT in test (sleep 60; echo " + marker + ")");
  EXPECT_TRUE(testing::WaitForNoProcessWithMarker(marker, seconds(5)).empty());
}

// How many times the log shows `line` started.
int TimesStarted(const std::filesystem::path& log, const std::string& line) {
  const std::string text = testing::ReadFile(log);
  const std::string needle = "$ " + line + "\n";
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST_F(VerifierTest, TestThatFailsThenPassesIsFlakyAndNotGreen) {
  const std::string build = "echo built >> build-count";
  const std::string test = "if [ -f ran-once ]; then exit 0; else touch ran-once; exit 1; fi";
  options_.settings.build = {build};
  options_.settings.test = {test};
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_FALSE(verdict->passed);
  EXPECT_TRUE(verdict->flaky);
  EXPECT_TRUE(verdict->red());
  EXPECT_FALSE(verdict->cancelled);
  EXPECT_EQ(verdict->stage, Stage::kTest);
  EXPECT_EQ(verdict->exit_code, 1);
  EXPECT_EQ(verdict->description,
            "flaky: exit status 1 in test (" + test + "), then passed when run again; not trusted");
  // Only the failed stage ran again, on the build already made, into the same log.
  EXPECT_EQ(TimesStarted(verdict->log, build), 1);
  EXPECT_EQ(TimesStarted(verdict->log, test), 2);
  EXPECT_NE(testing::ReadFile(verdict->log).find("running the test stage once more"),
            std::string::npos);
}

TEST_F(VerifierTest, TestThatFailsTwiceIsRedAndSaysSo) {
  options_.settings.test = {"exit 3"};
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->red());
  EXPECT_FALSE(verdict->flaky);
  EXPECT_EQ(verdict->exit_code, 3);
  EXPECT_EQ(verdict->description,
            "exit status 3 in test (exit 3), and failed again when run again");
  EXPECT_EQ(TimesStarted(verdict->log, "exit 3"), 2);
}

TEST_F(VerifierTest, BuildFailureIsRecheckedFromTheBuildStage) {
  const std::string build = "if [ -f built-once ]; then exit 0; else touch built-once; exit 2; fi";
  options_.settings.build = {build};
  core::Result<Verdict> verdict = VerifyCommit(*repo_, head_, options_, "demo");
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->flaky);
  EXPECT_FALSE(verdict->passed);
  EXPECT_EQ(verdict->stage, Stage::kBuild);
  EXPECT_EQ(TimesStarted(verdict->log, build), 2);
  EXPECT_EQ(TimesStarted(verdict->log, "grep -q hello README"), 1);
}

TEST_F(VerifierTest, NoRecheckWhenTurnedOffOrTimedOut) {
  options_.settings.test = {"exit 3"};
  options_.recheck_failures = false;
  core::Result<Verdict> once = VerifyCommit(*repo_, head_, options_, "once");
  ASSERT_TRUE(once.ok()) << once.status().ToString();
  EXPECT_EQ(once->description, "exit status 3 in test (exit 3)");
  EXPECT_EQ(TimesStarted(once->log, "exit 3"), 1);

  options_.recheck_failures = true;
  options_.settings.timeout_s = 1;
  options_.settings.test = {"sleep 30"};
  core::Result<Verdict> slow = VerifyCommit(*repo_, head_, options_, "slow");
  ASSERT_TRUE(slow.ok()) << slow.status().ToString();
  EXPECT_TRUE(slow->timed_out);
  EXPECT_FALSE(slow->flaky);
  EXPECT_EQ(TimesStarted(slow->log, "sleep 30"), 1);
}

TEST_F(VerifierTest, CheckoutsGoWhereTheOptionsSay) {
  TempDir elsewhere;
  options_.checkouts_dir = elsewhere.path() / "work";
  options_.keep_checkouts = true;
  ASSERT_TRUE(VerifyCommit(*repo_, head_, options_, "demo").ok());
  ASSERT_EQ(EntriesIn(options_.checkouts_dir), 1u);
  const auto kept = *std::filesystem::directory_iterator(options_.checkouts_dir);
  EXPECT_TRUE(std::filesystem::exists(kept.path() / "src" / "README"));
}

}  // namespace
}  // namespace nova::sandbox
